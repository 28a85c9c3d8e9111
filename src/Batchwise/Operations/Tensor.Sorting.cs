using Batchwise.Kernels.Iteration;
using Batchwise.Kernels.Sorting;
using Batchwise.Operations;

namespace Batchwise;

public static partial class Tensor
{
    // A single line at least this long is sorted on two threads (radix keys: the passes and buckets
    // are shared; other types: two halves, then merged).
    private const int SplitLineLength = 1 << 16;

    /// <summary>
    /// The elements sorted ascending along <paramref name="axis"/>, batched over the other axes (NumPy's
    /// <c>sort</c>); <c>axis: null</c> sorts the flattened tensor (a 0-d x gives shape (1,)). NaN sorts
    /// after +inf; −0.0 and 0.0 are equal, in no defined order. Zero-size tensors give zero-size results.
    /// </summary>
    /// <exception cref="AxisIndexException">The axis is out of range (any int axis of a 0-d x).</exception>
    public static Tensor<T> Sort<T>(Tensor<T> x, int? axis = -1) where T : unmanaged, INumber<T> =>
        SortLines<T, T, SortLine<T>>(x, axis, static split => new SortLine<T> { SplitLine = split });

    /// <summary>
    /// The int64 positions that sort <paramref name="x"/> along <paramref name="axis"/> (NumPy's
    /// <c>argsort(kind='stable')</c>): always stable, so equal keys keep their input order, −0.0 equals
    /// 0.0 and NaNs come last in input order. <c>axis: null</c> indexes the flattened tensor.
    /// </summary>
    /// <exception cref="AxisIndexException">The axis is out of range (any int axis of a 0-d x).</exception>
    public static Tensor<long> ArgSort<T>(Tensor<T> x, int? axis = -1) where T : unmanaged, INumber<T> =>
        SortLines<T, long, ArgSortLine<T>>(x, axis, static split => new ArgSortLine<T> { SplitLine = split });

    /// <summary>
    /// torch.topk: the <paramref name="k"/> largest (or, with <paramref name="largest"/> false, smallest)
    /// elements along <paramref name="dim"/> and their int64 positions, found with a bounded heap per line
    /// (O(n log k), no full sort). With <paramref name="sorted"/> the values are in descending (ascending)
    /// order; otherwise in an unspecified order. NaN counts as larger than +inf; equal values come lowest
    /// position first. A 0-d x is one line of one element. Both results have x's shape with k along dim.
    /// </summary>
    /// <exception cref="AxisIndexException">The dim is out of range.</exception>
    /// <exception cref="InvalidValueException">k is negative or larger than the extent of dim.</exception>
    public static (Tensor<T> Values, Tensor<long> Indices) TopK<T>(Tensor<T> x, int k, int dim = -1, bool largest = true, bool sorted = true)
        where T : unmanaged, INumber<T>
    {
        if (x.Rank == 0)
        {
            AxisRule.Normalize(dim, 1);
            (Tensor<T> v, Tensor<long> i) = TopK(x.Unsqueeze(0), k, 0, largest, sorted);
            return (v.Squeeze(0), i.Squeeze(0));
        }
        int a = AxisRule.Normalize(dim, x.Rank);
        if (k < 0 || k > x.Shape[a])
        {
            ThrowHelper.Value($"topk: selected index k out of range (k = {k}, dim {dim} of shape {x.ShapeString})");
        }
        int[] shape = x.Shape.ToArray();
        shape[a] = k;
        Tensor<T> values = Tensor<T>.Allocate(shape);
        Tensor<long> indices = Tensor<long>.Allocate(shape);
        LineEngine.Run(x, a, values, indices, new TopKLine<T> { K = k, Largest = largest, Sorted = sorted }, cost: 2);
        return (values, indices);
    }

    /// <summary>
    /// NumPy's <c>argpartition</c>: int64 positions along <paramref name="axis"/> such that the element at
    /// position <paramref name="kth"/> is the one a full sort would put there, every element before it
    /// sorts at or before it, every element after at or after it (NaN last, ties by position). An
    /// introselect per line: O(n) on average. A negative kth counts from the end.
    /// </summary>
    /// <exception cref="AxisIndexException">The axis is out of range (any axis of a 0-d x).</exception>
    /// <exception cref="InvalidValueException">kth is outside −n…n−1 for the axis extent n.</exception>
    public static Tensor<long> ArgPartition<T>(Tensor<T> x, int kth, int axis = -1) where T : unmanaged, INumber<T>
    {
        int a = AxisRule.Normalize(axis, x.Rank);
        int n = x.Shape[a];
        if (kth < -n || kth >= n)
        {
            ThrowHelper.Value($"kth(={kth}) out of bounds ({n})");
        }
        Tensor<long> result = Tensor<long>.Allocate(x.Shape);
        LineEngine.Run(x, a, result, new ArgPartitionLine<T> { Kth = kth < 0 ? kth + n : kth }, cost: 4);
        return result;
    }

    /// <summary>
    /// Sort and argsort's common frame: the lines along <paramref name="axis"/> (null: the flattened tensor)
    /// through the kernel made for them, told whether to split a single long line over two threads.
    /// </summary>
    private static Tensor<TOut> SortLines<T, TOut, TKernel>(Tensor<T> x, int? axis, Func<bool, TKernel> kernel)
        where T : unmanaged
        where TOut : unmanaged
        where TKernel : unmanaged, ILineKernel
    {
        Tensor<T> source = axis is null ? x.Ravel() : x;
        int a = AxisRule.Normalize(axis ?? 0, source.Rank);
        Tensor<TOut> result = Tensor<TOut>.Allocate(source.Shape);
        LineEngine.Run(source, a, result, kernel(IsOneLongLine(source, a)), cost: 16);
        return result;
    }

    /// <summary>Whether the whole tensor is one line long enough to be worth sorting on two threads.</summary>
    private static bool IsOneLongLine<T>(Tensor<T> x, int axis) where T : unmanaged =>
        x.Shape[axis] >= SplitLineLength && x.Size == x.Shape[axis];
}
