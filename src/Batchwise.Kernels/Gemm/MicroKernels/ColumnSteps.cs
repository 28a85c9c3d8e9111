namespace Batchwise.Kernels.Gemm.MicroKernels;

/// <summary>
/// A's column step (<c>aCol</c>) as a type, so that a micro-kernel compiled for one of the common
/// steps sees it as a constant: the four steps of its unrolled k loop then index A at the loop's
/// index plus a constant, one address computation per step shared by the six rows.
/// </summary>
internal interface IColumnStep
{
    /// <summary>The step: a constant, or <paramref name="aCol"/> itself for <see cref="AnyColumns"/>.</summary>
    static abstract nint Of(nint aCol);
}

/// <summary>A micro-panel packed for a 6-row kernel: one column is 6 consecutive elements.</summary>
internal readonly struct PackedSixRows : IColumnStep
{
    /// <summary>The step: MR of the 6-row kernels.</summary>
    public const int Step = 6;

    public static nint Of(nint aCol) => Step;
}

/// <summary>A row-major matrix read in place: consecutive columns are adjacent.</summary>
internal readonly struct UnitColumns : IColumnStep
{
    public static nint Of(nint aCol) => 1;
}

/// <summary>Any other step, read at run time.</summary>
internal readonly struct AnyColumns : IColumnStep
{
    public static nint Of(nint aCol) => aCol;
}

/// <summary>A micro-kernel whose tile is compiled once per <see cref="IColumnStep"/>.</summary>
internal unsafe interface IColumnStepTile<T>
    where T : unmanaged
{
    /// <summary>The tile of <see cref="IGemmMicroKernel{T}.Run"/>, with A's column step fixed by <typeparamref name="TStep"/>.</summary>
    static abstract void Tile<TStep>(nint k, T* a, nint aRow, nint aCol, T* b, nint bRow,
        T* c, nint cRow, nint cCol, int mr, int nr, T* bias, bool accumulate)
        where TStep : struct, IColumnStep;
}

/// <summary>A micro-kernel whose edge over two panels is compiled once per <see cref="IColumnStep"/>.</summary>
internal unsafe interface IColumnStepEdgePair<T>
    where T : unmanaged
{
    /// <summary><see cref="IGemmMicroKernel{T}.RunEdgePair"/> with A's column step fixed by <typeparamref name="TStep"/>.</summary>
    static abstract void EdgePair<TStep>(nint k, T* a, nint aRow, nint aCol, T* b, T* bNext, nint bRow,
        T* c, nint cRow, int mr, T* bias, bool accumulate)
        where TStep : struct, IColumnStep;
}

/// <summary>Picks the column-step form of a kernel's tile: the one place that says which steps are constants.</summary>
internal static unsafe class ColumnSteps
{
    /// <summary>Runs <typeparamref name="TKernel"/>'s tile compiled for <paramref name="aCol"/> where it is a common step.</summary>
    public static void Run<T, TKernel>(nint k, T* a, nint aRow, nint aCol, T* b, nint bRow,
        T* c, nint cRow, nint cCol, int mr, int nr, T* bias, bool accumulate)
        where T : unmanaged
        where TKernel : IColumnStepTile<T>
    {
        if (aCol == PackedSixRows.Step)
        {
            TKernel.Tile<PackedSixRows>(k, a, aRow, aCol, b, bRow, c, cRow, cCol, mr, nr, bias, accumulate);
        }
        else if (aCol == 1)
        {
            TKernel.Tile<UnitColumns>(k, a, aRow, aCol, b, bRow, c, cRow, cCol, mr, nr, bias, accumulate);
        }
        else
        {
            TKernel.Tile<AnyColumns>(k, a, aRow, aCol, b, bRow, c, cRow, cCol, mr, nr, bias, accumulate);
        }
    }

    /// <summary>Runs <typeparamref name="TKernel"/>'s edge pair compiled for <paramref name="aCol"/> where it is a common step.</summary>
    public static void RunEdgePair<T, TKernel>(nint k, T* a, nint aRow, nint aCol, T* b, T* bNext, nint bRow,
        T* c, nint cRow, int mr, T* bias, bool accumulate)
        where T : unmanaged
        where TKernel : IColumnStepEdgePair<T>
    {
        if (aCol == PackedSixRows.Step)
        {
            TKernel.EdgePair<PackedSixRows>(k, a, aRow, aCol, b, bNext, bRow, c, cRow, mr, bias, accumulate);
        }
        else if (aCol == 1)
        {
            TKernel.EdgePair<UnitColumns>(k, a, aRow, aCol, b, bNext, bRow, c, cRow, mr, bias, accumulate);
        }
        else
        {
            TKernel.EdgePair<AnyColumns>(k, a, aRow, aCol, b, bNext, bRow, c, cRow, mr, bias, accumulate);
        }
    }

    /// <summary>
    /// Checks a six-row float or double tile's arguments and returns A's column step for
    /// <typeparamref name="TStep"/>, and the row pointers of its <paramref name="mr"/> valid rows: rows
    /// past mr re-read row 0, so the k loop needs no branches and never leaves A. B must have
    /// <paramref name="tileColumns"/> readable columns per row (packed, or a full panel of a
    /// unit-stride matrix) whatever <paramref name="nr"/> is.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint SixRowTile<T, TStep>(T* a, nint aRow, nint aCol, int mr, int nr, int tileColumns, nint k,
        out T* a0, out T* a1, out T* a2, out T* a3, out T* a4, out T* a5)
        where T : unmanaged
        where TStep : struct, IColumnStep
    {
        Debug.Assert(typeof(T) == typeof(float) || typeof(T) == typeof(double));
        Debug.Assert(mr is > 0 and <= 6 && nr > 0 && nr <= tileColumns && k >= 0);
        Debug.Assert(TStep.Of(aCol) == aCol);
        a0 = a;
        a1 = a + (mr > 1 ? aRow : 0);
        a2 = a + (mr > 2 ? 2 * aRow : 0);
        a3 = a + (mr > 3 ? 3 * aRow : 0);
        a4 = a + (mr > 4 ? 4 * aRow : 0);
        a5 = a + (mr > 5 ? 5 * aRow : 0);
        return TStep.Of(aCol);
    }
}
