using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Gemm.Dot;

/// <summary>
/// The AVX-512 dot block of <see cref="DotBlocks{TVector, TOps, TBlock}"/>: sixteen float dots at once,
/// for batched dots (one dot per batch item) and GEMV (one dot per row, <c>bStride = 0</c>).
/// </summary>
/// <remarks>
/// A dot of 64 floats is four FMAs; reducing its 16-lane partial sum on its own costs more than that
/// (four shuffle-add levels plus a move to a scalar register). Sixteen partial sums are instead
/// reduced together by a transpose-add tree (31 shuffles and 15 adds for 16 results) and stored as
/// one vector.
/// </remarks>
internal readonly unsafe struct DotBlock16V512 : IDotBlock<Vector512<float>>
{
    /// <summary>Dots per block.</summary>
    public const int Lanes = 16;

    /// <summary>Lane <c>4k + q</c> of the reduction tree holds dot <c>4q + k</c>; this gathers them back in order.</summary>
    private static readonly Vector512<int> s_order = Vector512.Create(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);

    static int IDotBlock<Vector512<float>>.Lanes => Lanes;

    /// <summary>GEMV rows are read one after another, as batched dots are.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> RowDots(in GemmJob<float> job, float* a, nint aStride, float* x, int k) =>
        Dots(a, aStride, x, 0, k);

    /// <summary>The sixteen dots of a block, dot t in lane t.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Dots(float* a, nint aStride, float* b, nint bStride, int k)
    {
        // Assumptions: k >= 0; rows t = 0..15 of a and b each hold k readable floats.
        Debug.Assert(k >= 0);
        Vector512<float> mask = Vector512Ops<float>.FirstLanes(k & (Lanes - 1));
        Vector512<float> x0 = DotBlockRows.FourDots<Vector512<float>, DotBlock16V512>(a, aStride, b, bStride, k, mask);
        a += 4 * aStride;
        b += 4 * bStride;
        Vector512<float> x1 = DotBlockRows.FourDots<Vector512<float>, DotBlock16V512>(a, aStride, b, bStride, k, mask);
        a += 4 * aStride;
        b += 4 * bStride;
        Vector512<float> x2 = DotBlockRows.FourDots<Vector512<float>, DotBlock16V512>(a, aStride, b, bStride, k, mask);
        a += 4 * aStride;
        b += 4 * bStride;
        Vector512<float> x3 = DotBlockRows.FourDots<Vector512<float>, DotBlock16V512>(a, aStride, b, bStride, k, mask);

        // x_g block j holds four partial lanes of dot 4g + j. Interleave within 128-bit lanes twice:
        // lane 4j + q of r then sums dot 4q + j.
        Vector512<float> z01 = Avx512Ops.Shuffle(x0, x1, 0b01_00_01_00) + Avx512Ops.Shuffle(x0, x1, 0b11_10_11_10);
        Vector512<float> z23 = Avx512Ops.Shuffle(x2, x3, 0b01_00_01_00) + Avx512Ops.Shuffle(x2, x3, 0b11_10_11_10);
        Vector512<float> r = Avx512Ops.Shuffle(z01, z23, 0b10_00_10_00) + Avx512Ops.Shuffle(z01, z23, 0b11_01_11_01);
        return Avx512Ops.PermuteVar16x32(r, s_order);
    }

    /// <summary>Four 16-lane partial sums to one vector whose 128-bit block j holds 4 partial lanes of input j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Fold4(Vector512<float> d0, Vector512<float> d1, Vector512<float> d2, Vector512<float> d3)
    {
        // Fold the upper 256 bits onto the lower: w01 = [d0 b0+b2, d0 b1+b3, d1 b0+b2, d1 b1+b3].
        Vector512<float> w01 = Avx512Ops.Shuffle4x128(d0, d1, 0b01_00_01_00) + Avx512Ops.Shuffle4x128(d0, d1, 0b11_10_11_10);
        Vector512<float> w23 = Avx512Ops.Shuffle4x128(d2, d3, 0b01_00_01_00) + Avx512Ops.Shuffle4x128(d2, d3, 0b11_10_11_10);

        // Then pairs of blocks: [d0, d1, d2, d3], one block each.
        return Avx512Ops.Shuffle4x128(w01, w23, 0b10_00_10_00) + Avx512Ops.Shuffle4x128(w01, w23, 0b11_01_11_01);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Partial(float* a, float* b, int k, Vector512<float> mask)
    {
        int p = DotKernels.FmaChains<float, Vector512<float>, Vector512Ops<float>>(a, b, k, out Vector512<float> s0, out Vector512<float> s1);
        if (p < k)
        {
            // Masked-off lanes are neither read nor faulted on.
            s1 = Vector512.FusedMultiplyAdd(Avx512Ops.MaskLoad(a + p, mask, Vector512<float>.Zero),
                Avx512Ops.MaskLoad(b + p, mask, Vector512<float>.Zero), s1);
        }

        return s0 + s1;
    }
}
