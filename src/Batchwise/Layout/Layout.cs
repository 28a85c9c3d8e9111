namespace Batchwise.Layouts;

/// <summary>
/// Where a tensor's elements live in its storage: a shape, one element stride per axis (negative for
/// reversed views, 0 for broadcast axes) and the offset of element [0, 0, ...]. A plain immutable
/// value: every view operation returns a new layout and never touches data.
/// </summary>
public sealed class Layout
{
    private readonly int[] _shape;
    private readonly int[] _strides;

    /// <summary>
    /// The most axes a tensor has, as in NumPy 1 (NumPy 2 allows 64): every loop nest holds that many
    /// dimensions, and a .npy file of more cannot be read back, so one limit serves views, operations
    /// and files alike.
    /// </summary>
    public const int MaxRank = Kernels.Iteration.LoopNest.MaxRank;

    /// <summary>Creates a layout; the arrays are taken as they are, not copied.</summary>
    /// <exception cref="InvalidValueException">More than <see cref="MaxRank"/> axes.</exception>
    internal Layout(int[] shape, int[] strides, int offset)
    {
        if (shape.Length > MaxRank)
        {
            ThrowHelper.Value($"maximum supported dimension for an array is {MaxRank}, found {shape.Length}");
        }
        _shape = shape;
        _strides = strides;
        Offset = offset;
        Size = SizeOf(shape);
        IsCanonical = offset == 0 && HasRowMajorStrides(shape, strides);
    }

    /// <summary>
    /// True for exactly the layout <see cref="RowMajor"/> builds (offset 0, row-major strides): a
    /// new tensor of the same shape can share this immutable value instead of building its own.
    /// </summary>
    public bool IsCanonical { get; }

    private static bool HasRowMajorStrides(int[] shape, int[] strides)
    {
        int stride = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            if (strides[i] != stride)
            {
                return false;
            }
            stride *= Math.Max(shape[i], 1);
        }
        return true;
    }

    /// <summary>The extent of each axis.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The element stride of each axis.</summary>
    public ReadOnlySpan<int> Strides => _strides;

    /// <summary>The storage index of the first element.</summary>
    public int Offset { get; }

    /// <summary>Number of axes.</summary>
    public int Rank => _shape.Length;

    /// <summary>Number of elements.</summary>
    public int Size { get; }

    /// <summary>A row-major (C order) contiguous layout of the given shape at offset 0.</summary>
    public static Layout RowMajor(ReadOnlySpan<int> shape)
    {
        var dims = shape.ToArray();
        return new Layout(dims, RowMajorStrides(dims), 0);
    }

    /// <summary>Row-major strides of a shape.</summary>
    public static int[] RowMajorStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int stride = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= Math.Max(shape[i], 1);
        }
        return strides;
    }

    /// <summary>The number of elements of a shape, refusing negative sizes and overflow.</summary>
    /// <exception cref="InvalidValueException">A negative dimension.</exception>
    /// <exception cref="ShapeException">The product does not fit the largest array .NET can allocate.</exception>
    public static int SizeOf(ReadOnlySpan<int> shape)
    {
        // As NumPy: the non-zero extents must multiply to an allocatable size wherever a 0 stands, so
        // (0, 2^20, 2^20) is refused like (2^20, 2^20, 0) (strides of such a shape would overflow).
        long size = 1;
        bool empty = false;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                ThrowHelper.Value($"negative dimensions are not allowed: {ShapeText.Format(shape)}");
            }
            if (d == 0)
            {
                empty = true;
                continue;
            }
            size *= d;
            if (size > Array.MaxLength)
            {
                ThrowHelper.Shape($"array is too big: shape {ShapeText.Format(shape)} has more than {Array.MaxLength} elements");
            }
        }
        return empty ? 0 : (int)size;
    }

    /// <summary>
    /// True when two indices address the same element: an axis of extent above 1 with stride 0, as
    /// <c>BroadcastTo</c> and <c>NewAxis</c>-then-broadcast views have. Such views are read-only, as in NumPy.
    /// </summary>
    public bool HasRepeatedElements
    {
        get
        {
            for (int i = 0; i < _shape.Length; i++)
            {
                if (_strides[i] == 0 && _shape[i] > 1)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>True when the elements are row-major contiguous (strides of extent-1 axes are ignored).</summary>
    public bool IsRowMajorContiguous
    {
        get
        {
            int expected = 1;
            for (int i = _shape.Length - 1; i >= 0; i--)
            {
                if (_shape[i] == 1)
                {
                    continue;
                }
                if (_shape[i] == 0)
                {
                    return true;
                }
                if (_strides[i] != expected)
                {
                    return false;
                }
                expected *= _shape[i];
            }
            return true;
        }
    }

    /// <summary>The axes reordered: axis i of the result is axis <paramref name="permutation"/>[i].</summary>
    internal Layout Permute(ReadOnlySpan<int> permutation)
    {
        var shape = new int[Rank];
        var strides = new int[Rank];
        for (int i = 0; i < Rank; i++)
        {
            shape[i] = _shape[permutation[i]];
            strides[i] = _strides[permutation[i]];
        }
        return new Layout(shape, strides, Offset);
    }

    /// <summary>The same elements seen with <paramref name="target"/>'s shape; checked by the caller.</summary>
    internal Layout BroadcastTo(ReadOnlySpan<int> target)
    {
        var strides = new int[target.Length];
        int lead = target.Length - Rank;
        for (int i = 0; i < Rank; i++)
        {
            strides[lead + i] = _shape[i] == target[lead + i] ? _strides[i] : 0;
        }
        return new Layout(target.ToArray(), strides, Offset);
    }

    /// <summary>A layout with new shape and strides over the same storage at a new offset.</summary>
    internal Layout With(int[] shape, int[] strides, int offset) => new(shape, strides, offset);

    /// <summary>
    /// The strides a reshape to <paramref name="newShape"/> can have without copying, or null when the
    /// current strides cannot express it (then the caller copies). Walks groups of old and new axes
    /// whose sizes multiply to the same value; each old group must be contiguous within itself.
    /// </summary>
    internal int[]? TryReshapeStrides(ReadOnlySpan<int> newShape)
    {
        var newStrides = new int[newShape.Length];
        if (Size == 0 || Size == 1)
        {
            // Nothing to walk: any strides address the (at most one) element.
            RowMajorStrides(newShape).CopyTo(newStrides, 0);
            return newStrides;
        }
        // Work on the old axes without the extent-1 ones, which carry no stride information.
        Span<int> oldShape = stackalloc int[Rank];
        Span<int> oldStrides = stackalloc int[Rank];
        int oldRank = 0;
        for (int i = 0; i < Rank; i++)
        {
            if (_shape[i] != 1)
            {
                oldShape[oldRank] = _shape[i];
                oldStrides[oldRank] = _strides[i];
                oldRank++;
            }
        }
        int oi = 0, ni = 0;
        while (oi < oldRank && ni < newShape.Length)
        {
            int oj = oi + 1, nj = ni + 1;
            long op = oldShape[oi], np = newShape[ni];
            while (op != np)
            {
                if (np < op)
                {
                    np *= newShape[nj++];
                }
                else
                {
                    op *= oldShape[oj++];
                }
            }
            // Old axes oi..oj-1 must be contiguous among themselves.
            for (int k = oi; k < oj - 1; k++)
            {
                if (oldStrides[k] != oldStrides[k + 1] * oldShape[k + 1])
                {
                    return null;
                }
            }
            // New axes ni..nj-1 take strides from the innermost old axis outward.
            newStrides[nj - 1] = oldStrides[oj - 1];
            for (int k = nj - 1; k > ni; k--)
            {
                newStrides[k - 1] = newStrides[k] * newShape[k];
            }
            oi = oj;
            ni = nj;
        }
        // Trailing new axes of extent 1.
        for (; ni < newShape.Length; ni++)
        {
            newStrides[ni] = 1;
        }
        return newStrides;
    }
}
