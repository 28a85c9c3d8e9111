using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Gemm.Dot;

/// <summary>
/// The width-specific part of a batch-across-lanes dot block: as many float dots at once as a
/// register has lanes, <c>out[t] = sum_p a[t * aStride + p] * b[t * bStride + p]</c>, reduced together
/// so that the block stores one vector instead of reducing and moving each dot on its own.
/// </summary>
/// <typeparam name="TVector">The register type.</typeparam>
internal unsafe interface IDotBlock<TVector>
    where TVector : unmanaged
{
    /// <summary>Dots per block.</summary>
    static abstract int Lanes { get; }

    /// <summary>The dots of rows t = 0..Lanes-1 of a and b, dot t in lane t; each row holds k readable floats.</summary>
    static abstract TVector Dots(float* a, nint aStride, float* b, nint bStride, int k);

    /// <summary>The dots of a GEMV block: rows t of A (<paramref name="aStride"/> apart) against the one vector x.</summary>
    static abstract TVector RowDots(in GemmJob<float> job, float* a, nint aStride, float* x, int k);

    /// <summary>The register-wide partial sum of one dot; the last k % Lanes elements are read through <paramref name="mask"/>.</summary>
    static abstract TVector Partial(float* a, float* b, int k, TVector mask);

    /// <summary>Four partial sums folded into one register, as the block's reduction tree begins.</summary>
    static abstract TVector Fold4(TVector d0, TVector d1, TVector d2, TVector d3);
}

/// <summary>The step both reduction trees start with.</summary>
internal static unsafe class DotBlockRows
{
    /// <summary>The partial sums of dots 0..3 of the rows from <paramref name="a"/> and <paramref name="b"/>, folded by <typeparamref name="TBlock"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector FourDots<TVector, TBlock>(float* a, nint aStride, float* b, nint bStride, int k, TVector mask)
        where TVector : unmanaged
        where TBlock : struct, IDotBlock<TVector> =>
        TBlock.Fold4(
            TBlock.Partial(a, b, k, mask),
            TBlock.Partial(a + aStride, b + bStride, k, mask),
            TBlock.Partial(a + 2 * aStride, b + 2 * bStride, k, mask),
            TBlock.Partial(a + 3 * aStride, b + 3 * bStride, k, mask));
}

/// <summary>
/// Batched dots (one per batch item) and GEMV (one dot per row) in whole blocks of
/// <typeparamref name="TBlock"/>'s lanes: the loops, bias and stores, written once over the width.
/// </summary>
/// <typeparam name="TVector">The register type of <typeparamref name="TOps"/>.</typeparam>
/// <typeparam name="TOps">The vector width.</typeparam>
/// <typeparam name="TBlock">The block's reduction (<see cref="DotBlock8V256"/> or <see cref="DotBlock16V512"/>).</typeparam>
internal static unsafe class DotBlocks<TVector, TOps, TBlock>
    where TVector : unmanaged
    where TOps : struct, IVectorOps<TVector, float>
    where TBlock : struct, IDotBlock<TVector>
{
    /// <summary>True when the layout (unit-stride rows of A and column of B) takes the kernel.</summary>
    public static bool Fits(in GemmJob<float> job) =>
        job.ACol == 1 && job.BRow == 1;

    /// <summary>
    /// Batched dot products (m = n = 1) for the whole blocks of items in [i0, i1) on one coalesced
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
        TVector bias = hasBias ? TOps.Broadcast(job.Bias[0]) : TOps.Zero;
        long item = i0;
        for (; item + TBlock.Lanes <= i1; item += TBlock.Lanes)
        {
            TVector dots = TBlock.Dots(job.A + item * sa, sa, job.B + item * sb, sb, k);
            if (hasBias)
            {
                dots = TOps.Add(dots, bias);
            }

            Store(dots, job.C + item * sc, sc, job.Accumulate);
        }

        return item;
    }

    /// <summary>
    /// GEMV (n = 1) on the whole blocks of rows of [r0, r1) of batch item <paramref name="item"/>;
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
        int lines = GemvPrefetch.Lines(job, TBlock.Lanes);
        for (; i + TBlock.Lanes <= r1; i += TBlock.Lanes)
        {
            float* pa = job.A + offA + i * job.ARow;
            GemvPrefetch.Ahead(pa, lines);
            TVector dots = TBlock.RowDots(job, pa, job.ARow, x, k);
            if (job.Bias != null)
            {
                dots = TOps.Add(dots, job.BiasStride == 0 ? TOps.Broadcast(job.Bias[0]) : Gather(job.Bias + i * job.BiasStride, job.BiasStride));
            }

            Store(dots, job.C + offC + i * job.CRow, job.CRow, job.Accumulate);
        }

        return i;
    }

    private static TVector Gather(float* p, nint stride)
    {
        float* t = stackalloc float[TBlock.Lanes];
        for (int i = 0; i < TBlock.Lanes; i++)
        {
            t[i] = p[i * stride];
        }

        return TOps.Load(t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(TVector dots, float* c, nint cStride, bool accumulate)
    {
        if (cStride == 1)
        {
            TOps.Store(accumulate ? TOps.Add(dots, TOps.Load(c)) : dots, c);
            return;
        }

        StoreStrided(dots, c, cStride, accumulate);
    }

    private static void StoreStrided(TVector dots, float* c, nint cStride, bool accumulate)
    {
        float* t = stackalloc float[TBlock.Lanes];
        TOps.Store(dots, t);
        for (int i = 0; i < TBlock.Lanes; i++)
        {
            float* ci = c + i * cStride;
            *ci = accumulate ? *ci + t[i] : t[i];
        }
    }
}
