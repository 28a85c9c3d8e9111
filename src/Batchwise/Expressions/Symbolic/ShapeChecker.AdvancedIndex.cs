namespace Batchwise.Expressions;

public static partial class ShapeChecker
{
    private sealed partial class Walker
    {
        /// <summary>
        /// NumPy's advanced indexing over symbolic dimensions: the index arrays (and ints) broadcast to
        /// one shape B, which replaces them in place when they are adjacent and comes first otherwise.
        /// A bool mask consumes as many dimensions as it has and contributes one of unknown length.
        /// </summary>
        private object AdvancedIndexShape(SymbolicArray x, SyntaxList<IndexItem> items)
        {
            var arrays = new List<SymbolicDim[]>();
            var parts = new List<(IndexItem Item, SymbolicArray? Index)>();
            int consuming = 0;
            foreach (IndexItem item in items)
            {
                SymbolicArray? index = item is ArrayItem a ? Array(Evaluate(a.Value), "index") : null;
                parts.Add((item, index));
                consuming += item switch
                {
                    ArrayItem when index!.IsBool => index.Shape.Length,
                    ArrayItem or IntItem or SliceItem => 1,
                    _ => 0,
                };
            }
            if (consuming > x.Shape.Length)
            {
                throw new AxisIndexException($"too many indices for array: array is {x.Shape.Length}-dimensional, but {consuming} were indexed");
            }
            int[] advanced = [.. Enumerable.Range(0, parts.Count).Where(i => parts[i].Item is ArrayItem or IntItem)];
            bool adjacent = advanced[^1] - advanced[0] == advanced.Length - 1;
            var shape = new List<SymbolicDim>();
            int axis = 0, broadcastAt = -1;
            foreach ((IndexItem item, SymbolicArray? index) in parts)
            {
                switch (item)
                {
                    case ArrayItem when index!.IsBool:
                        SymbolicDim[] covered = x.Shape[axis..(axis + index.Shape.Length)];
                        if (!covered.SequenceEqual(index.Shape))
                        {
                            throw new AxisIndexException($"boolean index of shape {index} does not match the indexed dimensions {Batchwise.Shapes.ShapeText.Format<SymbolicDim>(covered)}");
                        }
                        arrays.Add([SymbolicDim.Named("n_true")]);
                        axis += index.Shape.Length;
                        broadcastAt = broadcastAt < 0 ? shape.Count : broadcastAt;
                        break;
                    case ArrayItem:
                        arrays.Add(index!.Shape);
                        axis++;
                        broadcastAt = broadcastAt < 0 ? shape.Count : broadcastAt;
                        break;
                    case IntItem:
                        arrays.Add([]);
                        axis++;
                        broadcastAt = broadcastAt < 0 ? shape.Count : broadcastAt;
                        break;
                    default:
                        axis = BasicItemShape(item, x.Shape, axis, consuming, shape);
                        break;
                }
            }
            shape.AddRange(x.Shape[axis..]);
            SymbolicDim[] broadcast = [];
            foreach (SymbolicDim[] array in arrays)
            {
                try
                {
                    broadcast = Broadcast(broadcast, array);
                }
                catch (ShapeException e)
                {
                    throw new AxisIndexException($"shape mismatch: indexing arrays could not be broadcast together ({e.Reason})");
                }
            }
            shape.InsertRange(adjacent ? broadcastAt : 0, broadcast);
            return x with { Shape = [.. shape] };
        }
    }
}
