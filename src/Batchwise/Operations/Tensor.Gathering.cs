using Batchwise.Kernels.Elementwise;
using Batchwise.Kernels.Gathering;
using Batchwise.Kernels.Iteration;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary>
    /// NumPy's <c>take</c>: the elements of <paramref name="x"/> at <paramref name="indices"/> along
    /// <paramref name="axis"/> (null: of the flattened x). The result has shape
    /// <c>x.shape[:axis] + indices.shape + x.shape[axis+1:]</c>. Negative indices wrap once. Whole rows
    /// after the axis are copied as blocks. Works for any element type, NaN included.
    /// </summary>
    /// <exception cref="AxisIndexException">An index out of range (naming the axis and its size), or the axis out of range.</exception>
    public static Tensor<T> Take<T, TIndex>(Tensor<T> x, Tensor<TIndex> indices, int? axis = null)
        where T : unmanaged
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        Tensor<T> source = axis is null ? x.Ravel() : x;
        int a = axis is null ? 0 : AxisRule.Normalize(axis.Value, x.Rank);
        return TakeRows(source, indices, a, allowNegative: true, indices.Shape);
    }

    /// <summary>NumPy's <c>take</c> with one index: the slice at <paramref name="index"/> along the axis (a 0-d result for a flattened x).</summary>
    /// <exception cref="AxisIndexException">The index or the axis is out of range.</exception>
    public static Tensor<T> Take<T>(Tensor<T> x, long index, int? axis = null) where T : unmanaged => Take(x, Scalar(index), axis);

    /// <summary>
    /// PyTorch's <c>index_select</c>: x with axis <paramref name="dim"/> replaced by the entries at
    /// <paramref name="indices"/>, a 1-D (or 0-d, treated as one entry) integer tensor. Negative indices
    /// are out of range, as in PyTorch.
    /// </summary>
    /// <exception cref="ShapeException">Indices of rank 2 or more.</exception>
    /// <exception cref="AxisIndexException">An index below 0 or at least the dim's size, or the dim out of range.</exception>
    public static Tensor<T> IndexSelect<T, TIndex>(Tensor<T> x, int dim, Tensor<TIndex> indices)
        where T : unmanaged
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Rank > 1)
        {
            ThrowHelper.Shape($"index_select(): Index is supposed to be a vector, not of shape {indices.ShapeString}");
        }
        int a = AxisRule.Normalize(dim, Math.Max(x.Rank, 1));
        Tensor<T> source = x.Rank == 0 ? x.Reshape(1) : x;
        return TakeRows(source, indices, a, allowNegative: false, [indices.Size]);
    }

    /// <summary>
    /// Rows (o, j) of the result are rows (o, indices[j]) of x seen as (outer, n, inner); the result has
    /// shape <c>x.shape[:axis] + indexShape + x.shape[axis+1:]</c>.
    /// </summary>
    internal static unsafe Tensor<T> TakeRows<T, TIndex>(Tensor<T> x, Tensor<TIndex> indices, int axis, bool allowNegative, ReadOnlySpan<int> indexShape)
        where T : unmanaged
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        Tensor<TIndex> index = indices.Contiguous();
        int n = x.Shape[axis];
        CheckIndices(index, n, axis, allowNegative);
        var shape = new List<int>(x.Rank + indexShape.Length);
        shape.AddRange(x.Shape[..axis]);
        shape.AddRange(indexShape);
        shape.AddRange(x.Shape[(axis + 1)..]);
        Tensor<T> result = Tensor<T>.Allocate([.. shape]);
        if (result.Size == 0)
        {
            return result;
        }
        Tensor<T> source = x.Contiguous();
        long inner = 1;
        for (int d = axis + 1; d < x.Rank; d++)
        {
            inner *= x.Shape[d];
        }
        int count = index.Size;
        long rows = result.Size / inner;
        fixed (T* ps = &source.Origin)
        fixed (TIndex* pi = &index.Origin)
        fixed (T* pd = &result.Origin)
        {
            nint s = (nint)ps, i = (nint)pi, d = (nint)pd;
            bool stream = StreamingStores.WorthwhileForCopy<T>(result.Size);
            WorkSplitter.For(rows, WorkSplitter.WorkersFor(result.Size), (_, start, end) =>
                RowGather.Rows((T*)s, (TIndex*)i, count, n, inner, (T*)d, start, end, stream));
        }
        return result;
    }

    /// <summary>Throws the index error for the first index outside the axis (the index tensor is contiguous).</summary>
    internal static void CheckIndices<TIndex>(Tensor<TIndex> index, long n, int axis, bool allowNegative)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        if (index.Size == 0)
        {
            return;
        }
        ReadOnlySpan<TIndex> values = index.AsSpan();
        int bad = IndexCheck.FirstOutOfRange(values, n, allowNegative);
        if (bad >= 0)
        {
            ThrowHelper.Index($"index {values[bad]} is out of bounds for axis {axis} with size {n}");
        }
    }
}
