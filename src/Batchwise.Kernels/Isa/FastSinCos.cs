namespace Batchwise.Kernels.Isa;

/// <summary>
/// <c>sin x</c> and <c>cos x</c> for float lanes with |x| ≤ <see cref="LargestArgument"/>, Cephes'
/// <c>sinf</c>/<c>cosf</c>: <c>x = q·π/2 + r</c> with |r| ≤ π/4 in three exact-product steps, a degree-7
/// polynomial for sin r and degree-8 for cos r, and the quadrant's choice and sign made with float
/// arithmetic only (a product by 0 or 1, a product by ±1), so every width has it without masks.
/// About 1 ulp; written once over <see cref="IVectorOps{TVector, T}"/>.
/// </summary>
/// <remarks>
/// Larger, infinite or NaN arguments need a longer reduction: callers check the range first and send
/// such runs to TensorPrimitives (<c>SinCosRuns</c>).
/// </remarks>
internal static class FastSinCos
{
    /// <summary>The largest |x| the three-part reduction keeps accurate (Cephes' bound).</summary>
    public const float LargestArgument = 8192f;

    private const float TwoOverPi = 0.636619772367581343f;
    private const float HalfPi1 = 1.5703125f;
    private const float HalfPi2 = 4.837512969970703125e-4f;
    private const float HalfPi3 = 7.54978995489188216e-8f;
    private const float S1 = -1.9515295891e-4f;
    private const float S2 = 8.3321608736e-3f;
    private const float S3 = -1.6666654611e-1f;
    private const float C1 = 2.443315711809948e-5f;
    private const float C2 = -1.388731625493765e-3f;
    private const float C3 = 4.166664568298827e-2f;

    /// <summary><c>sin x</c>, or <c>cos x</c> when <paramref name="cosine"/> (one quadrant further on).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Evaluate<TVector, TOps>(TVector x, bool cosine)
        where TOps : IVectorOps<TVector, float>
    {
        // Signed zeros: sin(−0) must stay −0 (IEEE, NumPy). A sum of opposite zeros is +0, so the steps
        // below add +0 where a −0 would otherwise be lost: q + 0 (for the reduction), the polynomial's
        // product + 0, and ⌊k/2⌋ + 0 (for the quadrant's weights).
        TVector q = TOps.Round(TOps.Multiply(x, TOps.Broadcast(TwoOverPi)));
        TVector qPositiveZero = TOps.Add(q, TOps.Zero);
        TVector r = TOps.Fma(qPositiveZero, TOps.Broadcast(-HalfPi1), x);
        r = TOps.Fma(qPositiveZero, TOps.Broadcast(-HalfPi2), r);
        r = TOps.Fma(qPositiveZero, TOps.Broadcast(-HalfPi3), r);
        TVector z = TOps.Multiply(r, r);
        TVector sin = TOps.Fma(TOps.Fma(TOps.Fma(TOps.Fma(TOps.Broadcast(S1), z, TOps.Broadcast(S2)), z, TOps.Broadcast(S3)), z, TOps.Zero), r, r);
        TVector cos = TOps.Fma(TOps.Fma(TOps.Fma(TOps.Broadcast(C1), z, TOps.Broadcast(C2)), z, TOps.Broadcast(C3)), TOps.Multiply(z, z),
            TOps.Fma(z, TOps.Broadcast(-0.5f), TOps.Broadcast(1f)));

        // sin(r + k·π/2) for k = q (sine) or q + 1 (cosine): k odd takes cos r, k mod 4 ≥ 2 flips the sign.
        TVector k = cosine ? TOps.Add(q, TOps.Broadcast(1f)) : q;
        TVector half = TOps.Add(FloorHalf<TVector, TOps>(k), TOps.Zero);
        TVector odd = TOps.Fma(half, TOps.Broadcast(-2f), k);
        TVector flip = TOps.Fma(FloorHalf<TVector, TOps>(half), TOps.Broadcast(-2f), half);
        TVector chosen = TOps.Fma(cos, odd, TOps.Multiply(sin, TOps.Subtract(TOps.Broadcast(1f), odd)));
        return TOps.Multiply(chosen, TOps.Fma(flip, TOps.Broadcast(-2f), TOps.Broadcast(1f)));
    }

    /// <summary><c>⌊k/2⌋</c> of whole numbers: <c>k/2 − ¼</c> rounds to it (halves round down, wholes stay).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector FloorHalf<TVector, TOps>(TVector k) where TOps : IVectorOps<TVector, float> =>
        TOps.Round(TOps.Fma(k, TOps.Broadcast(0.5f), TOps.Broadcast(-0.25f)));
}
