using System.Buffers;
using System.Numerics.Tensors;
using Batchwise.Kernels.Isa;
using Batchwise.Kernels.Threading;

namespace Batchwise.Kernels.Gemm.Rows;

/// <summary>
/// One large vector-matrix product (m = 1, a single item, B of <see cref="MinBBytes"/> or more, at
/// least as deep as it is wide) on all threads: B's rows are cut into chunks whose size depends on k
/// alone (<see cref="ChunkRowsFor"/>), each thread computes the partial rows of C of one run of
/// chunks, and the partials are added in chunk order, so the result does not depend on the thread
/// count (as <see cref="Dot.LongDot"/> does for one long dot).
/// </summary>
/// <remarks>
/// Why by depth: split by columns, both threads walk every row of B, each reading half of it; for a
/// B at least as deep as it is wide, each thread reading one contiguous run of whole rows is served
/// faster (bench/RESULTS.md). A wide, shallow B stays with the column split: its half rows are long
/// runs already, and the partial rows would cost a pass of their own.
/// </remarks>
internal static unsafe class LongGevm
{
    /// <summary>Bytes of B from which the product is split by depth: B then comes at least from L3.</summary>
    public const long MinBBytes = 4L << 20;

    /// <summary>The most rows of B per partial row of C.</summary>
    private const int MaxChunkRows = 256;

    /// <summary>Whether the product goes this way, on any number of threads (one thread runs every chunk).</summary>
    public static bool Fits<T>(in GemmJob<T> job)
        where T : unmanaged =>
        job.Kind == GemmKind.Gevm && job.M == 1 && job.BatchCount == 1 && job.BCol == 1 && job.CCol == 1
        && job.K >= job.N && (long)job.K * job.N * sizeof(T) >= MinBBytes;

    /// <summary>Rows per chunk: about a sixteenth of the depth (whole chunks for every thread), 64 to 256, a multiple of 8.</summary>
    private static int ChunkRowsFor(int k) => Math.Clamp((k / 16 + 7) / 8 * 8, 64, MaxChunkRows);

    /// <summary>C[0, :] = a B (+ bias) (+ C[0, :]) for the single item of <paramref name="job"/>.</summary>
    public static void Run<T>(GemmJob<T>* job)
        where T : unmanaged, INumberBase<T>
    {
        int n = job->N;
        int chunkRows = ChunkRowsFor(job->K);
        int chunks = (job->K + chunkRows - 1) / chunkRows;
        // Every partial row sits at the same place relative to B within a page (AccumulatorRows),
        // which also starts it on a cache line when B's rows do: its vectors are loaded and stored once
        // per eight rows of B, and a store that straddles two lines costs more than the memory it waits for.
        int stride = AccumulatorRows.PageStride<T>(n);
        T[] scratch = ArrayPool<T>.Shared.Rent(chunks * stride + AccumulatorRows.SlackElements<T>());
        try
        {
            fixed (T* rented = scratch)
            {
                job->ItemOffsets(0, out _, out nint offB, out nint offC);
                T* partials = AccumulatorRows.Place(rented, job->B + offB);
                // One run of chunks per thread: each reads one contiguous stretch of B.
                var state = new DepthSplit<T> { Job = job, Partials = partials, PartialStride = stride, Chunks = chunks, ChunkDepth = chunkRows };
                WorkerPool.Run(&DepthChunks.Part<T, ChunkRow<T>>, &state, Math.Min(chunks, WorkerPool.MaxDegree));
                var sum = new Span<T>(partials, n);
                for (int c = 1; c < chunks; c++)
                {
                    TensorPrimitives.Add(sum, new ReadOnlySpan<T>(partials + (long)c * stride, n), sum);
                }

                if (job->Bias != null)
                {
                    TensorPrimitives.Add(sum, new ReadOnlySpan<T>(job->Bias, n), sum);
                }

                var result = new Span<T>(job->C + offC, n);
                if (job->Accumulate)
                {
                    TensorPrimitives.Add(result, sum, result);
                }
                else
                {
                    sum.CopyTo(result);
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }

    /// <summary>One chunk's partial row of C, at the widest vectors the machine runs.</summary>
    private readonly struct ChunkRow<T> : IDepthChunkSum<T>
        where T : unmanaged, INumberBase<T>
    {
        public static void Sum(in GemmJob<T> job, T* partial, DepthChunk<T> chunk)
        {
            if (Vector512Ops<T>.IsEnabled)
            {
                SumRows<T, Vector512<T>, Vector512Ops<T>>(chunk.A, job.ACol, chunk.B, job.BRow, chunk.Depth, partial, job.N);
            }
            else if (Vector256Ops<T>.IsEnabled)
            {
                SumRows<T, Vector256<T>, Vector256Ops<T>>(chunk.A, job.ACol, chunk.B, job.BRow, chunk.Depth, partial, job.N);
            }
            else if (Vector128Ops<T>.IsEnabled)
            {
                SumRows<T, Vector128<T>, Vector128Ops<T>>(chunk.A, job.ACol, chunk.B, job.BRow, chunk.Depth, partial, job.N);
            }
            else
            {
                SumRows<T, T, ScalarOps<T>>(chunk.A, job.ACol, chunk.B, job.BRow, chunk.Depth, partial, job.N);
            }
        }
    }

    /// <summary>
    /// <paramref name="partial"/>[0, n) = the sum over <paramref name="rows"/> rows p of a[p] B[p, :]:
    /// the first row sets it, then eight rows at a time are added into it (eight streams keep more of
    /// memory busy than one), then the rest one by one. The partial row stays in L1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SumRows<T, TVector, TOps>(T* a, nint aCol, T* b, nint bRow, int rows, T* partial, int n)
        where T : unmanaged, INumberBase<T>
        where TVector : unmanaged
        where TOps : struct, IVectorOps<TVector, T>
    {
        int w = TOps.Count;
        int end = n / w * w;
        TVector first = TOps.Broadcast(a[0]);
        for (int q = 0; q < end; q += w)
        {
            TOps.Store(TOps.Multiply(first, TOps.Load(b + q)), partial + q);
        }

        for (int q = end; q < n; q++)
        {
            partial[q] = a[0] * b[q];
        }

        int p = 1;
        for (; p + 8 <= rows; p += 8)
        {
            T* r0 = b + p * bRow;
            T* r4 = r0 + 4 * bRow;
            T* x = a + p * aCol;
            TVector x0 = TOps.Broadcast(x[0]), x1 = TOps.Broadcast(x[aCol]), x2 = TOps.Broadcast(x[2 * aCol]), x3 = TOps.Broadcast(x[3 * aCol]);
            TVector x4 = TOps.Broadcast(x[4 * aCol]), x5 = TOps.Broadcast(x[5 * aCol]), x6 = TOps.Broadcast(x[6 * aCol]), x7 = TOps.Broadcast(x[7 * aCol]);
            for (int q = 0; q < end; q += w)
            {
                TVector v = TOps.Load(partial + q);
                v = TOps.Fma(x0, TOps.Load(r0 + q), v);
                v = TOps.Fma(x1, TOps.Load(r0 + bRow + q), v);
                v = TOps.Fma(x2, TOps.Load(r0 + 2 * bRow + q), v);
                v = TOps.Fma(x3, TOps.Load(r0 + 3 * bRow + q), v);
                v = TOps.Fma(x4, TOps.Load(r4 + q), v);
                v = TOps.Fma(x5, TOps.Load(r4 + bRow + q), v);
                v = TOps.Fma(x6, TOps.Load(r4 + 2 * bRow + q), v);
                v = TOps.Fma(x7, TOps.Load(r4 + 3 * bRow + q), v);
                TOps.Store(v, partial + q);
            }

            for (int q = end; q < n; q++)
            {
                for (int i = 0; i < 8; i++)
                {
                    partial[q] = ScalarOps<T>.Fma(x[i * aCol], r0[i * bRow + q], partial[q]);
                }
            }
        }

        for (; p < rows; p++)
        {
            T* row = b + p * bRow;
            T xp = a[p * aCol];
            TVector x = TOps.Broadcast(xp);
            for (int q = 0; q < end; q += w)
            {
                TOps.Store(TOps.Fma(x, TOps.Load(row + q), TOps.Load(partial + q)), partial + q);
            }

            for (int q = end; q < n; q++)
            {
                partial[q] = ScalarOps<T>.Fma(xp, row[q], partial[q]);
            }
        }
    }
}
