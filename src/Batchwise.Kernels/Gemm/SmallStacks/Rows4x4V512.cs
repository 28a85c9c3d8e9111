namespace Batchwise.Kernels.Gemm.SmallStacks;

/// <summary>
/// Float products with four columns and k = 4 on contiguous rows: a stack of 4x4 products
/// (<c>(batch, 4, 4) @ (batch, 4, 4)</c>) or a tall <c>(rows, 4) @ (4, 4)</c> (a shared 4x4 B folded
/// into rows). Four rows of A (one 4x4 matrix) fill one 512-bit vector.
/// </summary>
/// <remarks>
/// Row i of C is <c>sum_p A[i, p] * B[p, :]</c>. With four rows in the four 128-bit blocks of a
/// register, <c>A[i, p]</c> spread over block i is one in-lane shuffle (vpermilps) of the A vector
/// and row p of B in every block is one broadcast load (vbroadcastf32x4, a load-port operation), so a
/// whole 4x4 product is 4 shuffles and 4 FMAs with no per-matrix set-up.
/// </remarks>
internal static unsafe class Rows4x4V512
{
    /// <summary>
    /// C[r, :] = A[r, :] @ B_q (+ bias) (+ C[r, :]) for <paramref name="rows"/> rows, where B_q for row
    /// r is at <c>b + (r / 4) * bStep</c> with rows <paramref name="bRow"/> apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(float* a, float* b, nint bRow, nint bStep, float* c, long rows, float* bias, bool accumulate)
    {
        // Assumptions: A and C rows are 4 contiguous floats, 4 apart; B rows have unit column stride.
        Debug.Assert(rows >= 0 && (bStep == 0 || rows % 4 == 0));
        Vector512<float> biasV = bias != null ? Avx512Ops.BroadcastVector128ToVector512(bias) : Vector512<float>.Zero;
        Vector512<float> b0 = Avx512Ops.BroadcastVector128ToVector512(b);
        Vector512<float> b1 = Avx512Ops.BroadcastVector128ToVector512(b + bRow);
        Vector512<float> b2 = Avx512Ops.BroadcastVector128ToVector512(b + 2 * bRow);
        Vector512<float> b3 = Avx512Ops.BroadcastVector128ToVector512(b + 3 * bRow);
        long quads = rows / 4;
        if (bStep == 0)
        {
            for (long q = 0; q < quads; q++, a += 16, c += 16)
            {
                Vector512<float> va = Vector512.Load(a);
                Vector512<float> acc = Vector512.FusedMultiplyAdd(Avx512Ops.Permute4x32(va, 0x00), b0, biasV);
                acc = Vector512.FusedMultiplyAdd(Avx512Ops.Permute4x32(va, 0x55), b1, acc);
                acc = Vector512.FusedMultiplyAdd(Avx512Ops.Permute4x32(va, 0xAA), b2, acc);
                acc = Vector512.FusedMultiplyAdd(Avx512Ops.Permute4x32(va, 0xFF), b3, acc);
                if (accumulate)
                {
                    acc += Vector512.Load(c);
                }

                acc.Store(c);
            }
        }
        else
        {
            for (long q = 0; q < quads; q++, a += 16, c += 16, b += bStep)
            {
                Vector512<float> va = Vector512.Load(a);
                Vector512<float> acc = Vector512.FusedMultiplyAdd(Avx512Ops.Permute4x32(va, 0x00), Avx512Ops.BroadcastVector128ToVector512(b), biasV);
                acc = Vector512.FusedMultiplyAdd(Avx512Ops.Permute4x32(va, 0x55), Avx512Ops.BroadcastVector128ToVector512(b + bRow), acc);
                acc = Vector512.FusedMultiplyAdd(Avx512Ops.Permute4x32(va, 0xAA), Avx512Ops.BroadcastVector128ToVector512(b + 2 * bRow), acc);
                acc = Vector512.FusedMultiplyAdd(Avx512Ops.Permute4x32(va, 0xFF), Avx512Ops.BroadcastVector128ToVector512(b + 3 * bRow), acc);
                if (accumulate)
                {
                    acc += Vector512.Load(c);
                }

                acc.Store(c);
            }
        }

        // Up to three rows left (tall case): one 128-bit row each.
        for (long r = quads * 4; r < rows; r++, a += 4, c += 4)
        {
            Vector128<float> acc = Vector128.FusedMultiplyAdd(Vector128.Create(a[0]), b0.GetLower().GetLower(), biasV.GetLower().GetLower());
            acc = Vector128.FusedMultiplyAdd(Vector128.Create(a[1]), b1.GetLower().GetLower(), acc);
            acc = Vector128.FusedMultiplyAdd(Vector128.Create(a[2]), b2.GetLower().GetLower(), acc);
            acc = Vector128.FusedMultiplyAdd(Vector128.Create(a[3]), b3.GetLower().GetLower(), acc);
            if (accumulate)
            {
                acc += Vector128.Load(c);
            }

            acc.Store(c);
        }
    }
}
