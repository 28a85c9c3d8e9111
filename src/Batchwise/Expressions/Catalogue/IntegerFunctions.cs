using System.Numerics;
using static Batchwise.Expressions.SymbolicShapes;

namespace Batchwise.Expressions;

/// <summary>Entries that only integer arrays have: floor division and remainder with Python's signs.</summary>
internal static class IntegerFunctions<T> where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
{
    public static IEnumerable<FunctionEntry> Entries() =>
    [
        Make("floor_divide", (x, y) => Batchwise.Tensor.FloorDivide(x, y)),
        Make("remainder|mod", (x, y) => Batchwise.Tensor.Remainder(x, y)),
    ];

    private static FunctionEntry Make(string names, Func<Tensor<T>, Tensor<T>, Tensor<T>> function) =>
        FunctionEntries.Make(names, "x1|input, x2|exponent", a => function(A(a, "x1"), A(a, "x2")),
            a => new SymbolicArray(Broadcast(SymbolicShapes.Array(a["x1"], "x1").Shape, SymbolicShapes.Array(a["x2"], "x2").Shape))) with
        { WeakLiterals = true };

    private static Tensor<T> A(BoundArguments a, string name) => ArgumentValues.Tensor<T>(a[name], name);
}
