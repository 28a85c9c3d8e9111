using System.Numerics.Tensors;

namespace Batchwise.Kernels.Elementwise;

/// <summary>
/// <c>silu(x) = x · σ(x)</c> as torch evaluates it, so silu(−inf) = −inf · 0 = NaN and silu(+inf) = +inf.
/// </summary>
public readonly struct SiluOperator<T> : IUnaryOperator<T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => x * (T.One / (T.One + T.Exp(-x)));

    public static void Invoke(ReadOnlySpan<T> x, Span<T> d)
    {
        if (typeof(T) == typeof(float))
        {
            LogisticForms.Run<SiluForm, T>(x, d);
            return;
        }
        TensorPrimitives.Sigmoid(x, d);
        TensorPrimitives.Multiply(x, d, d);
    }
}

/// <summary>
/// PyTorch's tanh GELU <c>½x(1 + tanh(√(2/π)(x + 0.044715x³)))</c>; gelu(−inf) = −inf · 0 = NaN as torch.
/// Float spans take its logistic form (<see cref="GeluTanhForm"/>); double spans run as TensorPrimitives
/// passes over the (cache-resident) destination.
/// </summary>
public readonly struct GeluTanhOperator<T> : IUnaryOperator<T, T> where T : IFloatingPointIeee754<T>
{
    private static readonly T s_beta = T.CreateTruncating(0.7978845608028654);
    private static readonly T s_betaKappa = T.CreateTruncating(0.7978845608028654 * 0.044715);
    private static readonly T s_half = T.CreateTruncating(0.5);

    public static T Invoke(T x) => s_half * x * (T.One + T.Tanh(x * (s_beta + s_betaKappa * x * x)));

    public static void Invoke(ReadOnlySpan<T> x, Span<T> d)
    {
        if (typeof(T) == typeof(float))
        {
            LogisticForms.Run<GeluTanhForm, T>(x, d);
            return;
        }
        TensorPrimitives.Multiply(x, x, d);
        TensorPrimitives.Multiply(d, s_betaKappa, d);
        TensorPrimitives.Add(d, s_beta, d);
        TensorPrimitives.Multiply(d, x, d);
        TensorPrimitives.Tanh(d, d);
        TensorPrimitives.Add(d, T.One, d);
        TensorPrimitives.Multiply(d, s_half, d);
        TensorPrimitives.Multiply(d, x, d);
    }
}

/// <summary>Exact GELU <c>½x(1 + erf(x/√2))</c> over doubles; gelu(−inf) = NaN as torch.</summary>
public readonly struct DoubleGelu : IDoubleFunction
{
    public static double Invoke(double x) => 0.5 * x * (1.0 + SpecialFunctions.Erf(x * 0.70710678118654752));

    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => ScalarLoop.Unary<double, double, DoubleGelu>(x, d);
}

/// <summary><c>mish(x) = x · tanh(ln(1 + eˣ))</c> over doubles; mish(−inf) = NaN as torch.</summary>
public readonly struct DoubleMish : IDoubleFunction
{
    public static double Invoke(double x) => x * Math.Tanh(SpecialFunctions.Log1p(Math.Exp(x)));

    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => ScalarLoop.Unary<double, double, DoubleMish>(x, d);
}

/// <summary><c>leaky_relu(x, s) = x &gt; 0 ? x : s·x</c>; NaN stays NaN.</summary>
public readonly struct LeakyReluOperator<T> : IBinaryOperator<T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x, T slope) => x > T.Zero ? x : x * slope;
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => ScalarLoop.Binary<T, T, LeakyReluOperator<T>>(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => ScalarLoop.Binary<T, T, LeakyReluOperator<T>>(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => ScalarLoop.Binary<T, T, LeakyReluOperator<T>>(x, y, d);
}

/// <summary><c>elu(x, α) = x &gt; 0 ? x : α(eˣ − 1)</c>, expm1 in double; NaN stays NaN, −inf gives −α.</summary>
public readonly struct EluOperator<T> : IBinaryOperator<T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x, T alpha) =>
        x > T.Zero ? x : T.CreateTruncating(double.CreateTruncating(alpha) * SpecialFunctions.Expm1(double.CreateTruncating(x)));

    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => ScalarLoop.Binary<T, T, EluOperator<T>>(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => ScalarLoop.Binary<T, T, EluOperator<T>>(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => ScalarLoop.Binary<T, T, EluOperator<T>>(x, y, d);
}
