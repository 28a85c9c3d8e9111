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
    public static nint Of(nint aCol) => 6;
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
