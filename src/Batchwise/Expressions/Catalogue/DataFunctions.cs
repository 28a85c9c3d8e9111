using static Batchwise.Expressions.SymbolicShapes;

namespace Batchwise.Expressions;

/// <summary>
/// Entries that move data without arithmetic, for arrays of any element type <typeparamref name="T"/>
/// (bools and ints included): views, reshapes, selection by a condition.
/// </summary>
internal static partial class DataFunctions<T> where T : unmanaged
{
    public static IEnumerable<FunctionEntry> Entries() => [.. Views(), .. Selections(), .. Joining(), .. Gathering()];

    private static IEnumerable<FunctionEntry> Views() =>
    [
        FunctionEntries.Make("squeeze", "x, axis=None", a => a.Axes("axis") is int[] axes ? A(a, "x").Squeeze(axes) : A(a, "x").Squeeze(),
            a => SymbolicShapes.Squeeze(S(a, "x"), a.Axes("axis")), CallForm.Both),
        FunctionEntries.Make("reshape", "x, *shape", a => A(a, "x").Reshape(a.Ints("shape")),
            a => SymbolicShapes.Reshape(S(a, "x"), a.Rest("shape")), CallForm.Both),
        FunctionEntries.Make("transpose", "x, *axes", Transpose, TransposeShape, CallForm.Both),
        FunctionEntries.Make("permute", "x, *dims", a => A(a, "x").Transpose(a.Ints("dims")), a => Permute(S(a, "x"), a.Ints("dims")), CallForm.Method),
        FunctionEntries.Make("unsqueeze", "x, dim", a => A(a, "x").Unsqueeze(a.Int("dim")), a => ExpandDims(S(a, "x"), [a.Int("dim")]), CallForm.Method),
        FunctionEntries.Make("swapaxes", "x, axis1, axis2", a => A(a, "x").SwapAxes(a.Int("axis1"), a.Int("axis2")),
            a => SwapAxes(S(a, "x"), a.Int("axis1"), a.Int("axis2")), CallForm.Both),
        FunctionEntries.Make("moveaxis", "a, source, destination", a => A(a, "a").MoveAxis(a.Axes("source") ?? [], a.Axes("destination") ?? []),
            a => S(a, "a") with { Shape = [.. Batchwise.Shapes.ViewRule.MovePermutation(S(a, "a").Shape.Length, a.Axes("source") ?? [], a.Axes("destination") ?? []).Select(axis => S(a, "a").Shape[axis])] }),
        FunctionEntries.Make("broadcast_to", "array, shape", a => A(a, "array").BroadcastTo(a.Ints("shape")),
            a => BroadcastTo(S(a, "array"), [.. a.Ints("shape").Select(SymbolicDim.Of)])),
        FunctionEntries.Make("expand_dims", "a, axis", a => A(a, "a").ExpandDims(ExpandAxes(a)), a => ExpandDims(S(a, "a"), ExpandAxes(a))),
        FunctionEntries.Make("diagonal", "a, offset=0, axis1=0, axis2=1", a => Batchwise.Tensor.Diagonal(A(a, "a"), a.Int("offset"), a.Int("axis1"), a.Int("axis2")),
            a => Trace(S(a, "a"), a.Int("offset"), a.Int("axis1"), a.Int("axis2"), keepDiagonal: true)),
        FunctionEntries.Make("ravel", "x", a => A(a, "x").Ravel(), a => new SymbolicArray([SymbolicDim.Product(S(a, "x").Shape)], S(a, "x").IsBool), CallForm.Both),
        FunctionEntries.Make("flatten", "x", a => A(a, "x").Flatten(), a => new SymbolicArray([SymbolicDim.Product(S(a, "x").Shape)], S(a, "x").IsBool), CallForm.Method),
    ];

    private static IEnumerable<FunctionEntry> Selections() =>
    [
        FunctionEntries.Make("where", "condition, x, y", a => Batchwise.Tensor.Where(ArgumentValues.Mask(a["condition"], "condition"), A(a, "x"), A(a, "y")),
            a => new SymbolicArray(Broadcast(Broadcast(S(a, "condition").Shape, S(a, "x").Shape), S(a, "y").Shape), S(a, "x").IsBool && S(a, "y").IsBool))
            with { Keep = ["condition"], WeakLiterals = true },
        Truth("any", (x, axes, keep) => Batchwise.Tensor.Any(x, axes, keep)),
        Truth("all", (x, axes, keep) => Batchwise.Tensor.All(x, axes, keep)),
        FunctionEntries.Make("count_nonzero", "a|input, axis|dim=None, keepdims=False", a => Batchwise.Tensor.CountNonZero(A(a, "a"), ReduceAxes(a, "a"), a.Bool("keepdims")),
            a => Reduce("count_nonzero", S(a, "a"), a.Axes("axis"), a.Bool("keepdims")) with { IsBool = false }),
    ];

    /// <summary>any/all: an element is true when it is not zero (NaN is true).</summary>
    private static FunctionEntry Truth(string name, Func<Tensor<T>, int[], bool, Tensor<bool>> reduce) =>
        FunctionEntries.Make(name, "a|input, axis|dim=None, keepdims|keepdim=False", a => reduce(A(a, "a"), ReduceAxes(a, "a"), a.Bool("keepdims")),
            a => Reduce(name, S(a, "a"), a.Axes("axis"), a.Bool("keepdims")) with { IsBool = true }, CallForm.Both);

    private static int[] ReduceAxes(BoundArguments a, string name) => a.Axes("axis") ?? [.. Enumerable.Range(0, A(a, name).Rank)];

    private static Tensor<T> A(BoundArguments a, string name) => ArgumentValues.Tensor<T>(a[name], name);

    private static SymbolicArray S(BoundArguments a, string name) => SymbolicShapes.Array(a[name], name);

    private static int[] ExpandAxes(BoundArguments a) =>
        a.Axes("axis") ?? throw new InvalidValueException("expand_dims: axis must not be None");

    /// <summary>NumPy's transpose(axes), or PyTorch's transpose(d0, d1) (a swap) when called with two
    /// axes on an array that is not 2-D, where NumPy's reading would be an error.</summary>
    private static object Transpose(BoundArguments a)
    {
        Tensor<T> x = A(a, "x");
        return a.Rest("axes") switch
        {
            [] => x.Transpose(),
            [long, long] when x.Rank != 2 => x.SwapAxes(a.Ints("axes")[0], a.Ints("axes")[1]),
            _ => x.Transpose(a.Ints("axes")),
        };
    }

    private static object TransposeShape(BoundArguments a)
    {
        SymbolicArray x = S(a, "x");
        return a.Rest("axes") switch
        {
            [] => x with { Shape = [.. x.Shape.Reverse()] },
            [long, long] when x.Shape.Length != 2 => SwapAxes(x, a.Ints("axes")[0], a.Ints("axes")[1]),
            _ => Permute(x, a.Ints("axes")),
        };
    }
}
