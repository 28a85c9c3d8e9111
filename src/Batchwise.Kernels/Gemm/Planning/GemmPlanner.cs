namespace Batchwise.Kernels.Gemm.Planning;

/// <summary>
/// Turns a batched product's shapes and strides into a plan: batch folding, the role swap for
/// column-major operands, the kind of product, the thread split and the kernel. It reads only the
/// job's shapes, strides and flags, never the data, so a test can check "this shape, layout and
/// machine gives this kernel and split" without running a product (GemmPlannerTests).
/// </summary>
internal static unsafe class GemmPlanner
{
    /// <summary>Plans <paramref name="job"/> in place for <paramref name="target"/>.</summary>
    /// <param name="job">A job with coalesced batch axes (<see cref="BatchedGemm"/> builds it).</param>
    /// <param name="target">The machine to plan for.</param>
    /// <param name="freshResult">C was just allocated and nothing reads it first.</param>
    public static void Plan<T>(ref GemmJob<T> job, in GemmTarget target, bool freshResult)
        where T : unmanaged, INumberBase<T>
    {
        FoldBatchIntoRows(ref job);
        job.BBroadcast = IsBroadcast(job, job.BBatch);
        MakeUnusedStridesUnit(ref job);
        ChooseKind(ref job);
        job.FromMemory = DistinctBytes(job, job.ABatch, (long)job.M * job.K)
            + DistinctBytes(job, job.BBatch, (long)job.K * job.N) > Blocking.L3Bytes / 2;
        GemmSplit.Plan(ref job, target.Threads);
        GemmKernelChoice.Choose(ref job, target, freshResult);
    }

    /// <summary>
    /// (batch, m, k) @ (k, n) with a broadcast B and batches laid out as more rows is one tall product.
    /// </summary>
    private static void FoldBatchIntoRows<T>(ref GemmJob<T> job)
        where T : unmanaged
    {
        if (job.BatchRank != 1 || job.BBatch[0] != 0 || (long)job.M * job.BatchCount > int.MaxValue)
        {
            return;
        }

        bool rowsFollowOn = job.ABatch[0] == job.M * job.ARow && job.CBatch[0] == job.M * job.CRow;
        if (job.M != 1 && !rowsFollowOn)
        {
            return;
        }

        if (job.M == 1)
        {
            job.ARow = job.ABatch[0];
            job.CRow = job.CBatch[0];
        }

        job.M = (int)(job.M * job.BatchCount);
        job.BatchRank = 0;
        job.BatchCount = 1;
    }

    /// <summary>
    /// Strides of length-1 axes are never stepped: making them unit lets the layout tests below see
    /// the layout that matters.
    /// </summary>
    private static void MakeUnusedStridesUnit<T>(ref GemmJob<T> job)
        where T : unmanaged
    {
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
    }

    /// <summary>The kind of product, after swapping roles where that puts a unit stride where the kernels want it.</summary>
    private static void ChooseKind<T>(ref GemmJob<T> job)
        where T : unmanaged
    {
        // Column-major C: compute C^T = B^T A^T so the kernels store along C's unit stride.
        if (job.M > 1 && job.N > 1 && job.CRow == 1 && job.CCol != 1 && job.Bias == null)
        {
            SwapRoles(ref job);
        }

        if (job.M == 1 && job.N == 1)
        {
            job.Kind = GemmKind.Dot;
            return;
        }

        if (job.N == 1)
        {
            job.BiasStride = 0;
            job.Kind = GemmKind.Gemv;
            if (!(job.ACol == 1 && job.BRow == 1) && job.ARow == 1 && job.CRow == 1 && job.Bias == null)
            {
                // Column-major A: as a vector-matrix product the columns of A become unit-stride rows.
                SwapRoles(ref job);
                job.Kind = GemmKind.Gevm;
            }

            return;
        }

        if (job.M == 1 && !(job.BCol == 1 && job.CCol == 1) && job.BRow == 1 && job.ACol == 1)
        {
            // Column-major B: one dot product per column of B.
            SwapRoles(ref job);
            job.BiasStride = 1;
            job.Kind = GemmKind.Gemv;
            return;
        }

        bool unitColumns = job.BCol == 1 && job.CCol == 1;
        job.Kind = !unitColumns ? GemmKind.Packed
            : job.M == 1 ? GemmKind.Gevm
            : job.K == 1 ? GemmKind.Outer
            : job.M <= SmallOrder && job.N <= SmallOrder && job.K <= SmallOrder ? GemmKind.SmallStack
            : GemmKind.Packed;
    }

    /// <summary>The largest m, n and k of a <see cref="GemmKind.SmallStack"/>: packing costs more than such a product.</summary>
    internal const int SmallOrder = 16;

    /// <summary>Swaps roles so that C^T = B^T A^T is computed instead (bias, if any, now runs down the rows).</summary>
    private static void SwapRoles<T>(ref GemmJob<T> job)
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
        job.BBroadcast = IsBroadcast(job, job.BBatch);
    }

    private static bool IsBroadcast<T>(in GemmJob<T> job, nint* batchStrides)
        where T : unmanaged
    {
        for (int d = 0; d < job.BatchRank; d++)
        {
            if (batchStrides[d] != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Bytes of one operand across the batch, counting a broadcast matrix once.</summary>
    private static long DistinctBytes<T>(in GemmJob<T> job, nint* batchStrides, long matrixElements)
        where T : unmanaged
    {
        long elements = matrixElements;
        for (int d = 0; d < job.BatchRank; d++)
        {
            elements *= batchStrides[d] == 0 ? 1 : job.BatchShape[d];
        }

        return elements * Unsafe.SizeOf<T>();
    }
}
