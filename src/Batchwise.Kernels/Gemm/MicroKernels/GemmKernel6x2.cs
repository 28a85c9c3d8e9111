using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Gemm.MicroKernels;

/// <summary>
/// The 6 x (2 vectors) register tile for 128- and 256-bit vectors (6 x 16 floats with AVX2), written
/// once over the width through <typeparamref name="TOps"/>; the JIT compiles one copy per width.
/// </summary>
/// <remarks>
/// <para>The Haswell shape of BLIS: 12 accumulators + 2 B vectors + 1 broadcast = 15 of the 16 vector
/// registers SSE and AVX2 have, and 12 independent chains cover 2 FMA pipes x 4-cycle latency (8).</para>
/// <para>The k loop runs four steps per iteration. One step is 12 FMAs and 8 loads, and a loop of one
/// step adds 4 instructions of overhead (pointer, index, count, branch) to every step, enough to
/// hold the tile visibly below the FMA pipes' peak; four steps amortise it. A's column
/// step is a type parameter (<see cref="IColumnStep"/>), a constant for packed A and for row-major A
/// read in place.</para>
/// </remarks>
/// <typeparam name="T">float or double.</typeparam>
/// <typeparam name="TVector">The register type of <typeparamref name="TOps"/>.</typeparam>
/// <typeparam name="TOps">The vector width (<see cref="Vector128Ops{T}"/> or <see cref="Vector256Ops{T}"/>).</typeparam>
[SkipLocalsInit]
internal readonly unsafe struct GemmKernel6x2<T, TVector, TOps> : IGemmMicroKernel<T>, IColumnStepTile<T>, IColumnStepEdgePair<T>
    where T : unmanaged, INumberBase<T>
    where TVector : unmanaged
    where TOps : struct, IVectorOps<TVector, T>
{

    private const int Rows = 6;

    public static int MR => Rows;

    public static int NR => 2 * TOps.Count;

    public static void Run(nint k, T* a, nint aRow, nint aCol, T* b, nint bRow,
        T* c, nint cRow, nint cCol, int mr, int nr, T* bias, bool accumulate) =>
        ColumnSteps.Run<T, GemmKernel6x2<T, TVector, TOps>>(k, a, aRow, aCol, b, bRow, c, cRow, cCol, mr, nr, bias, accumulate);

    /// <inheritdoc cref="IColumnStepTile{T}.Tile"/>
    /// <remarks>The k loop runs four steps per iteration; see the type remarks.</remarks>
    public static void Tile<TStep>(nint k, T* a, nint aRow, nint aCol, T* b, nint bRow,
        T* c, nint cRow, nint cCol, int mr, int nr, T* bias, bool accumulate)
        where TStep : struct, IColumnStep
    {
        nint col = ColumnSteps.SixRowTile<T, TStep>(a, aRow, aCol, mr, nr, NR, k,
            out T* a0, out T* a1, out T* a2, out T* a3, out T* a4, out T* a5);

        TVector c00 = TOps.Zero, c01 = TOps.Zero;
        TVector c10 = TOps.Zero, c11 = TOps.Zero;
        TVector c20 = TOps.Zero, c21 = TOps.Zero;
        TVector c30 = TOps.Zero, c31 = TOps.Zero;
        TVector c40 = TOps.Zero, c41 = TOps.Zero;
        TVector c50 = TOps.Zero, c51 = TOps.Zero;

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

        if (nr == NR && cCol == 1)
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
        int stride = NR;
        T* tile = stackalloc T[Rows * 2 * TOps.Count];
        SpillRow(tile, c00, c01);
        SpillRow(tile + stride, c10, c11);
        SpillRow(tile + 2 * stride, c20, c21);
        SpillRow(tile + 3 * stride, c30, c31);
        SpillRow(tile + 4 * stride, c40, c41);
        SpillRow(tile + 5 * stride, c50, c51);
        TileStore.Store(tile, stride, c, cRow, cCol, mr, nr, bias, accumulate);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Why: an edge of one or two rows run alone keeps two or four FMA chains in flight, too few to
    /// cover the FMAs' latency, and costs as much as a full tile (a product of 32 rows as much as one of
    /// 36). Across two panels it keeps eight, at less than half a full tile per panel, and needs 13 of
    /// the 16 vector registers (three rows would need 17, and a spilled accumulator costs more than the
    /// pairing saves). Each element is one chain over k in the same order as in the full tile, so the
    /// bits do not depend on where the edge falls (a split across threads moves it).
    /// </remarks>
    public static int PairedEdgeRows => 2;

    /// <inheritdoc/>
    public static void RunEdgePair(nint k, T* a, nint aRow, nint aCol, T* b, T* bNext, nint bRow,
        T* c, nint cRow, int mr, T* bias, bool accumulate) =>
        ColumnSteps.RunEdgePair<T, GemmKernel6x2<T, TVector, TOps>>(k, a, aRow, aCol, b, bNext, bRow, c, cRow, mr, bias, accumulate);

    /// <inheritdoc cref="IColumnStepEdgePair{T}.EdgePair"/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void EdgePair<TStep>(nint k, T* a, nint aRow, nint aCol, T* b, T* bNext, nint bRow,
        T* c, nint cRow, int mr, T* bias, bool accumulate)
        where TStep : struct, IColumnStep
    {
        Debug.Assert(mr <= PairedEdgeRows);
        nint col = ColumnSteps.SixRowTile<T, TStep>(a, aRow, aCol, mr, NR, NR, k,
            out T* a0, out T* a1, out _, out _, out _, out _);

        // Row i: ci0, ci1 against b and di0, di1 against bNext.
        TVector c00 = TOps.Zero, c01 = TOps.Zero, d00 = TOps.Zero, d01 = TOps.Zero;
        TVector c10 = TOps.Zero, c11 = TOps.Zero, d10 = TOps.Zero, d11 = TOps.Zero;
        int w = TOps.Count;
        nint off = 0;
        for (nint p = 0; p < k; p++, off += col, b += bRow, bNext += bRow)
        {
            TVector b0 = TOps.Load(b), b1 = TOps.Load(b + w), b2 = TOps.Load(bNext), b3 = TOps.Load(bNext + w);
            TVector x = TOps.Broadcast(a0[off]);
            c00 = TOps.Fma(x, b0, c00);
            c01 = TOps.Fma(x, b1, c01);
            d00 = TOps.Fma(x, b2, d00);
            d01 = TOps.Fma(x, b3, d01);
            x = TOps.Broadcast(a1[off]);
            c10 = TOps.Fma(x, b0, c10);
            c11 = TOps.Fma(x, b1, c11);
            d10 = TOps.Fma(x, b2, d10);
            d11 = TOps.Fma(x, b3, d11);
        }

        T* biasNext = bias != null ? bias + NR : null;
        StoreRow(c, c00, c01, bias, accumulate);
        StoreRow(c + NR, d00, d01, biasNext, accumulate);
        if (mr > 1)
        {
            StoreRow(c + cRow, c10, c11, bias, accumulate);
            StoreRow(c + cRow + NR, d10, d11, biasNext, accumulate);
        }
    }

    /// <summary>One k step: row i's element <c>ai[off]</c> times B's row at <paramref name="b"/>, into row i's two accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(T* a0, T* a1, T* a2, T* a3, T* a4, T* a5, nint off, T* b,
        ref TVector c00, ref TVector c01, ref TVector c10, ref TVector c11,
        ref TVector c20, ref TVector c21, ref TVector c30, ref TVector c31,
        ref TVector c40, ref TVector c41, ref TVector c50, ref TVector c51)
    {
        TVector b0 = TOps.Load(b);
        TVector b1 = TOps.Load(b + TOps.Count);
        RowStep(a0[off], b0, b1, ref c00, ref c01);
        RowStep(a1[off], b0, b1, ref c10, ref c11);
        RowStep(a2[off], b0, b1, ref c20, ref c21);
        RowStep(a3[off], b0, b1, ref c30, ref c31);
        RowStep(a4[off], b0, b1, ref c40, ref c41);
        RowStep(a5[off], b0, b1, ref c50, ref c51);
    }

    /// <summary>Row i's two accumulators plus <paramref name="ai"/> times B's two vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowStep(T ai, TVector b0, TVector b1, ref TVector c0, ref TVector c1)
    {
        TVector x = TOps.Broadcast(ai);
        c0 = TOps.Fma(x, b0, c0);
        c1 = TOps.Fma(x, b1, c1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(T* c, TVector v0, TVector v1, T* bias, bool accumulate)
    {
        if (bias != null)
        {
            AddRow(bias, ref v0, ref v1);
        }

        if (accumulate)
        {
            AddRow(c, ref v0, ref v1);
        }

        SpillRow(c, v0, v1);
    }

    /// <summary>The two vectors plus the row at <paramref name="p"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow(T* p, ref TVector v0, ref TVector v1)
    {
        v0 = TOps.Add(v0, TOps.Load(p));
        v1 = TOps.Add(v1, TOps.Load(p + TOps.Count));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SpillRow(T* t, TVector v0, TVector v1)
    {
        TOps.Store(v0, t);
        TOps.Store(v1, t + TOps.Count);
    }
}
