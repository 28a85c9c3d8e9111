using Batchwise.Operations;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary>
    /// NumPy's <c>broadcast_arrays</c>: every input seen with the common broadcast shape. The results
    /// are views that repeat elements along stretched axes (stride 0), so they are read-only.
    /// </summary>
    /// <exception cref="ShapeException">The shapes do not broadcast together.</exception>
    public static Tensor<T>[] BroadcastArrays<T>(IReadOnlyList<Tensor<T>> tensors) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(tensors);
        int[] shape = [];
        foreach (Tensor<T> t in tensors)
        {
            shape = ElementwiseEngine.BroadcastShape("broadcast_arrays", shape, t.Shape);
        }
        var result = new Tensor<T>[tensors.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = tensors[i].BroadcastTo(shape);
        }
        return result;
    }

    /// <summary>
    /// NumPy's <c>meshgrid</c> (with its default <c>copy=True</c>): for inputs of lengths n0, n1, ...
    /// (each flattened), result k holds input k repeated along every other axis. With
    /// <c>indexing="xy"</c> (Cartesian, the default) the first two axes are swapped, so the results have
    /// shape (n1, n0, n2, ...); with <c>"ij"</c> (matrix) they have shape (n0, n1, ...).
    /// </summary>
    /// <exception cref="InvalidValueException"><paramref name="indexing"/> is neither "xy" nor "ij".</exception>
    public static Tensor<T>[] Meshgrid<T>(IReadOnlyList<Tensor<T>> tensors, string indexing = "xy") where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (indexing is not ("xy" or "ij"))
        {
            ThrowHelper.Value("Valid values for `indexing` are 'xy' and 'ij'.");
        }
        int n = tensors.Count;
        bool swap = indexing == "xy" && n > 1;
        var shape = new int[n];
        for (int i = 0; i < n; i++)
        {
            shape[i] = tensors[i].Size;
        }
        if (swap)
        {
            (shape[0], shape[1]) = (shape[1], shape[0]);
        }
        var result = new Tensor<T>[n];
        for (int i = 0; i < n; i++)
        {
            // Input i runs along axis i of the result, except that "xy" swaps axes 0 and 1.
            int along = swap && i < 2 ? 1 - i : i;
            var viewShape = new int[n];
            Array.Fill(viewShape, 1);
            viewShape[along] = shape[along];
            result[i] = Tensor<T>.Allocate(shape);
            result[i].CopyFrom(tensors[i].Ravel().Reshape(viewShape));
        }
        return result;
    }
}
