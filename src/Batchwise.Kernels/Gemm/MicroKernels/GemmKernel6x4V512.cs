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
/// says why; BLIS's AVX-512 kernels unroll k by four too). Its x86-64-v4 code
/// (tools/Avx512Disassembly) is the four steps back to back, 24 accumulators in registers, no spills.</para>
/// </remarks>
[SkipLocalsInit]
internal readonly unsafe struct GemmKernel6x4V512<T> : IGemmMicroKernel<T>, IColumnStepTile<T>
    where T : unmanaged, INumberBase<T>
{
    private const int Rows = 6;

    public static int MR => Rows;

    public static int NR => 4 * Vector512<T>.Count;

    public static void Run(nint k, T* a, nint aRow, nint aCol, T* b, nint bRow,
        T* c, nint cRow, nint cCol, int mr, int nr, T* bias, bool accumulate) =>
        ColumnSteps.Run<T, GemmKernel6x4V512<T>>(k, a, aRow, aCol, b, bRow, c, cRow, cCol, mr, nr, bias, accumulate);

    /// <inheritdoc cref="IColumnStepTile{T}.Tile"/>
    /// <remarks>The k loop runs four steps per iteration; see the type remarks.</remarks>
    public static void Tile<TStep>(nint k, T* a, nint aRow, nint aCol, T* b, nint bRow,
        T* c, nint cRow, nint cCol, int mr, int nr, T* bias, bool accumulate)
        where TStep : struct, IColumnStep
    {
        nint col = ColumnSteps.SixRowTile<T, TStep>(a, aRow, aCol, mr, nr, NR, k,
            out T* a0, out T* a1, out T* a2, out T* a3, out T* a4, out T* a5);

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

        if (nr == NR && cCol == 1)
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
        int stride = NR;
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
        RowStep(a0[off], b0, b1, b2, b3, ref c00, ref c01, ref c02, ref c03);
        RowStep(a1[off], b0, b1, b2, b3, ref c10, ref c11, ref c12, ref c13);
        RowStep(a2[off], b0, b1, b2, b3, ref c20, ref c21, ref c22, ref c23);
        RowStep(a3[off], b0, b1, b2, b3, ref c30, ref c31, ref c32, ref c33);
        RowStep(a4[off], b0, b1, b2, b3, ref c40, ref c41, ref c42, ref c43);
        RowStep(a5[off], b0, b1, b2, b3, ref c50, ref c51, ref c52, ref c53);
    }

    /// <summary>Row i's four accumulators plus <paramref name="ai"/> times B's four vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowStep(T ai, Vector512<T> b0, Vector512<T> b1, Vector512<T> b2, Vector512<T> b3,
        ref Vector512<T> c0, ref Vector512<T> c1, ref Vector512<T> c2, ref Vector512<T> c3)
    {
        Vector512<T> x = Vector512.Create(ai);
        c0 = Vector512Ops<T>.Fma(x, b0, c0);
        c1 = Vector512Ops<T>.Fma(x, b1, c1);
        c2 = Vector512Ops<T>.Fma(x, b2, c2);
        c3 = Vector512Ops<T>.Fma(x, b3, c3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(T* c, Vector512<T> v0, Vector512<T> v1, Vector512<T> v2, Vector512<T> v3,
        T* bias, bool accumulate)
    {
        if (bias != null)
        {
            AddRow(bias, ref v0, ref v1, ref v2, ref v3);
        }

        if (accumulate)
        {
            AddRow(c, ref v0, ref v1, ref v2, ref v3);
        }

        SpillRow(c, v0, v1, v2, v3);
    }

    /// <summary>The four vectors plus the row at <paramref name="p"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow(T* p, ref Vector512<T> v0, ref Vector512<T> v1, ref Vector512<T> v2, ref Vector512<T> v3)
    {
        int w = Vector512<T>.Count;
        v0 += Vector512.Load(p);
        v1 += Vector512.Load(p + w);
        v2 += Vector512.Load(p + 2 * w);
        v3 += Vector512.Load(p + 3 * w);
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
