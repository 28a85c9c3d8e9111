using Batchwise.Kernels.Sorting;
using Batchwise.Operations;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary>
    /// The median over all axes (NumPy's <c>median</c>): the middle element of each sorted slice, or the
    /// mean <c>(a + b)/2</c> of the two middle ones for an even count, found by selection (no full sort).
    /// A slice holding NaN gives NaN; an empty slice gives NaN.
    /// </summary>
    public static Tensor<T> Median<T>(Tensor<T> x, bool keepDims = false) where T : unmanaged, IFloatingPointIeee754<T> =>
        QuantileOver(x, ReductionEngine.Mask(x.Rank, default, all: true), keepDims, new QuantileLine<T> { Median = true });

    /// <summary>The median over the given axes (negative count from the end).</summary>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    /// <exception cref="InvalidValueException">A repeated axis.</exception>
    public static Tensor<T> Median<T>(Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims = false) where T : unmanaged, IFloatingPointIeee754<T> =>
        QuantileOver(x, ReductionEngine.Mask(x.Rank, axes, all: false), keepDims, new QuantileLine<T> { Median = true });

    /// <summary>The median along one axis.</summary>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static Tensor<T> Median<T>(Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged, IFloatingPointIeee754<T> =>
        Median(x, [axis], keepDims);

    /// <summary>
    /// The q-quantile along <paramref name="axis"/> (all axes when null) with NumPy's default 'linear'
    /// method: with n elements, h = q·(n − 1) and g = h − ⌊h⌋, the result interpolates between the
    /// ⌊h⌋-th and the next smallest, <c>a + (b − a)·g</c> (NumPy's <c>_lerp</c>, evaluated in double and
    /// rounded once). q = 0 gives the minimum, q = 1 the maximum, q = 0.5 the median up to rounding.
    /// A slice holding NaN gives NaN; an empty slice gives NaN.
    /// </summary>
    /// <exception cref="InvalidValueException">q is outside [0, 1] or NaN.</exception>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static Tensor<T> Quantile<T>(Tensor<T> x, double q, int? axis = null, bool keepDims = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(q >= 0 && q <= 1))
        {
            ThrowHelper.Value($"Quantiles must be in the range [0, 1] (got {q})");
        }
        bool[] reduced = axis is null ? ReductionEngine.Mask(x.Rank, default, all: true) : ReductionEngine.Mask(x.Rank, [axis.Value], all: false);
        return QuantileOver(x, reduced, keepDims, new QuantileLine<T> { Q = q });
    }

    /// <summary>Moves the reduced axes last (merged into one line, copying if needed), then one value per line.</summary>
    private static Tensor<T> QuantileOver<T>(Tensor<T> x, bool[] reduced, bool keepDims, QuantileLine<T> kernel) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var kept = new List<int>();
        var gone = new List<int>();
        for (int d = 0; d < x.Rank; d++)
        {
            (reduced[d] ? gone : kept).Add(d);
        }
        var lineShape = new int[kept.Count + 1];
        long length = 1;
        for (int i = 0; i < kept.Count; i++)
        {
            lineShape[i] = x.Shape[kept[i]];
        }
        foreach (int d in gone)
        {
            length *= x.Shape[d];
        }
        lineShape[^1] = (int)length;
        Tensor<T> lines = x.Transpose([.. kept, .. gone]).Reshape(lineShape);
        int[] resultShape = ReductionEngine.ResultShape(x.Shape, reduced, keepDims);
        lineShape[^1] = 1;
        Tensor<T> result = Tensor<T>.Allocate(lineShape);
        LineEngine.Run(lines, lines.Rank - 1, result, kernel, cost: 4);
        return result.Reshape(resultShape);
    }
}
