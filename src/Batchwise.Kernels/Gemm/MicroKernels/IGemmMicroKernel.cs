namespace Batchwise.Kernels.Gemm.MicroKernels;

/// <summary>
/// The BLIS micro-kernel contract: C[0..mr, 0..nr] = A(MR x k) * B(k x NR) (+ bias) (+ C).
/// </summary>
/// <remarks>
/// <para>A is read through two strides so that the same kernel runs on a packed micro-panel
/// (<c>aRow = 1, aCol = MR</c>) and, for small problems, straight from the caller's matrix.
/// Element (i, p) is <c>a[i * aRow + p * aCol]</c>; rows at or past <c>mr</c> are never read
/// (the kernel re-reads row 0 instead and discards the result).</para>
/// <para>B must have unit column stride and NR readable columns: element (p, j) is
/// <c>b[p * bRow + j]</c>, <c>0 &lt;= j &lt; NR</c> (a packed micro-panel has <c>bRow = NR</c>).</para>
/// <para>Only C[0..mr, 0..nr] is written; it is read only when <c>accumulate</c> is true.
/// <c>bias</c> (null for none) holds <c>nr</c> values added to the columns.</para>
/// </remarks>
internal unsafe interface IGemmMicroKernel<T>
    where T : unmanaged
{
    /// <summary>Rows of the register tile.</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the register tile.</summary>
    static abstract int NR { get; }

    /// <summary>Runs one register tile; see the interface remarks for the operand layout.</summary>
    static abstract void Run(nint k, T* a, nint aRow, nint aCol, T* b, nint bRow,
        T* c, nint cRow, nint cCol, int mr, int nr, T* bias, bool accumulate);
}
