using Batchwise.NN;
using static Batchwise.Expressions.SymbolicShapes;

namespace Batchwise.Expressions;

internal static partial class Functions<T>
{
    private static IEnumerable<FunctionEntry> Products() =>
    [
        Entry("matmul", "x1, x2", a => Batchwise.Tensor.MatMul(A(a, "x1"), A(a, "x2")), a => MatMul(S(a, "x1"), S(a, "x2"))),
        Entry("mm", "input, mat2", a => Batchwise.Tensor.Mm(A(a, "input"), A(a, "mat2")), a => Mm(S(a, "input"), S(a, "mat2"))),
        Entry("bmm", "input, mat2", a => Batchwise.Tensor.Bmm(A(a, "input"), A(a, "mat2")), a => Bmm(S(a, "input"), S(a, "mat2"))),
        Entry("dot", "a, b", a => Batchwise.Tensor.Dot(A(a, "a"), A(a, "b")), a => Dot(S(a, "a"), S(a, "b"))),
        Entry("vdot", "a, b", a => Batchwise.Tensor.VDot(A(a, "a"), A(a, "b")), a => VDot(S(a, "a"), S(a, "b"))),
        Entry("inner", "a, b", a => Batchwise.Tensor.Inner(A(a, "a"), A(a, "b")), a => Inner(S(a, "a"), S(a, "b"))),
        Entry("outer", "a, b", a => Batchwise.Tensor.Outer(A(a, "a"), A(a, "b")),
            a => new SymbolicArray([SymbolicDim.Product(S(a, "a").Shape), SymbolicDim.Product(S(a, "b").Shape)])),
        Entry("tensordot", "a, b, axes=2", TensorDot, TensorDotShape),
        Entry("vecdot", "x1, x2, axis=-1", a => Batchwise.Tensor.VecDot(A(a, "x1"), A(a, "x2"), a.Int("axis")), a => VecDot(S(a, "x1"), S(a, "x2"), a.Int("axis"))),
        Entry("matvec", "x1, x2", a => Batchwise.Tensor.MatVec(A(a, "x1"), A(a, "x2")), a => GufuncProduct(S(a, "x1"), S(a, "x2"), vectorFirst: false)),
        Entry("vecmat", "x1, x2", a => Batchwise.Tensor.VecMat(A(a, "x1"), A(a, "x2")), a => GufuncProduct(S(a, "x2"), S(a, "x1"), vectorFirst: true)),
        Entry("einsum", "subscripts, *operands, optimize=False", Einsum, EinsumShape),
    ];

    private static IEnumerable<FunctionEntry> Reductions() =>
    [
        Entry("mean", "x, axis=None, keepdims=False", a => Batchwise.Tensor.Mean(A(a, "x"), ReduceAxes(A(a, "x"), a), a.Bool("keepdims")),
            a => Reduce("mean", S(a, "x"), a.Axes("axis"), a.Bool("keepdims")), CallForm.Both) with { AlongAxes = "axis" },
    ];

    private static IEnumerable<FunctionEntry> Networks() =>
    [
        Entry("softmax", "x|input, axis=-1", a => Functional.Softmax(A(a, "x"), a.Int("axis")), a => SameShape(S(a, "x"), a.Int("axis"))) with { AlongAxes = "axis" },
        Entry("log_softmax", "x|input, axis=-1", a => Functional.LogSoftmax(A(a, "x"), a.Int("axis")), a => SameShape(S(a, "x"), a.Int("axis"))) with { AlongAxes = "axis" },
        Entry("masked_fill", "input, mask, value", a => Functional.MaskedFill(A(a, "input"), Mask(a["mask"], "mask"), Scalar(a["value"], "value")),
            MaskedFillShape) with { Keep = ["mask"] },
        Entry("linear", "input, weight, bias=None", a => Functional.Linear(A(a, "input"), A(a, "weight"), a["bias"] is null ? null : A(a, "bias")),
            a => Linear(S(a, "input"), S(a, "weight"), a["bias"] is null ? null : S(a, "bias"))),
        Entry("sdpa|scaled_dot_product_attention", "query, key, value, mask|attn_mask=None, causal|is_causal=False, dropout_p=0.0, scale=None", Attention,
            a => SymbolicShapes.Attention(S(a, "query"), S(a, "key"), S(a, "value"), a["mask"], a.Bool("causal"))) with { Keep = ["mask"] },
    ];

    /// <summary>tensordot's pair of axis lists, read with the same readers as any argument.</summary>
    private static readonly Signature s_axesPair = Signature.Parse("x, y");

    /// <summary>tensordot's axes: the pair of lists when given as one, else null (an int n).</summary>
    private static (int[] A, int[] B)? AxesPair(BoundArguments a)
    {
        if (a["axes"] is not object?[] { Length: 2 } pair)
        {
            return null;
        }
        BoundArguments split = s_axesPair.Bind(a.Function, pair, []);
        return (split.Axes("x") ?? [], split.Axes("y") ?? []);
    }

    private static object? TensorDot(BoundArguments a) => AxesPair(a) is var (aAxes, bAxes)
        ? Batchwise.Tensor.TensorDot(A(a, "a"), A(a, "b"), aAxes, bAxes)
        : Batchwise.Tensor.TensorDot(A(a, "a"), A(a, "b"), a.Int("axes"));

    private static object? TensorDotShape(BoundArguments a)
    {
        SymbolicArray x = S(a, "a"), y = S(a, "b");
        (int[] aAxes, int[] bAxes) = AxesPair(a) ?? Batchwise.Shapes.ProductRule.TensorDotAxes<SymbolicDim>(x.Shape, y.Shape, a.Int("axes"));
        return new SymbolicArray(Batchwise.Shapes.ProductRule.TensorDot<SymbolicDim>(x.Shape, y.Shape, aAxes, bAxes));
    }

    /// <summary>masked_fill's shape; the fill value must be a number in the checker as at run time.</summary>
    private static object MaskedFillShape(BoundArguments a)
    {
        if (a["value"] is not SymbolicDim)
        {
            _ = Scalar(a["value"], "value");
        }
        return MaskedFill(S(a, "input"), S(a, "mask"));
    }

    /// <summary>NumPy's einsum; optimize= is accepted and ignored (Batchwise always plans).</summary>
    private static object? Einsum(BoundArguments a)
    {
        string subscripts = a["subscripts"] as string ?? throw new InvalidValueException("einsum(): subscripts must be a string (the sublist form is not supported)");
        return Batchwise.Tensor.Einsum(subscripts, [.. a.Rest("operands").Select(v => Tensor(v, "einsum"))]);
    }

    private static object? EinsumShape(BoundArguments a)
    {
        string subscripts = a["subscripts"] as string ?? throw new InvalidValueException("einsum(): subscripts must be a string (the sublist form is not supported)");
        SymbolicDim[][] shapes = [.. a.Rest("operands").Select(o => SymbolicShapes.Array(o, "einsum").Shape)];
        var equation = LinearAlgebra.Einsum.EinsumEquation.Parse(subscripts, [.. shapes.Select(s => s.Length)]);
        SymbolicDim[] sizes = LinearAlgebra.Einsum.EinsumShapeRule.LabelSizes(equation, shapes, subscripts);
        return new SymbolicArray(LinearAlgebra.Einsum.EinsumShapeRule.OutputShape(equation, sizes));
    }

    private static object? Attention(BoundArguments a)
    {
        AttentionMask<T>? mask = a["mask"] switch
        {
            null => null,
            Tensor<bool> keep => keep,
            var bias => Tensor(bias, "mask"),
        };
        if (a.Number("dropout_p") != 0)
        {
            throw new InvalidValueException("sdpa: dropout_p must be 0 (inference only)");
        }
        double? scale = a["scale"] is null ? null : a.Number("scale");
        return Functional.ScaledDotProductAttention(A(a, "query"), A(a, "key"), A(a, "value"), mask, a.Bool("causal"), scale);
    }
}
