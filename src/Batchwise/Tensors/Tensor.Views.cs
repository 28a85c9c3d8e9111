using Batchwise.Layouts;

namespace Batchwise;

public sealed partial class Tensor<TElement>
{
    /// <summary>All axes reversed (NumPy's <c>.T</c>); 0-d and 1-D tensors are returned as they are. A view.</summary>
    public Tensor<TElement> T => Transpose();

    /// <summary>The last two axes swapped (NumPy 2's <c>.mT</c>): a stack of transposed matrices. A view.</summary>
    /// <exception cref="ShapeException">Fewer than two axes.</exception>
    public Tensor<TElement> MT
    {
        get
        {
            if (Rank < 2)
            {
                ThrowHelper.Shape($"matrix transpose with ndim < 2 is undefined (shape {ShapeString})");
            }
            return SwapAxes(-1, -2);
        }
    }

    /// <summary>All axes reversed, NumPy's <c>transpose()</c>. A view.</summary>
    public Tensor<TElement> Transpose() => WithLayout(Layout.Permute(ViewRule.ReversePermutation(Rank)));

    /// <summary>Axes permuted: axis i of the result is axis <paramref name="axes"/>[i]. A view.</summary>
    /// <exception cref="InvalidValueException">Not a permutation of all axes.</exception>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    public Tensor<TElement> Transpose(params ReadOnlySpan<int> axes) => WithLayout(Layout.Permute(ViewRule.TransposePermutation(Rank, axes)));

    /// <summary>Two axes exchanged (NumPy's <c>swapaxes</c>). A view.</summary>
    public Tensor<TElement> SwapAxes(int axis1, int axis2) => WithLayout(Layout.Permute(ViewRule.SwapPermutation(Rank, axis1, axis2)));

    /// <summary>Moves one axis to a new position, keeping the others in order (NumPy's <c>moveaxis</c>). A view.</summary>
    public Tensor<TElement> MoveAxis(int source, int destination) => MoveAxis([source], [destination]);

    /// <summary>Moves several axes to new positions (NumPy's <c>moveaxis</c>). A view.</summary>
    /// <exception cref="InvalidValueException">Different counts, or a repeated axis.</exception>
    public Tensor<TElement> MoveAxis(ReadOnlySpan<int> sources, ReadOnlySpan<int> destinations) =>
        WithLayout(Layout.Permute(ViewRule.MovePermutation(Rank, sources, destinations)));

    /// <summary>Every axis of extent 1 removed (NumPy's <c>squeeze()</c>). A view.</summary>
    public Tensor<TElement> Squeeze() => SelectAxes(ViewRule.SqueezeKeptAxes(AsDims(Shape), default, all: true));

    /// <summary>The given axes removed; each must have extent 1 (NumPy's rule, stricter than PyTorch's). A view.</summary>
    /// <exception cref="ShapeException">An axis does not have extent 1.</exception>
    public Tensor<TElement> Squeeze(params ReadOnlySpan<int> axes) => SelectAxes(ViewRule.SqueezeKeptAxes(AsDims(Shape), axes, all: false));

    private Tensor<TElement> SelectAxes(int[] keep)
    {
        var shape = new int[keep.Length];
        var strides = new int[keep.Length];
        for (int i = 0; i < keep.Length; i++)
        {
            shape[i] = Shape[keep[i]];
            strides[i] = Strides[keep[i]];
        }
        return WithLayout(Layout.With(shape, strides, Layout.Offset));
    }

    /// <summary>An axis of extent 1 inserted at <paramref name="axis"/> of the result (PyTorch's <c>unsqueeze</c>). A view.</summary>
    public Tensor<TElement> Unsqueeze(int axis) => ExpandDims(axis);

    /// <summary>
    /// Axes of extent 1 inserted (NumPy's <c>expand_dims</c>): positions are in the result, whose rank is
    /// <c>Rank + axes.Length</c>; negative positions count from the result's end. A view.
    /// </summary>
    /// <exception cref="AxisIndexException">A position out of range.</exception>
    /// <exception cref="InvalidValueException">A repeated position.</exception>
    public Tensor<TElement> ExpandDims(params ReadOnlySpan<int> axes)
    {
        int rank = Rank + axes.Length;
        bool[] inserted = ViewRule.ExpandedAxes(Rank, axes);
        var shape = new int[rank];
        var strides = new int[rank];
        int source = 0;
        for (int axis = 0; axis < rank; axis++)
        {
            if (inserted[axis])
            {
                shape[axis] = 1;
                strides[axis] = 0;
            }
            else
            {
                shape[axis] = Shape[source];
                strides[axis] = Strides[source];
                source++;
            }
        }
        return WithLayout(Layout.With(shape, strides, Layout.Offset));
    }

    /// <summary>A read-only-in-spirit view with the given shape, repeating data along stretched axes (stride 0).</summary>
    /// <exception cref="ShapeException">The shape does not broadcast to <paramref name="shape"/>.</exception>
    public Tensor<TElement> BroadcastTo(params ReadOnlySpan<int> shape)
    {
        Layout.SizeOf(shape);
        BroadcastRule.CheckBroadcastTo(AsDims(Shape), AsDims(shape));
        return WithLayout(Layout.BroadcastTo(shape));
    }

    /// <summary>
    /// The same elements in row-major order with another shape; one entry may be -1 (inferred). A view
    /// when the strides allow it, otherwise a copy (as NumPy).
    /// </summary>
    /// <exception cref="ShapeException">The sizes differ, or -1 on an empty tensor is ambiguous.</exception>
    /// <exception cref="InvalidValueException">More than one -1, or another negative entry.</exception>
    public Tensor<TElement> Reshape(params ReadOnlySpan<int> shape)
    {
        int[] resolved = ResolveReshape(shape);
        int[]? strides = Layout.TryReshapeStrides(resolved);
        if (strides is not null)
        {
            return WithLayout(Layout.With(resolved, strides, Layout.Offset));
        }
        return Copy().Reshape(resolved);
    }

    private int[] ResolveReshape(ReadOnlySpan<int> shape)
    {
        int[] resolved = shape.ToArray();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < resolved.Length; i++)
        {
            if (resolved[i] == -1)
            {
                if (inferred >= 0)
                {
                    ThrowHelper.Value("can only specify one unknown dimension");
                }
                inferred = i;
            }
            else if (resolved[i] < 0)
            {
                ThrowHelper.Value($"negative dimensions not allowed in reshape to {ShapeText.Format(shape)}");
            }
            else
            {
                known = Math.Min(known * resolved[i], (long)int.MaxValue + 1);
            }
        }
        if (inferred >= 0)
        {
            if (known == 0 || Size % known != 0)
            {
                ThrowHelper.Shape($"cannot reshape array of size {Size} into shape {ShapeText.Format(shape)}");
            }
            resolved[inferred] = (int)(Size / known);
        }
        else if (known != Size)
        {
            ThrowHelper.Shape($"cannot reshape array of size {Size} into shape {ShapeText.Format(shape)}");
        }
        return resolved;
    }

    /// <summary>A 1-D view when possible, otherwise a copy (NumPy's <c>ravel</c>).</summary>
    public Tensor<TElement> Ravel() => Reshape(-1);

    /// <summary>A 1-D copy (NumPy's <c>flatten</c>, which always copies).</summary>
    public Tensor<TElement> Flatten() => Copy().Reshape(-1);

    /// <summary>This tensor when it is row-major contiguous, otherwise a contiguous copy.</summary>
    public Tensor<TElement> Contiguous() => IsContiguous ? this : Copy();

    /// <summary>A new contiguous tensor with the same elements.</summary>
    public Tensor<TElement> Copy()
    {
        Tensor<TElement> result = Allocate(Shape);
        result.CopyFrom(this);
        return result;
    }


    internal static ReadOnlySpan<Dim> AsDims(ReadOnlySpan<int> shape) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<int, Dim>(shape);
}
