using Batchwise.Kernels.Elementwise;
using Batchwise.Operations;

namespace Batchwise.NN;

public static partial class Functional
{
    /// <summary><c>relu(x) = max(x, 0)</c>, exact; NaN stays NaN, −inf gives 0. An empty x gives an empty result.</summary>
    public static Tensor<T> Relu<T>(Tensor<T> x) where T : unmanaged, INumber<T> => Tensor.Maximum(x, T.Zero);

    /// <summary><c>σ(x) = 1/(1 + e⁻ˣ)</c> (torch's <c>sigmoid</c>): +inf gives 1, −inf 0, NaN NaN.</summary>
    public static Tensor<T> Sigmoid<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> => Tensor.Sigmoid(x);

    /// <summary>
    /// <c>silu(x) = x · σ(x)</c> as torch evaluates it: silu(−inf) = −inf · 0 = NaN, silu(+inf) = +inf,
    /// NaN stays NaN.
    /// </summary>
    public static Tensor<T> Silu<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, SiluOperator<T>>("silu", x, null);

    /// <summary>
    /// <c>gelu(x) = x · Φ(x)</c>, exact (<c>½x(1 + erf(x/√2))</c>, float computed in double) or PyTorch's
    /// tanh approximation <c>½x(1 + tanh(√(2/π)(x + 0.044715x³)))</c>. gelu(−inf) = NaN, because torch
    /// evaluates −inf · 0; gelu(+inf) = +inf; NaN stays NaN.
    /// </summary>
    public static Tensor<T> Gelu<T>(Tensor<T> x, bool tanhApproximation = false) where T : unmanaged, IFloatingPointIeee754<T> =>
        tanhApproximation
            ? ElementwiseEngine.Unary<T, T, GeluTanhOperator<T>>("gelu", x, null)
            : ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleGelu>>("gelu", x, null);

    /// <summary>
    /// torch's <c>softplus(x) = ln(1 + e^(βx))/β</c> (computed in double), and plain x where <c>βx &gt; threshold</c>
    /// (where the two agree to rounding). +inf stays +inf, −inf gives 0, NaN stays NaN.
    /// </summary>
    /// <exception cref="InvalidValueException"><paramref name="beta"/> is zero or not finite.</exception>
    public static Tensor<T> Softplus<T>(Tensor<T> x, double beta = 1, double threshold = 20) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (beta == 0 || !double.IsFinite(beta))
        {
            ThrowHelper.Value($"softplus: beta must be finite and nonzero, got {beta}");
        }
        // torch compares βx (in x's type, so an overflow to inf counts as above) with the threshold.
        ReadOnlySpan<T> source = x.Contiguous().AsSpan();
        Tensor<T> result = Tensor.Empty<T>(x.Shape);
        Span<T> d = result.AsSpan();
        for (int i = 0; i < d.Length; i++)
        {
            double v = double.CreateTruncating(source[i]);
            T scaled = source[i] * T.CreateTruncating(beta);
            d[i] = scaled > T.CreateTruncating(threshold) ? source[i] : T.CreateTruncating(SpecialFunctions.Log1p(Math.Exp(v * beta)) / beta);
        }
        return result;
    }

    /// <summary>
    /// <c>mish(x) = x · tanh(softplus(x))</c> (computed in double for float): +inf stays +inf,
    /// mish(−inf) = NaN as torch (−inf · 0), NaN stays NaN.
    /// </summary>
    public static Tensor<T> Mish<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleMish>>("mish", x, null);

    /// <summary><c>leaky_relu(x) = x &gt; 0 ? x : slope · x</c> (torch's default slope 0.01); NaN stays NaN.</summary>
    public static Tensor<T> LeakyRelu<T>(Tensor<T> x, double negativeSlope = 0.01) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Binary<T, T, LeakyReluOperator<T>>("leaky_relu", x, T.CreateTruncating(negativeSlope), null);

    /// <summary><c>elu(x) = x &gt; 0 ? x : α(eˣ − 1)</c> (torch's default α = 1); −inf gives −α, NaN stays NaN.</summary>
    public static Tensor<T> Elu<T>(Tensor<T> x, double alpha = 1) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Binary<T, T, EluOperator<T>>("elu", x, T.CreateTruncating(alpha), null);
}
