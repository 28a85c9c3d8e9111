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
}
