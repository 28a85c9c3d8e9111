namespace Batchwise.Kernels.Iteration;

/// <summary>
/// Walks the outer dimensions of a <see cref="LoopNest"/> (all but the innermost), keeping one running
/// element offset per operand. Kernels step it once per inner run, never once per element.
/// </summary>
public struct OuterCursor
{
    private DimBuffer _index;
    private readonly int _outerRank;

    /// <summary>Element offset of the current run's first element, per operand.</summary>
    public nint Offset0;
    public nint Offset1;
    public nint Offset2;

    /// <summary>Starts at run number <paramref name="run"/> (row-major over the outer dimensions).</summary>
    public OuterCursor(in LoopNest nest, long run)
    {
        _outerRank = nest.Rank - 1;
        Offset0 = Offset1 = Offset2 = 0;
        for (int d = _outerRank - 1; d >= 0; d--)
        {
            int extent = nest.Extent(d);
            int i = (int)(run % extent);
            run /= extent;
            _index[d] = i;
            Offset0 += i * nest.Stride(0, d);
            Offset1 += i * nest.Stride(1, d);
            Offset2 += i * nest.Stride(2, d);
        }
    }

    /// <summary>Advances to the next run in row-major order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void MoveNext(in LoopNest nest)
    {
        for (int d = _outerRank - 1; d >= 0; d--)
        {
            nint s0 = nest.Stride(0, d), s1 = nest.Stride(1, d), s2 = nest.Stride(2, d);
            Offset0 += s0;
            Offset1 += s1;
            Offset2 += s2;
            int extent = nest.Extent(d);
            if (++_index[d] < extent)
            {
                return;
            }
            Offset0 -= s0 * extent;
            Offset1 -= s1 * extent;
            Offset2 -= s2 * extent;
            _index[d] = 0;
        }
    }
}
