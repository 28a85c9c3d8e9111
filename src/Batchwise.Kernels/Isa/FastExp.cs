namespace Batchwise.Kernels.Isa;

/// <summary>
/// <c>eˣ</c> for float lanes: <c>x = (k/8)·ln2 + r</c> with |r| ≤ ln2/16, then
/// <c>2^(k/8) · eʳ</c>, where <c>2^(k/8)</c> is a table of the eight powers <c>2^(j/8)</c> with the exponent
/// field raised by <c>k >> 3</c> (<see cref="IVectorOps{TVector, T}.PowerOfTwoEighths"/>) and <c>eʳ</c> is a
/// degree-4 Taylor polynomial (truncation below 1.3e−9). Under 1 ulp; several times faster than the
/// runtime's <c>Vector256.Exp(float)</c>, which works in double. Written once over
/// <see cref="IVectorOps{TVector, T}"/>; the vector widths' <c>Exp</c> call it for float.
/// </summary>
/// <remarks>
/// <para>Why a table: the dependent chain from x to the result is what limits a loop of exponentials
/// (the core holds only so many waiting instructions), and the table shortens the polynomial from
/// degree 6 to 4. <see cref="Reduce"/> and <see cref="Finish"/> are the two halves, so that a loop can
/// start the next vector's exponential while this one's polynomial runs (software pipelining).</para>
/// <para>Edges: inputs below −88.03 are raised to it, where k = −1016 and the scale is exactly +0, so −∞
/// (a masked score) gives 0 with no compare and select; results in the subnormal range are subnormal or
/// 0 (an absolute error below 1.2e−38). k stops at 1023; above ln(float.MaxValue) the polynomial of the
/// larger r overflows to +∞, as does +∞ itself. NaN stays NaN: the max keeps a NaN lane.</para>
/// </remarks>
internal static class FastExp
{
    /// <summary>−1016·ln2/8: the lowest input, whose scale <c>2^−127</c> is built as +0.</summary>
    private const float Low = -88.029692f;

    /// <summary>1.5·2²³: adding it to y leaves round(y) in the low bits of the mantissa.</summary>
    private const float Magic = 12582912f;
    private const float HighestK = 1023f;
    private const float EighthsPerLn2 = 11.5415603271459f;
    private const float Ln2EighthHigh = 0.086669921875f;
    private const float Ln2EighthLow = -2.6524305e-5f;

    /// <summary>The reduced argument r, and the scale 2^(k/8) in <paramref name="scale"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Reduce<TVector, TOps>(TVector x, out TVector scale)
        where TOps : IVectorOps<TVector, float>
    {
        TVector c = TOps.Max(TOps.Broadcast(Low), x);
        TVector t = TOps.Min(TOps.Broadcast(Magic + HighestK), TOps.Fma(c, TOps.Broadcast(EighthsPerLn2), TOps.Broadcast(Magic)));
        TVector k = TOps.Subtract(t, TOps.Broadcast(Magic));
        TVector r = TOps.Fma(k, TOps.Broadcast(-Ln2EighthHigh), c);
        scale = TOps.PowerOfTwoEighths(t);
        return TOps.Fma(k, TOps.Broadcast(-Ln2EighthLow), r);
    }

    /// <summary><c>scale · eʳ</c>, as <c>scale + scale·(r + r²/2 + r³/6 + r⁴/24)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Finish<TVector, TOps>(TVector r, TVector scale)
        where TOps : IVectorOps<TVector, float>
    {
        TVector p = TOps.Fma(TOps.Fma(TOps.Broadcast(1f / 24), r, TOps.Broadcast(1f / 6)), r, TOps.Broadcast(0.5f));
        TVector q = TOps.Fma(p, TOps.Multiply(r, r), r);
        return TOps.Fma(scale, q, scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Exp<TVector, TOps>(TVector x)
        where TOps : IVectorOps<TVector, float> =>
        Finish<TVector, TOps>(Reduce<TVector, TOps>(x, out TVector scale), scale);
}

/// <summary>
/// The scale <c>2^(k/8)</c> of <see cref="FastExp"/> from the bits of <c>t = 1.5·2²³ + k</c>: the table
/// entry <c>2^(j/8)</c> for <c>j = k mod 8</c> (the low three bits of t), with <c>k >> 3</c> added to its
/// exponent field. The bits of 1.5·2²³ vanish when shifted up by 20, so <c>(t &lt;&lt; 20)</c> with the
/// low 23 bits cleared is <c>(k >> 3) &lt;&lt; 23</c>. One lookup per register width: vpermps where the
/// hardware has it.
/// </summary>
internal static class PowerOfTwoEighths
{
    private const int ExponentMask = unchecked((int)0xFF800000);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Scale(Vector128<int> t) => Fraction(t) + (Vector128.ShiftLeft(t, 20) & Vector128.Create(ExponentMask));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Scale(Vector256<int> t) => Fraction(t) + (Vector256.ShiftLeft(t, 20) & Vector256.Create(ExponentMask));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Scale(Vector512<int> t) => Fraction(t) + (Vector512.ShiftLeft(t, 20) & Vector512.Create(ExponentMask));

    public static int Scale(int t) => BitConverter.SingleToInt32Bits(Table(t & 7)) + ((t << 20) & ExponentMask);

    private static Vector256<float> Table() =>
        Vector256.Create(1f, 1.0905077f, 1.1892071f, 1.2968396f, 1.4142135f, 1.5422108f, 1.6817929f, 1.8340081f);

    private static float Table(int j) => Table().GetElement(j);

    /// <summary>Table entries by the low three bits: two four-entry lookups and a choice by bit 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Fraction(Vector128<int> t)
    {
        Vector128<float> low = Table().GetLower(), high = Table().GetUpper();
        Vector128<int> inBlock = t & Vector128.Create(3);
        Vector128<float> fromLow = Avx.IsSupported ? Avx.PermuteVar(low, inBlock) : Vector128.Shuffle(low, inBlock);
        Vector128<float> fromHigh = Avx.IsSupported ? Avx.PermuteVar(high, inBlock) : Vector128.Shuffle(high, inBlock);
        Vector128<int> upperHalf = Vector128.Equals(t & Vector128.Create(4), Vector128.Create(4));
        return Vector128.ConditionalSelect(upperHalf, fromHigh.AsInt32(), fromLow.AsInt32());
    }

    /// <summary>vpermps reads only the low three bits of each index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Fraction(Vector256<int> t) =>
        Avx2.IsSupported
            ? Avx2.PermuteVar8x32(Table(), t).AsInt32()
            : Vector256.Create(Fraction(t.GetLower()), Fraction(t.GetUpper()));

    /// <summary>The table repeated in both halves, so the fourth index bit that vpermps reads does not matter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Fraction(Vector512<int> t) =>
        Avx512Ops.PermuteVar16x32(Vector512.Create(Table(), Table()), t).AsInt32();
}
