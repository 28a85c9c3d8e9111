using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Gemm.SmallStacks;

/// <summary>
/// Float products with four columns and k = 4 on contiguous rows: a stack of 4x4 products
/// (<c>(batch, 4, 4) @ (batch, 4, 4)</c>) or a tall <c>(rows, 4) @ (4, 4)</c> (a shared 4x4 B folded
/// into rows). Written once over the register width: a register holds one row of A per 128-bit
/// block, two rows with AVX2 and a whole 4x4 matrix with AVX-512.
/// </summary>
/// <remarks>
/// Row i of C is <c>sum_p A[i, p] * B[p, :]</c>. With one row per 128-bit block, <c>A[i, p]</c>
/// spread over its block is one in-lane shuffle (vpermilps) of the A register and row p of B in every
/// block is one broadcast load (vbroadcastf128 / vbroadcastf32x4, a load-port operation), so a
/// register of rows costs 4 shuffles and 4 FMAs with no per-matrix set-up.
/// </remarks>
/// <typeparam name="TVector">The register type of <typeparamref name="TOps"/>: 256 or 512 bits.</typeparam>
/// <typeparam name="TOps">The vector width.</typeparam>
internal static unsafe class Rows4x4<TVector, TOps>
    where TVector : unmanaged
    where TOps : struct, IVectorOps<TVector, float>, IBlockOps<TVector, float>
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
        Debug.Assert(TOps.Count is 8 or 16);
        int w = TOps.Count;
        nint bRow2 = 2 * bRow, bRow3 = 3 * bRow;
        TVector biasV = bias != null ? TOps.BroadcastBlock(bias) : TOps.Zero;
        if (bStep != 0)
        {
            // A stack: each 4x4 matrix of A (16 floats, one or two registers) has its own B.
            for (long q = rows / 4; q > 0; q--, a += 16, c += 16, b += bStep)
            {
                TVector b0 = TOps.BroadcastBlock(b), b1 = TOps.BroadcastBlock(b + bRow);
                TVector b2 = TOps.BroadcastBlock(b + bRow2), b3 = TOps.BroadcastBlock(b + bRow3);
                Rows(a, c, b0, b1, b2, b3, biasV, accumulate);
                if (w == 8)
                {
                    Rows(a + 8, c + 8, b0, b1, b2, b3, biasV, accumulate);
                }
            }

            return;
        }

        TVector s0 = TOps.BroadcastBlock(b), s1 = TOps.BroadcastBlock(b + bRow);
        TVector s2 = TOps.BroadcastBlock(b + bRow2), s3 = TOps.BroadcastBlock(b + bRow3);
        long registers = rows / (w / 4);
        for (long q = 0; q < registers; q++, a += w, c += w)
        {
            Rows(a, c, s0, s1, s2, s3, biasV, accumulate);
        }

        // The rows short of a whole register (tall case): one 128-bit row each.
        Vector128<float> bias128 = bias != null ? Vector128.Load(bias) : Vector128<float>.Zero;
        for (long r = registers * (w / 4); r < rows; r++, a += 4, c += 4)
        {
            Vector128<float> acc = Vector128.FusedMultiplyAdd(Vector128.Create(a[0]), Vector128.Load(b), bias128);
            acc = Vector128.FusedMultiplyAdd(Vector128.Create(a[1]), Vector128.Load(b + bRow), acc);
            acc = Vector128.FusedMultiplyAdd(Vector128.Create(a[2]), Vector128.Load(b + 2 * bRow), acc);
            acc = Vector128.FusedMultiplyAdd(Vector128.Create(a[3]), Vector128.Load(b + 3 * bRow), acc);
            if (accumulate)
            {
                acc += Vector128.Load(c);
            }

            acc.Store(c);
        }
    }

    /// <summary>One register of rows of C at <paramref name="c"/> from the same rows of A.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows(float* a, float* c, TVector b0, TVector b1, TVector b2, TVector b3, TVector bias, bool accumulate)
    {
        TVector va = TOps.Load(a);
        TVector acc = TOps.Fma(TOps.PermuteInBlocks(va, 0x00), b0, bias);
        acc = TOps.Fma(TOps.PermuteInBlocks(va, 0x55), b1, acc);
        acc = TOps.Fma(TOps.PermuteInBlocks(va, 0xAA), b2, acc);
        acc = TOps.Fma(TOps.PermuteInBlocks(va, 0xFF), b3, acc);
        TOps.Store(accumulate ? TOps.Add(acc, TOps.Load(c)) : acc, c);
    }
}
