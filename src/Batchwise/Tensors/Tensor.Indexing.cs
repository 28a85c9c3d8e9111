using Batchwise.Kernels.Elementwise;
using Batchwise.Kernels.Iteration;
using Batchwise.Layouts;

namespace Batchwise;

public sealed partial class Tensor<TElement>
{
    /// <summary>
    /// NumPy indexing. With basic items only (ints, slices, <c>...</c>, <c>None</c>) the getter returns a
    /// view and the setter assigns a tensor broadcast to the selected region, correctly even when source
    /// and target overlap. With any integer-array or mask item (advanced indexing) the getter returns a
    /// copy: the array items (a mask stands for its <c>nonzero()</c>, an int for a 0-d array) broadcast
    /// together to a shape B, which replaces them in place when they are adjacent and comes first
    /// otherwise; negative indices wrap once. The setter then writes the value broadcast to that shape,
    /// in row-major order, so with repeated indices the last write wins.
    /// </summary>
    /// <exception cref="AxisIndexException">An index out of bounds (naming the axis and its size), too many
    /// indices, two ellipses, a mask whose shape differs from the dims it covers, or index arrays that do
    /// not broadcast.</exception>
    /// <exception cref="InvalidValueException">A slice step of 0; assignment through a broadcast view.</exception>
    /// <exception cref="ShapeException">An assigned value that does not broadcast to the selection.</exception>
    public Tensor<TElement> this[params TensorIndex[] items]
    {
        get => HasAdvanced(items) ? AdvancedGet(items) : WithLayout(Select(items));
        set
        {
            if (HasAdvanced(items))
            {
                AdvancedSet(items, value);
            }
            else
            {
                WithLayout(Select(items)).CopyFrom(value);
            }
        }
    }

    /// <summary>A 0-d tensor holding <paramref name="value"/>, so scalars can be assigned through the indexer.</summary>
    public static implicit operator Tensor<TElement>(TElement value) => Tensor.Scalar(value);

    private Layout Select(ReadOnlySpan<TensorIndex> items)
    {
        int consuming = 0;
        int ellipses = 0;
        foreach (TensorIndex item in items)
        {
            if (item.Kind is TensorIndexKind.Integer or TensorIndexKind.Slice)
            {
                consuming++;
            }
            else if (item.Kind == TensorIndexKind.Ellipsis)
            {
                ellipses++;
            }
        }
        if (ellipses > 1)
        {
            ThrowHelper.Index("an index can only have a single ellipsis ('...')");
        }
        if (consuming > Rank)
        {
            ThrowHelper.Index($"too many indices for array: array is {Rank}-dimensional, but {consuming} were indexed");
        }
        var shape = new List<int>(Rank + items.Length);
        var strides = new List<int>(Rank + items.Length);
        int offset = Layout.Offset;
        int axis = 0;
        foreach (TensorIndex item in items)
        {
            switch (item.Kind)
            {
                case TensorIndexKind.Integer:
                    int position = item.Integer.IsFromEnd ? -item.Integer.Value : item.Integer.Value;
                    if (item.Integer.IsFromEnd && item.Integer.Value == 0)
                    {
                        ThrowHelper.Index($"index ^0 is out of bounds for axis {axis} with size {Shape[axis]}");
                    }
                    offset += NormalizeIndex(position, axis) * Strides[axis];
                    axis++;
                    break;
                case TensorIndexKind.Slice:
                    (int start, int length, int step) = ResolveSlice(item, Shape[axis]);
                    if (length > 0)
                    {
                        offset += start * Strides[axis];
                    }
                    shape.Add(length);
                    strides.Add(Strides[axis] * step);
                    axis++;
                    break;
                case TensorIndexKind.NewAxis:
                    shape.Add(1);
                    strides.Add(0);
                    break;
                case TensorIndexKind.Ellipsis:
                    for (int whole = Rank - consuming; whole > 0; whole--)
                    {
                        shape.Add(Shape[axis]);
                        strides.Add(Strides[axis]);
                        axis++;
                    }
                    break;
            }
        }
        for (; axis < Rank; axis++)
        {
            shape.Add(Shape[axis]);
            strides.Add(Strides[axis]);
        }
        return Layout.With([.. shape], [.. strides], offset);
    }

    /// <summary>Python's <c>slice.indices</c>: the first position, count and step of a slice over <paramref name="extent"/>.</summary>
    internal static (int Start, int Length, int Step) ResolveSlice(TensorIndex slice, int extent)
    {
        int step = slice.Step;
        if (step == 0)
        {
            ThrowHelper.Value("slice step cannot be zero");
        }
        long start, stop;
        if (step > 0)
        {
            start = slice.Start is Index s ? Math.Clamp(Offset(s, extent), 0, extent) : 0;
            stop = slice.Stop is Index e ? Math.Clamp(Offset(e, extent), 0, extent) : extent;
            long length = stop > start ? (stop - start + step - 1) / step : 0;
            return ((int)start, (int)length, step);
        }
        else
        {
            start = slice.Start is Index s ? Math.Clamp(Offset(s, extent), -1, extent - 1) : extent - 1;
            stop = slice.Stop is Index e ? Math.Clamp(Offset(e, extent), -1, extent - 1) : -1;
            long length = start > stop ? (start - stop + (-(long)step) - 1) / -(long)step : 0;
            return ((int)start, (int)length, step);
        }
    }

    private static long Offset(Index index, int extent) => index.IsFromEnd ? (long)extent - index.Value : index.Value;

    /// <summary>
    /// Copies <paramref name="source"/>, broadcast to this tensor's shape, into this tensor. When the two
    /// share storage the source is copied aside first, so overlapping assignments behave as in NumPy.
    /// </summary>
    /// <exception cref="ShapeException">The source does not broadcast to this shape.</exception>
    /// <exception cref="InvalidValueException">This tensor is a broadcast view (it repeats elements), which is read-only.</exception>
    public void CopyFrom(Tensor<TElement> source)
    {
        BroadcastRule.CheckBroadcastTo(AsDims(source.Shape), AsDims(Shape));
        RequireWritable("assignment");
        if (Size == 0)
        {
            return;
        }
        if (SharesStorageWith(source) && !ReferenceEquals(source, this))
        {
            source = source.Copy();
        }
        CopyDisjoint(source);
    }

    /// <summary>
    /// The copy loop of <see cref="CopyFrom"/> without its checks: the caller guarantees that the source
    /// broadcasts to this shape and that the two do not overlap (disjoint blocks of one tensor may).
    /// <paramref name="wholeDestination"/> is the size of the join result this tensor is a block of: the
    /// copy then streams when that whole is too large for cache. Other copies (<c>Copy</c>,
    /// <c>Contiguous</c>, assignment) never stream: their result is usually read straight away.
    /// </summary>
    internal void CopyDisjoint(Tensor<TElement> source, long wholeDestination = 0)
    {
        if (Size == 0)
        {
            return;
        }
        LoopNest nest = Nests.Build(Shape, Layout, source.Layout);
        unsafe
        {
            fixed (TElement* d = &Origin)
            fixed (TElement* x = &source.Origin)
            {
                ElementwiseDriver.Copy(nest, d, x, wholeDestination); // 0: never streams
            }
        }
    }

    /// <summary>Refuses to write through a view that repeats elements (NumPy: "assignment destination is read-only").</summary>
    internal void RequireWritable(string operation)
    {
        if (Layout.HasRepeatedElements)
        {
            ThrowHelper.Value($"{operation}: destination is read-only: this view of shape {ShapeString} repeats elements (strides {ShapeText.Format(Strides)}); copy it first");
        }
    }
}
