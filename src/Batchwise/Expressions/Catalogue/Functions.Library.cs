using Batchwise.NN;
using static Batchwise.Expressions.SymbolicShapes;

namespace Batchwise.Expressions;

/// <summary>The library's element-wise math, further reductions, activations and conversions, as table rows.</summary>
internal static partial class Functions<T>
{
    private static IEnumerable<FunctionEntry> Mathematics() =>
    [
        Unary("exp", x => Batchwise.Tensor.Exp(x)),
        Unary("log", x => Batchwise.Tensor.Log(x)),
        Unary("sqrt", x => Batchwise.Tensor.Sqrt(x)),
        Unary("tanh", x => Batchwise.Tensor.Tanh(x)),
        Unary("relu", x => Functional.Relu(x)),
        Unary("silu", x => Functional.Silu(x)),
        Binary("divide|true_divide", (x, y) => Batchwise.Tensor.Divide(x, y)),
        Entry("gelu", "x|input, approximate='none'", a => Functional.Gelu(A(a, "x"), Approximation(a)), a => Checked(Approximation(a), S(a, "x"))),
        Entry("layer_norm", "x|input, normalized_shape, weight=None, bias=None, eps=1e-5", LayerNorm, LayerNormShape),
        Entry("rms_norm", "x|input, normalized_shape, weight=None, eps=None", RmsNorm, LayerNormShape),
    ];

    private static IEnumerable<FunctionEntry> MoreReductions() =>
    [
        Entry("var", "x, axis=None, ddof=0, keepdims=False", a => Batchwise.Tensor.Var(A(a, "x"), ReduceAxes(A(a, "x"), a), a.Int("ddof"), a.Bool("keepdims")),
            a => Reduce("var", S(a, "x"), a.Axes("axis"), a.Bool("keepdims")), CallForm.Both),
        Entry("std", "x, axis=None, ddof=0, keepdims=False", a => Batchwise.Tensor.Std(A(a, "x"), ReduceAxes(A(a, "x"), a), a.Int("ddof"), a.Bool("keepdims")),
            a => Reduce("std", S(a, "x"), a.Axes("axis"), a.Bool("keepdims")), CallForm.Both),
        Entry("logsumexp", "x|input, axis=None, keepdims=False", a => Batchwise.Tensor.LogSumExp(A(a, "x"), ReduceAxes(A(a, "x"), a), a.Bool("keepdims")),
            a => Reduce("logsumexp", S(a, "x"), a.Axes("axis"), a.Bool("keepdims"))),
    ];

    /// <summary>A shape whose arguments were validated first (the validation's value is not needed).</summary>
    private static SymbolicArray Checked<TValidated>(TValidated validated, SymbolicArray shape) => shape;

    private static FunctionEntry Unary(string names, Func<Tensor<T>, Tensor<T>> function) =>
        Entry(names, "x|input", a => function(A(a, "x")), a => S(a, "x"), CallForm.Both);

    private static FunctionEntry Binary(string names, Func<Tensor<T>, Tensor<T>, Tensor<T>> function) =>
        Entry(names, "x1|input, x2|other", a => function(A(a, "x1"), A(a, "x2")), a => new SymbolicArray(Broadcast(S(a, "x1").Shape, S(a, "x2").Shape))) with { WeakLiterals = true };

    private static bool Approximation(BoundArguments a) => a.Text("approximate") switch
    {
        "none" => false,
        "tanh" => true,
        var other => throw new InvalidValueException($"gelu: approximate must be 'none' or 'tanh', got '{other}'"),
    };

    /// <summary>normalized_shape: an int n, meaning (n,), or a tuple; it must equal x's trailing dimensions.</summary>
    private static int[] NormalizedShape(BoundArguments a) => a.Axes("normalized_shape") ?? throw BoundArguments.Expected("normalized_shape", "an int or a tuple of ints", null);

    private static object LayerNorm(BoundArguments a)
    {
        Tensor<T> x = A(a, "x");
        CheckNormalized([.. x.Shape.ToArray().Select(SymbolicDim.Of)], a, name => a[name] is null ? null : [.. A(a, name).Shape.ToArray().Select(SymbolicDim.Of)]);
        return Functional.LayerNorm(x, NormalizedShape(a).Length, a["weight"] is null ? null : A(a, "weight"), a["bias"] is null ? null : A(a, "bias"), a.Number("eps"));
    }

    private static object RmsNorm(BoundArguments a)
    {
        Tensor<T> x = A(a, "x");
        CheckNormalized([.. x.Shape.ToArray().Select(SymbolicDim.Of)], a, name => a[name] is null ? null : [.. A(a, name).Shape.ToArray().Select(SymbolicDim.Of)]);
        return Functional.RmsNorm(x, NormalizedShape(a).Length, a["weight"] is null ? null : A(a, "weight"), a["eps"] is null ? null : a.Number("eps"));
    }

    private static object LayerNormShape(BoundArguments a)
    {
        SymbolicArray x = S(a, "x");
        CheckNormalized(x.Shape, a, name => a[name] is null ? null : S(a, name).Shape);
        return x;
    }

    /// <summary>layer_norm's shape rule: x ends in normalized_shape, weight and bias are normalized_shape.</summary>
    private static void CheckNormalized(SymbolicDim[] x, BoundArguments a, Func<string, SymbolicDim[]?> shapeOf)
    {
        SymbolicDim[] normalized = [.. NormalizedShape(a).Select(SymbolicDim.Of)];
        if (normalized.Length > x.Length || !x[^normalized.Length..].SequenceEqual(normalized))
        {
            throw new ShapeException($"{a.Function}: normalized_shape {Batchwise.Shapes.ShapeText.Format<SymbolicDim>(normalized)} is not the trailing shape of the input {Batchwise.Shapes.ShapeText.Format<SymbolicDim>(x)}");
        }
        foreach (string name in new[] { "weight", "bias" })
        {
            if (a.Signature.IndexOf(name) >= 0 && shapeOf(name) is SymbolicDim[] shape && !shape.SequenceEqual(normalized))
            {
                throw new ShapeException($"{a.Function}: {name} has shape {Batchwise.Shapes.ShapeText.Format<SymbolicDim>(shape)}, expected normalized_shape {Batchwise.Shapes.ShapeText.Format<SymbolicDim>(normalized)}");
            }
        }
    }

}
