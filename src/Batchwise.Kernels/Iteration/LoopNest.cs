namespace Batchwise.Kernels.Iteration;

/// <summary>Fixed-capacity storage for per-dimension extents; lives inline, never on the heap.</summary>
[InlineArray(LoopNest.MaxRank)]
public struct DimBuffer
{
    private int _element0;
}

/// <summary>Fixed-capacity storage for per-dimension strides.</summary>
[InlineArray(LoopNest.MaxRank)]
public struct StrideBuffer
{
    private nint _element0;
}

/// <summary>
/// The iteration space of a strided loop over up to three operands: a shape and, per operand, one
/// element stride per dimension. <see cref="Coalesce"/> merges dimensions that can be walked as one,
/// so that broadcast and transposed loops still end in long inner runs that reach SIMD.
/// </summary>
/// <remarks>
/// Operand 0 is by convention the destination. Strides are in elements; 0 means broadcast.
/// A plain value (no heap), so a parallel loop can hand a copy to each worker.
/// </remarks>
public struct LoopNest
{
    /// <summary>The largest rank a loop may have (NumPy's limit is 64; 32 is plenty here).</summary>
    public const int MaxRank = 32;

    private DimBuffer _shape;
    private StrideBuffer _strides0;
    private StrideBuffer _strides1;
    private StrideBuffer _strides2;

    /// <summary>Number of dimensions.</summary>
    public int Rank { get; private set; }

    /// <summary>Extent of dimension <paramref name="d"/>.</summary>
    public readonly int Extent(int d) => _shape[d];

    /// <summary>Stride of operand <paramref name="operand"/> along dimension <paramref name="d"/>.</summary>
    public readonly nint Stride(int operand, int d) => operand switch
    {
        0 => _strides0[d],
        1 => _strides1[d],
        _ => _strides2[d],
    };

    /// <summary>Innermost extent (the run length kernels see).</summary>
    public readonly int InnerExtent => _shape[Rank - 1];

    /// <summary>Number of elements in the iteration space.</summary>
    public readonly long Count
    {
        get
        {
            long count = 1;
            for (int d = 0; d < Rank; d++)
            {
                count *= _shape[d];
            }
            return count;
        }
    }

    /// <summary>Number of inner runs: the product of all extents but the innermost.</summary>
    public readonly long RunCount
    {
        get
        {
            long count = 1;
            for (int d = 0; d < Rank - 1; d++)
            {
                count *= _shape[d];
            }
            return count;
        }
    }

    /// <summary>Appends one dimension (outermost first).</summary>
    public void Add(int extent, nint stride0, nint stride1 = 0, nint stride2 = 0)
    {
        if (Rank == MaxRank)
        {
            throw new ArgumentException($"Batchwise loops support at most {MaxRank} dimensions.");
        }
        _shape[Rank] = extent;
        _strides0[Rank] = stride0;
        _strides1[Rank] = stride1;
        _strides2[Rank] = stride2;
        Rank++;
    }

    /// <summary>
    /// Drops size-1 dimensions and merges neighbours (i, i+1) where every operand satisfies
    /// <c>stride[i] == stride[i+1] * shape[i+1]</c>. An empty space collapses to one dimension of 0,
    /// a 0-d space to one dimension of 1, so kernels always see at least one dimension.
    /// </summary>
    public void Coalesce()
    {
        int write = 0;
        bool empty = false;
        for (int read = 0; read < Rank; read++)
        {
            int extent = _shape[read];
            empty |= extent == 0;
            if (extent == 1)
            {
                continue;
            }
            if (write > 0)
            {
                int prev = write - 1;
                if (_strides0[prev] == _strides0[read] * extent &&
                    _strides1[prev] == _strides1[read] * extent &&
                    _strides2[prev] == _strides2[read] * extent)
                {
                    _shape[prev] *= extent;
                    _strides0[prev] = _strides0[read];
                    _strides1[prev] = _strides1[read];
                    _strides2[prev] = _strides2[read];
                    continue;
                }
            }
            _shape[write] = extent;
            _strides0[write] = _strides0[read];
            _strides1[write] = _strides1[read];
            _strides2[write] = _strides2[read];
            write++;
        }
        if (empty || write == 0)
        {
            _shape[0] = empty ? 0 : 1;
            _strides0[0] = _strides1[0] = _strides2[0] = 0;
            write = 1;
        }
        Rank = write;
    }

    /// <summary>
    /// Reorders dimensions so that operand <paramref name="operand"/>'s strides shrink in magnitude
    /// towards the inside (its memory order), stable among ties. Reductions use this to walk the
    /// input in memory order whatever the logical order of its axes.
    /// </summary>
    public void SortByStrideOf(int operand)
    {
        for (int i = 1; i < Rank; i++)
        {
            for (int j = i; j > 0 && Math.Abs(Stride(operand, j - 1)) < Math.Abs(Stride(operand, j)); j--)
            {
                (_shape[j - 1], _shape[j]) = (_shape[j], _shape[j - 1]);
                (_strides0[j - 1], _strides0[j]) = (_strides0[j], _strides0[j - 1]);
                (_strides1[j - 1], _strides1[j]) = (_strides1[j], _strides1[j - 1]);
                (_strides2[j - 1], _strides2[j]) = (_strides2[j], _strides2[j - 1]);
            }
        }
    }
}
