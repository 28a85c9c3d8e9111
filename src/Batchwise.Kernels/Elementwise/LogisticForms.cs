using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Elementwise;

/// <summary>
/// A function of the form <c>a(x) / (1 + e^(−z(x)))</c>: the logistic σ(x), silu and the tanh GELU.
/// </summary>
internal interface ILogisticForm
{
    /// <summary>The numerator <c>a</c> and the exponent <c>z</c> of one register.</summary>
    static abstract (TVector Numerator, TVector Exponent) Terms<TVector, TOps>(TVector x) where TOps : IVectorOps<TVector, float>;
}

/// <summary><c>σ(x) = 1 / (1 + e^−x)</c>.</summary>
internal readonly struct SigmoidForm : ILogisticForm
{
    public static (TVector, TVector) Terms<TVector, TOps>(TVector x) where TOps : IVectorOps<TVector, float> => (TOps.Broadcast(1f), x);
}

/// <summary><c>silu(x) = x / (1 + e^−x)</c>.</summary>
internal readonly struct SiluForm : ILogisticForm
{
    public static (TVector, TVector) Terms<TVector, TOps>(TVector x) where TOps : IVectorOps<TVector, float> => (x, x);
}

/// <summary>
/// The tanh GELU, <c>½x(1 + tanh u) = x / (1 + e^−2u)</c> with <c>u = √(2/π)(x + 0.044715x³)</c>: the two
/// are one function (½(1 + tanh u) = σ(2u)), and the logistic form has no cancellation near u = 0.
/// </summary>
internal readonly struct GeluTanhForm : ILogisticForm
{
    private const float TwoBeta = 2 * 0.7978845608028654f;
    private const float TwoBetaKappa = 2 * 0.7978845608028654f * 0.044715f;

    public static (TVector, TVector) Terms<TVector, TOps>(TVector x) where TOps : IVectorOps<TVector, float> =>
        (x, TOps.Multiply(x, TOps.Fma(TOps.Multiply(x, x), TOps.Broadcast(TwoBetaKappa), TOps.Broadcast(TwoBeta))));
}

/// <summary>
/// Float spans of an <see cref="ILogisticForm"/> with the kernels' exp (<see cref="FastExp"/>, about
/// 1 ulp), written once over the vector width. TensorPrimitives' float exp and tanh work through double
/// on the 256-bit path and cost about twice as much there.
/// </summary>
/// <remarks>
/// Edge cases follow from IEEE arithmetic as in PyTorch: σ(−inf) = 0 and σ(+inf) = 1, silu(−inf) and
/// gelu(−inf) = −inf/inf = NaN, +inf stays +inf, NaN stays NaN. The destination may be the source.
/// </remarks>
internal static class LogisticForms
{
    /// <summary><c>d = TForm(x)</c>; <typeparamref name="T"/> is float (the operators' generic parameter).</summary>
    public static void Run<TForm, T>(ReadOnlySpan<T> x, Span<T> d) where TForm : ILogisticForm
    {
        Debug.Assert(typeof(T) == typeof(float) && d.Length >= x.Length);
        ref float source = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(x));
        ref float destination = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(d));
        int done = Vector512Ops<float>.IsEnabled ? Run<Vector512<float>, Vector512Ops<float>, TForm>(ref source, ref destination, x.Length)
            : Vector256Ops<float>.IsEnabled ? Run<Vector256<float>, Vector256Ops<float>, TForm>(ref source, ref destination, x.Length)
            : Vector128Ops<float>.IsEnabled ? Run<Vector128<float>, Vector128Ops<float>, TForm>(ref source, ref destination, x.Length)
            : 0;
        Run<float, ScalarOps<float>, TForm>(ref Unsafe.Add(ref source, done), ref Unsafe.Add(ref destination, done), x.Length - done);
    }

    /// <summary>Whole registers from the start; returns how many elements were done.</summary>
    private static int Run<TVector, TOps, TForm>(ref float x, ref float d, int n)
        where TOps : IVectorOps<TVector, float>
        where TForm : ILogisticForm
    {
        int w = TOps.Count, i = 0;
        TVector one = TOps.Broadcast(1f);
        for (; i <= n - w; i += w)
        {
            (TVector numerator, TVector exponent) = TForm.Terms<TVector, TOps>(TOps.Load(ref x, i));
            TVector e = TOps.Exp(TOps.Subtract(TOps.Zero, exponent));
            TOps.Store(TOps.Divide(numerator, TOps.Add(one, e)), ref d, i);
        }
        return i;
    }
}
