namespace Batchwise.Shapes;

/// <summary>
/// <c>numpy.linalg.norm</c>'s argument and shape rule: with no axis, the 2-norm of the flattened array
/// (also 'fro' of a matrix and 2 of a vector) or, with another order, a vector or matrix norm over all
/// axes of a 1-D or 2-D array; one axis is a vector norm (numeric orders only); two axes are a matrix
/// norm ('fro', 'nuc', ±1, ±2, ±inf).
/// </summary>
public static class NormRule
{
    /// <summary>The reduced axes (null for the flattened 2-norm, else one or two, normalised) and the result shape.</summary>
    /// <exception cref="AxisIndexException">An axis is out of range.</exception>
    /// <exception cref="InvalidValueException">An order invalid for vectors or matrices, repeated axes, or
    /// more than two axes (also an order with no axis on an array that is not 1-D or 2-D).</exception>
    public static (int[]? Axes, TDim[] Shape) Apply<TDim>(ReadOnlySpan<TDim> shape, NormOrder? ord, ReadOnlySpan<int> axis, bool axisGiven, bool keepDims)
        where TDim : struct, IDimension<TDim>
    {
        int rank = shape.Length;
        int[] axes;
        if (!axisGiven)
        {
            bool flat = ord is null
                || (ord.Value.Name == "fro" && rank == 2)
                || (ord.Value.Name is null && ord.Value.P == 2 && rank == 1);
            if (flat)
            {
                var ones = new TDim[keepDims ? rank : 0];
                Array.Fill(ones, TDim.One);
                return (null, ones);
            }
            axes = [.. Enumerable.Range(0, rank)];
        }
        else
        {
            axes = [.. axis];
        }
        if (axes.Length == 1)
        {
            axes[0] = AxisRule.Normalize(axes[0], rank);
            if (ord is { Name: not null })
            {
                ThrowHelper.Value($"norm: invalid norm order '{ord.Value.Name}' for vectors");
            }
        }
        else if (axes.Length == 2)
        {
            axes[0] = AxisRule.Normalize(axes[0], rank);
            axes[1] = AxisRule.Normalize(axes[1], rank);
            if (axes[0] == axes[1])
            {
                ThrowHelper.Value("norm: duplicate axes given");
            }
            if (ord is { Name: null, P: var p } && p is not (1 or -1 or 2 or -2 or double.PositiveInfinity or double.NegativeInfinity))
            {
                ThrowHelper.Value($"norm: invalid norm order {ord} for matrices");
            }
        }
        else
        {
            ThrowHelper.Value($"norm: improper number of dimensions to norm ({axes.Length} axes)");
        }
        var result = new List<TDim>(rank);
        for (int d = 0; d < rank; d++)
        {
            if (!axes.Contains(d))
            {
                result.Add(shape[d]);
            }
            else if (keepDims)
            {
                result.Add(TDim.One);
            }
        }
        return (axes, [.. result]);
    }
}
