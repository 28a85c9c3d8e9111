using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Elementwise;

/// <summary>A float function of one register, written once over the width (implementations inline it).</summary>
internal interface IRegisterFunction
{
    static abstract TVector Apply<TVector, TOps>(TVector x) where TOps : IVectorOps<TVector, float>;
}

/// <summary>
/// <c>d = F(x)</c> register by register over a float run, for the functions the kernels compute
/// themselves (the logistic forms, sine and cosine). The destination may be the source.
/// </summary>
internal static class RegisterRuns
{
    /// <summary>
    /// The whole registers from the start of the run, on the widest vector path enabled; returns how
    /// many elements were done (0 without one). The caller finishes the rest its own way.
    /// </summary>
    public static int Whole<TFunction>(ReadOnlySpan<float> x, Span<float> d) where TFunction : IRegisterFunction
    {
        Debug.Assert(d.Length >= x.Length);
        ref float source = ref MemoryMarshal.GetReference(x);
        ref float destination = ref MemoryMarshal.GetReference(d);
        return Vector512Ops<float>.IsEnabled ? Run<Vector512<float>, Vector512Ops<float>, TFunction>(ref source, ref destination, x.Length)
            : Vector256Ops<float>.IsEnabled ? Run<Vector256<float>, Vector256Ops<float>, TFunction>(ref source, ref destination, x.Length)
            : Vector128Ops<float>.IsEnabled ? Run<Vector128<float>, Vector128Ops<float>, TFunction>(ref source, ref destination, x.Length)
            : 0;
    }

    /// <summary>Whole registers of <typeparamref name="TOps"/> from the start (one element each for <see cref="ScalarOps{T}"/>); returns how many were done.</summary>
    public static int Run<TVector, TOps, TFunction>(ref float x, ref float d, int n)
        where TOps : IVectorOps<TVector, float>
        where TFunction : IRegisterFunction
    {
        int w = TOps.Count, i = 0;
        for (; i <= n - w; i += w)
        {
            TOps.Store(TFunction.Apply<TVector, TOps>(TOps.Load(ref x, i)), ref d, i);
        }
        return i;
    }
}
