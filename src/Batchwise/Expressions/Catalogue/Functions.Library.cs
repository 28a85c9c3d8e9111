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
        Entry("gelu", "x|input, approximate='none'", a => Functional.Gelu(A(a, "x"), Approximation(a)), a => Checked(Approximation(a), S(a, "x"))) with { ElementWise = true },
        Entry("layer_norm", "x|input, normalized_shape, weight=None, bias=None, eps=1e-5", LayerNorm, LayerNormShape),
        Entry("rms_norm", "x|input, normalized_shape, weight=None, eps=None", RmsNorm, LayerNormShape),
    ];

    private static IEnumerable<FunctionEntry> MoreReductions() =>
    [
        Entry("var", "x, axis=None, ddof=0, keepdims=False", a => Batchwise.Tensor.Var(A(a, "x"), ReduceAxes(A(a, "x"), a), a.Int("ddof"), a.Bool("keepdims")),
            a => Reduce("var", S(a, "x"), a.Axes("axis"), a.Bool("keepdims")), CallForm.Both) with { AlongAxes = "axis" },
        Entry("std", "x, axis=None, ddof=0, keepdims=False", a => Batchwise.Tensor.Std(A(a, "x"), ReduceAxes(A(a, "x"), a), a.Int("ddof"), a.Bool("keepdims")),
            a => Reduce("std", S(a, "x"), a.Axes("axis"), a.Bool("keepdims")), CallForm.Both) with { AlongAxes = "axis" },
        Entry("logsumexp", "x|input, axis=None, keepdims=False", a => Batchwise.Tensor.LogSumExp(A(a, "x"), ReduceAxes(A(a, "x"), a), a.Bool("keepdims")),
            a => Reduce("logsumexp", S(a, "x"), a.Axes("axis"), a.Bool("keepdims"))) with { AlongAxes = "axis" },
    ];

    /// <summary>A shape whose arguments were validated first (the validation's value is not needed).</summary>
    private static SymbolicArray Checked<TValidated>(TValidated validated, SymbolicArray shape) => shape;

    private static FunctionEntry Unary(string names, Func<Tensor<T>, Tensor<T>> function) =>
        Entry(names, "x|input", a => function(A(a, "x")), a => S(a, "x"), CallForm.Both) with { ElementWise = true };

    private static FunctionEntry Binary(string names, Func<Tensor<T>, Tensor<T>, Tensor<T>> function) =>
        Entry(names, "x1|input, x2|other", a => function(A(a, "x1"), A(a, "x2")), a => new SymbolicArray(Broadcast(S(a, "x1").Shape, S(a, "x2").Shape))) with { WeakLiterals = true, ElementWise = true };

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

    // Transcendental and rounding functions, floats only (int arrays compute as float64, as NumPy's).
    private static IEnumerable<FunctionEntry> Transcendentals() =>
    [
        Unary("sin", x => Batchwise.Tensor.Sin(x)),
        Unary("cos", x => Batchwise.Tensor.Cos(x)),
        Unary("tan", x => Batchwise.Tensor.Tan(x)),
        Unary("arcsin|asin", x => Batchwise.Tensor.Asin(x)),
        Unary("arccos|acos", x => Batchwise.Tensor.Acos(x)),
        Unary("arctan|atan", x => Batchwise.Tensor.Atan(x)),
        Unary("sinh", x => Batchwise.Tensor.Sinh(x)),
        Unary("cosh", x => Batchwise.Tensor.Cosh(x)),
        Unary("exp2", x => Batchwise.Tensor.Exp2(x)),
        Unary("log2", x => Batchwise.Tensor.Log2(x)),
        Unary("log10", x => Batchwise.Tensor.Log10(x)),
        Unary("log1p", x => Batchwise.Tensor.Log1p(x)),
        Unary("expm1", x => Batchwise.Tensor.Expm1(x)),
        Unary("cbrt", x => Batchwise.Tensor.Cbrt(x)),
        Unary("rsqrt", x => Batchwise.Tensor.Rsqrt(x)),
        Unary("erf", x => Batchwise.Tensor.Erf(x)),
        Unary("reciprocal", x => Batchwise.Tensor.Reciprocal(x)),
        Unary("sigmoid", x => Functional.Sigmoid(x)),
        Unary("floor", x => Batchwise.Tensor.Floor(x)),
        Unary("ceil", x => Batchwise.Tensor.Ceil(x)),
        Unary("round", x => Batchwise.Tensor.Round(x)),
        Unary("trunc", x => Batchwise.Tensor.Trunc(x)),
        Binary("arctan2|atan2", (y, x) => Batchwise.Tensor.Atan2(y, x)),
        Binary("hypot", (x, y) => Batchwise.Tensor.Hypot(x, y)),
        Predicate("isnan", x => Batchwise.Tensor.IsNaN(x)),
        Predicate("isinf", x => Batchwise.Tensor.IsInf(x)),
        Predicate("isfinite", x => Batchwise.Tensor.IsFinite(x)),
        Entry("nan_to_num", "x|input, copy=True, nan=0.0, posinf=None, neginf=None", a => Batchwise.Tensor.NanToNum(A(a, "x"), Scalar(a["nan"], "nan"),
            a["posinf"] is null ? null : Scalar(a["posinf"], "posinf"), a["neginf"] is null ? null : Scalar(a["neginf"], "neginf")), a => S(a, "x"), CallForm.Both),
        Unary("softplus", x => Functional.Softplus(x)),
        Unary("mish", x => Functional.Mish(x)),
        Entry("leaky_relu", "input, negative_slope=0.01", a => Functional.LeakyRelu(A(a, "input"), a.Number("negative_slope")), a => S(a, "input")),
        Entry("elu", "input, alpha=1.0", a => Functional.Elu(A(a, "input"), a.Number("alpha")), a => S(a, "input")),
    ];

    private static IEnumerable<FunctionEntry> NanReductions() =>
    [
        Reduction("nansum", (x, axes, keep) => Batchwise.Tensor.NanSum(x, axes, keep)),
        Reduction("nanmean", (x, axes, keep) => Batchwise.Tensor.NanMean(x, axes, keep)),
        Reduction("nanmax", (x, axes, keep) => Batchwise.Tensor.NanMax(x, axes, keep)),
        Reduction("nanmin", (x, axes, keep) => Batchwise.Tensor.NanMin(x, axes, keep)),
        Reduction("median", (x, axes, keep) => Batchwise.Tensor.Median(x, axes, keep)),
        Entry("quantile", "a|input, q, axis|dim=None, keepdims|keepdim=False", a => Batchwise.Tensor.Quantile(A(a, "a"), a.Number("q"), a.OptionalInt("axis"), a.Bool("keepdims")),
            a => Reduce("quantile", S(a, "a"), a.OptionalInt("axis") is int axis ? [axis] : null, a.Bool("keepdims"))),
        Entry("logcumsumexp", "a|input, axis|dim=None", a => Batchwise.Tensor.LogCumSumExp(A(a, "a"), a.OptionalInt("axis")),
            a => a.OptionalInt("axis") is int ? S(a, "a") : new SymbolicArray([SymbolicDim.Product(S(a, "a").Shape)])),
    ];

    private static FunctionEntry Predicate(string names, Func<Tensor<T>, Tensor<bool>> function) =>
        Entry(names, "x|input", a => function(A(a, "x")), a => S(a, "x") with { IsBool = true }, CallForm.Both) with { ElementWise = true };

    private static FunctionEntry Reduction(string names, Func<Tensor<T>, int[], bool, Tensor<T>> function) =>
        Entry(names, "a|input, axis|dim=None, keepdims|keepdim=False", a => function(A(a, "a"), a.Axes("axis") ?? [.. Enumerable.Range(0, A(a, "a").Rank)], a.Bool("keepdims")),
            a => Reduce(names.Split('|')[0], S(a, "a"), a.Axes("axis"), a.Bool("keepdims")), CallForm.Both) with
        { AlongAxes = "axis" };
}
