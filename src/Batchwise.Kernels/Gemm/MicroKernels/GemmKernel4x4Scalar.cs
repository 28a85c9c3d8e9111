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
            RowStep(a0[off], b0, b1, b2, b3, ref c00, ref c01, ref c02, ref c03);
            RowStep(a1[off], b0, b1, b2, b3, ref c10, ref c11, ref c12, ref c13);
            RowStep(a2[off], b0, b1, b2, b3, ref c20, ref c21, ref c22, ref c23);
            RowStep(a3[off], b0, b1, b2, b3, ref c30, ref c31, ref c32, ref c33);
            off += aCol;
        }

        T* tile = stackalloc T[Rows * Cols];
        SpillRow(tile, c00, c01, c02, c03);
        SpillRow(tile + 4, c10, c11, c12, c13);
        SpillRow(tile + 8, c20, c21, c22, c23);
        SpillRow(tile + 12, c30, c31, c32, c33);
        TileStore.Store(tile, Cols, c, cRow, cCol, mr, nr, bias, accumulate);
    }

    /// <summary>Row i's four accumulators plus <paramref name="ai"/> times B's four elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowStep(T ai, T b0, T b1, T b2, T b3, ref T c0, ref T c1, ref T c2, ref T c3)
    {
        c0 += ai * b0;
        c1 += ai * b1;
        c2 += ai * b2;
        c3 += ai * b3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SpillRow(T* t, T v0, T v1, T v2, T v3)
    {
        t[0] = v0;
        t[1] = v1;
        t[2] = v2;
        t[3] = v3;
    }
}
