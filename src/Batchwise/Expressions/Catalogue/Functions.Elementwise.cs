using Batchwise.NN;
using static Batchwise.Expressions.SymbolicShapes;

namespace Batchwise.Expressions;

/// <summary>Transcendental and rounding functions, floats only (int arrays compute as float64, as NumPy's).</summary>
internal static partial class Functions<T>
{
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
        Entry(names, "x|input", a => function(A(a, "x")), a => S(a, "x") with { IsBool = true }, CallForm.Both);

    private static FunctionEntry Reduction(string names, Func<Tensor<T>, int[], bool, Tensor<T>> function) =>
        Entry(names, "a|input, axis|dim=None, keepdims|keepdim=False", a => function(A(a, "a"), a.Axes("axis") ?? [.. Enumerable.Range(0, A(a, "a").Rank)], a.Bool("keepdims")),
            a => Reduce(names.Split('|')[0], S(a, "a"), a.Axes("axis"), a.Bool("keepdims")), CallForm.Both);
}
