using Batchwise.Kernels.Gemm.MicroKernels;
using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Gemm.SmallStacks;

/// <summary>
/// Stacks of tiny float products whose rows are two or three floats (3x3 above all), one 128-bit
/// vector per row of C, with unmasked loads and stores that run into the next row.
/// </summary>
internal static unsafe class PackedRowsV128
{
    /// <summary>
    /// Whether <see cref="Run"/> may run: float rows of n = 2 or 3 packed end to end in B and C
    /// (so a 4-lane access runs into the next row, which is still inside the data or written later),
    /// C items adjacent in batch order, whole items, and C only written.
    /// </summary>
    public static bool Fits(in GemmJob<float> job, int r0, int r1) =>
        Avx.IsSupported && job.N is 2 or 3 && !job.Accumulate && r0 == 0 && r1 == job.M
        && job.BRow == job.N && job.CRow == job.N && job.K * job.N >= 4
        && (job.BatchRank == 0 || (job.BatchRank == 1 && job.CBatch[0] == job.M * job.N));

    /// <summary>
    /// Stacks of tiny float products with n = 2 or 3 (3x3 above all) without masked loads and stores,
    /// which are slow on AMD cores: every row of B but the last is read as 4 lanes running into the
    /// next row, the last is read ending at its own end and rotated into place, and every row of C is
    /// stored as 4 lanes whose extra lanes land on the next row of C, written afterwards. Only the very
    /// last row of the range is stored masked, so a neighbouring range on another thread is never touched.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmJob<float> job, long i0, long i1)
    {
        // Assumptions: Fits(job, 0, job.M); i0 < i1.
        Debug.Assert(Fits(job, 0, job.M) && i0 < i1);
        int m = job.M, n = job.N, k = job.K;
        int shift = 4 - n;
        Vector128<int> rotate = Vector128.Create(shift, shift + 1, shift + 2, shift + 3) & Vector128.Create(3);
        Vector128<float> mask = Vector128Ops<float>.FirstLanes(n);
        Vector128<float> bias = job.Bias == null ? default : Vector128Ops<float>.LoadFirst(job.Bias, mask);
        nint aRow = job.ARow, aCol = job.ACol;
        nint lastB = (k - 1) * n - shift;
        for (long item = i0; item < i1; item++)
        {
            job.ItemOffsets(item, out nint offA, out nint offB, out nint offC);
            float* b = job.B + offB;
            float* c = job.C + offC;
            Vector128<float> bLast = Avx.PermuteVar(Vector128.Load(b + lastB), rotate);
            if (k == 3)
            {
                // 3x3 and friends: the three rows of B stay in registers for the whole item.
                Vector128<float> b0 = Vector128.Load(b), b1 = Vector128.Load(b + n);
                float* a = job.A + offA;
                for (int i = 0; i < m; i++, c += n, a += aRow)
                {
                    Vector128<float> acc = Vector128Ops<float>.Fma(Vector128.Create(a[0]), b0, bias);
                    acc = Vector128Ops<float>.Fma(Vector128.Create(a[aCol]), b1, acc);
                    acc = Vector128Ops<float>.Fma(Vector128.Create(a[2 * aCol]), bLast, acc);
                    if (item == i1 - 1 && i == m - 1)
                    {
                        Vector128Ops<float>.StoreFirst(acc, c, mask);
                    }
                    else
                    {
                        acc.Store(c);
                    }
                }

                continue;
            }

            for (int i = 0; i < m; i++, c += n)
            {
                float* a = job.A + offA + i * aRow;
                Vector128<float> acc = bias;
                for (int p = 0; p < k - 1; p++)
                {
                    acc = Vector128Ops<float>.Fma(Vector128.Create(a[p * aCol]), Vector128.Load(b + p * n), acc);
                }

                acc = Vector128Ops<float>.Fma(Vector128.Create(a[(k - 1) * aCol]), bLast, acc);
                if (item == i1 - 1 && i == m - 1)
                {
                    Vector128Ops<float>.StoreFirst(acc, c, mask);
                }
                else
                {
                    acc.Store(c);
                }
            }
        }
    }
}
