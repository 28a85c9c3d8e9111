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

    private static IEnumerable<FunctionEntry> Views() =>
    [
        Entry("squeeze", "x, axis=None", a => a["x"] is Tensor<bool> m ? Squeeze(m, a) : Squeeze(A(a, "x"), a),
            a => SymbolicShapes.Squeeze(S(a, "x"), a.Axes("axis")), CallForm.Both),
        Entry("reshape", "x, *shape", a => a["x"] is Tensor<bool> m ? m.Reshape(a.Ints("shape")) : A(a, "x").Reshape(a.Ints("shape")),
            a => SymbolicShapes.Reshape(S(a, "x"), a.Rest("shape")), CallForm.Both),
        Entry("transpose", "x, *axes", a => a["x"] is Tensor<bool> m ? Transpose(m, a) : Transpose(A(a, "x"), a), TransposeShape, CallForm.Both),
        Entry("permute", "x, *dims", a => a["x"] is Tensor<bool> m ? m.Transpose(a.Ints("dims")) : A(a, "x").Transpose(a.Ints("dims")),
            a => Permute(S(a, "x"), a.Ints("dims")), CallForm.Method),
        Entry("unsqueeze", "x, dim", a => a["x"] is Tensor<bool> m ? m.Unsqueeze(a.Int("dim")) : A(a, "x").Unsqueeze(a.Int("dim")),
            a => ExpandDims(S(a, "x"), [a.Int("dim")]), CallForm.Method),
        Entry("size", "x, dim=None", a => Size(ShapeOf(a["x"]), a), a => Size(S(a, "x").Shape, a), CallForm.Method),
        Entry("dim", "x", a => (long)ShapeOf(a["x"]).Length, a => (long)S(a, "x").Shape.Length, CallForm.Method),
        Entry("swapaxes", "x, axis1, axis2", a => a["x"] is Tensor<bool> m ? m.SwapAxes(a.Int("axis1"), a.Int("axis2")) : A(a, "x").SwapAxes(a.Int("axis1"), a.Int("axis2")),
            a => SwapAxes(S(a, "x"), a.Int("axis1"), a.Int("axis2")), CallForm.Both),
        Entry("broadcast_to", "array, shape", a => a["array"] is Tensor<bool> m ? m.BroadcastTo(a.Ints("shape")) : A(a, "array").BroadcastTo(a.Ints("shape")),
            a => BroadcastTo(S(a, "array"), [.. a.Ints("shape").Select(SymbolicDim.Of)])),
        Entry("expand_dims", "a, axis", a => a["a"] is Tensor<bool> m ? m.ExpandDims(ExpandAxes(a)) : A(a, "a").ExpandDims(ExpandAxes(a)),
            a => ExpandDims(S(a, "a"), ExpandAxes(a))),
        Entry("diagonal", "a, offset=0, axis1=0, axis2=1",
            a => a["a"] is Tensor<bool> m
                ? Batchwise.Tensor.Diagonal(m, a.Int("offset"), a.Int("axis1"), a.Int("axis2"))
                : Batchwise.Tensor.Diagonal(A(a, "a"), a.Int("offset"), a.Int("axis1"), a.Int("axis2")),
            a => Trace(S(a, "a"), a.Int("offset"), a.Int("axis1"), a.Int("axis2"), keepDiagonal: true)),
        Entry("trace", "a, offset=0, axis1=0, axis2=1", a => Batchwise.Tensor.Trace(A(a, "a"), a.Int("offset"), a.Int("axis1"), a.Int("axis2")),
            a => Trace(S(a, "a"), a.Int("offset"), a.Int("axis1"), a.Int("axis2"), keepDiagonal: false)),
        Entry("where", "condition, x, y", a => Batchwise.Tensor.Where(Mask(a["condition"], "condition"), A(a, "x"), A(a, "y")),
            a => new SymbolicArray(Broadcast(Broadcast(S(a, "condition").Shape, S(a, "x").Shape), S(a, "y").Shape))),
    ];

    private static IEnumerable<FunctionEntry> Reductions() =>
    [
        Entry("sum", "x, axis=None, keepdims=False", a => Batchwise.Tensor.Sum(A(a, "x"), ReduceAxes(A(a, "x"), a), a.Bool("keepdims")),
            a => Reduce("sum", S(a, "x"), a.Axes("axis"), a.Bool("keepdims")), CallForm.Both),
        Entry("mean", "x, axis=None, keepdims=False", a => Batchwise.Tensor.Mean(A(a, "x"), ReduceAxes(A(a, "x"), a), a.Bool("keepdims")),
            a => Reduce("mean", S(a, "x"), a.Axes("axis"), a.Bool("keepdims")), CallForm.Both),
        Entry("max", "x, axis=None, keepdims=False", a => Batchwise.Tensor.Max(A(a, "x"), ReduceAxes(A(a, "x"), a), a.Bool("keepdims")),
            a => Reduce("max", S(a, "x"), a.Axes("axis"), a.Bool("keepdims")), CallForm.Both),
        Entry("min", "x, axis=None, keepdims=False", a => Batchwise.Tensor.Min(A(a, "x"), ReduceAxes(A(a, "x"), a), a.Bool("keepdims")),
            a => Reduce("min", S(a, "x"), a.Axes("axis"), a.Bool("keepdims")), CallForm.Both),
    ];

    private static IEnumerable<FunctionEntry> Elementwise() =>
    [
        Entry("abs", "x", a => Batchwise.Tensor.Abs(A(a, "x")), a => S(a, "x")),
        // Python's scalar helpers, as pasted code uses them: math.sqrt(d), float("-inf").
        Entry("math.sqrt", "x", a => Math.Sqrt(a.Number("x")), a => a["x"] is SymbolicDim ? 0.0 : Math.Sqrt(a.Number("x"))),
        Entry("float", "x=0.0", a => PythonFloat(a["x"]), a => a["x"] is SymbolicDim ? 0.0 : PythonFloat(a["x"])),
        Entry("int", "x=0", a => (long)a.Number("x"), a => a["x"] is SymbolicDim d ? d : (long)a.Number("x")),
    ];

    /// <summary>Python's float(x): a number, or a string such as "-inf", "nan" or "1e-9".</summary>
    private static double PythonFloat(object? value) => value switch
    {
        string text => text.Trim().ToLowerInvariant() switch
        {
            "inf" or "+inf" or "infinity" or "+infinity" => double.PositiveInfinity,
            "-inf" or "-infinity" => double.NegativeInfinity,
            "nan" or "+nan" or "-nan" => double.NaN,
            var number when double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double d) => d,
            _ => throw new InvalidValueException($"could not convert string to float: '{ExpressionException.Shorten(text)}'"),
        },
        long i => i,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw BoundArguments.Expected("x", "a number or a str", value),
    };

    private static IEnumerable<FunctionEntry> Networks() =>
    [
        Entry("softmax", "x|input, axis=-1", a => Functional.Softmax(A(a, "x"), a.Int("axis")), a => SameShape(S(a, "x"), a.Int("axis"))),
        Entry("log_softmax", "x|input, axis=-1", a => Functional.LogSoftmax(A(a, "x"), a.Int("axis")), a => SameShape(S(a, "x"), a.Int("axis"))),
        Entry("masked_fill", "input, mask, value", a => Functional.MaskedFill(A(a, "input"), Mask(a["mask"], "mask"), Scalar(a["value"], "value")),
            MaskedFillShape),
        Entry("linear", "input, weight, bias=None", a => Functional.Linear(A(a, "input"), A(a, "weight"), a["bias"] is null ? null : A(a, "bias")),
            a => Linear(S(a, "input"), S(a, "weight"), a["bias"] is null ? null : S(a, "bias"))),
        Entry("sdpa|scaled_dot_product_attention", "query, key, value, mask|attn_mask=None, causal|is_causal=False, dropout_p=0.0, scale=None", Attention,
            a => SymbolicShapes.Attention(S(a, "query"), S(a, "key"), S(a, "value"), a["mask"], a.Bool("causal"))),
    ];

    private static object Squeeze<TX>(Tensor<TX> x, BoundArguments a) where TX : unmanaged =>
        a.Axes("axis") is int[] axes ? x.Squeeze(axes) : x.Squeeze();

    /// <summary>NumPy's transpose(axes), or PyTorch's transpose(d0, d1) (a swap) when called with two
    /// axes on an array that is not 2-D, where NumPy's reading would be an error.</summary>
    private static object Transpose<TX>(Tensor<TX> x, BoundArguments a) where TX : unmanaged => a.Rest("axes") switch
    {
        [] => x.Transpose(),
        [long, long] when x.Rank != 2 => x.SwapAxes(a.Ints("axes")[0], a.Ints("axes")[1]),
        _ => x.Transpose(a.Ints("axes")),
    };

    private static object TransposeShape(BoundArguments a)
    {
        SymbolicArray x = S(a, "x");
        return a.Rest("axes") switch
        {
            [] => x with { Shape = [.. x.Shape.Reverse()] },
            [long, long] when x.Shape.Length != 2 => SwapAxes(x, a.Ints("axes")[0], a.Ints("axes")[1]),
            _ => Permute(x, a.Ints("axes")),
        };
    }

    private static int[] ShapeOf(object? value) => value switch
    {
        Tensor<bool> m => m.Shape.ToArray(),
        Tensor<long> l => l.Shape.ToArray(),
        _ => Tensor(value, "x").Shape.ToArray(),
    };

    /// <summary>PyTorch's x.size(): the shape as a tuple, or one dimension with a dim.</summary>
    private static object Size(int[] shape, BoundArguments a) => a.OptionalInt("dim") is int dim
        ? (long)shape[Batchwise.Shapes.AxisRule.Normalize(dim, shape.Length)]
        : shape.Select(d => (object?)(long)d).ToArray();

    private static object Size(SymbolicDim[] shape, BoundArguments a) => a.OptionalInt("dim") is int dim
        ? SymbolicShapes.Value(shape[Batchwise.Shapes.AxisRule.Normalize(dim, shape.Length)])
        : shape.Select(SymbolicShapes.Value).ToArray();

    private static int[] ExpandAxes(BoundArguments a) =>
        a.Axes("axis") ?? throw new InvalidValueException("expand_dims: axis must not be None");

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
