using Batchwise.Layouts;
using Batchwise.Operations;

namespace Batchwise.Tensors;

/// <summary>
/// NumPy's advanced indexing reduced to numbers: the broadcast shape B of the array items, the storage
/// offset of every position of B (ints, slices and the array items folded in), and the remaining basic
/// dims, which every position of B copies as one strided block. The result is laid out with B's dims
/// consecutive, either in place of adjacent array items or first (rules 1–7 of the porting vocabulary).
/// </summary>
internal sealed class AdvancedIndexPlan(int[] resultShape, long[] offsets, int[] restShape, int[] restSourceStrides, int[] restResultStrides, long postSize)
{
    /// <summary>The shape of <c>x[items]</c>.</summary>
    public int[] ResultShape { get; } = resultShape;

    /// <summary>The storage offset of the block of each position of B, in row-major order over B.</summary>
    public long[] Offsets { get; } = offsets;

    /// <summary>The dims of the result that are not B's, in result order.</summary>
    public int[] RestShape { get; } = restShape;

    /// <summary>The storage strides of those dims in the indexed tensor.</summary>
    public int[] RestSourceStrides { get; } = restSourceStrides;

    /// <summary>Their strides in a row-major result (or value) of <see cref="ResultShape"/>.</summary>
    public int[] RestResultStrides { get; } = restResultStrides;

    /// <summary>The distance in a row-major result between consecutive positions of B.</summary>
    public long PostSize { get; } = postSize;

    /// <summary>Plans <c>x[items]</c> for x laid out by <paramref name="layout"/>; at least one item is advanced.</summary>
    /// <exception cref="AxisIndexException">Too many indices, two ellipses, an index out of range, a mask
    /// whose shape differs from the dims it covers, or array items that do not broadcast.</exception>
    /// <exception cref="InvalidValueException">A slice step of 0.</exception>
    public static AdvancedIndexPlan Build(Layout layout, ReadOnlySpan<TensorIndex> items)
    {
        CheckCounts(layout.Rank, items);
        long offset = layout.Offset;
        var rest = new List<(int Extent, int Stride)>();
        var parts = new List<Tensor<long>>();
        int insertAt = -1, axis = 0;
        bool gap = false, adjacent = true;
        foreach (TensorIndex item in items)
        {
            bool advanced = item.Kind is TensorIndexKind.Integer or TensorIndexKind.Array or TensorIndexKind.Mask;
            if (advanced)
            {
                adjacent &= insertAt < 0 || !gap;
                insertAt = insertAt < 0 ? rest.Count : insertAt;
            }
            else
            {
                gap |= insertAt >= 0;
            }
            switch (item.Kind)
            {
                case TensorIndexKind.Integer:
                    int extent = layout.Shape[axis];
                    long wrapped = item.Integer.IsFromEnd ? (long)extent - item.Integer.Value : item.Integer.Value;
                    if (wrapped < 0 || wrapped >= extent)
                    {
                        ThrowHelper.Index($"index {item} is out of bounds for axis {axis} with size {extent}");
                    }
                    offset += wrapped * layout.Strides[axis];
                    axis++;
                    break;
                case TensorIndexKind.Array:
                    parts.Add(item.IndexTensor is Tensor<long> longs ? Contributions(longs, layout, axis) : Contributions((Tensor<int>)item.IndexTensor!, layout, axis));
                    axis++;
                    break;
                case TensorIndexKind.Mask:
                    var mask = (Tensor<bool>)item.IndexTensor!;
                    parts.Add(MaskContributions(mask, layout, axis));
                    axis += mask.Rank;
                    break;
                case TensorIndexKind.Slice:
                    (int start, int length, int step) = Tensor<byte>.ResolveSlice(item, layout.Shape[axis]);
                    offset += length > 0 ? (long)start * layout.Strides[axis] : 0;
                    rest.Add((length, layout.Strides[axis] * step));
                    axis++;
                    break;
                case TensorIndexKind.NewAxis:
                    rest.Add((1, 0));
                    break;
                case TensorIndexKind.Ellipsis:
                    for (int whole = layout.Rank - Consumed(items); whole > 0; whole--, axis++)
                    {
                        rest.Add((layout.Shape[axis], layout.Strides[axis]));
                    }
                    break;
            }
        }
        for (; axis < layout.Rank; axis++)
        {
            rest.Add((layout.Shape[axis], layout.Strides[axis]));
        }
        int[] broadcast = BroadcastParts(parts);
        if (!adjacent || insertAt < 0)
        {
            insertAt = 0;
        }
        return Assemble(rest, broadcast, insertAt, BlockOffsets(parts, broadcast, offset));
    }

    private static AdvancedIndexPlan Assemble(List<(int Extent, int Stride)> rest, int[] broadcast, int insertAt, long[] offsets)
    {
        var resultShape = new List<int>(rest.Count + broadcast.Length);
        for (int r = 0; r < rest.Count; r++)
        {
            if (r == insertAt)
            {
                resultShape.AddRange(broadcast);
            }
            resultShape.Add(rest[r].Extent);
        }
        if (insertAt == rest.Count)
        {
            resultShape.AddRange(broadcast);
        }
        int[] shape = [.. resultShape];
        Layout.SizeOf(shape);
        int[] rowMajor = Layout.RowMajorStrides(shape);
        var restShape = new int[rest.Count];
        var sourceStrides = new int[rest.Count];
        var resultStrides = new int[rest.Count];
        long postSize = 1;
        for (int r = 0; r < rest.Count; r++)
        {
            restShape[r] = rest[r].Extent;
            sourceStrides[r] = rest[r].Stride;
            resultStrides[r] = rowMajor[r < insertAt ? r : r + broadcast.Length];
            postSize *= r >= insertAt ? rest[r].Extent : 1;
        }
        return new AdvancedIndexPlan(shape, offsets, restShape, sourceStrides, resultStrides, postSize);
    }

    private static int Consumed(ReadOnlySpan<TensorIndex> items)
    {
        int consumed = 0;
        foreach (TensorIndex item in items)
        {
            consumed += item.Kind switch
            {
                TensorIndexKind.Integer or TensorIndexKind.Slice or TensorIndexKind.Array => 1,
                TensorIndexKind.Mask => ((Tensor<bool>)item.IndexTensor!).Rank,
                _ => 0,
            };
        }
        return consumed;
    }

    private static void CheckCounts(int rank, ReadOnlySpan<TensorIndex> items)
    {
        int ellipses = 0;
        foreach (TensorIndex item in items)
        {
            ellipses += item.Kind == TensorIndexKind.Ellipsis ? 1 : 0;
        }
        if (ellipses > 1)
        {
            ThrowHelper.Index("an index can only have a single ellipsis ('...')");
        }
        int consumed = Consumed(items);
        if (consumed > rank)
        {
            ThrowHelper.Index($"too many indices for array: array is {rank}-dimensional, but {consumed} were indexed");
        }
    }

    /// <summary>An integer array's storage offsets along its axis: <c>wrap(i)·stride</c>, with its shape.</summary>
    private static Tensor<long> Contributions<TIndex>(Tensor<TIndex> indices, Layout layout, int axis)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        Tensor<TIndex> index = indices.Contiguous();
        int n = layout.Shape[axis];
        Tensor.CheckIndices(index, n, axis, allowNegative: true);
        var values = new long[index.Size];
        ReadOnlySpan<TIndex> source = index.Size == 0 ? default : index.AsSpan();
        long stride = layout.Strides[axis];
        for (int i = 0; i < values.Length; i++)
        {
            long v = long.CreateTruncating(source[i]);
            values[i] = (v < 0 ? v + n : v) * stride;
        }
        return new Tensor<long>(TensorStorage<long>.Wrap(values), Layout.RowMajor(index.Shape));
    }

    /// <summary>A mask's storage offsets (its nonzero coordinates folded with the strides), shape (N,).</summary>
    private static Tensor<long> MaskContributions(Tensor<bool> mask, Layout layout, int axis)
    {
        for (int d = 0; d < mask.Rank; d++)
        {
            if (mask.Shape[d] != layout.Shape[axis + d])
            {
                ThrowHelper.Index($"boolean index did not match indexed array along dimension {axis + d}; dimension is {layout.Shape[axis + d]} but corresponding boolean dimension is {mask.Shape[d]}");
            }
        }
        long[] flat = Tensor.FlatNonZero(mask);
        for (int i = 0; i < flat.Length; i++)
        {
            long p = flat[i], value = 0;
            for (int d = mask.Rank - 1; d >= 0; d--)
            {
                value += p % mask.Shape[d] * layout.Strides[axis + d];
                p /= mask.Shape[d];
            }
            flat[i] = value;
        }
        return new Tensor<long>(TensorStorage<long>.Wrap(flat), Layout.RowMajor([flat.Length]));
    }

    private static int[] BroadcastParts(List<Tensor<long>> parts)
    {
        ReadOnlySpan<Dim> shape = [];
        foreach (Tensor<long> part in parts)
        {
            if (!BroadcastRule.TryBroadcast(shape, Tensor<long>.AsDims(part.Shape), out Dim[] next))
            {
                var shapes = string.Join(" ", parts.Select(p => p.ShapeString));
                ThrowHelper.Index($"shape mismatch: indexing arrays could not be broadcast together with shapes {shapes}");
            }
            shape = next;
        }
        return System.Runtime.InteropServices.MemoryMarshal.Cast<Dim, int>(shape).ToArray();
    }

    private static long[] BlockOffsets(List<Tensor<long>> parts, int[] broadcast, long offset)
    {
        var data = new long[Layout.SizeOf(broadcast)];
        Array.Fill(data, offset);
        var offsets = new Tensor<long>(TensorStorage<long>.Wrap(data), Layout.RowMajor(broadcast));
        foreach (Tensor<long> part in parts)
        {
            Tensor.Add(offsets, part, into: offsets);
        }
        return data;
    }
}
