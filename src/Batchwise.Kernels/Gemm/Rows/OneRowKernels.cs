using System.Buffers;
using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Gemm.Rows;

/// <summary>
/// Vector-matrix products (m = 1) over column stripes of B: several vectors of columns per stripe,
/// each its own FMA chain, since the one row of A gives the row kernel nothing to share a load of B
/// with; and, for a B beyond the TLB's reach, B read row by row.
/// </summary>
internal static unsafe class OneRowKernels
{
    /// <summary>Columns from <paramref name="j"/> on of a one-row product in whole stripes; returns the first column not done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Run<T>(ref RowTask<T> t, int j, int n)
        where T : unmanaged, INumberBase<T>
    {
        if (Vector256Ops<T>.IsEnabled && ReadsRowByRow(t))
        {
            j = RowStreamed256(ref t, j, n);
        }

        if (Vector512Ops<T>.IsEnabled)
        {
            for (; j + 4 * Vector512<T>.Count <= n; j += 4 * Vector512<T>.Count)
            {
                RowOf4<T, Vector512<T>, Vector512Ops<T>>(ref t, j, t.Prefetch);
            }
        }
        else if (Vector256Ops<T>.IsEnabled)
        {
            for (; j + 8 * Vector256<T>.Count <= n; j += 8 * Vector256<T>.Count)
            {
                RowOf8x256(ref t, j);
            }

            for (; j + 4 * Vector256<T>.Count <= n; j += 4 * Vector256<T>.Count)
            {
                RowOf4<T, Vector256<T>, Vector256Ops<T>>(ref t, j, false);
            }
        }

        return j;
    }

    /// <summary>C[0, j..j+4w) of a one-row product: four vectors of columns, each its own FMA chain (prefetching ahead on the 512-bit path when the operands stream).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowOf4<T, TVector, TOps>(ref RowTask<T> t, int j, bool prefetch)
        where T : unmanaged, INumberBase<T>
        where TVector : unmanaged
        where TOps : struct, IVectorOps<TVector, T>
    {
        int w = TOps.Count;
        TVector s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
        T* bp = t.B + j;
        nint off = 0;
        nint ahead = RowPrefetchDistance * t.BRow;
        for (int p = 0; p < t.K; p++, off += t.ACol, bp += t.BRow)
        {
            if (prefetch)
            {
                PrefetchRowAhead((byte*)(bp + ahead));
            }

            TVector x = TOps.Broadcast(t.A[off]);
            s0 = TOps.Fma(x, TOps.Load(bp), s0);
            s1 = TOps.Fma(x, TOps.Load(bp + w), s1);
            s2 = TOps.Fma(x, TOps.Load(bp + 2 * w), s2);
            s3 = TOps.Fma(x, TOps.Load(bp + 3 * w), s3);
        }

        T* c = t.C + j;
        if (t.Bias != null)
        {
            T* bias = t.Bias + j;
            s0 = TOps.Add(s0, TOps.Load(bias));
            s1 = TOps.Add(s1, TOps.Load(bias + w));
            s2 = TOps.Add(s2, TOps.Load(bias + 2 * w));
            s3 = TOps.Add(s3, TOps.Load(bias + 3 * w));
        }

        RowPanels.Store<T, TVector, TOps, RowPanels.WholeVectors>(c, s0, t.Accumulate, default);
        RowPanels.Store<T, TVector, TOps, RowPanels.WholeVectors>(c + w, s1, t.Accumulate, default);
        RowPanels.Store<T, TVector, TOps, RowPanels.WholeVectors>(c + 2 * w, s2, t.Accumulate, default);
        RowPanels.Store<T, TVector, TOps, RowPanels.WholeVectors>(c + 3 * w, s3, t.Accumulate, default);
    }

    /// <summary>
    /// B bytes from which a one-row product reads B row by row (<see cref="RowStreamed256"/>): the
    /// reach of a 2048-entry second-level TLB over 4 KB pages (typical of current x64 cores).
    /// </summary>
    private const long StreamedRowsBytes = 8L << 20;

    /// <summary>
    /// Whether a one-row product reads B row by row (<see cref="RowStreamed256"/>): B is beyond the
    /// TLB's reach, or it streams from memory (<see cref="GemmJob{T}.FromMemory"/>) and each item's B is
    /// half of L2 or more, so that the column stripes would fetch every row from memory again.
    /// </summary>
    private static bool ReadsRowByRow<T>(in RowTask<T> t)
        where T : unmanaged
    {
        long bytes = (long)t.K * t.BRow * sizeof(T);
        return bytes >= StreamedRowsBytes || (t.FromMemory && bytes >= Blocking.L2Bytes / 2);
    }

    /// <summary>
    /// C[0, j..) of a one-row product over a large B: B's rows read in order, eight at a time (eight
    /// streams; four keep too little of memory busy), and added into a row of scratch placed against B
    /// (<see cref="AccumulatorRows"/>), which stays in L1 and is copied into C at the end. The
    /// column-stripe kernels (<see cref="RowOf8x256"/>) walk every row of B for each 256 bytes of
    /// columns; once B's rows span more pages than the TLB maps, each of those steps is a page walk,
    /// while in cache the stripes stay faster. The sums run in the same
    /// order as the stripes', so the results are the same bit for bit when nothing is added (no bias,
    /// no accumulation). 256-bit vectors on AVX-512 machines too: the loop is memory-bound. Returns
    /// the first column not done (a tail narrower than a vector is left to the caller).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int RowStreamed256<T>(ref RowTask<T> t, int j, int n)
        where T : unmanaged, INumberBase<T>
    {
        int w = Vector256<T>.Count;
        int end = j + (n - j) / w * w;
        T[] scratch = ArrayPool<T>.Shared.Rent(end - j + AccumulatorRows.SlackElements<T>());
        fixed (T* rented = scratch)
        {
            // The row is summed in scratch placed against B (AccumulatorRows), then copied into C.
            T* c = AccumulatorRows.Place(rented, t.B + j) - j;
            AddRows(ref t, c, j, end);
            new ReadOnlySpan<T>(c + j, end - j).CopyTo(new Span<T>(t.C + j, end - j));
        }

        ArrayPool<T>.Shared.Return(scratch);
        return end;
    }

    /// <summary><paramref name="c"/>[j..end) = bias (+ C) + the sum of a[p] B[p, j..end), eight rows of B at a time; see <see cref="RowStreamed256"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddRows<T>(ref RowTask<T> t, T* c, int j, int end)
        where T : unmanaged, INumberBase<T>
    {
        int w = Vector256<T>.Count;
        for (int q = j; q < end; q += w)
        {
            Vector256<T> v = t.Bias != null ? Vector256.Load(t.Bias + q) : Vector256<T>.Zero;
            if (t.Accumulate)
            {
                v += Vector256.Load(t.C + q);
            }

            v.Store(c + q);
        }

        int p = 0;
        nint r = t.BRow;
        for (; p + 8 <= t.K; p += 8)
        {
            T* b0 = t.B + p * r;
            T* b4 = b0 + 4 * r;
            T* a = t.A + p * t.ACol;
            Vector256<T> x0 = Vector256.Create(a[0]);
            Vector256<T> x1 = Vector256.Create(a[t.ACol]);
            Vector256<T> x2 = Vector256.Create(a[2 * t.ACol]);
            Vector256<T> x3 = Vector256.Create(a[3 * t.ACol]);
            Vector256<T> x4 = Vector256.Create(a[4 * t.ACol]);
            Vector256<T> x5 = Vector256.Create(a[5 * t.ACol]);
            Vector256<T> x6 = Vector256.Create(a[6 * t.ACol]);
            Vector256<T> x7 = Vector256.Create(a[7 * t.ACol]);
            for (int q = j; q < end; q += w)
            {
                Vector256<T> v = Vector256.Load(c + q);
                v = Vector256Ops<T>.Fma(x0, Vector256.Load(b0 + q), v);
                v = Vector256Ops<T>.Fma(x1, Vector256.Load(b0 + r + q), v);
                v = Vector256Ops<T>.Fma(x2, Vector256.Load(b0 + 2 * r + q), v);
                v = Vector256Ops<T>.Fma(x3, Vector256.Load(b0 + 3 * r + q), v);
                v = Vector256Ops<T>.Fma(x4, Vector256.Load(b4 + q), v);
                v = Vector256Ops<T>.Fma(x5, Vector256.Load(b4 + r + q), v);
                v = Vector256Ops<T>.Fma(x6, Vector256.Load(b4 + 2 * r + q), v);
                v = Vector256Ops<T>.Fma(x7, Vector256.Load(b4 + 3 * r + q), v);
                v.Store(c + q);
            }
        }

        for (; p < t.K; p++)
        {
            T* b0 = t.B + p * t.BRow;
            Vector256<T> x0 = Vector256.Create(t.A[p * t.ACol]);
            for (int q = j; q < end; q += w)
            {
                Vector256Ops<T>.Fma(x0, Vector256.Load(b0 + q), Vector256.Load(c + q)).Store(c + q);
            }
        }
    }

    /// <summary>How many rows of B ahead a one-row product prefetches (see <see cref="RowOf8x256"/>).</summary>
    private const int RowPrefetchDistance = 32;

    /// <summary>The 256 bytes a one-row step reads (AVX2: eight vectors, AVX-512: four; unmeasured there).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchRowAhead(byte* next)
    {
        Sse.Prefetch0(next);
        Sse.Prefetch0(next + 64);
        Sse.Prefetch0(next + 128);
        Sse.Prefetch0(next + 192);
    }

    /// <summary>
    /// C[0, j..j+8w) of a one-row product: eight vectors of columns, each its own FMA chain. Two FMA
    /// pipes of four-cycle latency need eight chains in flight; four run at half speed. With AVX2 floats
    /// this is 64 columns, one 256-byte row of a 64-wide B per step, so a stack of (64, 64) matrices is
    /// read in one sequential pass, where two four-vector passes each read half of every row. When the
    /// operands come from memory, each step also prefetches the same 256 bytes
    /// <see cref="RowPrefetchDistance"/> rows ahead (8 KB ahead in a stack of 64-wide matrices), which
    /// hides the latency at each new matrix's first page; it does not matter for one wide B or in cache.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowOf8x256<T>(ref RowTask<T> t, int j)
        where T : unmanaged, INumberBase<T>
    {
        int w = Vector256<T>.Count;
        Vector256<T> s0 = default, s1 = default, s2 = default, s3 = default;
        Vector256<T> s4 = default, s5 = default, s6 = default, s7 = default;
        T* bp = t.B + j;
        nint off = 0;
        nint ahead = RowPrefetchDistance * t.BRow;
        for (int p = 0; p < t.K; p++, off += t.ACol, bp += t.BRow)
        {
            if (t.Prefetch)
            {
                PrefetchRowAhead((byte*)(bp + ahead));
            }

            Vector256<T> x = Vector256.Create(t.A[off]);
            s0 = Vector256Ops<T>.Fma(x, Vector256.Load(bp), s0);
            s1 = Vector256Ops<T>.Fma(x, Vector256.Load(bp + w), s1);
            s2 = Vector256Ops<T>.Fma(x, Vector256.Load(bp + 2 * w), s2);
            s3 = Vector256Ops<T>.Fma(x, Vector256.Load(bp + 3 * w), s3);
            s4 = Vector256Ops<T>.Fma(x, Vector256.Load(bp + 4 * w), s4);
            s5 = Vector256Ops<T>.Fma(x, Vector256.Load(bp + 5 * w), s5);
            s6 = Vector256Ops<T>.Fma(x, Vector256.Load(bp + 6 * w), s6);
            s7 = Vector256Ops<T>.Fma(x, Vector256.Load(bp + 7 * w), s7);
        }

        T* c = t.C + j;
        if (t.Bias != null)
        {
            T* bias = t.Bias + j;
            s0 += Vector256.Load(bias);
            s1 += Vector256.Load(bias + w);
            s2 += Vector256.Load(bias + 2 * w);
            s3 += Vector256.Load(bias + 3 * w);
            s4 += Vector256.Load(bias + 4 * w);
            s5 += Vector256.Load(bias + 5 * w);
            s6 += Vector256.Load(bias + 6 * w);
            s7 += Vector256.Load(bias + 7 * w);
        }

        RowPanels.Store<T, Vector256<T>, Vector256Ops<T>, RowPanels.WholeVectors>(c, s0, t.Accumulate, default);
        RowPanels.Store<T, Vector256<T>, Vector256Ops<T>, RowPanels.WholeVectors>(c + w, s1, t.Accumulate, default);
        RowPanels.Store<T, Vector256<T>, Vector256Ops<T>, RowPanels.WholeVectors>(c + 2 * w, s2, t.Accumulate, default);
        RowPanels.Store<T, Vector256<T>, Vector256Ops<T>, RowPanels.WholeVectors>(c + 3 * w, s3, t.Accumulate, default);
        RowPanels.Store<T, Vector256<T>, Vector256Ops<T>, RowPanels.WholeVectors>(c + 4 * w, s4, t.Accumulate, default);
        RowPanels.Store<T, Vector256<T>, Vector256Ops<T>, RowPanels.WholeVectors>(c + 5 * w, s5, t.Accumulate, default);
        RowPanels.Store<T, Vector256<T>, Vector256Ops<T>, RowPanels.WholeVectors>(c + 6 * w, s6, t.Accumulate, default);
        RowPanels.Store<T, Vector256<T>, Vector256Ops<T>, RowPanels.WholeVectors>(c + 7 * w, s7, t.Accumulate, default);
    }
}
