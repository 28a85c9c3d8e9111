using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Gemm.Dot;

/// <summary>
/// Sixteen float dot products at once: <c>out[t] = sum_p a[t * aStride + p] * b[t * bStride + p]</c>.
/// Serves batched dots (one dot per batch item) and GEMV (one dot per row, <c>bStride = 0</c>).
/// </summary>
/// <remarks>
/// A dot of 64 floats is four FMAs; reducing its 16-lane partial sum on its own costs more than that
/// (four shuffle-add levels plus a move to a scalar register). Sixteen partial sums are instead
/// reduced together by a transpose-add tree (31 shuffles and 15 adds for 16 results) and stored as
/// one vector.
/// </remarks>
internal static unsafe class DotBlock16V512
{
    /// <summary>Dots per block.</summary>
    public const int Lanes = 16;

    /// <summary>Lane <c>4k + q</c> of the reduction tree holds dot <c>4q + k</c>; this gathers them back in order.</summary>
    private static readonly Vector512<int> s_order = Vector512.Create(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);

    /// <summary>True when this machine and the layout (unit-stride rows of A and column of B) take the kernel.</summary>
    public static bool Fits(in GemmJob<float> job) =>
        job.ACol == 1 && job.BRow == 1;

    /// <summary>
    /// Batched dot products (m = n = 1) for the whole blocks of 16 items in [i0, i1) on one coalesced
    /// batch axis; returns the first item not done (the caller finishes the rest).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Dot(in GemmJob<float> job, long i0, long i1)
    {
        // Assumptions: Fits(job); m = n = 1; BatchRank == 1.
        Debug.Assert(Fits(job) && job.M == 1 && job.N == 1 && job.BatchRank == 1);
        int k = job.K;
        nint sa = job.ABatch[0], sb = job.BBatch[0], sc = job.CBatch[0];
        bool hasBias = job.Bias != null;
        float bias = hasBias ? job.Bias[0] : 0f;
        long item = i0;
        for (; item + Lanes <= i1; item += Lanes)
        {
            Vector512<float> dots = Dots(job.A + item * sa, sa, job.B + item * sb, sb, k);
            Store(dots, job.C + item * sc, sc, hasBias, bias, job.Accumulate);
        }

        return item;
    }

    /// <summary>
    /// GEMV (n = 1) on the whole blocks of 16 rows of [r0, r1) of batch item <paramref name="item"/>;
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
        for (; i + Lanes <= r1; i += Lanes)
        {
            float* pa = job.A + offA + i * job.ARow;
            GemvPrefetch.Ahead(pa, lines);
            Vector512<float> dots = Dots(pa, job.ARow, x, 0, k);
            if (job.Bias != null)
            {
                dots += job.BiasStride == 0 ? Vector512.Create(job.Bias[0]) : Gather(job.Bias + i * job.BiasStride, job.BiasStride);
            }

            Store(dots, job.C + offC + i * job.CRow, job.CRow, false, 0f, job.Accumulate);
        }

        return i;
    }

    /// <summary>The sixteen dots of a block, dot t in lane t.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Dots(float* a, nint aStride, float* b, nint bStride, int k)
    {
        // Assumptions: k >= 0; rows t = 0..15 of a and b each hold k readable floats.
        Debug.Assert(k >= 0);
        Vector512<float> mask = TailMask(k & (Lanes - 1));
        Vector512<float> x0 = FourPartials(a, aStride, b, bStride, k, mask);
        a += 4 * aStride;
        b += 4 * bStride;
        Vector512<float> x1 = FourPartials(a, aStride, b, bStride, k, mask);
        a += 4 * aStride;
        b += 4 * bStride;
        Vector512<float> x2 = FourPartials(a, aStride, b, bStride, k, mask);
        a += 4 * aStride;
        b += 4 * bStride;
        Vector512<float> x3 = FourPartials(a, aStride, b, bStride, k, mask);

        // x_g block j holds four partial lanes of dot 4g + j. Interleave within 128-bit lanes twice:
        // lane 4j + q of r then sums dot 4q + j.
        Vector512<float> z01 = Avx512Ops.Shuffle(x0, x1, 0b01_00_01_00) + Avx512Ops.Shuffle(x0, x1, 0b11_10_11_10);
        Vector512<float> z23 = Avx512Ops.Shuffle(x2, x3, 0b01_00_01_00) + Avx512Ops.Shuffle(x2, x3, 0b11_10_11_10);
        Vector512<float> r = Avx512Ops.Shuffle(z01, z23, 0b10_00_10_00) + Avx512Ops.Shuffle(z01, z23, 0b11_01_11_01);
        return Avx512Ops.PermuteVar16x32(r, s_order);
    }

    /// <summary>
    /// The 16-lane partial sums of dots 0..3 of the rows from <paramref name="a"/> and <paramref name="b"/>,
    /// folded to one vector whose 128-bit block j holds 4 partial lanes of dot j.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> FourPartials(float* a, nint aStride, float* b, nint bStride, int k, Vector512<float> mask)
    {
        Vector512<float> d0 = Partial(a, b, k, mask);
        Vector512<float> d1 = Partial(a + aStride, b + bStride, k, mask);
        Vector512<float> d2 = Partial(a + 2 * aStride, b + 2 * bStride, k, mask);
        Vector512<float> d3 = Partial(a + 3 * aStride, b + 3 * bStride, k, mask);

        // Fold the upper 256 bits onto the lower: w01 = [d0 b0+b2, d0 b1+b3, d1 b0+b2, d1 b1+b3].
        Vector512<float> w01 = Avx512Ops.Shuffle4x128(d0, d1, 0b01_00_01_00) + Avx512Ops.Shuffle4x128(d0, d1, 0b11_10_11_10);
        Vector512<float> w23 = Avx512Ops.Shuffle4x128(d2, d3, 0b01_00_01_00) + Avx512Ops.Shuffle4x128(d2, d3, 0b11_10_11_10);

        // Then pairs of blocks: [d0, d1, d2, d3], one block each.
        return Avx512Ops.Shuffle4x128(w01, w23, 0b10_00_10_00) + Avx512Ops.Shuffle4x128(w01, w23, 0b11_01_11_01);
    }

    /// <summary>The 16-lane partial sum of one dot; the last k % 16 elements are read through <paramref name="mask"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Partial(float* a, float* b, int k, Vector512<float> mask)
    {
        int p = DotKernels.FmaChains<float, Vector512<float>, Vector512Ops<float>>(a, b, k, out Vector512<float> s0, out Vector512<float> s1);
        if (p < k)
        {
            // Masked-off lanes are neither read nor faulted on.
            s1 = Vector512.FusedMultiplyAdd(Avx512Ops.MaskLoad(a + p, mask, Vector512<float>.Zero),
                Avx512Ops.MaskLoad(b + p, mask, Vector512<float>.Zero), s1);
        }

        return s0 + s1;
    }

    private static Vector512<float> TailMask(int count) =>
        Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();

    private static Vector512<float> Gather(float* p, nint stride)
    {
        float* t = stackalloc float[Lanes];
        for (int i = 0; i < Lanes; i++)
        {
            t[i] = p[i * stride];
        }

        return Vector512.Load(t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<float> dots, float* c, nint cStride, bool hasBias, float bias, bool accumulate)
    {
        if (hasBias)
        {
            dots += Vector512.Create(bias);
        }

        if (cStride == 1)
        {
            if (accumulate)
            {
                dots += Vector512.Load(c);
            }

            dots.Store(c);
            return;
        }

        for (int t = 0; t < Lanes; t++)
        {
            float* ct = c + t * cStride;
            *ct = accumulate ? *ct + dots.GetElement(t) : dots.GetElement(t);
        }
    }
}
