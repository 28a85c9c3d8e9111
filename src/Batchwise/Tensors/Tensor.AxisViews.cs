using Batchwise.Layouts;

namespace Batchwise;

public sealed partial class Tensor<TElement>
{
    /// <summary>
    /// The view <c>x[..., start:start+length, ...]</c> along one (already normalised) axis: the building
    /// block of concatenation, splitting, padding and rolling, which all copy whole blocks between such views.
    /// </summary>
    internal Tensor<TElement> Narrow(int axis, int start, int length)
    {
        int[] shape = Shape.ToArray();
        shape[axis] = length;
        int offset = length == 0 || Size == 0 ? Layout.Offset : Layout.Offset + start * Strides[axis];
        return WithLayout(Layout.With(shape, Strides.ToArray(), offset));
    }

    /// <summary>Writes <paramref name="value"/> into every element of this view.</summary>
    internal void FillWith(TElement value)
    {
        if (Size == 0)
        {
            return;
        }
        if (IsContiguous)
        {
            AsSpan().Fill(value);
            return;
        }
        CopyFrom(Tensor.Scalar(value));
    }

    /// <summary>The view with each axis of <paramref name="reversed"/> walked backwards (NumPy's <c>flip</c>).</summary>
    internal Tensor<TElement> Reversed(bool[] reversed)
    {
        int[] strides = Strides.ToArray();
        int offset = Layout.Offset;
        for (int axis = 0; axis < Rank; axis++)
        {
            if (reversed[axis] && Shape[axis] > 0)
            {
                offset += (Shape[axis] - 1) * strides[axis];
                strides[axis] = -strides[axis];
            }
        }
        return WithLayout(Layout.With(Shape.ToArray(), strides, offset));
    }
}
