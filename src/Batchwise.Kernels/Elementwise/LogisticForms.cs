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
/// <c>a / (1 + e^−z)</c> of a register for an <see cref="ILogisticForm"/>, with the kernels' exp
/// (<see cref="FastExp"/>, about 1 ulp). Edge cases follow from IEEE arithmetic as in PyTorch:
/// σ(−inf) = 0 and σ(+inf) = 1, silu(−inf) and gelu(−inf) = −inf/inf = NaN, +inf stays +inf, NaN
/// stays NaN, −0 stays −0 where a = x.
/// </summary>
internal readonly struct Logistic<TForm> : IRegisterFunction where TForm : ILogisticForm
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Apply<TVector, TOps>(TVector x) where TOps : IVectorOps<TVector, float>
    {
        (TVector numerator, TVector exponent) = TForm.Terms<TVector, TOps>(x);
        TVector e = TOps.Exp(TOps.Subtract(TOps.Zero, exponent));
        return TOps.Divide(numerator, TOps.Add(TOps.Broadcast(1f), e));
    }
}

/// <summary>
/// Float spans of an <see cref="ILogisticForm"/>: whole registers on the widest vector path, the tail
/// one element at a time with the same arithmetic. TensorPrimitives' float exp and tanh are slower on
/// the 256-bit path (bench/RESULTS.md). The destination may be the source.
/// </summary>
internal static class LogisticForms
{
    /// <summary><c>d = TForm(x)</c>; <typeparamref name="T"/> is float (the operators' generic parameter).</summary>
    public static void Run<TForm, T>(ReadOnlySpan<T> x, Span<T> d) where TForm : ILogisticForm
    {
        Debug.Assert(typeof(T) == typeof(float) && d.Length >= x.Length);
        ReadOnlySpan<float> source = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(x)), x.Length);
        Span<float> destination = MemoryMarshal.CreateSpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(d)), x.Length);
        int done = RegisterRuns.Whole<Logistic<TForm>>(source, destination);
        RegisterRuns.Run<float, ScalarOps<float>, Logistic<TForm>>(
            ref MemoryMarshal.GetReference(source[done..]), ref MemoryMarshal.GetReference(destination[done..]), source.Length - done);
    }
}
