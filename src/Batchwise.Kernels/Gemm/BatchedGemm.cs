using System.Numerics;
using System.Runtime.CompilerServices;
using Batchwise.Kernels.Elementwise;
using Batchwise.Kernels.Gemm.MicroKernels;
using Batchwise.Kernels.Gemm.SmallKernels;
using Batchwise.Kernels.Iteration;
using Batchwise.Kernels.Reference;
using Batchwise.Kernels.Threading;

namespace Batchwise.Kernels.Gemm;

/// <summary>Batched strided matrix products (the engine behind matmul, einsum contractions and linear layers).</summary>
public static class BatchedGemm
{
    /// <summary>
    /// Products below this many multiply-adds (m*n*k summed over the batch) stay on the calling thread:
    /// 32 Ki multiply-adds take a few microseconds, about what a fork-join costs.
    /// </summary>
    private const long ParallelThreshold = 1 << 15;

    /// <summary>
    /// C[b] = A[b] @ B[b] (+ bias broadcast over rows) (+ C[b] when <paramref name="accumulate"/>) for
    /// every b in <paramref name="batchShape"/>. A is m x k, B is k x n, C is m x n.
    /// </summary>
    /// <remarks>
    /// <para><paramref name="batchShape"/> may be empty (one product) or contain zeros (nothing to do).
    /// Every operand's batch strides line up with <paramref name="batchShape"/>; a stride of 0
    /// broadcasts that operand along the axis, and broadcast operands are never copied.</para>
    /// <para>When <paramref name="accumulate"/> is false C is only written, so it may hold NaN or
    /// garbage. k == 0 gives zeros (plus bias). NaN and infinity propagate as in IEEE arithmetic;
    /// the summation order is blocked, so results differ from a naive loop by rounding only.</para>
    /// <para>float and double run the optimised kernels on both cores; every other
    /// <see cref="INumberBase{TSelf}"/> type runs <see cref="GemmReference"/>. C must not alias A or B,
    /// and C's batch stride must be non-zero on any batch axis longer than 1.</para>
    /// </remarks>
    /// <param name="batchShape">The batch axes shared by A, B and C.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="n">Columns of B and C.</param>
    /// <param name="k">Columns of A, rows of B.</param>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand.</param>
    /// <param name="c">The result.</param>
    /// <param name="bias">Empty, or n values; bias[j] is added to column j.</param>
    /// <param name="accumulate">Adds the product to C instead of overwriting it.</param>
    /// <param name="freshResult">C was just allocated and nothing has read it: a large outer product may
    /// then write it with non-temporal stores, which bypass the cache.</param>
    /// <exception cref="ArgumentOutOfRangeException">m, n, k or a batch extent is negative.</exception>
    /// <exception cref="ArgumentException">A batch-stride span does not match <paramref name="batchShape"/>,
    /// or <paramref name="bias"/> is neither empty nor of length n.</exception>
    public static unsafe void Multiply<T>(ReadOnlySpan<int> batchShape, int m, int n, int k,
        in StridedMatrix<T> a, in StridedMatrix<T> b, in StridedMatrix<T> c,
        ReadOnlySpan<T> bias = default, bool accumulate = false, bool freshResult = false)
        where T : unmanaged, INumberBase<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        int rank = batchShape.Length;
        if (a.BatchStrides.Length != rank || b.BatchStrides.Length != rank || c.BatchStrides.Length != rank)
        {
            ThrowBatchRank(rank, a.BatchStrides.Length, b.BatchStrides.Length, c.BatchStrides.Length);
        }

        if (!bias.IsEmpty && bias.Length != n)
        {
            ThrowBiasLength(bias.Length, n);
        }

        long count = 1;
        foreach (int d in batchShape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(batchShape));
            count *= d;
        }

        if (count == 0 || m == 0 || n == 0)
        {
            return;
        }

        if ((typeof(T) != typeof(float) && typeof(T) != typeof(double)) || k == 0)
        {
            GemmReference.Multiply(batchShape, m, n, k, a, b, c, bias, accumulate);
            return;
        }

        int* shape = stackalloc int[Math.Max(rank, 1)];
        nint* sa = stackalloc nint[Math.Max(rank, 1)];
        nint* sb = stackalloc nint[Math.Max(rank, 1)];
        nint* sc = stackalloc nint[Math.Max(rank, 1)];
        int batchRank = Coalesce(batchShape, a.BatchStrides, b.BatchStrides, c.BatchStrides, shape, sa, sb, sc);

        fixed (T* pBias = bias)
        {
            var job = new GemmJob<T>
            {
                M = m,
                N = n,
                K = k,
                A = (T*)Unsafe.AsPointer(ref a.Origin),
                ARow = a.RowStride,
                ACol = a.ColStride,
                B = (T*)Unsafe.AsPointer(ref b.Origin),
                BRow = b.RowStride,
                BCol = b.ColStride,
                C = (T*)Unsafe.AsPointer(ref c.Origin),
                CRow = c.RowStride,
                CCol = c.ColStride,
                Bias = bias.IsEmpty ? null : pBias,
                BiasStride = 1,
                Accumulate = accumulate,
                BatchRank = batchRank,
                BatchShape = shape,
                ABatch = sa,
                BBatch = sb,
                CBatch = sc,
                BatchCount = count,
            };
            Plan(ref job);
            job.StreamC = freshResult && !accumulate && job.Kind == GemmKind.Rows && job.K == 1
                && StreamingStores.Worthwhile<T>(count * m * n);
            Execute(ref job);
        }
    }

    /// <summary>
    /// Drops batch axes of length 1 and merges neighbours that every operand steps through evenly,
    /// so the usual contiguous batch becomes one axis. Returns the new rank (outermost axis first).
    /// </summary>
    private static unsafe int Coalesce(ReadOnlySpan<int> shape, ReadOnlySpan<nint> a, ReadOnlySpan<nint> b,
        ReadOnlySpan<nint> c, int* outShape, nint* outA, nint* outB, nint* outC)
    {
        // Built innermost first, reversed at the end.
        int r = 0;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (shape[d] == 1)
            {
                continue;
            }

            if (r > 0)
            {
                long inner = outShape[r - 1];
                if (a[d] == inner * outA[r - 1] && b[d] == inner * outB[r - 1] && c[d] == inner * outC[r - 1]
                    && inner * shape[d] <= int.MaxValue)
                {
                    outShape[r - 1] = (int)(inner * shape[d]);
                    continue;
                }
            }

            outShape[r] = shape[d];
            outA[r] = a[d];
            outB[r] = b[d];
            outC[r] = c[d];
            r++;
        }

        for (int i = 0, j = r - 1; i < j; i++, j--)
        {
            (outShape[i], outShape[j]) = (outShape[j], outShape[i]);
            (outA[i], outA[j]) = (outA[j], outA[i]);
            (outB[i], outB[j]) = (outB[j], outB[i]);
            (outC[i], outC[j]) = (outC[j], outC[i]);
        }

        return r;
    }

    /// <summary>Shape-only decisions: batch folding, orientation, kernel family and the parallel split.</summary>
    private static unsafe void Plan<T>(ref GemmJob<T> job)
        where T : unmanaged, INumberBase<T>
    {
        // (batch, m, k) @ (k, n) with a shared B and batches laid out as more rows: one tall product.
        if (job.BatchRank == 1 && job.BBatch[0] == 0 && (long)job.M * job.BatchCount <= int.MaxValue)
        {
            bool fold = job.M == 1 || (job.ABatch[0] == job.M * job.ARow && job.CBatch[0] == job.M * job.CRow);
            if (fold)
            {
                if (job.M == 1)
                {
                    job.ARow = job.ABatch[0];
                    job.CRow = job.CBatch[0];
                }

                job.M = (int)(job.M * job.BatchCount);
                job.BatchRank = 0;
                job.BatchCount = 1;
            }
        }

        job.BShared = true;
        for (int d = 0; d < job.BatchRank; d++)
        {
            job.BShared &= job.BBatch[d] == 0;
        }

        // Strides of length-1 axes are never stepped; make them unit so the layout tests below see
        // the layout that matters.
        if (job.M == 1)
        {
            job.ARow = 1;
            job.CRow = 1;
        }

        if (job.N == 1)
        {
            job.BCol = 1;
            job.CCol = 1;
        }

        if (job.K == 1)
        {
            job.ACol = 1;
            job.BRow = 1;
        }

        // Column-major C: compute C^T = B^T A^T so the kernels store along C's unit stride.
        if (job.M > 1 && job.N > 1 && job.CRow == 1 && job.CCol != 1 && job.Bias == null)
        {
            Transpose(ref job);
        }

        if (job.M == 1 && job.N == 1)
        {
            job.Kind = GemmKind.Dot;
        }
        else if (job.N == 1)
        {
            job.BiasStride = 0;
            job.Kind = GemmKind.DotRows;
            if (!(job.ACol == 1 && job.BRow == 1) && job.ARow == 1 && job.CRow == 1 && job.Bias == null)
            {
                // Column-major A: as a vector-matrix product the columns of A become unit-stride rows.
                Transpose(ref job);
                job.Kind = GemmKind.Rows;
            }
        }
        else if (job.M == 1 && !(job.BCol == 1 && job.CCol == 1) && job.BRow == 1 && job.ACol == 1)
        {
            // Column-major B: one dot product per column of B.
            Transpose(ref job);
            job.BiasStride = 1;
            job.Kind = GemmKind.DotRows;
        }
        else if (job.BCol == 1 && job.CCol == 1
            && (job.M == 1 || job.K == 1 || (job.M <= 16 && job.N <= 16 && job.K <= 16)))
        {
            job.Kind = GemmKind.Rows;
        }
        else
        {
            job.Kind = GemmKind.General;
        }

        job.Streams = DistinctBytes(job, job.ABatch, (long)job.M * job.K) + DistinctBytes(job, job.BBatch, (long)job.K * job.N)
            > Blocking.L3Bytes / 2;
        PlanSplit(ref job);
    }

    /// <summary>Bytes of one operand across the batch, counting a broadcast matrix once.</summary>
    private static unsafe long DistinctBytes<T>(in GemmJob<T> job, nint* batchStrides, long matrixElements)
        where T : unmanaged
    {
        long elements = matrixElements;
        for (int d = 0; d < job.BatchRank; d++)
        {
            elements *= batchStrides[d] == 0 ? 1 : job.BatchShape[d];
        }

        return elements * Unsafe.SizeOf<T>();
    }

    /// <summary>Swaps roles so that C^T = B^T A^T is computed instead (bias, if any, now runs down the rows).</summary>
    private static unsafe void Transpose<T>(ref GemmJob<T> job)
        where T : unmanaged
    {
        (job.M, job.N) = (job.N, job.M);
        T* a = job.A;
        nint aRow = job.ARow, aCol = job.ACol;
        job.A = job.B;
        job.ARow = job.BCol;
        job.ACol = job.BRow;
        job.B = a;
        job.BRow = aCol;
        job.BCol = aRow;
        (job.CRow, job.CCol) = (job.CCol, job.CRow);
        nint* aBatch = job.ABatch;
        job.ABatch = job.BBatch;
        job.BBatch = aBatch;
        job.BShared = true;
        for (int d = 0; d < job.BatchRank; d++)
        {
            job.BShared &= job.BBatch[d] == 0;
        }
    }

    private static void PlanSplit<T>(ref GemmJob<T> job)
        where T : unmanaged
    {
        job.SplitBatch = false;
        job.SplitColumns = false;
        job.SplitAlign = 1;
        long itemWork = (long)job.M * job.N * job.K;
        int degree = WorkerPool.MaxDegree;
        if (degree <= 1 || itemWork * job.BatchCount < ParallelThreshold)
        {
            return;
        }

        long count = job.BatchCount;
        if (count >= degree && (count >= 4 * degree || count % degree == 0 || itemWork < SmallItemWork))
        {
            job.SplitBatch = true;
            return;
        }

        if (job.Kind == GemmKind.Dot)
        {
            job.SplitBatch = count > 1;
            return;
        }

        // The packed driver splits rows when there are enough: each worker then packs only its own
        // rows of A and re-packs all of B. When B is at least twice as wide as A is tall (a linear
        // layer, 256 x 512 @ 512 x 1024), splitting columns repacks the smaller operand instead.
        job.SplitColumns = job.Kind == GemmKind.General
            ? (job.M < 96 * degree || job.N >= 2 * job.M) && job.N > job.M
            : job.Kind != GemmKind.DotRows && job.N >= job.M;
        job.SplitAlign = job.Kind == GemmKind.General ? (job.SplitColumns ? 64 : 6) : (job.SplitColumns ? 16 : 4);

        // A large single product split by rows: rather than every thread packing all of a B that
        // spills L2, B is packed once and shared (GemmDriver.Shared.cs).
        job.SharedB = job.Kind == GemmKind.General && !job.SplitColumns && count == 1
            && itemWork >= SharedThreshold && (long)job.K * job.N * Unsafe.SizeOf<T>() > SharedMinBBytes;
    }

    /// <summary>The least work of a batch part: 2^18 multiply-adds, a few microseconds on one core.</summary>
    private const long MinPartWork = 1L << 18;

    /// <summary>
    /// Multiply-adds per item below which a batch as long as the threads is split by items rather than
    /// within items: such items are too short for a split inside them to pay.
    /// </summary>
    private const long SmallItemWork = 1 << 16;

    /// <summary>
    /// Multiply-adds of a whole batch below which it is cut into one equal part per thread rather than
    /// guided parts: a short call gains more from each thread finding its half in cache than from balancing.
    /// </summary>
    private const long ShortCallWork = 1L << 22;

    /// <summary>Multiply-adds from which a single product packs a shared B (tens of microseconds of work).</summary>
    private const long SharedThreshold = 1L << 22;

    /// <summary>B bytes from which packing it once instead of once per thread pays (half of a 512 KiB L2).</summary>
    private const long SharedMinBBytes = 256 * 1024;

    private static unsafe void Execute<T>(ref GemmJob<T> job)
        where T : unmanaged, INumberBase<T>
    {
        int parts = 1;
        int degree = WorkerPool.MaxDegree;
        if (job.SplitBatch)
        {
            // Short calls: one part per thread, so repeated calls find each half in the
            // same core's L2. Longer ones: guided parts, claimed dynamically, so a thread slowed by another
            // process on its core takes fewer of them instead of holding up the whole call, and the last
            // parts are small; none below MinPartWork multiply-adds, whose claim would cost more than it saves.
            long itemWork = Math.Max(1L, (long)job.M * job.N * job.K);
            // Items of 16 x 16 x 16 or less go to kernels that run 16 at a time: whole blocks of them
            // per part once a thread has 64 or more.
            long align = itemWork <= 16 * 16 * 16 && job.BatchCount >= 64L * degree ? 16 : 1;
            job.BatchParts = itemWork * job.BatchCount < ShortCallWork
                ? WorkParts.Equal(job.BatchCount, degree, align)
                : WorkParts.Guided(job.BatchCount, degree, (MinPartWork + itemWork - 1) / itemWork, align);
            parts = job.BatchParts.Count;
        }
        else if (job.SplitAlign > 1)
        {
            int extent = job.SplitColumns ? job.N : job.M;
            parts = Math.Min(degree, (extent + job.SplitAlign - 1) / job.SplitAlign);
        }

        fixed (GemmJob<T>* p = &job)
        {
            if (LongDot.Takes(job))
            {
                LongDot.Run(p);
                return;
            }

            if (job.SharedB)
            {
                RunShared(p, degree);
                return;
            }

            if (parts <= 1)
            {
                Part<T>(p, 0, 1);
            }
            else
            {
                WorkerPool.Run(&Part<T>, p, parts);
            }
        }
    }

    /// <summary>The shared-B driver for the widest kernel this CPU runs.</summary>
    private static unsafe void RunShared<T>(GemmJob<T>* job, int degree)
        where T : unmanaged, INumberBase<T>
    {
        if (InstructionSet.UseVector512)
        {
            GemmDriver<T, GemmKernel6x4V512<T>>.RunShared(job, degree);
        }
        else if (InstructionSet.UseVector256)
        {
            GemmDriver<T, GemmKernel6x2V256<T>>.RunShared(job, degree);
        }
        else if (InstructionSet.UseVector128)
        {
            GemmDriver<T, GemmKernel6x2V128<T>>.RunShared(job, degree);
        }
        else
        {
            GemmDriver<T, GemmKernel4x4Scalar<T>>.RunShared(job, degree);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Part<T>(void* state, int part, int parts)
        where T : unmanaged, INumberBase<T>
    {
        ref GemmJob<T> job = ref Unsafe.AsRef<GemmJob<T>>(state);
        long i0 = 0, i1 = job.BatchCount;
        int r0 = 0, r1 = job.M, c0 = 0, c1 = job.N;
        if (parts > 1)
        {
            if (job.SplitBatch)
            {
                (i0, i1) = job.BatchParts.Range(part);
            }
            else
            {
                int extent = job.SplitColumns ? job.N : job.M;
                int blocks = (extent + job.SplitAlign - 1) / job.SplitAlign;
                int start = (int)((long)blocks * part / parts) * job.SplitAlign;
                int end = Math.Min(extent, (int)((long)blocks * (part + 1) / parts) * job.SplitAlign);
                if (job.SplitColumns)
                {
                    (c0, c1) = (start, end);
                }
                else
                {
                    (r0, r1) = (start, end);
                }
            }
        }

        if (i0 >= i1 || r0 >= r1 || c0 >= c1)
        {
            return;
        }

        switch (job.Kind)
        {
            case GemmKind.Dot:
                if (typeof(T) == typeof(float) && job.BatchRank == 1 && DotBlock16V512.Fits(AsFloat(ref job)))
                {
                    i0 = DotBlock16V512.Dot(AsFloat(ref job), i0, i1);
                }
                else if (typeof(T) == typeof(float) && job.BatchRank == 1 && DotBlock8V256.Fits(AsFloat(ref job)))
                {
                    i0 = DotBlock8V256.Dot(AsFloat(ref job), i0, i1);
                }

                if (i0 < i1)
                {
                    DirectKernels.Dot(job, i0, i1);
                }

                break;
            case GemmKind.DotRows:
                // The AVX-512 block reads its sixteen rows one after another; rows of 1024 or more go to
                // DirectKernels.DotRows instead, which reads eight side by side as the AVX2 block does.
                if (typeof(T) == typeof(float) && r1 - r0 >= DotBlock16V512.Lanes && job.K < DotBlock8V256.InterleavedFromK
                    && DotBlock16V512.Fits(AsFloat(ref job)))
                {
                    for (long item = i0; item < i1; item++)
                    {
                        int done = DotBlock16V512.Rows(AsFloat(ref job), item, r0, r1);
                        if (done < r1)
                        {
                            DirectKernels.DotRows(job, item, item + 1, done, r1);
                        }
                    }
                }
                else if (typeof(T) == typeof(float) && r1 - r0 >= DotBlock8V256.Lanes && DotBlock8V256.Fits(AsFloat(ref job)))
                {
                    for (long item = i0; item < i1; item++)
                    {
                        int done = DotBlock8V256.Rows(AsFloat(ref job), item, r0, r1);
                        if (done < r1)
                        {
                            DirectKernels.DotRows(job, item, item + 1, done, r1);
                        }
                    }
                }
                else
                {
                    DirectKernels.DotRows(job, i0, i1, r0, r1);
                }

                break;
            case GemmKind.Rows:
                if (job.StreamC)
                {
                    StreamedOuter.Run(job, i0, i1, r0, r1, c0, c1);
                    break;
                }

                if (typeof(T) == typeof(float) && c0 == 0 && c1 == job.N && RunSmallFloat(ref AsFloat(ref job), i0, i1, r0, r1))
                {
                    break;
                }

                if (job.M > 16 || job.K > 16 || c0 != 0 || c1 != job.N || !DirectKernels.Tiny(job, i0, i1, r0, r1))
                {
                    DirectKernels.Rows(job, i0, i1, r0, r1, c0, c1);
                }

                break;
            default:
                if (typeof(T) == typeof(float) && c0 == 0 && c1 == job.N && Rows4x4V512.FitsTall(AsFloat(ref job)))
                {
                    ref GemmJob<float> f = ref AsFloat(ref job);
                    Rows4x4V512.Run(f.A + r0 * 4, f.B, f.BRow, 0, f.C + r0 * 4, r1 - r0, f.Bias, f.Accumulate);
                    break;
                }

                if (typeof(T) == typeof(float) && c0 == 0 && c1 == job.N && Rows4x4V256.FitsTall(AsFloat(ref job)))
                {
                    ref GemmJob<float> f = ref AsFloat(ref job);
                    Rows4x4V256.Run(f.A + r0 * 4, f.B, f.BRow, 0, f.C + r0 * 4, r1 - r0, f.Bias, f.Accumulate);
                    break;
                }

                if (InstructionSet.UseVector512)
                {
                    GemmDriver<T, GemmKernel6x4V512<T>>.Run(job, i0, i1, r0, r1, c0, c1);
                }
                else if (InstructionSet.UseVector256)
                {
                    GemmDriver<T, GemmKernel6x2V256<T>>.Run(job, i0, i1, r0, r1, c0, c1);
                }
                else if (InstructionSet.UseVector128)
                {
                    GemmDriver<T, GemmKernel6x2V128<T>>.Run(job, i0, i1, r0, r1, c0, c1);
                }
                else
                {
                    GemmDriver<T, GemmKernel4x4Scalar<T>>.Run(job, i0, i1, r0, r1, c0, c1);
                }

                break;
        }
    }

    /// <summary>The batch-vectorised float kernels for stacks of small matrices; false when none applies.</summary>
    private static unsafe bool RunSmallFloat(ref GemmJob<float> job, long i0, long i1, int r0, int r1)
    {
        if (job.K == 16 && job.N == 16 && Rows16x16V512.Fits(job))
        {
            Rows16x16V512.Run(job, i0, i1, r0, r1);
            return true;
        }

        if (r0 != 0 || r1 != job.M)
        {
            return false;
        }

        if (job.K == 4 && Rows4x4V512.FitsBatched(job))
        {
            nint bStep = job.BBatch[0];
            Rows4x4V512.Run(job.A + i0 * 16, job.B + i0 * bStep, job.BRow, bStep, job.C + i0 * 16, 4 * (i1 - i0), job.Bias, job.Accumulate);
            return true;
        }

        if (job.K == 4 && Rows4x4V256.FitsBatched(job))
        {
            nint bStep = job.BBatch[0];
            Rows4x4V256.Run(job.A + i0 * 16, job.B + i0 * bStep, job.BRow, bStep, job.C + i0 * 16, 4 * (i1 - i0), job.Bias, job.Accumulate);
            return true;
        }

        if (job.K == 3 && Batched3x3V512.Fits(job))
        {
            (long start, long end) = Batched3x3V512.Run(job, i0, i1);
            if (start > i0 && !DirectKernels.Tiny(job, i0, start, 0, 3))
            {
                DirectKernels.Rows(job, i0, start, 0, 3, 0, 3);
            }

            if (end < i1 && !DirectKernels.Tiny(job, end, i1, 0, 3))
            {
                DirectKernels.Rows(job, end, i1, 0, 3, 0, 3);
            }

            return true;
        }

        return false;
    }

    /// <summary>The same job seen as float (only called where typeof(T) == typeof(float)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref GemmJob<float> AsFloat<T>(ref GemmJob<T> job)
        where T : unmanaged => ref Unsafe.As<GemmJob<T>, GemmJob<float>>(ref job);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowBatchRank(int rank, int a, int b, int c) =>
        throw new ArgumentException(
            $"BatchedGemm.Multiply: batch shape has {rank} axes but the operands have {a}, {b} and {c} batch strides.");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowBiasLength(int length, int n) =>
        throw new ArgumentException($"BatchedGemm.Multiply: bias has length {length} but the product has {n} columns.");
}
