using static Batchwise.Expressions.SymbolicShapes;

namespace Batchwise.Expressions;

/// <summary>Sorting, searching and scans: the element type is kept (cumsum and cumprod widen ints to int64).</summary>
internal static partial class NumericFunctions<T>
{
    private static IEnumerable<FunctionEntry> Sorting() =>
    [
        FunctionEntries.Make("sort", "a|input, axis|dim=-1, kind=None, stable=None", a => Batchwise.Tensor.Sort(A(a, "a"), a.OptionalInt("axis")),
            a => Along(S(a, "a"), a.OptionalInt("axis")), CallForm.Both),
        FunctionEntries.Make("argsort", "a|input, axis|dim=-1, kind=None, stable=None", a => Batchwise.Tensor.ArgSort(A(a, "a"), a.OptionalInt("axis")),
            a => Along(S(a, "a"), a.OptionalInt("axis")) with { IsBool = false }, CallForm.Both),
        FunctionEntries.Make("topk", "input, k, dim=-1, largest=True, sorted=True", TopK, TopKShape, CallForm.Both),
        FunctionEntries.Make("argpartition", "a, kth, axis=-1", a => Batchwise.Tensor.ArgPartition(A(a, "a"), a.Int("kth"), a.Int("axis")),
            a => Along(S(a, "a"), a.Int("axis")) with { IsBool = false }),
        FunctionEntries.Make("searchsorted", "a|sorted_sequence, v|input, side='left', right=False", SearchSorted, SearchSortedShape),
        FunctionEntries.Make("unique", "ar|input, return_counts=False, return_inverse=False", Unique, UniqueShape),
    ];

    private static IEnumerable<FunctionEntry> Scans() =>
    [
        FunctionEntries.Make("cumsum", "a|input, axis|dim=None", a => Batchwise.Tensor.CumSum(A(a, "a"), a.OptionalInt("axis")),
            a => Along(S(a, "a"), a.OptionalInt("axis")), CallForm.Both) with { WidensIntegers = true, AlongAxes = "axis" },
        FunctionEntries.Make("cumprod", "a|input, axis|dim=None", a => Batchwise.Tensor.CumProd(A(a, "a"), a.OptionalInt("axis")),
            a => Along(S(a, "a"), a.OptionalInt("axis")), CallForm.Both) with { WidensIntegers = true, AlongAxes = "axis" },
        FunctionEntries.Make("diff", "a|input, n=1, axis|dim=-1", a => Batchwise.Tensor.Diff(A(a, "a"), a.Int("n"), a.Int("axis")), DiffShape),
    ];

    /// <summary>The shape of an operation along an axis: unchanged, or flattened for axis None.</summary>
    private static SymbolicArray Along(SymbolicArray x, int? axis)
    {
        if (axis is int one)
        {
            _ = Batchwise.Shapes.AxisRule.Normalize(one, x.Shape.Length);
            return x;
        }
        return x with { Shape = [SymbolicDim.Product(x.Shape)] };
    }

    private static object TopK(BoundArguments a)
    {
        (Tensor<T> values, Tensor<long> indices) = Batchwise.Tensor.TopK(A(a, "input"), a.Int("k"), a.Int("dim"), a.Bool("largest"), a.Bool("sorted"));
        return new object?[] { values, indices };
    }

    private static object TopKShape(BoundArguments a)
    {
        SymbolicArray x = S(a, "input");
        int dim = Batchwise.Shapes.AxisRule.Normalize(a.Int("dim"), x.Shape.Length);
        int k = a.Int("k");
        if (k < 0 || (x.Shape[dim].IsKnown && k > x.Shape[dim].Size))
        {
            throw new InvalidValueException($"topk: k ({k}) is out of range for dimension {dim} of size {x.Shape[dim]}");
        }
        SymbolicDim[] shape = [.. x.Shape];
        shape[dim] = SymbolicDim.Of(k);
        return new object?[] { x with { Shape = shape }, new SymbolicArray(shape) };
    }

    private static bool Right(BoundArguments a) => a.Bool("right") || a.Text("side") switch
    {
        "left" => false,
        "right" => true,
        var other => throw new InvalidValueException($"searchsorted: side must be 'left' or 'right', got '{other}'"),
    };

    private static object SearchSorted(BoundArguments a) => Batchwise.Tensor.SearchSorted(A(a, "a"), A(a, "v"), Right(a));

    private static object SearchSortedShape(BoundArguments a)
    {
        if (S(a, "a").Shape.Length != 1)
        {
            throw new ShapeException($"searchsorted: a must be 1-D, got shape {S(a, "a")}");
        }
        _ = Right(a);
        return S(a, "v") with { IsBool = false };
    }

    private static object Unique(BoundArguments a)
    {
        bool counts = a.Bool("return_counts"), inverse = a.Bool("return_inverse");
        if (!counts && !inverse)
        {
            return Batchwise.Tensor.Unique(A(a, "ar"));
        }
        UniqueResult<T> all = Batchwise.Tensor.UniqueAll(A(a, "ar"));
        var result = new List<object?> { all.Values };
        if (inverse)
        {
            result.Add(all.Inverse);
        }
        if (counts)
        {
            result.Add(all.Counts);
        }
        return result.ToArray();
    }

    private static object UniqueShape(BoundArguments a)
    {
        SymbolicArray x = S(a, "ar");
        var values = new SymbolicArray([SymbolicDim.Named("n_unique")], x.IsBool);
        bool counts = a.Bool("return_counts"), inverse = a.Bool("return_inverse");
        if (!counts && !inverse)
        {
            return values;
        }
        var result = new List<object?> { values };
        if (inverse)
        {
            result.Add(x with { IsBool = false });
        }
        if (counts)
        {
            result.Add(values with { IsBool = false });
        }
        return result.ToArray();
    }

    private static object DiffShape(BoundArguments a)
    {
        SymbolicArray x = S(a, "a");
        int n = a.Int("n");
        if (n < 0)
        {
            throw new InvalidValueException($"diff: order must be non-negative but got {n}");
        }
        if (x.Shape.Length == 0)
        {
            throw new ShapeException("diff requires input that is at least one dimensional");
        }
        int axis = Batchwise.Shapes.AxisRule.Normalize(a.Int("axis"), x.Shape.Length);
        SymbolicDim[] shape = [.. x.Shape];
        shape[axis] = shape[axis].IsKnown ? SymbolicDim.Of(Math.Max(shape[axis].Size - n, 0)) : n == 0 ? shape[axis] : SymbolicDim.Named($"{shape[axis]}-{n}");
        return x with { Shape = shape };
    }
}
