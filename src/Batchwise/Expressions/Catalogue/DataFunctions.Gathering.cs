using Batchwise.NN;
using static Batchwise.Expressions.SymbolicShapes;

namespace Batchwise.Expressions;

/// <summary>Gathering by index arrays, which keep their own integer type (they are not promoted with the data).</summary>
internal static partial class DataFunctions<T>
{
    private static IEnumerable<FunctionEntry> Gathering() =>
    [
        FunctionEntries.Make("take", "a, indices, axis=None", Take, TakeShape) with { Keep = ["indices"] },
        FunctionEntries.Make("take_along_axis", "arr, indices, axis", a => Batchwise.Tensor.TakeAlongAxis(A(a, "arr"), I(a, "indices"), a.OptionalInt("axis")),
            TakeAlongAxisShape) with { Keep = ["indices"] },
        FunctionEntries.Make("gather", "input, dim, index", a => Batchwise.Tensor.Gather(A(a, "input"), a.Int("dim"), I(a, "index")),
            a => S(a, "index") with { IsBool = S(a, "input").IsBool }, CallForm.Both) with { Keep = ["index"] },
        FunctionEntries.Make("index_select", "input, dim, index", a => Batchwise.Tensor.IndexSelect(A(a, "input"), a.Int("dim"), I(a, "index")), IndexSelectShape,
            CallForm.Both) with { Keep = ["index"] },
        FunctionEntries.Make("embedding", "input, weight", a => Functional.Embedding(I(a, "input"), A(a, "weight")), EmbeddingShape) with { Keep = ["input"] },
        FunctionEntries.Make("nonzero", "a", a => Batchwise.Tensor.NonZero(A(a, "a")).Cast<object?>().ToArray(), NonZeroShape, CallForm.Both),
        FunctionEntries.Make("argwhere", "a", a => Batchwise.Tensor.ArgWhere(A(a, "a")),
            a => new SymbolicArray([SymbolicDim.Named("n_true"), SymbolicDim.Of(S(a, "a").Shape.Length)])),
    ];

    private static Tensor<long> I(BoundArguments a, string name) => ArgumentValues.Indices(a[name], name);

    private static object Take(BoundArguments a) => a["indices"] is long index
        ? Batchwise.Tensor.Take(A(a, "a"), index, a.OptionalInt("axis"))
        : Batchwise.Tensor.Take(A(a, "a"), I(a, "indices"), a.OptionalInt("axis"));

    private static object TakeShape(BoundArguments a)
    {
        SymbolicArray x = S(a, "a");
        SymbolicDim[] index = S(a, "indices").Shape;
        if (a.OptionalInt("axis") is not int axisArgument)
        {
            return x with { Shape = index };
        }
        int axis = Batchwise.Shapes.AxisRule.Normalize(axisArgument, x.Shape.Length);
        return x with { Shape = [.. x.Shape[..axis], .. index, .. x.Shape[(axis + 1)..]] };
    }

    private static object TakeAlongAxisShape(BoundArguments a)
    {
        SymbolicArray x = S(a, "arr"), index = S(a, "indices");
        if (a.OptionalInt("axis") is not int axisArgument)
        {
            return index.Shape.Length == 1 ? x with { Shape = index.Shape } : throw new ShapeException("take_along_axis: with axis None, indices must be 1-D");
        }
        if (index.Shape.Length != x.Shape.Length)
        {
            throw new ShapeException($"take_along_axis: indices and arr must have the same number of dimensions ({index.Shape.Length} and {x.Shape.Length})");
        }
        int axis = Batchwise.Shapes.AxisRule.Normalize(axisArgument, x.Shape.Length);
        SymbolicDim[] others = Broadcast([.. x.Shape.Select((d, i) => i == axis ? SymbolicDim.One : d)], [.. index.Shape.Select((d, i) => i == axis ? SymbolicDim.One : d)]);
        others[axis] = index.Shape[axis];
        return x with { Shape = others };
    }

    private static object IndexSelectShape(BoundArguments a)
    {
        SymbolicArray x = S(a, "input"), index = S(a, "index");
        if (index.Shape.Length > 1)
        {
            throw new ShapeException($"index_select: index must be 0-D or 1-D, got shape {index}");
        }
        int dim = Batchwise.Shapes.AxisRule.Normalize(a.Int("dim"), x.Shape.Length);
        SymbolicDim[] shape = [.. x.Shape];
        shape[dim] = index.Shape.Length == 0 ? SymbolicDim.One : index.Shape[0];
        return x with { Shape = shape };
    }

    private static object EmbeddingShape(BoundArguments a)
    {
        SymbolicArray ids = S(a, "input"), weight = S(a, "weight");
        if (weight.Shape.Length != 2)
        {
            throw new ShapeException($"embedding: weight must be 2-D, got shape {weight}");
        }
        return weight with { Shape = [.. ids.Shape, weight.Shape[1]] };
    }

    private static object NonZeroShape(BoundArguments a)
    {
        SymbolicArray x = S(a, "a");
        if (x.Shape.Length == 0)
        {
            throw new ShapeException("nonzero of a 0-d array is not allowed (NumPy 2); use atleast_1d(x).nonzero()");
        }
        return Enumerable.Range(0, x.Shape.Length).Select(_ => (object?)new SymbolicArray([SymbolicDim.Named("n_true")])).ToArray();
    }
}
