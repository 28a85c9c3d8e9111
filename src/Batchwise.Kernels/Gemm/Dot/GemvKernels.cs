using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Gemm.Dot;

/// <summary>
/// GEMV read in place (n = 1): one dot product per row of A, eight contiguous rows side by side where
/// the 256-bit path allows, over a batch range and a block of rows.
/// </summary>
internal static unsafe class GemvKernels
{
    /// <summary>
    /// C[i] = A[i, :] . b (+ Bias[i * BiasStride]) (+ C[i]) for rows [r0, r1) of batch items [i0, i1); n = 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows<T>(in GemmJob<T> job, long i0, long i1, int r0, int r1)
        where T : unmanaged, INumberBase<T>
    {
        // Assumptions: n = 1; B is the vector read along BRow, C the column read along CRow.
        Debug.Assert(job.N == 1);
        int k = job.K;
        bool contiguous = job.ACol == 1 && job.BRow == 1;
        // Side by side in cache at any length, from memory for long rows only (see DotEightRows).
        bool eightRows = contiguous && (k >= DotBlock8V256.InterleavedFromK || !job.FromMemory) && InstructionSet.UseVector256;
        T* sums = stackalloc T[8];
        for (long item = i0; item < i1; item++)
        {
            job.ItemOffsets(item, out nint offA, out nint offB, out nint offC);
            T* y = job.B + offB;
            int i = r0;
            for (; eightRows && i + 8 <= r1; i += 8)
            {
                DotEightRows(job.A + offA + i * job.ARow, job.ARow, y, k, sums);
                for (int t = 0; t < 8; t++)
                {
                    T sum = sums[t];
                    if (job.Bias != null)
                    {
                        sum += job.Bias[(i + t) * job.BiasStride];
                    }

                    T* c = job.C + offC + (i + t) * job.CRow;
                    *c = job.Accumulate ? *c + sum : sum;
                }
            }

            for (; i < r1; i++)
            {
                T* x = job.A + offA + i * job.ARow;
                T sum = DotKernels.DotAlong(x, job.ACol, y, job.BRow, k);
                if (job.Bias != null)
                {
                    sum += job.Bias[i * job.BiasStride];
                }

                T* c = job.C + offC + i * job.CRow;
                *c = job.Accumulate ? *c + sum : sum;
            }
        }
    }

    /// <summary>
    /// sums[t] = a[t * aRow, 0..k) . x for eight unit-stride rows read side by side: the form of
    /// <see cref="DotBlock8V256.DotsInterleaved"/> for any element type (doubles in particular), for
    /// long rows from memory and rows of any length in cache, as the float block does: eight streams
    /// keep more of memory busy, and in cache one load of x serves eight FMAs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DotEightRows<T>(T* a, nint aRow, T* x, int k, T* sums)
        where T : unmanaged, INumberBase<T>
    {
        int p = EightRowChains(a, aRow, x, k, out Vector256<T> d0, out Vector256<T> d1, out Vector256<T> d2, out Vector256<T> d3,
            out Vector256<T> d4, out Vector256<T> d5, out Vector256<T> d6, out Vector256<T> d7);
        sums[0] = Vector256.Sum(d0);
        sums[1] = Vector256.Sum(d1);
        sums[2] = Vector256.Sum(d2);
        sums[3] = Vector256.Sum(d3);
        sums[4] = Vector256.Sum(d4);
        sums[5] = Vector256.Sum(d5);
        sums[6] = Vector256.Sum(d6);
        sums[7] = Vector256.Sum(d7);
        for (; p < k; p++)
        {
            for (int t = 0; t < 8; t++)
            {
                sums[t] += a[t * aRow + p] * x[p];
            }
        }
    }

    /// <summary>
    /// The whole registers of eight unit-stride rows against x, read side by side: d<sub>t</sub> holds
    /// the lane sums of row t; returns how many elements they covered (a multiple of the width). The
    /// callers differ only in the tail and in how they reduce the eight registers: element by element
    /// here, a masked step and one horizontal-add tree in <see cref="DotBlock8V256"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int EightRowChains<T>(T* a, nint aRow, T* x, int k,
        out Vector256<T> d0, out Vector256<T> d1, out Vector256<T> d2, out Vector256<T> d3,
        out Vector256<T> d4, out Vector256<T> d5, out Vector256<T> d6, out Vector256<T> d7)
        where T : unmanaged
    {
        T* a4 = a + 4 * aRow;
        d0 = d1 = d2 = d3 = d4 = d5 = d6 = d7 = Vector256<T>.Zero;
        int p = 0;
        for (; p + Vector256<T>.Count <= k; p += Vector256<T>.Count)
        {
            Vector256<T> xv = Vector256.Load(x + p);
            d0 = Vector256Ops<T>.Fma(Vector256.Load(a + p), xv, d0);
            d1 = Vector256Ops<T>.Fma(Vector256.Load(a + aRow + p), xv, d1);
            d2 = Vector256Ops<T>.Fma(Vector256.Load(a + 2 * aRow + p), xv, d2);
            d3 = Vector256Ops<T>.Fma(Vector256.Load(a + 3 * aRow + p), xv, d3);
            d4 = Vector256Ops<T>.Fma(Vector256.Load(a4 + p), xv, d4);
            d5 = Vector256Ops<T>.Fma(Vector256.Load(a4 + aRow + p), xv, d5);
            d6 = Vector256Ops<T>.Fma(Vector256.Load(a4 + 2 * aRow + p), xv, d6);
            d7 = Vector256Ops<T>.Fma(Vector256.Load(a4 + 3 * aRow + p), xv, d7);
        }

        return p;
    }
}
