using static Batchwise.Expressions.SymbolicShapes;

namespace Batchwise.Expressions;

/// <summary>
/// Entries for arrays of any number type <typeparamref name="T"/> (the ints and the floats): the
/// operators, comparisons and the reductions whose result keeps or widens the element type.
/// </summary>
internal static partial class NumericFunctions<T> where T : unmanaged, INumber<T>, IMinMaxValue<T>
{
    public static IEnumerable<FunctionEntry> Entries() => [.. Operators(), .. Sorting(), .. Scans()];

    private static IEnumerable<FunctionEntry> Operators() =>
    [
        Operator("power|pow", (x, y) => Batchwise.Tensor.Pow(x, y), (x, s) => Batchwise.Tensor.Pow(x, s), (s, y) => Batchwise.Tensor.Pow(Batchwise.Tensor.Scalar(s), y)),
        Operator("floor_divide", (x, y) => Batchwise.Tensor.FloorDivide(x, y), (x, s) => Batchwise.Tensor.FloorDivide(x, s), (s, y) => Batchwise.Tensor.FloorDivide(Batchwise.Tensor.Scalar(s), y)),
        Operator("remainder|mod", (x, y) => Batchwise.Tensor.Remainder(x, y), (x, s) => Batchwise.Tensor.Remainder(x, s), (s, y) => Batchwise.Tensor.Remainder(Batchwise.Tensor.Scalar(s), y)),
        Operator("fmax", (x, y) => Batchwise.Tensor.FMax(x, y), (x, s) => Batchwise.Tensor.FMax(x, s), (s, y) => Batchwise.Tensor.FMax(y, s)),
        Operator("fmin", (x, y) => Batchwise.Tensor.FMin(x, y), (x, s) => Batchwise.Tensor.FMin(x, s), (s, y) => Batchwise.Tensor.FMin(y, s)),
        FunctionEntries.Make("square", "x|input", a => Batchwise.Tensor.Square(A(a, "x")), a => S(a, "x"), CallForm.Both) with { ElementWise = true },
        FunctionEntries.Make("sign", "x|input", a => Batchwise.Tensor.Sign(A(a, "x")), a => S(a, "x"), CallForm.Both) with { ElementWise = true },
        Operator("add", (x, y) => x + y, (x, s) => x + s, (s, y) => s + y),
        Operator("subtract", (x, y) => x - y, (x, s) => x - s, (s, y) => s - y),
        Operator("multiply", (x, y) => x * y, (x, s) => x * s, (s, y) => s * y),
        Operator("maximum", (x, y) => Batchwise.Tensor.Maximum(x, y), (x, s) => Batchwise.Tensor.Maximum(x, s), (s, y) => Batchwise.Tensor.Maximum(y, s)),
        Operator("minimum", (x, y) => Batchwise.Tensor.Minimum(x, y), (x, s) => Batchwise.Tensor.Minimum(x, s), (s, y) => Batchwise.Tensor.Minimum(y, s)),
        FunctionEntries.Make("clip|clamp", "a|input, a_min|min=None, a_max|max=None", Clip,
            a => Clipped(S(a, "a"), a["a_min"] is null ? null : S(a, "a_min"), a["a_max"] is null ? null : S(a, "a_max")), CallForm.Both) with { WeakLiterals = true },
        Comparison("less", (x, y) => Batchwise.Tensor.Less(x, y)),
        Comparison("less_equal", (x, y) => Batchwise.Tensor.LessEqual(x, y)),
        Comparison("greater", (x, y) => Batchwise.Tensor.Greater(x, y)),
        Comparison("greater_equal", (x, y) => Batchwise.Tensor.GreaterEqual(x, y)),
        Comparison("equal", (x, y) => Batchwise.Tensor.Equal(x, y)),
        Comparison("not_equal", (x, y) => Batchwise.Tensor.NotEqual(x, y)),
        FunctionEntries.Make("negative", "x", a => Batchwise.Tensor.Negate(A(a, "x")), a => S(a, "x")) with { AcceptsBool = false, ElementWise = true },
        FunctionEntries.Make("abs|absolute", "x|input", a => Batchwise.Tensor.Abs(A(a, "x")), a => S(a, "x"), CallForm.Both) with { ElementWise = true },
        FunctionEntries.Make("sum", "x, axis=None, keepdims=False", a => Batchwise.Tensor.Sum(A(a, "x"), ReduceAxes(a), a.Bool("keepdims")),
            a => Reduce("sum", S(a, "x"), a.Axes("axis"), a.Bool("keepdims")), CallForm.Both) with { WidensIntegers = true, AlongAxes = "axis" },
        FunctionEntries.Make("prod", "x, axis=None, keepdims=False", a => Batchwise.Tensor.Prod(A(a, "x"), ReduceAxes(a), a.Bool("keepdims")),
            a => Reduce("prod", S(a, "x"), a.Axes("axis"), a.Bool("keepdims")), CallForm.Both) with { WidensIntegers = true, AlongAxes = "axis" },
        FunctionEntries.Make("max|amax", "x, axis=None, keepdims=False", a => Batchwise.Tensor.Max(A(a, "x"), ReduceAxes(a), a.Bool("keepdims")),
            a => Reduce("max", S(a, "x"), a.Axes("axis"), a.Bool("keepdims")), CallForm.Both) with { AlongAxes = "axis" },
        FunctionEntries.Make("min|amin", "x, axis=None, keepdims=False", a => Batchwise.Tensor.Min(A(a, "x"), ReduceAxes(a), a.Bool("keepdims")),
            a => Reduce("min", S(a, "x"), a.Axes("axis"), a.Bool("keepdims")), CallForm.Both) with { AlongAxes = "axis" },
        FunctionEntries.Make("argmax", "x, axis=None, keepdims=False", a => ArgExtremum(a, findMax: true), ArgExtremumShape, CallForm.Both),
        FunctionEntries.Make("argmin", "x, axis=None, keepdims=False", a => ArgExtremum(a, findMax: false), ArgExtremumShape, CallForm.Both),
        FunctionEntries.Make("trace", "a, offset=0, axis1=0, axis2=1", a => Batchwise.Tensor.Trace(A(a, "a"), a.Int("offset"), a.Int("axis1"), a.Int("axis2")),
            a => Trace(S(a, "a"), a.Int("offset"), a.Int("axis1"), a.Int("axis2"), keepDiagonal: false)),
        FunctionEntries.Make("logical_and", "x1, x2", a => Batchwise.Tensor.LogicalAnd(Truth(a, "x1"), Truth(a, "x2")), BoolBroadcastShape) with { WeakLiterals = true },
        FunctionEntries.Make("logical_or", "x1, x2", a => Batchwise.Tensor.LogicalOr(Truth(a, "x1"), Truth(a, "x2")), BoolBroadcastShape) with { WeakLiterals = true },
        FunctionEntries.Make("logical_xor", "x1, x2", a => Batchwise.Tensor.LogicalXor(Truth(a, "x1"), Truth(a, "x2")), BoolBroadcastShape) with { WeakLiterals = true },
        FunctionEntries.Make("logical_not", "x", a => Batchwise.Tensor.LogicalNot(Truth(a, "x")), a => S(a, "x") with { IsBool = true }),
    ];

    private static Tensor<T> A(BoundArguments a, string name) => ArgumentValues.Tensor<T>(a[name], name);

    private static SymbolicArray S(BoundArguments a, string name) => SymbolicShapes.Array(a[name], name);

    private static bool IsNumber(object? value) => value is long or double or bool;

    private static T Scalar(object? value, string name) => ArgumentValues.Scalar<T>(value, name);

    /// <summary>An array as truth values: <c>x != 0</c>, so NaN is true (NumPy).</summary>
    private static Tensor<bool> Truth(BoundArguments a, string name) => Batchwise.Tensor.ToBool(A(a, name));

    private static int[] ReduceAxes(BoundArguments a) => a.Axes("axis") ?? Enumerable.Range(0, A(a, "x").Rank).ToArray();

    /// <summary>An element-wise operator; a Python number operand runs the array-scalar kernel (no 0-d broadcast).</summary>
    private static FunctionEntry Operator(string names, Func<Tensor<T>, Tensor<T>, Tensor<T>> arrays, Func<Tensor<T>, T, Tensor<T>> right, Func<T, Tensor<T>, Tensor<T>> left) =>
        FunctionEntries.Make(names, "x1|input, x2|other", a => (a["x1"], a["x2"]) switch
        {
            (var x, var y) when IsNumber(y) && !IsNumber(x) => right(A(a, "x1"), Scalar(y, "x2")),
            (var x, var y) when IsNumber(x) && !IsNumber(y) => left(Scalar(x, "x1"), A(a, "x2")),
            _ => arrays(A(a, "x1"), A(a, "x2")),
        }, BroadcastShape) with
        { WeakLiterals = true, ElementWise = true };

    private static FunctionEntry Comparison(string name, Func<Tensor<T>, Tensor<T>, Tensor<bool>> compare) =>
        FunctionEntries.Make(name, "x1|input, x2|other", a => compare(A(a, "x1"), A(a, "x2")), BoolBroadcastShape) with { WeakLiterals = true, ElementWise = true };

    private static object BroadcastShape(BoundArguments a) => new SymbolicArray(Broadcast(S(a, "x1").Shape, S(a, "x2").Shape));

    private static object BoolBroadcastShape(BoundArguments a) => new SymbolicArray(Broadcast(S(a, "x1").Shape, S(a, "x2").Shape), IsBool: true);

    /// <summary>NumPy's clip: <c>minimum(maximum(a, a_min), a_max)</c>, so NaN propagates and a_min &gt; a_max gives a_max.</summary>
    private static object Clip(BoundArguments a)
    {
        if (a["a_min"] is null && a["a_max"] is null)
        {
            throw new InvalidValueException("clip: one of a_min and a_max must be given");
        }
        Tensor<T> x = A(a, "a");
        if (a["a_min"] is object low)
        {
            x = IsNumber(low) ? Batchwise.Tensor.Maximum(x, Scalar(low, "a_min")) : Batchwise.Tensor.Maximum(x, A(a, "a_min"));
        }
        if (a["a_max"] is object high)
        {
            x = IsNumber(high) ? Batchwise.Tensor.Minimum(x, Scalar(high, "a_max")) : Batchwise.Tensor.Minimum(x, A(a, "a_max"));
        }
        return x;
    }

    private static SymbolicArray Clipped(SymbolicArray x, SymbolicArray? low, SymbolicArray? high)
    {
        if (low is null && high is null)
        {
            throw new InvalidValueException("clip: one of a_min and a_max must be given");
        }
        SymbolicDim[] shape = x.Shape;
        shape = low is null ? shape : Broadcast(shape, low.Shape);
        shape = high is null ? shape : Broadcast(shape, high.Shape);
        return x with { Shape = shape };
    }

    private static object ArgExtremum(BoundArguments a, bool findMax)
    {
        Tensor<T> x = A(a, "x");
        if (a.OptionalInt("axis") is int axis)
        {
            return findMax ? Batchwise.Tensor.ArgMax(x, axis, a.Bool("keepdims")) : Batchwise.Tensor.ArgMin(x, axis, a.Bool("keepdims"));
        }
        Tensor<long> flat = findMax ? Batchwise.Tensor.ArgMax(x) : Batchwise.Tensor.ArgMin(x);
        return a.Bool("keepdims") ? flat.Reshape([.. Enumerable.Repeat(1, x.Rank)]) : flat;
    }

    private static object ArgExtremumShape(BoundArguments a)
    {
        int? axis = a.OptionalInt("axis");
        return Reduce("max", S(a, "x"), axis is int one ? [one] : null, a.Bool("keepdims")) with { IsBool = false };
    }
}
