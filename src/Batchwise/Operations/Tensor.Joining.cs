namespace Batchwise;

public static partial class Tensor
{
    /// <summary>
    /// NumPy's <c>concatenate</c>: the pieces joined along <paramref name="axis"/>. Every piece has the
    /// same rank (at least 1) and the same extents except along the axis; the result's extent there is
    /// the sum of theirs. With <paramref name="axis"/> null every piece is flattened first, so any ranks
    /// join into one 1-D result. Each piece is copied as whole blocks (the runs that are contiguous in
    /// both the piece and the result), so appending one step to a key/value cache is a memory copy.
    /// Zero-size pieces contribute nothing; NaN and infinities are copied like any value.
    /// </summary>
    /// <param name="tensors">The pieces, in order.</param>
    /// <param name="axis">The joining axis (negative counts from the end), or null to flatten.</param>
    /// <param name="into">Optional destination of exactly the result's shape; nothing else is allocated
    /// unless it shares storage with a piece.</param>
    /// <exception cref="InvalidValueException">No pieces, or <paramref name="into"/> repeats elements.</exception>
    /// <exception cref="ShapeException">A 0-d piece, ranks or extents that differ, or <paramref name="into"/> of another shape.</exception>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static Tensor<T> Concatenate<T>(IReadOnlyList<Tensor<T>> tensors, int? axis = 0, Tensor<T>? into = null) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            ThrowHelper.Value("need at least one array to concatenate");
        }
        if (axis is null)
        {
            var flat = new Tensor<T>[tensors.Count];
            for (int i = 0; i < flat.Length; i++)
            {
                flat[i] = tensors[i].Ravel();
            }
            return Concatenate(flat, 0, into);
        }
        int[] shape = ConcatenatedShape(tensors, axis.Value, out int a);
        Tensor<T> result = JoinDestination("concatenate", shape, tensors, into);
        int position = 0;
        foreach (Tensor<T> piece in tensors)
        {
            int length = piece.Shape[a];
            if (piece.Size > 0)
            {
                // Never overlapping (JoinDestination); streamed when the whole result is too large for cache.
                result.Narrow(a, position, length).CopyDisjoint(piece, result.Size);
            }
            position += length;
        }
        return Finish(result, into);
    }

    /// <summary>
    /// NumPy's <c>stack</c>: equal-shaped pieces joined along a new axis at position
    /// <paramref name="axis"/> of the result (from −(rank+1) to rank). 0-d pieces give a 1-D result.
    /// </summary>
    /// <exception cref="InvalidValueException">No pieces.</exception>
    /// <exception cref="ShapeException">The shapes differ, or <paramref name="into"/> has another shape.</exception>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static Tensor<T> Stack<T>(IReadOnlyList<Tensor<T>> tensors, int axis = 0, Tensor<T>? into = null) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            ThrowHelper.Value("need at least one array to stack");
        }
        ReadOnlySpan<int> first = tensors[0].Shape;
        int a = AxisRule.Normalize(axis, first.Length + 1);
        var expanded = new Tensor<T>[tensors.Count];
        for (int i = 0; i < expanded.Length; i++)
        {
            if (!tensors[i].Shape.SequenceEqual(first))
            {
                ThrowHelper.Shape($"all input arrays must have the same shape: the array at index 0 has shape {ShapeText.Format(first)} and the array at index {i} has shape {tensors[i].ShapeString}");
            }
            expanded[i] = tensors[i].ExpandDims(a);
        }
        return Concatenate(expanded, a, into);
    }

    private static int[] ConcatenatedShape<T>(IReadOnlyList<Tensor<T>> tensors, int axis, out int normalized) where T : unmanaged
    {
        Tensor<T> first = tensors[0];
        if (first.Rank == 0)
        {
            ThrowHelper.Shape("zero-dimensional arrays cannot be concatenated");
        }
        normalized = AxisRule.Normalize(axis, first.Rank);
        int[] shape = first.Shape.ToArray();
        long total = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            Tensor<T> piece = tensors[i];
            if (piece.Rank != first.Rank)
            {
                ThrowHelper.Shape($"all the input arrays must have same number of dimensions, but the array at index 0 has {first.Rank} dimension(s) and the array at index {i} has {piece.Rank} dimension(s)");
            }
            for (int d = 0; d < shape.Length; d++)
            {
                if (d != normalized && piece.Shape[d] != shape[d])
                {
                    ThrowHelper.Shape($"all the input array dimensions except for the concatenation axis must match exactly, but along dimension {d}, the array at index 0 has size {shape[d]} and the array at index {i} has size {piece.Shape[d]}");
                }
            }
            total += piece.Shape[normalized];
        }
        if (total > int.MaxValue)
        {
            ThrowHelper.Shape($"concatenate: the result along axis {normalized} would have {total} elements");
        }
        shape[normalized] = (int)total;
        Layouts.Layout.SizeOf(shape);
        return shape;
    }

    /// <summary>
    /// The tensor a join writes: a new one, or <paramref name="into"/> when it has the result's shape.
    /// A destination that shares storage with a piece is written through a temporary, since a block
    /// written early could be a piece read later.
    /// </summary>
    private static Tensor<T> JoinDestination<T>(string operation, ReadOnlySpan<int> shape, IReadOnlyList<Tensor<T>> pieces, Tensor<T>? into) where T : unmanaged
    {
        if (into is null)
        {
            return Tensor<T>.Allocate(shape);
        }
        if (!into.Shape.SequenceEqual(shape))
        {
            ThrowHelper.Shape($"{operation}: the destination has shape {into.ShapeString} but the result has shape {ShapeText.Format(shape)}");
        }
        into.RequireWritable(operation);
        foreach (Tensor<T> piece in pieces)
        {
            if (into.SharesStorageWith(piece))
            {
                return Tensor<T>.Allocate(shape);
            }
        }
        return into;
    }

    private static Tensor<T> Finish<T>(Tensor<T> result, Tensor<T>? into) where T : unmanaged
    {
        if (into is not null && !ReferenceEquals(result, into))
        {
            into.CopyFrom(result);
            return into;
        }
        return result;
    }
}
