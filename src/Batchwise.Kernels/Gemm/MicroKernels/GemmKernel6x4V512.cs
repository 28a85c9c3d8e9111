using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Gemm.MicroKernels;

/// <summary>
/// AVX-512 micro-kernel: a 6 x (4 vectors) register tile (6 x 64 floats, 6 x 32 doubles).
/// </summary>
/// <remarks>
/// <para>24 accumulators + 4 B vectors + 1 broadcast = 29 of the 32 zmm registers. Each k step does
/// 4 loads and 6 broadcasts for 24 FMAs, so the two FMA pipes stay the bottleneck, and 24
/// independent chains cover the 4-cycle FMA latency twice over.</para>
/// <para>The k loop runs four steps per iteration, as in <see cref="GemmKernel6x2{T, TVector, TOps}"/> (which
/// says why; BLIS's AVX-512 kernels unroll k by four too). Not yet timed on AVX-512 hardware: its
/// x86-64-v4 code (tools/Avx512Disassembly) is the four steps back to back, 24 accumulators in
/// registers, no spills.</para>
/// </remarks>
internal readonly unsafe struct GemmKernel6x4V512<T> : IGemmMicroKernel<T>, IColumnStepTile<T>
    where T : unmanaged, INumberBase<T>
{
    private const int Rows = 6;

    public static int MR => Rows;

    public static int NR => 4 * Vector512<T>.Count;

    public static void Run(nint k, T* a, nint aRow, nint aCol, T* b, nint bRow,
        T* c, nint cRow, nint cCol, int mr, int nr, T* bias, bool accumulate) =>
        ColumnSteps.Run<T, GemmKernel6x4V512<T>>(k, a, aRow, aCol, b, bRow, c, cRow, cCol, mr, nr, bias, accumulate);

    /// <summary>
    /// The tile, with A's column step a constant where <typeparamref name="TStep"/> fixes it. The k loop
    /// runs four steps per iteration; see the type remarks.
    /// </summary>
    [SkipLocalsInit]
    public static void Tile<TStep>(nint k, T* a, nint aRow, nint aCol, T* b, nint bRow,
        T* c, nint cRow, nint cCol, int mr, int nr, T* bias, bool accumulate)
        where TStep : struct, IColumnStep
    {
        // Assumptions: T is float or double; 0 < mr <= 6 and 0 < nr <= NR; B has NR readable
        // columns per row (packed or a full panel of a unit-stride matrix); k >= 0.
        Debug.Assert(typeof(T) == typeof(float) || typeof(T) == typeof(double));
        Debug.Assert(mr > 0 && mr <= Rows && nr > 0 && nr <= NR && k >= 0);
        Debug.Assert(TStep.Of(aCol) == aCol);
        int w = Vector512<T>.Count;
        nint col = TStep.Of(aCol);

        // Rows past mr re-read row 0 so the loop needs no branches and never leaves A.
        T* a0 = a;
        T* a1 = a + (mr > 1 ? aRow : 0);
        T* a2 = a + (mr > 2 ? 2 * aRow : 0);
        T* a3 = a + (mr > 3 ? 3 * aRow : 0);
        T* a4 = a + (mr > 4 ? 4 * aRow : 0);
        T* a5 = a + (mr > 5 ? 5 * aRow : 0);

        Vector512<T> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<T> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<T> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<T> c30 = default, c31 = default, c32 = default, c33 = default;
        Vector512<T> c40 = default, c41 = default, c42 = default, c43 = default;
        Vector512<T> c50 = default, c51 = default, c52 = default, c53 = default;

        nint off = 0;
        nint p = 0;
        for (; p + 4 <= k; p += 4, off += 4 * col)
        {
            Step(a0, a1, a2, a3, a4, a5, off, b,
                ref c00, ref c01, ref c02, ref c03, ref c10, ref c11, ref c12, ref c13, ref c20, ref c21,
                ref c22, ref c23, ref c30, ref c31, ref c32, ref c33, ref c40, ref c41, ref c42, ref c43,
                ref c50, ref c51, ref c52, ref c53);
            b += bRow;
            Step(a0, a1, a2, a3, a4, a5, off + col, b,
                ref c00, ref c01, ref c02, ref c03, ref c10, ref c11, ref c12, ref c13, ref c20, ref c21,
                ref c22, ref c23, ref c30, ref c31, ref c32, ref c33, ref c40, ref c41, ref c42, ref c43,
                ref c50, ref c51, ref c52, ref c53);
            b += bRow;
            Step(a0, a1, a2, a3, a4, a5, off + 2 * col, b,
                ref c00, ref c01, ref c02, ref c03, ref c10, ref c11, ref c12, ref c13, ref c20, ref c21,
                ref c22, ref c23, ref c30, ref c31, ref c32, ref c33, ref c40, ref c41, ref c42, ref c43,
                ref c50, ref c51, ref c52, ref c53);
            b += bRow;
            Step(a0, a1, a2, a3, a4, a5, off + 3 * col, b,
                ref c00, ref c01, ref c02, ref c03, ref c10, ref c11, ref c12, ref c13, ref c20, ref c21,
                ref c22, ref c23, ref c30, ref c31, ref c32, ref c33, ref c40, ref c41, ref c42, ref c43,
                ref c50, ref c51, ref c52, ref c53);
            b += bRow;
        }

        for (; p < k; p++, off += col, b += bRow)
        {
            Step(a0, a1, a2, a3, a4, a5, off, b,
                ref c00, ref c01, ref c02, ref c03, ref c10, ref c11, ref c12, ref c13, ref c20, ref c21,
                ref c22, ref c23, ref c30, ref c31, ref c32, ref c33, ref c40, ref c41, ref c42, ref c43,
                ref c50, ref c51, ref c52, ref c53);
        }

        if (nr == 4 * w && cCol == 1)
        {
            // Full-width tile: store rows straight from the registers (an edge in m only skips rows).
            StoreRow(c, c00, c01, c02, c03, bias, accumulate);
            if (mr > 1)
            {
                StoreRow(c + cRow, c10, c11, c12, c13, bias, accumulate);
            }

            if (mr > 2)
            {
                StoreRow(c + 2 * cRow, c20, c21, c22, c23, bias, accumulate);
            }

            if (mr > 3)
            {
                StoreRow(c + 3 * cRow, c30, c31, c32, c33, bias, accumulate);
            }

            if (mr > 4)
            {
                StoreRow(c + 4 * cRow, c40, c41, c42, c43, bias, accumulate);
            }

            if (mr > 5)
            {
                StoreRow(c + 5 * cRow, c50, c51, c52, c53, bias, accumulate);
            }

            return;
        }

        // Edge tile or strided C: spill to a stack tile and copy the valid part out.
        int stride = 4 * w;
        T* tile = stackalloc T[Rows * 4 * Vector512<T>.Count];
        SpillRow(tile, c00, c01, c02, c03);
        SpillRow(tile + stride, c10, c11, c12, c13);
        SpillRow(tile + 2 * stride, c20, c21, c22, c23);
        SpillRow(tile + 3 * stride, c30, c31, c32, c33);
        SpillRow(tile + 4 * stride, c40, c41, c42, c43);
        SpillRow(tile + 5 * stride, c50, c51, c52, c53);
        TileStore.Store(tile, stride, c, cRow, cCol, mr, nr, bias, accumulate);
    }

    /// <summary>One k step: row i's element <c>ai[off]</c> times B's row at <paramref name="b"/>, into row i's four accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(T* a0, T* a1, T* a2, T* a3, T* a4, T* a5, nint off, T* b,
        ref Vector512<T> c00, ref Vector512<T> c01, ref Vector512<T> c02, ref Vector512<T> c03,
        ref Vector512<T> c10, ref Vector512<T> c11, ref Vector512<T> c12, ref Vector512<T> c13,
        ref Vector512<T> c20, ref Vector512<T> c21, ref Vector512<T> c22, ref Vector512<T> c23,
        ref Vector512<T> c30, ref Vector512<T> c31, ref Vector512<T> c32, ref Vector512<T> c33,
        ref Vector512<T> c40, ref Vector512<T> c41, ref Vector512<T> c42, ref Vector512<T> c43,
        ref Vector512<T> c50, ref Vector512<T> c51, ref Vector512<T> c52, ref Vector512<T> c53)
    {
        int w = Vector512<T>.Count;
        Vector512<T> b0 = Vector512.Load(b);
        Vector512<T> b1 = Vector512.Load(b + w);
        Vector512<T> b2 = Vector512.Load(b + 2 * w);
        Vector512<T> b3 = Vector512.Load(b + 3 * w);
        Vector512<T> x = Vector512.Create(a0[off]);
        c00 = Vector512Ops<T>.Fma(x, b0, c00);
        c01 = Vector512Ops<T>.Fma(x, b1, c01);
        c02 = Vector512Ops<T>.Fma(x, b2, c02);
        c03 = Vector512Ops<T>.Fma(x, b3, c03);
        x = Vector512.Create(a1[off]);
        c10 = Vector512Ops<T>.Fma(x, b0, c10);
        c11 = Vector512Ops<T>.Fma(x, b1, c11);
        c12 = Vector512Ops<T>.Fma(x, b2, c12);
        c13 = Vector512Ops<T>.Fma(x, b3, c13);
        x = Vector512.Create(a2[off]);
        c20 = Vector512Ops<T>.Fma(x, b0, c20);
        c21 = Vector512Ops<T>.Fma(x, b1, c21);
        c22 = Vector512Ops<T>.Fma(x, b2, c22);
        c23 = Vector512Ops<T>.Fma(x, b3, c23);
        x = Vector512.Create(a3[off]);
        c30 = Vector512Ops<T>.Fma(x, b0, c30);
        c31 = Vector512Ops<T>.Fma(x, b1, c31);
        c32 = Vector512Ops<T>.Fma(x, b2, c32);
        c33 = Vector512Ops<T>.Fma(x, b3, c33);
        x = Vector512.Create(a4[off]);
        c40 = Vector512Ops<T>.Fma(x, b0, c40);
        c41 = Vector512Ops<T>.Fma(x, b1, c41);
        c42 = Vector512Ops<T>.Fma(x, b2, c42);
        c43 = Vector512Ops<T>.Fma(x, b3, c43);
        x = Vector512.Create(a5[off]);
        c50 = Vector512Ops<T>.Fma(x, b0, c50);
        c51 = Vector512Ops<T>.Fma(x, b1, c51);
        c52 = Vector512Ops<T>.Fma(x, b2, c52);
        c53 = Vector512Ops<T>.Fma(x, b3, c53);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(T* c, Vector512<T> v0, Vector512<T> v1, Vector512<T> v2, Vector512<T> v3,
        T* bias, bool accumulate)
    {
        int w = Vector512<T>.Count;
        if (bias != null)
        {
            v0 += Vector512.Load(bias);
            v1 += Vector512.Load(bias + w);
            v2 += Vector512.Load(bias + 2 * w);
            v3 += Vector512.Load(bias + 3 * w);
        }

        if (accumulate)
        {
            v0 += Vector512.Load(c);
            v1 += Vector512.Load(c + w);
            v2 += Vector512.Load(c + 2 * w);
            v3 += Vector512.Load(c + 3 * w);
        }

        v0.Store(c);
        v1.Store(c + w);
        v2.Store(c + 2 * w);
        v3.Store(c + 3 * w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SpillRow(T* t, Vector512<T> v0, Vector512<T> v1, Vector512<T> v2, Vector512<T> v3)
    {
        int w = Vector512<T>.Count;
        v0.Store(t);
        v1.Store(t + w);
        v2.Store(t + 2 * w);
        v3.Store(t + 3 * w);
    }
}
