using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Gemm.Dot;

/// <summary>
/// The AVX2 dot block of <see cref="DotBlocks{TVector, TOps, TBlock}"/>: eight float dots at once, for
/// batched dots (one per batch item) and GEMV (one per row, <c>bStride = 0</c>).
/// </summary>
/// <remarks>
/// Eight 8-lane partial sums are reduced together by a horizontal-add tree (6 vhaddps, 2 lane permutes
/// and one add for 8 results) and stored as one vector, instead of a shuffle-add reduction and a move
/// to a scalar register per dot.
/// </remarks>
internal readonly unsafe struct DotBlock8V256 : IDotBlock<Vector256<float>>
{
    /// <summary>Dots per block.</summary>
    public const int Lanes = 8;

    static int IDotBlock<Vector256<float>>.Lanes => Lanes;

    /// <summary>GEMV rows read side by side from <see cref="InterleavedFromK"/> on when A streams from memory, always in cache.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> RowDots(in GemmJob<float> job, float* a, nint aStride, float* x, int k) =>
        k >= InterleavedFromK || !job.FromMemory ? DotsInterleaved(a, aStride, x, k) : Dots(a, aStride, x, 0, k);

    /// <summary>Row length from which GEMV blocks streamed from memory read their eight rows together (<see cref="DotsInterleaved"/>; in cache they always do).</summary>
    internal const int InterleavedFromK = 1024;

    /// <summary>
    /// The eight dots of a GEMV block with long rows, dot t in lane t: the eight rows are read side by
    /// side, one vector of each per step against one load of x, where <see cref="Dots"/> reads them one
    /// after another. Eight concurrent streams keep more of memory busy than one (and eight FMA chains
    /// replace two). Rows of 2 KB or less are too short for the hardware prefetcher to follow eight
    /// streams, hence <see cref="InterleavedFromK"/> for matrices that stream from memory
    /// (<see cref="GemmJob{T}.FromMemory"/>). In cache every length gains from the one load of x per eight FMAs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> DotsInterleaved(float* a, nint aStride, float* x, int k)
    {
        int p = GemvKernels.EightRowChains(a, aStride, x, k, out Vector256<float> d0, out Vector256<float> d1, out Vector256<float> d2,
            out Vector256<float> d3, out Vector256<float> d4, out Vector256<float> d5, out Vector256<float> d6, out Vector256<float> d7);
        if (p < k)
        {
            float* a4 = a + 4 * aStride;
            Vector256<float> mask = Vector256Ops<float>.FirstLanes(k - p);
            Vector256<float> xv = Avx.MaskLoad(x + p, mask);
            d0 = Fma.MultiplyAdd(Avx.MaskLoad(a + p, mask), xv, d0);
            d1 = Fma.MultiplyAdd(Avx.MaskLoad(a + aStride + p, mask), xv, d1);
            d2 = Fma.MultiplyAdd(Avx.MaskLoad(a + 2 * aStride + p, mask), xv, d2);
            d3 = Fma.MultiplyAdd(Avx.MaskLoad(a + 3 * aStride + p, mask), xv, d3);
            d4 = Fma.MultiplyAdd(Avx.MaskLoad(a4 + p, mask), xv, d4);
            d5 = Fma.MultiplyAdd(Avx.MaskLoad(a4 + aStride + p, mask), xv, d5);
            d6 = Fma.MultiplyAdd(Avx.MaskLoad(a4 + 2 * aStride + p, mask), xv, d6);
            d7 = Fma.MultiplyAdd(Avx.MaskLoad(a4 + 3 * aStride + p, mask), xv, d7);
        }

        return Halves(Fold4(d0, d1, d2, d3), Fold4(d4, d5, d6, d7));
    }

    /// <summary>The eight dots of a block, dot t in lane t.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Dots(float* a, nint aStride, float* b, nint bStride, int k)
    {
        // Assumptions: k >= 0; rows t = 0..7 of a and b each hold k readable floats.
        Vector256<float> mask = Vector256Ops<float>.FirstLanes(k & (Lanes - 1));
        return Halves(
            DotBlockRows.FourDots<Vector256<float>, DotBlock8V256>(a, aStride, b, bStride, k, mask),
            DotBlockRows.FourDots<Vector256<float>, DotBlock8V256>(a + 4 * aStride, aStride, b + 4 * bStride, bStride, k, mask));
    }

    /// <summary>
    /// The eight dots from the folds of dots 0..3 and 4..7, dot t in lane t: <paramref name="h0123"/> is
    /// [sums of lanes 0-3 of dots 0..3 | sums of lanes 4-7 of dots 0..3], <paramref name="h4567"/> likewise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Halves(Vector256<float> h0123, Vector256<float> h4567) =>
        Avx.Permute2x128(h0123, h4567, 0x20) + Avx.Permute2x128(h0123, h4567, 0x31);

    /// <summary>
    /// Dots 0..3 folded by two horizontal-add levels: lane j holds half of dot j's sum in the lower 128
    /// bits and the other half in the upper.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Fold4(Vector256<float> d0, Vector256<float> d1, Vector256<float> d2, Vector256<float> d3) =>
        Avx.HorizontalAdd(Avx.HorizontalAdd(d0, d1), Avx.HorizontalAdd(d2, d3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Partial(float* a, float* b, int k, Vector256<float> mask)
    {
        int p = DotKernels.FmaChains<float, Vector256<float>, Vector256Ops<float>>(a, b, k, out Vector256<float> s0, out Vector256<float> s1);
        if (p < k)
        {
            // Masked-off lanes are neither read nor faulted on.
            s1 = Fma.MultiplyAdd(Avx.MaskLoad(a + p, mask), Avx.MaskLoad(b + p, mask), s1);
        }

        return s0 + s1;
    }
}
