namespace Batchwise.Shapes;

/// <summary>Axis arguments: negative values count from the end; out of range is an index error.</summary>
public static class AxisRule
{
    /// <summary>Normalises <paramref name="axis"/> against <paramref name="rank"/>.</summary>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static int Normalize(int axis, int rank)
    {
        if (axis < -rank || axis >= rank)
        {
            throw new AxisIndexException($"axis {axis} is out of bounds for array of dimension {rank}");
        }
        return axis < 0 ? axis + rank : axis;
    }

    /// <summary>Normalises several axes and rejects repeats, returning a mask over the rank.</summary>
    /// <exception cref="AxisIndexException">An axis is out of range.</exception>
    /// <exception cref="InvalidValueException">An axis is repeated.</exception>
    public static bool[] ToMask(ReadOnlySpan<int> axes, int rank)
    {
        var mask = new bool[rank];
        foreach (int axis in axes)
        {
            int a = Normalize(axis, rank);
            if (mask[a])
            {
                throw new InvalidValueException("duplicate value in 'axis'");
            }
            mask[a] = true;
        }
        return mask;
    }
}
