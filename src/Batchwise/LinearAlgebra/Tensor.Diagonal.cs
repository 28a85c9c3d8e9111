namespace Batchwise;

public static partial class Tensor
{
    /// <summary>
    /// <c>np.diagonal</c>: the diagonal of the (axis1, axis2) planes as a view, appended as the last axis.
    /// The defaults are NumPy's axes 0 and 1 (pass -2, -1 for a batch of matrices); an offset above 0
    /// is above the main diagonal; offsets past the edge give an empty diagonal.
    /// </summary>
    /// <exception cref="ShapeException">Fewer than two axes.</exception>
    /// <exception cref="InvalidValueException">axis1 == axis2.</exception>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    public static Tensor<T> Diagonal<T>(Tensor<T> x, int offset = 0, int axis1 = 0, int axis2 = 1) where T : unmanaged
    {
        (int a1, int a2) = ViewRule.DiagonalAxes(x.Shape, axis1, axis2);
        int rows = x.Shape[a1], cols = x.Shape[a2];
        long length = offset >= 0 ? Math.Min(rows, (long)cols - offset) : Math.Min((long)rows + offset, cols);
        length = Math.Max(length, 0);
        int start = length == 0 ? x.Layout.Offset :
            x.Layout.Offset + (offset >= 0 ? offset * x.Strides[a2] : -offset * x.Strides[a1]);
        var shape = new List<int>(x.Rank - 1);
        var strides = new List<int>(x.Rank - 1);
        for (int d = 0; d < x.Rank; d++)
        {
            if (d != a1 && d != a2)
            {
                shape.Add(x.Shape[d]);
                strides.Add(x.Strides[d]);
            }
        }
        shape.Add((int)length);
        strides.Add(x.Strides[a1] + x.Strides[a2]);
        return x.WithLayout(x.Layout.With([.. shape], [.. strides], start));
    }

    /// <summary><c>np.trace</c>: the sum of <see cref="Diagonal"/> (same axes and offset rules).</summary>
    public static Tensor<T> Trace<T>(Tensor<T> x, int offset = 0, int axis1 = 0, int axis2 = 1) where T : unmanaged, INumberBase<T> =>
        Sum(Diagonal(x, offset, axis1, axis2), -1);
}
