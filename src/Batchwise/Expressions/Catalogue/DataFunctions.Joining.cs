using static Batchwise.Expressions.SymbolicShapes;

namespace Batchwise.Expressions;

/// <summary>Joining, splitting and rearranging (NumPy's semantics; the shape rules say the same in symbols).</summary>
internal static partial class DataFunctions<T>
{
    private static IEnumerable<FunctionEntry> Joining() =>
    [
        FunctionEntries.Make("concatenate|cat|concat", "arrays|tensors, axis|dim=0", a => Batchwise.Tensor.Concatenate(Pieces(a, "arrays"), a.OptionalInt("axis")), ConcatenateShape),
        FunctionEntries.Make("stack", "arrays|tensors, axis|dim=0", a => Batchwise.Tensor.Stack(Pieces(a, "arrays"), a.Int("axis")), StackShape),
        FunctionEntries.Make("split", "ary, indices_or_sections, axis=0", a => Split(a, even: true), a => SplitShape(a, even: true)),
        FunctionEntries.Make("array_split", "ary, indices_or_sections, axis=0", a => Split(a, even: false), a => SplitShape(a, even: false)),
        FunctionEntries.Make("tile", "A, reps", a => Batchwise.Tensor.Tile(A(a, "A"), a.Ints("reps")), TileShape),
        FunctionEntries.Make("repeat", "a, repeats, axis=None", Repeat, RepeatShape, CallForm.Both) with { Keep = ["repeats"] },
        FunctionEntries.Make("repeat_interleave", "input, repeats, dim=None", a => Repeat(a, "input", "dim"),
            a => RepeatShape(a, "input", "dim")) with { Keep = ["repeats"] },
        FunctionEntries.Make("pad", "array, pad_width, mode='constant', constant_values=0", Pad, PadShape),
        FunctionEntries.Make("roll", "a, shift, axis=None", Roll, a => RollShape(a)),
        FunctionEntries.Make("flip", "m, axis=None", a => Batchwise.Tensor.Flip(A(a, "m"), a.Axes("axis") ?? []), a => Checked(a.Axes("axis"), S(a, "m"))),
        FunctionEntries.Make("tril", "m, k=0", a => Batchwise.Tensor.Tril(A(a, "m"), a.Int("k")), a => Triangle(S(a, "m"))),
        FunctionEntries.Make("triu", "m, k=0", a => Batchwise.Tensor.Triu(A(a, "m"), a.Int("k")), a => Triangle(S(a, "m"))),
    ];

    private static Tensor<T>[] Pieces(BoundArguments a, string name) => a[name] switch
    {
        object?[] items when items.Length > 0 => [.. items.Select(item => ArgumentValues.Tensor<T>(item, name))],
        object?[] => throw new InvalidValueException($"{a.Function}: need at least one array to join"),
        var other => throw BoundArguments.Expected(name, "a tuple or list of arrays", other),
    };

    private static SymbolicArray[] SymbolicPieces(BoundArguments a, string name) => a[name] is object?[] { Length: > 0 } items
        ? [.. items.Select(item => SymbolicShapes.Array(item, name))]
        : throw new InvalidValueException($"{a.Function}: need at least one array to join");

    private static object ConcatenateShape(BoundArguments a)
    {
        SymbolicArray[] pieces = SymbolicPieces(a, "arrays");
        if (a.OptionalInt("axis") is not int axisArgument)
        {
            return pieces[0] with { Shape = [SymbolicDim.Sum(pieces.Select(p => SymbolicDim.Product(p.Shape)))] };
        }
        int rank = pieces[0].Shape.Length;
        if (rank == 0)
        {
            throw new ShapeException("zero-dimensional arrays cannot be concatenated");
        }
        int axis = Batchwise.Shapes.AxisRule.Normalize(axisArgument, rank);
        foreach (SymbolicArray piece in pieces)
        {
            if (piece.Shape.Length != rank)
            {
                throw new ShapeException($"all the input arrays must have same number of dimensions, but one has {rank} dimension(s) and another {piece.Shape.Length}");
            }
            for (int d = 0; d < rank; d++)
            {
                if (d != axis && !piece.Shape[d].Equals(pieces[0].Shape[d]))
                {
                    throw new ShapeException($"all the input array dimensions except for the concatenation axis must match exactly, but along dimension {d}, one array has size {pieces[0].Shape[d]} and another {piece.Shape[d]}");
                }
            }
        }
        SymbolicDim[] shape = [.. pieces[0].Shape];
        shape[axis] = SymbolicDim.Sum(pieces.Select(p => p.Shape[axis]));
        return pieces[0] with { Shape = shape };
    }

    private static object StackShape(BoundArguments a)
    {
        SymbolicArray[] pieces = SymbolicPieces(a, "arrays");
        if (pieces.Any(p => !p.Shape.SequenceEqual(pieces[0].Shape)))
        {
            throw new ShapeException("all input arrays must have the same shape");
        }
        int axis = Batchwise.Shapes.AxisRule.Normalize(a.Int("axis"), pieces[0].Shape.Length + 1);
        return pieces[0] with { Shape = [.. pieces[0].Shape[..axis], SymbolicDim.Of(pieces.Length), .. pieces[0].Shape[axis..]] };
    }

    private static object Split(BoundArguments a, bool even)
    {
        Tensor<T> x = A(a, "ary");
        int axis = a.Int("axis");
        Tensor<T>[] pieces = a["indices_or_sections"] is object?[]? Batchwise.Tensor.Split(x, a.Ints("indices_or_sections"), axis)
            : even ? Batchwise.Tensor.Split(x, a.Int("indices_or_sections"), axis) : Batchwise.Tensor.ArraySplit(x, a.Int("indices_or_sections"), axis);
        return pieces.Cast<object?>().ToArray();
    }

    private static object SplitShape(BoundArguments a, bool even)
    {
        SymbolicArray x = S(a, "ary");
        int axis = Batchwise.Shapes.AxisRule.Normalize(a.Int("axis"), x.Shape.Length);
        SymbolicDim length = x.Shape[axis];
        List<SymbolicDim> lengths = [];
        if (a["indices_or_sections"] is object?[])
        {
            int[] cuts = a.Ints("indices_or_sections");
            for (int i = 0; i <= cuts.Length; i++)
            {
                TensorIndex piece = TensorIndex.Slice(i == 0 ? null : cuts[i - 1], i == cuts.Length ? null : cuts[i]);
                lengths.Add(length.IsKnown ? SymbolicDim.Of(Tensor<float>.ResolveSlice(piece, length.Size).Length) : SymbolicDim.Named($"len({length}[{piece}])"));
            }
        }
        else
        {
            int sections = a.Int("indices_or_sections");
            if (sections <= 0)
            {
                throw new InvalidValueException("number sections must be larger than 0");
            }
            if (even && length.IsKnown && length.Size % sections != 0)
            {
                throw new InvalidValueException("array split does not result in an equal division");
            }
            for (int i = 0; i < sections; i++)
            {
                lengths.Add(length.IsKnown ? SymbolicDim.Of(length.Size / sections + (i < length.Size % sections ? 1 : 0)) : SymbolicDim.Named($"{length}/{sections}"));
            }
        }
        return lengths.Select(l => (object?)(x with { Shape = [.. x.Shape[..axis], l, .. x.Shape[(axis + 1)..]] })).ToArray();
    }

    private static object TileShape(BoundArguments a)
    {
        SymbolicArray x = S(a, "A");
        int[] reps = a.Ints("reps");
        if (reps.Any(r => r < 0))
        {
            throw new InvalidValueException("tile: negative dimensions are not allowed");
        }
        int rank = Math.Max(x.Shape.Length, reps.Length);
        SymbolicDim[] shape = [.. Enumerable.Repeat(SymbolicDim.One, rank - x.Shape.Length), .. x.Shape];
        int[] padded = [.. Enumerable.Repeat(1, rank - reps.Length), .. reps];
        return x with { Shape = [.. shape.Select((d, i) => Times(d, padded[i]))] };
    }

    private static SymbolicDim Times(SymbolicDim d, int factor) =>
        factor == 1 ? d : d.IsKnown ? SymbolicDim.Of(checked(d.Size * factor)) : factor == 0 ? SymbolicDim.Of(0) : SymbolicDim.Named($"{factor}*{d}");

    private static object Repeat(BoundArguments a) => Repeat(a, "a", "axis");

    private static object Repeat(BoundArguments a, string input, string axisName)
    {
        Tensor<T> x = A(a, input);
        int? axis = a.OptionalInt(axisName);
        return a["repeats"] switch
        {
            long or bool => Batchwise.Tensor.Repeat(x, a.Int("repeats"), axis),
            object?[] => Batchwise.Tensor.Repeat(x, a.Ints("repeats"), axis),
            var counts => Batchwise.Tensor.Repeat(x, ArgumentValues.Indices(counts, "repeats"), axis),
        };
    }

    private static object RepeatShape(BoundArguments a) => RepeatShape(a, "a", "axis");

    private static object RepeatShape(BoundArguments a, string input, string axisName)
    {
        SymbolicArray x = S(a, input);
        int? axis = a.OptionalInt(axisName);
        SymbolicDim extent = axis is int one ? x.Shape[Batchwise.Shapes.AxisRule.Normalize(one, x.Shape.Length)] : SymbolicDim.Product(x.Shape);
        SymbolicDim repeated = a["repeats"] is long count
            ? (count < 0 ? throw new InvalidValueException("repeat: negative dimensions are not allowed") : Times(extent, (int)count))
            : SymbolicDim.Named("sum(repeats)");
        if (axis is not int along)
        {
            return x with { Shape = [repeated] };
        }
        SymbolicDim[] shape = [.. x.Shape];
        shape[Batchwise.Shapes.AxisRule.Normalize(along, x.Shape.Length)] = repeated;
        return x with { Shape = shape };
    }

    private static SymbolicArray Checked<TValidated>(TValidated validated, SymbolicArray shape) => shape;

    private static SymbolicArray Triangle(SymbolicArray x) =>
        x.Shape.Length >= 2 ? x : throw new ShapeException($"tril/triu need an array of at least 2 dimensions, got shape {x}");
}
