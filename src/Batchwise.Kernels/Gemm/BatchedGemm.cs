using Batchwise.Kernels.Gemm.Planning;
using Batchwise.Kernels.Iteration;
using Batchwise.Kernels.Reference;

namespace Batchwise.Kernels.Gemm;

/// <summary>
/// Batched strided matrix products (the engine behind matmul, einsum contractions and linear layers):
/// checks the call, coalesces the batch, has <see cref="GemmPlanner"/> plan it and
/// <see cref="GemmKernelTable"/> run it.
/// </summary>
public static class BatchedGemm
{
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
        int rank = Validate(batchShape, m, n, k, a, b, c, bias, out long count);
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
        nint* strides = stackalloc nint[3 * Math.Max(rank, 1)];

        // The operands may live in movable arrays (small tensors, callers' spans): pin them for as long
        // as the kernels hold raw pointers, or a collection on another thread could move them mid-product.
        fixed (T* pa = &a.Origin, pb = &b.Origin, pc = &c.Origin, pBias = bias)
        {
            GemmJob<T> job = NewJob(batchShape, m, n, k, a, b, c, pa, pb, pc, bias.IsEmpty ? null : pBias, accumulate, shape, strides, count);
            GemmPlanner.Plan(ref job, GemmTarget.Current, freshResult);
            GemmKernelTable.Execute(ref job);
        }
    }

    /// <summary>
    /// The plan <see cref="Multiply{T}"/> would make for these operands on <paramref name="target"/>,
    /// without running the product or reading the operands.
    /// </summary>
    internal static unsafe GemmPlanSummary Explain<T>(ReadOnlySpan<int> batchShape, int m, int n, int k,
        in StridedMatrix<T> a, in StridedMatrix<T> b, in StridedMatrix<T> c, in GemmTarget target,
        bool hasBias = false, bool accumulate = false, bool freshResult = false)
        where T : unmanaged, INumberBase<T>
    {
        int rank = Validate(batchShape, m, n, k, a, b, c, default, out long count);
        int* shape = stackalloc int[Math.Max(rank, 1)];
        nint* strides = stackalloc nint[3 * Math.Max(rank, 1)];
        T dummyBias = default;

        // Nothing is read or written, so the operands' addresses need no pinning here.
        GemmJob<T> job = NewJob(batchShape, m, n, k, a, b, c,
            (T*)Unsafe.AsPointer(ref a.Origin), (T*)Unsafe.AsPointer(ref b.Origin), (T*)Unsafe.AsPointer(ref c.Origin),
            hasBias ? &dummyBias : null, accumulate, shape, strides, count);
        GemmPlanner.Plan(ref job, target, freshResult);
        return new GemmPlanSummary(job.Kind, job.Kernel, job.Width, job.Parts, job.SplitBatch, job.SplitColumns,
            job.BatchRank, job.M, job.N, job.K);
    }

    /// <summary>Checks the arguments; returns the batch rank and the number of items.</summary>
    private static int Validate<T>(ReadOnlySpan<int> batchShape, int m, int n, int k,
        in StridedMatrix<T> a, in StridedMatrix<T> b, in StridedMatrix<T> c, ReadOnlySpan<T> bias, out long count)
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

        count = 1;
        foreach (int d in batchShape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(batchShape));
            count *= d;
        }

        return rank;
    }

    /// <summary>
    /// The job for one call, its batch coalesced by <see cref="LoopNest.Coalesce"/> (length-1 axes
    /// dropped, neighbours every operand steps through evenly merged) into <paramref name="shape"/>
    /// and <paramref name="strides"/> (A's, B's and C's, one after another).
    /// </summary>
    private static unsafe GemmJob<T> NewJob<T>(ReadOnlySpan<int> batchShape, int m, int n, int k,
        in StridedMatrix<T> a, in StridedMatrix<T> b, in StridedMatrix<T> c, T* pa, T* pb, T* pc, T* bias, bool accumulate,
        int* shape, nint* strides, long count)
        where T : unmanaged
    {
        int stride = Math.Max(batchShape.Length, 1);
        int rank = 0;
        if (batchShape.Length == 1 && batchShape[0] != 1)
        {
            // One batch axis has nothing to coalesce; this skips the loop nest for the small calls
            // whose cost is mostly set-up.
            rank = 1;
            shape[0] = batchShape[0];
            strides[0] = a.BatchStrides[0];
            strides[1] = b.BatchStrides[0];
            strides[2] = c.BatchStrides[0];
        }
        else if (batchShape.Length > 1)
        {
            var nest = new LoopNest();
            for (int d = 0; d < batchShape.Length; d++)
            {
                nest.Add(batchShape[d], a.BatchStrides[d], b.BatchStrides[d], c.BatchStrides[d]);
            }

            nest.Coalesce();
            rank = nest.Rank == 1 && nest.Extent(0) == 1 ? 0 : nest.Rank;
            for (int d = 0; d < rank; d++)
            {
                shape[d] = nest.Extent(d);
                strides[d] = nest.Stride(0, d);
                strides[stride + d] = nest.Stride(1, d);
                strides[2 * stride + d] = nest.Stride(2, d);
            }
        }

        return new GemmJob<T>
        {
            M = m,
            N = n,
            K = k,
            A = pa,
            ARow = a.RowStride,
            ACol = a.ColStride,
            B = pb,
            BRow = b.RowStride,
            BCol = b.ColStride,
            C = pc,
            CRow = c.RowStride,
            CCol = c.ColStride,
            Bias = bias,
            BiasStride = 1,
            Accumulate = accumulate,
            BatchRank = rank,
            BatchShape = shape,
            ABatch = strides,
            BBatch = strides + stride,
            CBatch = strides + 2 * stride,
            BatchCount = count,
        };
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowBatchRank(int rank, int a, int b, int c) =>
        throw new ArgumentException(
            $"BatchedGemm.Multiply: batch shape has {rank} axes but the operands have {a}, {b} and {c} batch strides.");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowBiasLength(int length, int n) =>
        throw new ArgumentException($"BatchedGemm.Multiply: bias has length {length} but the product has {n} columns.");
}
