using Batchwise.Kernels.Elementwise;
using Batchwise.Kernels.Gathering;
using Batchwise.Kernels.Iteration;
using Batchwise.Layouts;
using Batchwise.Tensors;

namespace Batchwise;

public sealed partial class Tensor<TElement>
{
    private static bool HasAdvanced(ReadOnlySpan<TensorIndex> items)
    {
        foreach (TensorIndex item in items)
        {
            if (item.IsAdvanced)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary><c>x[items]</c> with at least one array or mask item: a new tensor (NumPy's advanced indexing).</summary>
    private unsafe Tensor<TElement> AdvancedGet(TensorIndex[] items)
    {
        if (LeadingItemAlone(items))
        {
            // x[mask], x[ids] and their "..."/":" tails over a contiguous x: whole rows move as blocks.
            switch (items[0].IndexTensor)
            {
                case Tensor<bool> mask when mask.Rank > 0 && mask.Rank <= Rank && mask.Shape.SequenceEqual(Shape[..mask.Rank]):
                    return MaskedSelect(mask);
                case Tensor<long> ids when Rank > 0:
                    return Tensor.TakeRows(this, ids, 0, allowNegative: true, ids.Shape);
                case Tensor<int> ids when Rank > 0:
                    return Tensor.TakeRows(this, ids, 0, allowNegative: true, ids.Shape);
            }
        }
        AdvancedIndexPlan plan = AdvancedIndexPlan.Build(Layout, items);
        Tensor<TElement> result = Allocate(plan.ResultShape);
        if (result.Size == 0)
        {
            return result;
        }
        long[] offsets = plan.Offsets;
        fixed (TElement* source = &Storage[0])
        fixed (TElement* destination = &result.Origin)
        {
            if (plan.PostSize == 1 && result.Size == offsets.Length)
            {
                // One element per position of B: a plain gather.
                for (int b = 0; b < offsets.Length; b++)
                {
                    destination[b] = source[offsets[b]];
                }
                return result;
            }
            LoopNest nest = BlockNest(plan.RestShape, plan.RestResultStrides, plan.RestSourceStrides);
            for (int b = 0; b < offsets.Length; b++)
            {
                ElementwiseDriver.Unary<TElement, TElement, CopyOperator<TElement>>(nest, destination + b * plan.PostSize, source + offsets[b]);
            }
        }
        return result;
    }

    /// <summary>
    /// <c>x[items] = value</c> with at least one array or mask item: value broadcast to the shape of
    /// <c>x[items]</c> and written in row-major order over the index positions, so with repeated indices
    /// the last write wins (as NumPy).
    /// </summary>
    private unsafe void AdvancedSet(TensorIndex[] items, Tensor<TElement> value)
    {
        AdvancedIndexPlan plan = AdvancedIndexPlan.Build(Layout, items);
        if (!BroadcastRule.TryBroadcast(AsDims(value.Shape), AsDims(plan.ResultShape), out Dim[] joint) || !MemoryExtensions.SequenceEqual(joint, AsDims(plan.ResultShape)))
        {
            ThrowHelper.Shape($"shape mismatch: value array of shape {value.ShapeString} could not be broadcast to indexing result of shape {ShapeText.Format(plan.ResultShape)}");
        }
        RequireWritable("assignment");
        if (Layout.SizeOf(plan.ResultShape) == 0)
        {
            return;
        }
        bool scalar = value.Size == 1;
        Tensor<TElement> source = scalar ? value : value.BroadcastTo(plan.ResultShape).Copy();
        long[] offsets = plan.Offsets;
        fixed (TElement* target = &Storage[0])
        fixed (TElement* v = &source.Origin)
        {
            if (plan.PostSize == 1 && plan.RestShape.All(e => e == 1))
            {
                for (int b = 0; b < offsets.Length; b++)
                {
                    target[offsets[b]] = v[scalar ? 0 : b];
                }
                return;
            }
            LoopNest nest = BlockNest(plan.RestShape, plan.RestSourceStrides, scalar ? new int[plan.RestShape.Length] : plan.RestResultStrides);
            for (int b = 0; b < offsets.Length; b++)
            {
                ElementwiseDriver.Unary<TElement, TElement, CopyOperator<TElement>>(nest, target + offsets[b], v + (scalar ? 0 : b * plan.PostSize));
            }
        }
    }

    private static LoopNest BlockNest(int[] shape, int[] destinationStrides, int[] sourceStrides)
    {
        var nest = default(LoopNest);
        for (int d = 0; d < shape.Length; d++)
        {
            nest.Add(shape[d], destinationStrides[d], sourceStrides[d]);
        }
        nest.Coalesce();
        return nest;
    }

    /// <summary>
    /// True for the common form <c>x[a]</c> or <c>x[a, ...]</c>: one advanced item first, every other
    /// item a whole axis (<c>:</c> or one <c>...</c>), over a contiguous x, where the selection is rows.
    /// </summary>
    private bool LeadingItemAlone(TensorIndex[] items)
    {
        if (items.Length == 0 || !items[0].IsAdvanced || !IsContiguous)
        {
            return false;
        }
        int consumed = items[0].IndexTensor is Tensor<bool> m ? m.Rank : 1, ellipses = 0;
        for (int i = 1; i < items.Length; i++)
        {
            TensorIndex item = items[i];
            bool whole = item.Kind == TensorIndexKind.Slice && item.Start is null && item.Stop is null && item.Step == 1;
            if (!whole && item.Kind != TensorIndexKind.Ellipsis)
            {
                return false;
            }
            consumed += whole ? 1 : 0;
            ellipses += whole ? 0 : 1;
        }
        return consumed <= Rank && ellipses <= 1;
    }

    private unsafe Tensor<TElement> MaskedSelect(Tensor<bool> mask)
    {
        Tensor<bool> m = mask.Contiguous();
        ReadOnlySpan<bool> flags = m.Size == 0 ? default : m.AsSpan();
        long count = NonZeroScan.Count(flags);
        int[] shape = [(int)count, .. Shape[mask.Rank..]];
        Tensor<TElement> result = Allocate(shape);
        if (result.Size == 0)
        {
            return result;
        }
        long inner = Size / Math.Max(flags.Length, 1);
        fixed (TElement* source = &Origin)
        fixed (TElement* destination = &result.Origin)
        {
            MaskedRows.Select(flags, source, inner, destination);
        }
        return result;
    }
}
