using System.Numerics;

namespace Batchwise.Expressions;

/// <summary>
/// The catalogue's entries for arrays of the floating type <typeparamref name="T"/>, one family per file:
/// each entry pairs the public API call that implements a function with its shape rule, so the
/// evaluator and the checker read one table (<see cref="Table"/>; the checker uses the float one).
/// </summary>
internal static partial class Functions<T> where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    /// <summary>Every function and method.</summary>
    public static Catalogue Table { get; } = new([.. Products(), .. Views(), .. Reductions(), .. MoreReductions(), .. Elementwise(), .. Mathematics(), .. Networks(), .. Conversions(), .. Linalgs()]);

    /// <summary>An entry: <paramref name="names"/> is NumPy's name, then aliases, separated by '|'.</summary>
    private static FunctionEntry Entry(string names, string signature, Implementation run, Implementation shape, CallForm form = CallForm.Function) =>
        new(names.Split('|'), form, Signature.Parse(signature), run, shape);

    /// <summary>An argument as an array: a Python number becomes a 0-d array of <typeparamref name="T"/> (a weak scalar).</summary>
    public static Tensor<T> Tensor(object? value, string where) => value switch
    {
        Tensor<T> t => t,
        long or double => Batchwise.Tensor.Scalar(Scalar(value, where)),
        _ => throw BoundArguments.Expected(where, "an array", value),
    };

    /// <summary>An argument as a bool mask.</summary>
    public static Tensor<bool> Mask(object? value, string where) => value switch
    {
        Tensor<bool> b => b,
        bool b => Batchwise.Tensor.Scalar(b),
        _ => throw BoundArguments.Expected(where, "a bool array", value),
    };

    /// <summary>A Python number in <typeparamref name="T"/>.</summary>
    public static T Scalar(object? value, string where) => value switch
    {
        long i => T.CreateChecked(i),
        double d => T.CreateChecked(d),
        _ => throw BoundArguments.Expected(where, "a number", value),
    };

    private static Tensor<T> A(BoundArguments a, string name) => Tensor(a[name], name);

    private static SymbolicArray S(BoundArguments a, string name) => SymbolicShapes.Array(a[name], name);

    /// <summary>The reduced axes: all of them for None.</summary>
    private static int[] ReduceAxes<TX>(Tensor<TX> x, BoundArguments a) where TX : unmanaged =>
        a.Axes("axis") ?? Enumerable.Range(0, x.Rank).ToArray();
}
