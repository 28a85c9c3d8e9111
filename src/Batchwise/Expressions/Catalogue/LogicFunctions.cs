using static Batchwise.Expressions.SymbolicShapes;

namespace Batchwise.Expressions;

/// <summary>
/// Entries of bool arrays: Python's <c>&amp; | ^ ~</c> (NumPy's bitwise operators, which are logical on
/// bools) and the <c>logical_*</c> functions. Other element types have no <c>&amp;</c>: NumPy's TypeError
/// for floats is a value error here.
/// </summary>
internal static class LogicFunctions
{
    public static IEnumerable<FunctionEntry> Entries() =>
    [
        Binary("bitwise_and", Tensor.LogicalAnd),
        Binary("bitwise_or", Tensor.LogicalOr),
        Binary("bitwise_xor", Tensor.LogicalXor),
        Binary("logical_and", Tensor.LogicalAnd),
        Binary("logical_or", Tensor.LogicalOr),
        Binary("logical_xor", Tensor.LogicalXor),
        FunctionEntries.Make("invert|bitwise_not", "x", a => Tensor.LogicalNot(M(a, "x")), a => SymbolicShapes.Array(a["x"], "x") with { IsBool = true }),
        FunctionEntries.Make("logical_not", "x", a => Tensor.LogicalNot(M(a, "x")), a => SymbolicShapes.Array(a["x"], "x") with { IsBool = true }),
    ];

    private static Tensor<bool> M(BoundArguments a, string name) => ArgumentValues.Tensor<bool>(a[name], name);

    private static FunctionEntry Binary(string name, Func<Tensor<bool>, Tensor<bool>, Tensor<bool>?, Tensor<bool>> function) =>
        FunctionEntries.Make(name, "x1, x2", a => function(M(a, "x1"), M(a, "x2"), null),
            a => new SymbolicArray(Broadcast(SymbolicShapes.Array(a["x1"], "x1").Shape, SymbolicShapes.Array(a["x2"], "x2").Shape), IsBool: true)) with
        { WeakLiterals = true };
}
