namespace Batchwise.Kernels.Gemm.SmallStacks;

/// <summary>
/// The AVX2 form of <see cref="Rows4x4V512"/>: float products with four columns and k = 4 on contiguous
/// rows, two rows of A (half a 4x4 matrix) per 256-bit vector.
/// </summary>
/// <remarks>
/// Row i of C is <c>sum_p A[i, p] * B[p, :]</c>. With rows i and i + 1 in the two 128-bit halves of a
/// register, <c>A[., p]</c> spread over each half is one in-lane shuffle (vpermilps) and row p of B in
/// both halves is one broadcast load (vbroadcastf128), so a 4x4 product is 8 shuffles and 8 FMAs.
/// </remarks>
internal static unsafe class Rows4x4V256
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
        Vector256<float> biasV = bias != null ? Avx.BroadcastVector128ToVector256(bias) : Vector256<float>.Zero;
        if (bStep != 0)
        {
            for (long q = rows / 4; q > 0; q--, a += 16, c += 16, b += bStep)
            {
                Vector256<float> b0 = Avx.BroadcastVector128ToVector256(b);
                Vector256<float> b1 = Avx.BroadcastVector128ToVector256(b + bRow);
                Vector256<float> b2 = Avx.BroadcastVector128ToVector256(b + 2 * bRow);
                Vector256<float> b3 = Avx.BroadcastVector128ToVector256(b + 3 * bRow);
                Pair(a, c, b0, b1, b2, b3, biasV, accumulate);
                Pair(a + 8, c + 8, b0, b1, b2, b3, biasV, accumulate);
            }

            return;
        }

        Vector256<float> s0 = Avx.BroadcastVector128ToVector256(b);
        Vector256<float> s1 = Avx.BroadcastVector128ToVector256(b + bRow);
        Vector256<float> s2 = Avx.BroadcastVector128ToVector256(b + 2 * bRow);
        Vector256<float> s3 = Avx.BroadcastVector128ToVector256(b + 3 * bRow);
        long pairs = rows / 2;
        for (long q = 0; q < pairs; q++, a += 8, c += 8)
        {
            Pair(a, c, s0, s1, s2, s3, biasV, accumulate);
        }

        if ((rows & 1) != 0)
        {
            // One row left (tall case): one 128-bit row.
            Vector128<float> acc = Fma.MultiplyAdd(Vector128.Create(a[0]), s0.GetLower(), biasV.GetLower());
            acc = Fma.MultiplyAdd(Vector128.Create(a[1]), s1.GetLower(), acc);
            acc = Fma.MultiplyAdd(Vector128.Create(a[2]), s2.GetLower(), acc);
            acc = Fma.MultiplyAdd(Vector128.Create(a[3]), s3.GetLower(), acc);
            if (accumulate)
            {
                acc += Vector128.Load(c);
            }

            acc.Store(c);
        }
    }

    /// <summary>Two rows of C (eight floats at <paramref name="c"/>) from two rows of A.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pair(float* a, float* c, Vector256<float> b0, Vector256<float> b1, Vector256<float> b2,
        Vector256<float> b3, Vector256<float> bias, bool accumulate)
    {
        Vector256<float> va = Avx.LoadVector256(a);
        Vector256<float> acc = Fma.MultiplyAdd(Avx.Permute(va, 0x00), b0, bias);
        acc = Fma.MultiplyAdd(Avx.Permute(va, 0x55), b1, acc);
        acc = Fma.MultiplyAdd(Avx.Permute(va, 0xAA), b2, acc);
        acc = Fma.MultiplyAdd(Avx.Permute(va, 0xFF), b3, acc);
        if (accumulate)
        {
            acc += Avx.LoadVector256(c);
        }

        Avx.Store(c, acc);
    }
}
