namespace Batchwise.Expressions;

internal sealed partial class Evaluator
{
    private object? IndexValue(object? target, SyntaxList<IndexItem> items)
    {
        if (target is object?[] tuple)
        {
            if (items.Count != 1 || items[0] is not IntItem item)
            {
                throw new InvalidValueException("a tuple result can only be indexed by one integer");
            }
            int i = item.Value < 0 ? item.Value + tuple.Length : item.Value;
            if ((uint)i >= (uint)tuple.Length)
            {
                throw new AxisIndexException($"tuple index {item.Value} out of range for a tuple of {tuple.Length}");
            }
            return tuple[i];
        }
        var index = new TensorIndex[items.Count];
        for (int i = 0; i < index.Length; i++)
        {
            index[i] = ToIndex(items[i]);
        }
        return ArrayFunction.Apply(target, new Indexed(index), "index");
    }

    private readonly struct Indexed(TensorIndex[] index) : IArrayFunction
    {
        public object? Invoke<T>(Tensor<T> x) where T : unmanaged => x[index];
    }

    private TensorIndex ToIndex(IndexItem item) => item switch
    {
        IntItem i => TensorIndex.At(i.Value),
        SliceItem s => TensorIndex.Slice(s.Start, s.Stop, s.Step),
        EllipsisItem => TensorIndex.Ellipsis,
        ArrayItem a => AdvancedIndex(Evaluate(a.Value)),
        _ => TensorIndex.NewAxis,
    };

    /// <summary>An advanced index item: an int or bool array (a Python int stays a basic index).</summary>
    private static TensorIndex AdvancedIndex(object? value) => value switch
    {
        long i => TensorIndex.At(BoundArguments.Fit(i, "index")),
        Tensor<long> l => TensorIndex.Array(l),
        Tensor<int> i => TensorIndex.Array(i),
        Tensor<bool> m => TensorIndex.Mask(m),
        Tensor<float> or Tensor<double> => throw new AxisIndexException("arrays used as indices must be of integer (or boolean) type"),
        _ => throw new AxisIndexException($"only integers, slices, '...', None and integer or boolean arrays are valid indices, not {BoundArguments.Describe(value)}"),
    };
}
