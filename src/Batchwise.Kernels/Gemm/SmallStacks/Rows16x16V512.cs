namespace Batchwise.Kernels.Gemm.SmallStacks;

/// <summary>
/// Stacks of float products with k = 16 and n = 16 (one 512-bit vector per row of B and C), m up to 16:
/// the 16 rows of B stay in registers for the whole item and each row of C is 16 FMAs with A
/// broadcast from memory.
/// </summary>
/// <remarks>
/// 16 B registers plus two accumulator chains per row (even and odd p) leave room for the out-of-order
/// core to overlap four rows, which keeps both FMA pipes busy: about 130 cycles for a 16x16 product.
/// </remarks>
internal static unsafe class Rows16x16V512
{
    /// <summary>k = n = 16, unit column strides on A, B and C, every column of C.</summary>
    public static bool Fits(in GemmJob<float> job) =>
        job.N == 16 && job.K == 16
        && job.ACol == 1 && job.BCol == 1 && job.CCol == 1;

    /// <summary>Rows [r0, r1) of batch items [i0, i1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmJob<float> job, long i0, long i1, int r0, int r1)
    {
        // Assumptions: Fits(job).
        Debug.Assert(Fits(job));
        Vector512<float> bias = job.Bias != null ? Vector512.Load(job.Bias) : Vector512<float>.Zero;
        nint bRow = job.BRow, aRow = job.ARow, cRow = job.CRow;
        bool accumulate = job.Accumulate;
        for (long item = i0; item < i1; item++)
        {
            job.ItemOffsets(item, out nint offA, out nint offB, out nint offC);
            float* b = job.B + offB;
            Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + bRow);
            Vector512<float> b2 = Vector512.Load(b + 2 * bRow), b3 = Vector512.Load(b + 3 * bRow);
            b += 4 * bRow;
            Vector512<float> b4 = Vector512.Load(b), b5 = Vector512.Load(b + bRow);
            Vector512<float> b6 = Vector512.Load(b + 2 * bRow), b7 = Vector512.Load(b + 3 * bRow);
            b += 4 * bRow;
            Vector512<float> b8 = Vector512.Load(b), b9 = Vector512.Load(b + bRow);
            Vector512<float> b10 = Vector512.Load(b + 2 * bRow), b11 = Vector512.Load(b + 3 * bRow);
            b += 4 * bRow;
            Vector512<float> b12 = Vector512.Load(b), b13 = Vector512.Load(b + bRow);
            Vector512<float> b14 = Vector512.Load(b + 2 * bRow), b15 = Vector512.Load(b + 3 * bRow);

            float* a = job.A + offA + r0 * aRow;
            float* c = job.C + offC + r0 * cRow;
            for (int i = r0; i < r1; i++, a += aRow, c += cRow)
            {
                Vector512<float> even = Vector512.FusedMultiplyAdd(Vector512.Create(a[0]), b0, bias);
                Vector512<float> odd = Vector512.Create(a[1]) * b1;
                even = Vector512.FusedMultiplyAdd(Vector512.Create(a[2]), b2, even);
                odd = Vector512.FusedMultiplyAdd(Vector512.Create(a[3]), b3, odd);
                even = Vector512.FusedMultiplyAdd(Vector512.Create(a[4]), b4, even);
                odd = Vector512.FusedMultiplyAdd(Vector512.Create(a[5]), b5, odd);
                even = Vector512.FusedMultiplyAdd(Vector512.Create(a[6]), b6, even);
                odd = Vector512.FusedMultiplyAdd(Vector512.Create(a[7]), b7, odd);
                even = Vector512.FusedMultiplyAdd(Vector512.Create(a[8]), b8, even);
                odd = Vector512.FusedMultiplyAdd(Vector512.Create(a[9]), b9, odd);
                even = Vector512.FusedMultiplyAdd(Vector512.Create(a[10]), b10, even);
                odd = Vector512.FusedMultiplyAdd(Vector512.Create(a[11]), b11, odd);
                even = Vector512.FusedMultiplyAdd(Vector512.Create(a[12]), b12, even);
                odd = Vector512.FusedMultiplyAdd(Vector512.Create(a[13]), b13, odd);
                even = Vector512.FusedMultiplyAdd(Vector512.Create(a[14]), b14, even);
                odd = Vector512.FusedMultiplyAdd(Vector512.Create(a[15]), b15, odd);
                Vector512<float> sum = even + odd;
                if (accumulate)
                {
                    sum += Vector512.Load(c);
                }

                sum.Store(c);
            }
        }
    }
}
