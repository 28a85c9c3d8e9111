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

    /// <summary>
    /// The most rows of an edge (the last rows of a block, fewer than MR) that <see cref="RunEdgePair"/>
    /// runs for two panels at once; 0 when the kernel has no such tile.
    /// </summary>
    static virtual int PairedEdgeRows => 0;

    /// <summary>
    /// An edge of <paramref name="mr"/> rows (at most <see cref="PairedEdgeRows"/>) against two full
    /// panels of B, <paramref name="b"/> and <paramref name="bNext"/> (the same row stride), into the
    /// 2·NR columns of C from <paramref name="c"/> (unit column stride; <paramref name="bias"/>, if any,
    /// holds 2·NR values). Every element comes out bit for bit as <see cref="Run"/> makes it.
    /// </summary>
    static virtual void RunEdgePair(nint k, T* a, nint aRow, nint aCol, T* b, T* bNext, nint bRow,
        T* c, nint cRow, int mr, T* bias, bool accumulate) => throw new NotSupportedException();
}
