namespace Batchwise.NN;

public static partial class Functional
{
    /// <summary>
    /// PyTorch's <c>F.embedding</c>: row <c>ids[p]</c> of <paramref name="weight"/> (V, D) for every
    /// position p, giving shape <c>ids.shape + (D,)</c> (a 0-d id gives (D,)). Each row is one block
    /// copy, spread over the cores for large results.
    /// </summary>
    /// <exception cref="ShapeException">The weight is not 2-D.</exception>
    /// <exception cref="AxisIndexException">An id below 0 or at least V.</exception>
    public static Tensor<T> Embedding<T, TIndex>(Tensor<TIndex> ids, Tensor<T> weight)
        where T : unmanaged
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2)
        {
            ThrowHelper.Shape($"embedding: 'weight' must be 2-D, not of shape {weight.ShapeString}");
        }
        return Tensor.TakeRows(weight, ids, 0, allowNegative: false, ids.Shape);
    }
}
