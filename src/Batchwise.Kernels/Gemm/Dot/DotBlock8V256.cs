using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Gemm.Dot;

/// <summary>
/// The AVX2 form of <see cref="DotBlock16V512"/>: eight float dot products at once,
/// <c>out[t] = sum_p a[t * aStride + p] * b[t * bStride + p]</c>, for batched dots (one per batch item)
/// and GEMV (one per row, <c>bStride = 0</c>).
/// </summary>
/// <remarks>
/// Eight 8-lane partial sums are reduced together by a horizontal-add tree (6 vhaddps, 2 lane permutes
/// and one add for 8 results) and stored as one vector, instead of a shuffle-add reduction and a move
/// to a scalar register per dot.
/// </remarks>
internal static unsafe class DotBlock8V256
{
    /// <summary>Dots per block.</summary>
    public const int Lanes = 8;

    /// <summary>True when this machine and the layout (unit-stride rows of A and column of B) take the kernel.</summary>
    public static bool Fits(in GemmJob<float> job) =>
        job.ACol == 1 && job.BRow == 1;

    /// <summary>
    /// Batched dot products (m = n = 1) for the whole blocks of 8 items in [i0, i1) on one coalesced
    /// batch axis; returns the first item not done (the caller finishes the rest).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Dot(in GemmJob<float> job, long i0, long i1)
    {
        // Assumptions: Fits(job); m = n = 1; BatchRank == 1.
        Debug.Assert(Fits(job) && job.M == 1 && job.N == 1 && job.BatchRank == 1);
        int k = job.K;
        nint sa = job.ABatch[0], sb = job.BBatch[0], sc = job.CBatch[0];
        Vector256<float> bias = job.Bias != null ? Vector256.Create(job.Bias[0]) : Vector256<float>.Zero;
        long item = i0;
        for (; item + Lanes <= i1; item += Lanes)
        {
            Vector256<float> dots = Dots(job.A + item * sa, sa, job.B + item * sb, sb, k) + bias;
            Store(dots, job.C + item * sc, sc, job.Accumulate);
        }

        return item;
    }

    /// <summary>
    /// GEMV (n = 1) on the whole blocks of 8 rows of [r0, r1) of batch item <paramref name="item"/>;
    /// returns the first row not done (the caller finishes the rest).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Rows(in GemmJob<float> job, long item, int r0, int r1)
    {
        // Assumptions: Fits(job); n = 1; bias, if any, runs down the rows with BiasStride.
        Debug.Assert(Fits(job) && job.N == 1);
        int k = job.K;
        job.ItemOffsets(item, out nint offA, out nint offB, out nint offC);
        float* x = job.B + offB;
        int i = r0;
        int lines = GemvPrefetch.Lines(job, Lanes);
        bool sideBySide = k >= InterleavedFromK || !job.FromMemory;
        for (; i + Lanes <= r1; i += Lanes)
        {
            float* pa = job.A + offA + i * job.ARow;
            GemvPrefetch.Ahead(pa, lines);
            Vector256<float> dots = sideBySide ? DotsInterleaved(pa, job.ARow, x, k) : Dots(pa, job.ARow, x, 0, k);
            if (job.Bias != null)
            {
                dots += job.BiasStride == 0 ? Vector256.Create(job.Bias[0]) : Gather(job.Bias + i * job.BiasStride, job.BiasStride);
            }

            Store(dots, job.C + offC + i * job.CRow, job.CRow, job.Accumulate);
        }

        return i;
    }

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
            Vector256<float> mask = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(k - p)).AsSingle();
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

        Vector256<float> h0123 = Avx.HorizontalAdd(Avx.HorizontalAdd(d0, d1), Avx.HorizontalAdd(d2, d3));
        Vector256<float> h4567 = Avx.HorizontalAdd(Avx.HorizontalAdd(d4, d5), Avx.HorizontalAdd(d6, d7));
        return Avx.Permute2x128(h0123, h4567, 0x20) + Avx.Permute2x128(h0123, h4567, 0x31);
    }

    /// <summary>The eight dots of a block, dot t in lane t.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Dots(float* a, nint aStride, float* b, nint bStride, int k)
    {
        // Assumptions: k >= 0; rows t = 0..7 of a and b each hold k readable floats.
        Vector256<float> mask = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(k & (Lanes - 1))).AsSingle();
        Vector256<float> h0123 = FourDots(a, aStride, b, bStride, k, mask);
        Vector256<float> h4567 = FourDots(a + 4 * aStride, aStride, b + 4 * bStride, bStride, k, mask);

        // h0123 = [sums of lanes 0-3 of dots 0..3 | sums of lanes 4-7 of dots 0..3], h4567 likewise.
        return Avx.Permute2x128(h0123, h4567, 0x20) + Avx.Permute2x128(h0123, h4567, 0x31);
    }

    /// <summary>
    /// Dots 0..3 of the rows from <paramref name="a"/> and <paramref name="b"/>: lane j holds half of
    /// dot j's sum in the lower 128 bits and the other half in the upper (two horizontal-add levels).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> FourDots(float* a, nint aStride, float* b, nint bStride, int k, Vector256<float> mask)
    {
        Vector256<float> d0 = Partial(a, b, k, mask);
        Vector256<float> d1 = Partial(a + aStride, b + bStride, k, mask);
        Vector256<float> d2 = Partial(a + 2 * aStride, b + 2 * bStride, k, mask);
        Vector256<float> d3 = Partial(a + 3 * aStride, b + 3 * bStride, k, mask);
        return Avx.HorizontalAdd(Avx.HorizontalAdd(d0, d1), Avx.HorizontalAdd(d2, d3));
    }

    /// <summary>The 8-lane partial sum of one dot; the last k % 8 elements are read through <paramref name="mask"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Partial(float* a, float* b, int k, Vector256<float> mask)
    {
        int p = DotKernels.FmaChains<float, Vector256<float>, Vector256Ops<float>>(a, b, k, out Vector256<float> s0, out Vector256<float> s1);
        if (p < k)
        {
            // Masked-off lanes are neither read nor faulted on.
            s1 = Fma.MultiplyAdd(Avx.MaskLoad(a + p, mask), Avx.MaskLoad(b + p, mask), s1);
        }

        return s0 + s1;
    }

    private static Vector256<float> Gather(float* p, nint stride)
    {
        float* t = stackalloc float[Lanes];
        for (int i = 0; i < Lanes; i++)
        {
            t[i] = p[i * stride];
        }

        return Avx.LoadVector256(t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> dots, float* c, nint cStride, bool accumulate)
    {
        if (cStride == 1)
        {
            if (accumulate)
            {
                dots += Avx.LoadVector256(c);
            }

            Avx.Store(c, dots);
            return;
        }

        for (int t = 0; t < Lanes; t++)
        {
            float* ct = c + t * cStride;
            *ct = accumulate ? *ct + dots.GetElement(t) : dots.GetElement(t);
        }
    }
}
