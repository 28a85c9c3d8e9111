namespace Batchwise.Kernels.Gemm.SmallStacks;

/// <summary>
/// Stacks of contiguous float 3x3 products, computed on the flat data: 16 products are 144 floats,
/// nine 512-bit vectors of A, B and C.
/// </summary>
/// <remarks>
/// <para>Flat element f = 9b + 3i + j of C needs A at f - j + p and B at f - 3i + 3p (p = 0..2), all
/// within 8 floats of f. So for output vector v (floats 16v..16v+15 of the block) two unaligned
/// loads cover a 32-float window of A (and of B) starting at 16v - 8, and one two-source permute
/// (vpermt2ps) per operand and p lines the terms up: 6 permutes and 3 FMAs per 16 outputs, about
/// 3.4 shuffles per product, against ~20 instructions for a per-matrix kernel.</para>
/// <para>The windows read 8 floats before and after a block, so blocks run only where those lie
/// inside the operands ([1, count - 17] as first items); the caller finishes the rest.</para>
/// </remarks>
internal static unsafe class Batched3x3V512
{
    private const int Block = 16;

    /// <summary>Permute indices, 6 vectors per output vector v: A for p = 0..2, then B for p = 0..2.</summary>
    private static readonly int* s_table = BuildTable();

    /// <summary>Contiguous 3x3 stacks on one batch axis, no bias (the caller's other paths handle it).</summary>
    public static bool Fits(in GemmJob<float> job) =>
        job.BatchRank == 1 && job.Bias == null
        && job.M == 3 && job.N == 3 && job.K == 3
        && job.ARow == 3 && job.ACol == 1 && job.BRow == 3 && job.BCol == 1 && job.CRow == 3 && job.CCol == 1
        && job.ABatch[0] == 9 && job.BBatch[0] == 9 && job.CBatch[0] == 9;

    /// <summary>
    /// Runs whole blocks of 16 items inside [i0, i1) whose windows stay inside the batch, and returns
    /// the range [start, end) done; the caller runs [i0, start) and [end, i1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (long Start, long End) Run(in GemmJob<float> job, long i0, long i1)
    {
        // Assumptions: Fits(job).
        Debug.Assert(Fits(job));
        long start = Math.Max(i0, 1);
        long last = Math.Min(i1, job.BatchCount - 1) - Block; // last allowed first item of a block
        long item = start;
        bool accumulate = job.Accumulate;
        int* table = s_table;
        for (; item <= last; item += Block)
        {
            float* a = job.A + item * 9 - 8;
            float* b = job.B + item * 9 - 8;
            float* c = job.C + item * 9;
            int* t = table;
            for (int v = 0; v < 9; v++, a += 16, b += 16, c += 16, t += 6 * 16)
            {
                Vector512<float> al = Vector512.Load(a), ah = Vector512.Load(a + 16);
                Vector512<float> bl = Vector512.Load(b), bh = Vector512.Load(b + 16);
                Vector512<float> acc = Vector512.Multiply(
                    Avx512Ops.PermuteVar16x32x2(al, Vector512.Load(t), ah),
                    Avx512Ops.PermuteVar16x32x2(bl, Vector512.Load(t + 48), bh));
                acc = Vector512.FusedMultiplyAdd(
                    Avx512Ops.PermuteVar16x32x2(al, Vector512.Load(t + 16), ah),
                    Avx512Ops.PermuteVar16x32x2(bl, Vector512.Load(t + 64), bh), acc);
                acc = Vector512.FusedMultiplyAdd(
                    Avx512Ops.PermuteVar16x32x2(al, Vector512.Load(t + 32), ah),
                    Avx512Ops.PermuteVar16x32x2(bl, Vector512.Load(t + 80), bh), acc);
                if (accumulate)
                {
                    acc += Vector512.Load(c);
                }

                acc.Store(c);
            }
        }

        return item > start ? (start, item) : (i0, i0);
    }

    private static int* BuildTable()
    {
        int* t = (int*)NativeMemory.AlignedAlloc(9 * 6 * 16 * sizeof(int), 64);
        for (int v = 0; v < 9; v++)
        {
            for (int l = 0; l < 16; l++)
            {
                int f = 16 * v + l, b = f / 9, i = f % 9 / 3, j = f % 3, window = 16 * v - 8;
                for (int p = 0; p < 3; p++)
                {
                    t[(v * 6 + p) * 16 + l] = 9 * b + 3 * i + p - window;
                    t[(v * 6 + 3 + p) * 16 + l] = 9 * b + 3 * p + j - window;
                }
            }
        }

        return t;
    }
}
