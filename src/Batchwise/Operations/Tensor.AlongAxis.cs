using Batchwise.Kernels.Gathering;
using Batchwise.Kernels.Iteration;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary>
    /// NumPy's <c>take_along_axis</c>: <c>out[p] = x[p with p[axis] = indices[p]]</c>. The indices have
    /// x's rank; their other axes broadcast with x's, and the result has the broadcast shape with
    /// <c>indices.shape[axis]</c> along the axis. Negative indices wrap once. With <paramref name="axis"/>
    /// null, x is flattened and the indices must be 1-D.
    /// </summary>
    /// <exception cref="ShapeException">Ranks differ (or non-1-D indices with a null axis).</exception>
    /// <exception cref="AxisIndexException">An index out of range, axes that do not broadcast, or the axis out of range.</exception>
    public static Tensor<T> TakeAlongAxis<T, TIndex>(Tensor<T> x, Tensor<TIndex> indices, int? axis)
        where T : unmanaged
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        if (axis is null)
        {
            if (indices.Rank != 1)
            {
                ThrowHelper.Shape($"take_along_axis: when axis=None, `indices` must have a single dimension, not shape {indices.ShapeString}");
            }
            return TakeAlongAxis(x.Ravel(), indices, 0);
        }
        if (indices.Rank != x.Rank)
        {
            ThrowHelper.Shape($"take_along_axis: `indices` and `arr` must have the same number of dimensions, not {indices.ShapeString} and {x.ShapeString}");
        }
        int a = AxisRule.Normalize(axis.Value, x.Rank);
        int[] shape = AlongAxisShape("take_along_axis", x.Shape, indices.Shape, a);
        return GatherAlong(x, indices, a, shape, allowNegative: true);
    }

    /// <summary>
    /// PyTorch's <c>gather</c>: <c>out[p] = x[p with p[dim] = indices[p]]</c> with the shape of the
    /// indices, which have x's rank and no larger extent than x on any other axis (no broadcasting).
    /// Negative indices are out of range, as in PyTorch.
    /// </summary>
    /// <exception cref="ShapeException">Ranks differ, or an index extent exceeds x's on another axis.</exception>
    /// <exception cref="AxisIndexException">An index below 0 or at least the dim's size, or the dim out of range.</exception>
    public static Tensor<T> Gather<T, TIndex>(Tensor<T> x, int dim, Tensor<TIndex> indices)
        where T : unmanaged
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        int a = CheckTorchScatterShapes("gather", x, dim, indices, null);
        return GatherAlong(x, indices, a, indices.Shape.ToArray(), allowNegative: false);
    }

    /// <summary>
    /// NumPy's <c>put_along_axis</c>, in place: <c>x[p with p[axis] = indices[p]] = values[p]</c> over the
    /// broadcast index shape (as in <see cref="TakeAlongAxis{T, TIndex}"/>), values broadcast to it. With
    /// repeated indices the last write in row-major order wins.
    /// </summary>
    /// <exception cref="ShapeException">Ranks differ, or the values do not broadcast to the index shape.</exception>
    /// <exception cref="AxisIndexException">An index out of range, axes that do not broadcast, or the axis out of range.</exception>
    /// <exception cref="InvalidValueException">x is a broadcast (read-only) view.</exception>
    public static void PutAlongAxis<T, TIndex>(Tensor<T> x, Tensor<TIndex> indices, Tensor<T> values, int axis)
        where T : unmanaged
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        if (indices.Rank != x.Rank)
        {
            ThrowHelper.Shape($"put_along_axis: `indices` and `arr` must have the same number of dimensions, not {indices.ShapeString} and {x.ShapeString}");
        }
        int a = AxisRule.Normalize(axis, x.Rank);
        int[] shape = AlongAxisShape("put_along_axis", x.Shape, indices.Shape, a);
        x.RequireWritable("put_along_axis");
        BroadcastRule.CheckBroadcastTo(Tensor<T>.AsDims(values.Shape), Tensor<T>.AsDims(shape));
        ScatterAlong<T, TIndex, ReplaceCombine<T>>(x, indices, values.SharesStorageWith(x) ? values.Copy() : values, a, shape, allowNegative: true);
    }

    /// <summary>
    /// PyTorch's <c>scatter_add</c>, out of place: a copy of x (or <paramref name="into"/>, which may be x
    /// itself for the in-place form) with <c>src[p]</c> added at <c>p with p[dim] = indices[p]</c> for every
    /// p of the indices' shape. The indices have x's rank and are no larger than src on any axis and no
    /// larger than x off dim. Repeated indices accumulate in row-major order.
    /// </summary>
    /// <exception cref="ShapeException">Ranks differ, an extent is too large, or <paramref name="into"/> is not x's shape.</exception>
    /// <exception cref="AxisIndexException">An index below 0 or at least the dim's size, or the dim out of range.</exception>
    public static Tensor<T> ScatterAdd<T, TIndex>(Tensor<T> x, int dim, Tensor<TIndex> indices, Tensor<T> src, Tensor<T>? into = null)
        where T : unmanaged, INumberBase<T>
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(src);
        int a = CheckTorchScatterShapes("scatter_add", x, dim, indices, src);
        Tensor<T> result;
        if (into is null)
        {
            result = x.Copy();
        }
        else
        {
            if (!into.Shape.SequenceEqual(x.Shape))
            {
                ThrowHelper.Shape($"scatter_add: the destination has shape {into.ShapeString} but the result has shape {x.ShapeString}");
            }
            into.RequireWritable("scatter_add");
            if (!ReferenceEquals(into, x))
            {
                into.CopyFrom(x);
            }
            result = into;
        }
        if (src.SharesStorageWith(result))
        {
            src = src.Copy();
        }
        // src is read over the indices' extents with its own strides (it may be larger).
        Tensor<T> window = src;
        for (int d = 0; d < indices.Rank; d++)
        {
            window = window.Narrow(d, 0, indices.Shape[d]);
        }
        ScatterAlong<T, TIndex, AddCombine<T>>(result, indices, window, a, indices.Shape.ToArray(), allowNegative: false);
        return result;
    }

    /// <summary>The broadcast shape of NumPy's along-axis indexing: idx's extent on the axis, broadcast elsewhere.</summary>
    private static int[] AlongAxisShape(string operation, ReadOnlySpan<int> x, ReadOnlySpan<int> indices, int axis)
    {
        var shape = new int[x.Length];
        for (int d = 0; d < x.Length; d++)
        {
            int i = indices[d], e = d == axis ? i : x[d];
            if (d != axis && i != e && i != 1 && e != 1)
            {
                ThrowHelper.Index($"{operation}: shape mismatch: indexing arrays could not be broadcast together with shapes {ShapeText.Format(indices)} {ShapeText.Format(x)} (axis {d})");
            }
            shape[d] = d == axis ? i : (i == 1 ? e : i);
        }
        return shape;
    }

    private static int CheckTorchScatterShapes<T, TIndex>(string operation, Tensor<T> x, int dim, Tensor<TIndex> indices, Tensor<T>? src)
        where T : unmanaged
        where TIndex : unmanaged
    {
        int a = AxisRule.Normalize(dim, Math.Max(x.Rank, 1));
        if (indices.Rank != x.Rank || (src is not null && src.Rank != x.Rank))
        {
            ThrowHelper.Shape($"{operation}(): Index tensor must have the same number of dimensions as input tensor: {indices.ShapeString} and {x.ShapeString}");
        }
        for (int d = 0; d < x.Rank; d++)
        {
            if ((d != a && indices.Shape[d] > x.Shape[d]) || (src is not null && indices.Shape[d] > src.Shape[d]))
            {
                ThrowHelper.Shape($"{operation}(): Size does not match at dimension {d}: index {indices.ShapeString} must be no larger than input {x.ShapeString}{(src is null ? "" : $" and src {src.ShapeString}")} apart from dimension {a}");
            }
        }
        return a;
    }

    private static unsafe Tensor<T> GatherAlong<T, TIndex>(Tensor<T> x, Tensor<TIndex> indices, int axis, int[] shape, bool allowNegative)
        where T : unmanaged
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        Tensor<TIndex> index = indices.Contiguous();
        int n = x.Rank == 0 ? 1 : x.Shape[axis];
        CheckIndices(index, n, axis, allowNegative);
        Tensor<T> result = Tensor<T>.Allocate(shape);
        if (result.Size == 0)
        {
            return result;
        }
        LoopNest nest = AlongNest(shape, result.Strides, index, x, axis);
        fixed (T* pd = &result.Origin)
        fixed (TIndex* pi = &index.Origin)
        fixed (T* px = &x.Origin)
        {
            nint d = (nint)pd, i = (nint)pi, s = (nint)px;
            nint axisStride = x.Rank == 0 ? 0 : x.Strides[axis];
            // Enough work to stream on both cores, or more pages than one core's TLB holds.
            int workers = Math.Max(WorkSplitter.WorkersFor(AlongAxis.GatherWork<T>(nest, result.Size)),
                TlbReach.WorkersFor(AlongAxis.PagesTouched<T>(nest, result.Size)));
            WorkSplitter.For(result.Size, workers, (_, start, end) =>
                AlongAxis.Gather(nest, (T*)d, (TIndex*)i, (T*)s, axisStride, n, start, end));
        }
        return result;
    }

    private static unsafe void ScatterAlong<T, TIndex, TCombine>(Tensor<T> x, Tensor<TIndex> indices, Tensor<T> values, int axis, int[] shape, bool allowNegative)
        where T : unmanaged
        where TIndex : unmanaged, IBinaryInteger<TIndex>
        where TCombine : IScatterCombine<T>
    {
        Tensor<TIndex> index = indices.Contiguous();
        int n = x.Shape[axis];
        CheckIndices(index, n, axis, allowNegative);
        if (Layouts.Layout.SizeOf(shape) == 0)
        {
            return;
        }
        Tensor<T> v = values.BroadcastTo(shape);
        LoopNest nest = AlongNest(shape, v.Strides, index, x, axis);
        fixed (T* pv = &v.Origin)
        fixed (TIndex* pi = &index.Origin)
        fixed (T* px = &x.Origin)
        {
            AlongAxis.Scatter<T, TIndex, TCombine>(nest, pv, pi, px, x.Strides[axis], n);
        }
    }

    /// <summary>
    /// The nest over <paramref name="shape"/>: operand 0 with <paramref name="first"/> strides, operand 1
    /// the indices and operand 2 the data, both with stride 0 on their extent-1 axes and the data with
    /// stride 0 on the indexed axis (the kernel adds index·stride there).
    /// </summary>
    private static LoopNest AlongNest<T, TIndex>(int[] shape, ReadOnlySpan<int> first, Tensor<TIndex> index, Tensor<T> x, int axis)
        where T : unmanaged
        where TIndex : unmanaged
    {
        var nest = default(LoopNest);
        for (int d = 0; d < shape.Length; d++)
        {
            nint si = index.Shape[d] == 1 ? 0 : index.Strides[d];
            nint sx = d == axis || x.Shape[d] == 1 ? 0 : x.Strides[d];
            nest.Add(shape[d], first[d], si, sx);
        }
        nest.Coalesce();
        return nest;
    }
}
