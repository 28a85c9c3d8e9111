namespace Batchwise.Shapes;

/// <summary>Axis permutations of the view operations, for tensors and the symbolic checker alike.</summary>
public static class ViewRule
{
    /// <summary>
    /// NumPy's moveaxis: the permutation that puts each source axis at its destination and keeps the
    /// others in order (axis i of the result is axis permutation[i] of the input).
    /// </summary>
    /// <exception cref="InvalidValueException">Different counts, or a repeated axis.</exception>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    public static int[] MovePermutation(int rank, ReadOnlySpan<int> sources, ReadOnlySpan<int> destinations)
    {
        if (sources.Length != destinations.Length)
        {
            ThrowHelper.Value("`source` and `destination` arguments must have the same number of elements");
        }
        bool[] sourceMask = AxisRule.ToMask(sources, rank);
        bool[] destinationMask = AxisRule.ToMask(destinations, rank);
        var permutation = new int[rank];
        Array.Fill(permutation, -1);
        for (int i = 0; i < sources.Length; i++)
        {
            permutation[AxisRule.Normalize(destinations[i], rank)] = AxisRule.Normalize(sources[i], rank);
        }
        int next = 0;
        for (int axis = 0; axis < rank; axis++)
        {
            if (sourceMask[axis])
            {
                continue;
            }
            while (destinationMask[next])
            {
                next++;
            }
            permutation[next++] = axis;
        }
        return permutation;
    }

    /// <summary>All axes reversed: NumPy's transpose() and .T.</summary>
    public static int[] ReversePermutation(int rank)
    {
        var permutation = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            permutation[i] = rank - 1 - i;
        }
        return permutation;
    }

    /// <summary>NumPy's transpose(axes): every axis once, in the given order.</summary>
    /// <exception cref="InvalidValueException">Not as many axes as the rank, or a repeated axis.</exception>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    public static int[] TransposePermutation(int rank, ReadOnlySpan<int> axes)
    {
        if (axes.Length != rank)
        {
            ThrowHelper.Value($"axes don't match array: {axes.Length} axes given for an array of dimension {rank}");
        }
        var permutation = new int[rank];
        var seen = new bool[rank];
        for (int i = 0; i < rank; i++)
        {
            int axis = AxisRule.Normalize(axes[i], rank);
            if (seen[axis])
            {
                ThrowHelper.Value("repeated axis in transpose");
            }
            seen[axis] = true;
            permutation[i] = axis;
        }
        return permutation;
    }

    /// <summary>Two axes exchanged: NumPy's swapaxes.</summary>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    public static int[] SwapPermutation(int rank, int axis1, int axis2)
    {
        int a = AxisRule.Normalize(axis1, rank), b = AxisRule.Normalize(axis2, rank);
        int[] permutation = [.. Enumerable.Range(0, rank)];
        (permutation[a], permutation[b]) = (b, a);
        return permutation;
    }

    /// <summary>The axes squeeze keeps: every axis not of extent 1, or all but the given ones, which must have extent 1.</summary>
    /// <exception cref="ShapeException">A given axis does not have extent 1.</exception>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    /// <exception cref="InvalidValueException">A repeated axis.</exception>
    public static int[] SqueezeKeptAxes<TDim>(ReadOnlySpan<TDim> shape, ReadOnlySpan<int> axes, bool all)
        where TDim : struct, IDimension<TDim>
    {
        bool[]? drop = all ? null : AxisRule.ToMask(axes, shape.Length);
        var keep = new List<int>(shape.Length);
        for (int axis = 0; axis < shape.Length; axis++)
        {
            if (drop is null ? !shape[axis].IsOne : !drop[axis])
            {
                keep.Add(axis);
            }
            else if (!shape[axis].IsOne)
            {
                ThrowHelper.Shape($"cannot select an axis to squeeze out which has size not equal to one (axis {axis} of shape {ShapeText.Format(shape)})");
            }
        }
        return [.. keep];
    }

    /// <summary>expand_dims' positions, in the result of rank <c>rank + axes.Length</c>, as a mask.</summary>
    /// <exception cref="AxisIndexException">A position out of range.</exception>
    /// <exception cref="InvalidValueException">A repeated position.</exception>
    public static bool[] ExpandedAxes(int rank, ReadOnlySpan<int> axes) => AxisRule.ToMask(axes, rank + axes.Length);

    /// <summary>A shape permuted or selected: element i is shape[axes[i]].</summary>
    public static TDim[] Select<TDim>(ReadOnlySpan<TDim> shape, ReadOnlySpan<int> axes)
    {
        var result = new TDim[axes.Length];
        for (int i = 0; i < axes.Length; i++)
        {
            result[i] = shape[axes[i]];
        }
        return result;
    }

    /// <summary>diagonal's and trace's two axes, normalised.</summary>
    /// <exception cref="ShapeException">Fewer than two dimensions.</exception>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    /// <exception cref="InvalidValueException">The two axes are the same.</exception>
    public static (int Axis1, int Axis2) DiagonalAxes<TDim>(ReadOnlySpan<TDim> shape, int axis1, int axis2)
    {
        if (shape.Length < 2)
        {
            ThrowHelper.Shape($"diagonal requires an array of at least two dimensions (shape {ShapeText.Format(shape)})");
        }
        int a = AxisRule.Normalize(axis1, shape.Length), b = AxisRule.Normalize(axis2, shape.Length);
        if (a == b)
        {
            ThrowHelper.Value("axis1 and axis2 cannot be the same");
        }
        return (a, b);
    }
}
