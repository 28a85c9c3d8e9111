namespace Batchwise.Shapes;

/// <summary>
/// Reductions' axis and shape rule: the reduced axes (all for axis None, repeated or out-of-range axes
/// refused), the result shape (reduced axes dropped, or kept as 1), and the refusal of an empty
/// maximum, minimum or arg-extremum (they have no identity).
/// </summary>
public static class ReduceRule
{
    /// <summary>The reduced axes as a mask; every axis when <paramref name="all"/>.</summary>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    /// <exception cref="InvalidValueException">A repeated axis.</exception>
    public static bool[] Mask(int rank, ReadOnlySpan<int> axes, bool all)
    {
        if (!all)
        {
            return AxisRule.ToMask(axes, rank);
        }
        var mask = new bool[rank];
        Array.Fill(mask, true);
        return mask;
    }

    /// <summary>The result shape: reduced axes dropped, or kept with extent 1.</summary>
    public static TDim[] Apply<TDim>(ReadOnlySpan<TDim> shape, bool[] reduced, bool keepDims)
        where TDim : struct, IDimension<TDim>
    {
        var result = new List<TDim>(shape.Length);
        for (int axis = 0; axis < shape.Length; axis++)
        {
            if (!reduced[axis])
            {
                result.Add(shape[axis]);
            }
            else if (keepDims)
            {
                result.Add(TDim.One);
            }
        }
        return [.. result];
    }

    /// <summary>Refuses a reduction without identity over an axis of extent 0.</summary>
    /// <exception cref="InvalidValueException">A reduced axis is empty.</exception>
    public static void RequireNonEmpty<TDim>(ReadOnlySpan<TDim> shape, bool[] reduced, string operation)
        where TDim : struct, IDimension<TDim>
    {
        for (int axis = 0; axis < shape.Length; axis++)
        {
            if (reduced[axis] && shape[axis].IsZero)
            {
                ThrowHelper.Value($"zero-size array to reduction operation {operation} which has no identity (shape {ShapeText.Format(shape)})");
            }
        }
    }
}
