namespace Batchwise.Kernels.Gemm.MicroKernels;

/// <summary>
/// Portable scalar micro-kernel: a 4 x 4 register tile. 16 accumulators fit the 16 general
/// x64 / 32 AArch64 floating-point registers with room for one A and four B values.
/// </summary>
internal readonly unsafe struct GemmKernel4x4Scalar<T> : IGemmMicroKernel<T>
    where T : unmanaged, INumberBase<T>
{
    private const int Rows = 4;
    private const int Cols = 4;

    public static int MR => Rows;

    public static int NR => Cols;

    [SkipLocalsInit]
    public static void Run(nint k, T* a, nint aRow, nint aCol, T* b, nint bRow,
        T* c, nint cRow, nint cCol, int mr, int nr, T* bias, bool accumulate)
    {
        // Assumptions: 0 < mr <= 4 and 0 < nr <= 4; B has 4 readable columns per row; k >= 0.
        Debug.Assert(mr > 0 && mr <= Rows && nr > 0 && nr <= Cols && k >= 0);

        // Rows past mr re-read row 0 so the loop needs no branches and never leaves A.
        T* a0 = a;
        T* a1 = a + (mr > 1 ? aRow : 0);
        T* a2 = a + (mr > 2 ? 2 * aRow : 0);
        T* a3 = a + (mr > 3 ? 3 * aRow : 0);

        T c00 = T.Zero, c01 = T.Zero, c02 = T.Zero, c03 = T.Zero;
        T c10 = T.Zero, c11 = T.Zero, c12 = T.Zero, c13 = T.Zero;
        T c20 = T.Zero, c21 = T.Zero, c22 = T.Zero, c23 = T.Zero;
        T c30 = T.Zero, c31 = T.Zero, c32 = T.Zero, c33 = T.Zero;

        nint off = 0;
        for (nint p = 0; p < k; p++)
        {
            T b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            b += bRow;
            T x = a0[off];
            c00 += x * b0;
            c01 += x * b1;
            c02 += x * b2;
            c03 += x * b3;
            x = a1[off];
            c10 += x * b0;
            c11 += x * b1;
            c12 += x * b2;
            c13 += x * b3;
            x = a2[off];
            c20 += x * b0;
            c21 += x * b1;
            c22 += x * b2;
            c23 += x * b3;
            x = a3[off];
            c30 += x * b0;
            c31 += x * b1;
            c32 += x * b2;
            c33 += x * b3;
            off += aCol;
        }

        T* tile = stackalloc T[Rows * Cols];
        tile[0] = c00;
        tile[1] = c01;
        tile[2] = c02;
        tile[3] = c03;
        tile[4] = c10;
        tile[5] = c11;
        tile[6] = c12;
        tile[7] = c13;
        tile[8] = c20;
        tile[9] = c21;
        tile[10] = c22;
        tile[11] = c23;
        tile[12] = c30;
        tile[13] = c31;
        tile[14] = c32;
        tile[15] = c33;
        TileStore.Store(tile, Cols, c, cRow, cCol, mr, nr, bias, accumulate);
    }
}
