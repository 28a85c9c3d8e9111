using Batchwise.Kernels.Gemm.Rows;
using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Gemm.SmallStacks;

/// <summary>
/// Stacks of tiny products whose n fits one vector (m and k at most 16): one vector per row of C, no
/// per-item set-up, so a batch of 3x3 products costs a few nanoseconds per item. Written once over
/// the width; <see cref="Planning.GemmKernelChoice.OneVectorWidth"/> picks the narrowest that holds n.
/// </summary>
internal static unsafe class OneVectorRows
{
    /// <summary>Batch items [i0, i1), rows [r0, r1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TVector, TOps>(in GemmJob<T> job, long i0, long i1, int r0, int r1)
        where T : unmanaged, INumberBase<T>
        where TVector : unmanaged
        where TOps : struct, IVectorOps<TVector, T>
    {
        // Assumptions: B and C have unit column stride; n fits one vector (masked moves where n is smaller).
        Debug.Assert(job.BCol == 1 && job.CCol == 1 && job.N <= TOps.Count);
        if (typeof(TOps) == typeof(Vector128Ops<float>) && PackedRowsV128.Fits(GemmJob.AsFloat(job), r0, r1))
        {
            PackedRowsV128.Run(GemmJob.AsFloat(job), i0, i1);
            return;
        }

        int k = job.K;
        bool masked = job.N < TOps.Count;
        TVector mask = TOps.FirstLanes(job.N);
        TVector bias = job.Bias == null ? TOps.Zero : masked ? TOps.LoadFirst(job.Bias, mask) : TOps.Load(job.Bias);
        nint aRow = job.ARow, aCol = job.ACol, bRow = job.BRow, cRow = job.CRow;
        bool accumulate = job.Accumulate;
        bool overlap = masked && OverlappingStoresFit(job, r0, r1, TOps.Count);
        if (k <= 4)
        {
            // k up to 4 (2x2 .. 4x4 stacks): B's rows are loaded once per item and stay in registers.
            for (long item = i0; item < i1; item++)
            {
                job.ItemOffsets(item, out nint offA, out nint offB, out nint offC);
                T* b = job.B + offB;
                TVector b0 = masked ? TOps.LoadFirst(b, mask) : TOps.Load(b);
                TVector b1 = k < 2 ? TOps.Zero : masked ? TOps.LoadFirst(b + bRow, mask) : TOps.Load(b + bRow);
                TVector b2 = k < 3 ? TOps.Zero : masked ? TOps.LoadFirst(b + 2 * bRow, mask) : TOps.Load(b + 2 * bRow);
                TVector b3 = k < 4 ? TOps.Zero : masked ? TOps.LoadFirst(b + 3 * bRow, mask) : TOps.Load(b + 3 * bRow);
                for (int i = r0; i < r1; i++)
                {
                    T* a = job.A + offA + i * aRow;
                    TVector acc = TOps.Fma(TOps.Broadcast(a[0]), b0, bias);
                    if (k > 1)
                    {
                        acc = TOps.Fma(TOps.Broadcast(a[aCol]), b1, acc);
                    }

                    if (k > 2)
                    {
                        acc = TOps.Fma(TOps.Broadcast(a[2 * aCol]), b2, acc);
                    }

                    if (k > 3)
                    {
                        acc = TOps.Fma(TOps.Broadcast(a[3 * aCol]), b3, acc);
                    }

                    if (overlap && (item != i1 - 1 || i != r1 - 1))
                    {
                        TOps.Store(acc, job.C + offC + i * cRow);
                    }
                    else
                    {
                        StoreRow<T, TVector, TOps>(job.C + offC + i * cRow, acc, accumulate, mask, masked);
                    }
                }
            }

            return;
        }

        for (long item = i0; item < i1; item++)
        {
            job.ItemOffsets(item, out nint offA, out nint offB, out nint offC);
            T* b = job.B + offB;
            for (int i = r0; i < r1; i++)
            {
                T* a = job.A + offA + i * aRow;
                TVector acc = bias;
                for (int p = 0; p < k; p++)
                {
                    TVector bv = masked ? TOps.LoadFirst(b + p * bRow, mask) : TOps.Load(b + p * bRow);
                    acc = TOps.Fma(TOps.Broadcast(a[p * aCol]), bv, acc);
                }

                if (overlap && (item != i1 - 1 || i != r1 - 1))
                {
                    TOps.Store(acc, job.C + offC + i * cRow);
                }
                else
                {
                    StoreRow<T, TVector, TOps>(job.C + offC + i * cRow, acc, accumulate, mask, masked);
                }
            }
        }
    }

    /// <summary>
    /// Whether rows of C narrower than a vector may be stored as whole vectors, as
    /// <see cref="PackedRowsV128"/> does: C only written, whole items, rows end to end and items
    /// adjacent, so the extra lanes land on the next row (written later), and no wider than a row
    /// (so only the range's last row, stored masked, could reach past the range).
    /// </summary>
    private static bool OverlappingStoresFit<T>(in GemmJob<T> job, int r0, int r1, int lanes)
        where T : unmanaged =>
        !job.Accumulate && r0 == 0 && r1 == job.M && job.CRow == job.N && 2 * job.N >= lanes
        && (job.BatchRank == 0 || (job.BatchRank == 1 && job.CBatch[0] == job.M * job.N));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<T, TVector, TOps>(T* c, TVector v, bool accumulate, TVector mask, bool masked)
        where T : unmanaged
        where TVector : unmanaged
        where TOps : struct, IVectorOps<TVector, T>
    {
        if (masked)
        {
            RowPanels.Store<T, TVector, TOps, RowPanels.FirstLanes>(c, v, accumulate, mask);
        }
        else
        {
            RowPanels.Store<T, TVector, TOps, RowPanels.WholeVectors>(c, v, accumulate, mask);
        }
    }
}
