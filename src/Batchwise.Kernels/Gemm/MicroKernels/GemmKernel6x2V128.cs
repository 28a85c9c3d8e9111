using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Gemm.MicroKernels;

/// <summary>
/// SSE / NEON micro-kernel: a 6 x (2 vectors) register tile (6 x 8 floats, 6 x 4 doubles).
/// </summary>
/// <remarks>
/// <para>12 accumulators + 2 B vectors + 1 broadcast = 15 of the 16 xmm registers SSE has (NEON has
/// 32), and 12 independent chains cover 2 FMA pipes x 4-cycle latency (8).</para>
/// <para>The k loop runs four steps per iteration, as in <see cref="GemmKernel6x2V256{T}"/> (which
/// says why).</para>
/// </remarks>
internal readonly unsafe struct GemmKernel6x2V128<T> : IGemmMicroKernel<T>, IColumnStepTile<T>
    where T : unmanaged, INumberBase<T>
{
    private const int Rows = 6;

    public static int MR => Rows;

    public static int NR => 2 * Vector128<T>.Count;

    public static void Run(nint k, T* a, nint aRow, nint aCol, T* b, nint bRow,
        T* c, nint cRow, nint cCol, int mr, int nr, T* bias, bool accumulate) =>
        ColumnSteps.Run<T, GemmKernel6x2V128<T>>(k, a, aRow, aCol, b, bRow, c, cRow, cCol, mr, nr, bias, accumulate);

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
        int w = Vector128<T>.Count;
        nint col = TStep.Of(aCol);

        // Rows past mr re-read row 0 so the loop needs no branches and never leaves A.
        T* a0 = a;
        T* a1 = a + (mr > 1 ? aRow : 0);
        T* a2 = a + (mr > 2 ? 2 * aRow : 0);
        T* a3 = a + (mr > 3 ? 3 * aRow : 0);
        T* a4 = a + (mr > 4 ? 4 * aRow : 0);
        T* a5 = a + (mr > 5 ? 5 * aRow : 0);

        Vector128<T> c00 = default, c01 = default;
        Vector128<T> c10 = default, c11 = default;
        Vector128<T> c20 = default, c21 = default;
        Vector128<T> c30 = default, c31 = default;
        Vector128<T> c40 = default, c41 = default;
        Vector128<T> c50 = default, c51 = default;

        nint off = 0;
        nint p = 0;
        for (; p + 4 <= k; p += 4, off += 4 * col)
        {
            Step(a0, a1, a2, a3, a4, a5, off, b, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21,
                ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            b += bRow;
            Step(a0, a1, a2, a3, a4, a5, off + col, b, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21,
                ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            b += bRow;
            Step(a0, a1, a2, a3, a4, a5, off + 2 * col, b, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21,
                ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            b += bRow;
            Step(a0, a1, a2, a3, a4, a5, off + 3 * col, b, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21,
                ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            b += bRow;
        }

        for (; p < k; p++, off += col, b += bRow)
        {
            Step(a0, a1, a2, a3, a4, a5, off, b, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21,
                ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
        }

        if (nr == 2 * w && cCol == 1)
        {
            // Full-width tile: store rows straight from the registers (an edge in m only skips rows).
            StoreRow(c, c00, c01, bias, accumulate);
            if (mr > 1)
            {
                StoreRow(c + cRow, c10, c11, bias, accumulate);
            }

            if (mr > 2)
            {
                StoreRow(c + 2 * cRow, c20, c21, bias, accumulate);
            }

            if (mr > 3)
            {
                StoreRow(c + 3 * cRow, c30, c31, bias, accumulate);
            }

            if (mr > 4)
            {
                StoreRow(c + 4 * cRow, c40, c41, bias, accumulate);
            }

            if (mr > 5)
            {
                StoreRow(c + 5 * cRow, c50, c51, bias, accumulate);
            }

            return;
        }

        // Edge tile or strided C: spill to a stack tile and copy the valid part out.
        int stride = 2 * w;
        T* tile = stackalloc T[Rows * 2 * Vector128<T>.Count];
        SpillRow(tile, c00, c01);
        SpillRow(tile + stride, c10, c11);
        SpillRow(tile + 2 * stride, c20, c21);
        SpillRow(tile + 3 * stride, c30, c31);
        SpillRow(tile + 4 * stride, c40, c41);
        SpillRow(tile + 5 * stride, c50, c51);
        TileStore.Store(tile, stride, c, cRow, cCol, mr, nr, bias, accumulate);
    }

    /// <summary>One k step: row i's element <c>ai[off]</c> times B's row at <paramref name="b"/>, into row i's two accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(T* a0, T* a1, T* a2, T* a3, T* a4, T* a5, nint off, T* b,
        ref Vector128<T> c00, ref Vector128<T> c01, ref Vector128<T> c10, ref Vector128<T> c11,
        ref Vector128<T> c20, ref Vector128<T> c21, ref Vector128<T> c30, ref Vector128<T> c31,
        ref Vector128<T> c40, ref Vector128<T> c41, ref Vector128<T> c50, ref Vector128<T> c51)
    {
        Vector128<T> b0 = Vector128.Load(b);
        Vector128<T> b1 = Vector128.Load(b + Vector128<T>.Count);
        Vector128<T> x = Vector128.Create(a0[off]);
        c00 = VectorMath.Fma(x, b0, c00);
        c01 = VectorMath.Fma(x, b1, c01);
        x = Vector128.Create(a1[off]);
        c10 = VectorMath.Fma(x, b0, c10);
        c11 = VectorMath.Fma(x, b1, c11);
        x = Vector128.Create(a2[off]);
        c20 = VectorMath.Fma(x, b0, c20);
        c21 = VectorMath.Fma(x, b1, c21);
        x = Vector128.Create(a3[off]);
        c30 = VectorMath.Fma(x, b0, c30);
        c31 = VectorMath.Fma(x, b1, c31);
        x = Vector128.Create(a4[off]);
        c40 = VectorMath.Fma(x, b0, c40);
        c41 = VectorMath.Fma(x, b1, c41);
        x = Vector128.Create(a5[off]);
        c50 = VectorMath.Fma(x, b0, c50);
        c51 = VectorMath.Fma(x, b1, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(T* c, Vector128<T> v0, Vector128<T> v1, T* bias, bool accumulate)
    {
        int w = Vector128<T>.Count;
        if (bias != null)
        {
            v0 += Vector128.Load(bias);
            v1 += Vector128.Load(bias + w);
        }

        if (accumulate)
        {
            v0 += Vector128.Load(c);
            v1 += Vector128.Load(c + w);
        }

        v0.Store(c);
        v1.Store(c + w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SpillRow(T* t, Vector128<T> v0, Vector128<T> v1)
    {
        v0.Store(t);
        v1.Store(t + Vector128<T>.Count);
    }
}
