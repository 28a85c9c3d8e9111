namespace Batchwise.Expressions;

/// <summary>
/// The catalogue's entries that only floating types <typeparamref name="T"/> have (products, linalg,
/// transcendental functions, networks), one family per file: each entry pairs the public API call that
/// implements a function with its shape rule. Integer arrays reach them as float64 (<see cref="Dispatcher"/>).
/// </summary>
internal static partial class Functions<T> where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    /// <summary>Every float-only function and method.</summary>
    public static IEnumerable<FunctionEntry> Entries() =>
        [.. Products(), .. Reductions(), .. MoreReductions(), .. NanReductions(), .. Mathematics(), .. Transcendentals(), .. Networks(), .. Linalgs()];

    /// <summary>An entry: <paramref name="names"/> is NumPy's name, then aliases, separated by '|'.</summary>
    private static FunctionEntry Entry(string names, string signature, Implementation run, Implementation shape, CallForm form = CallForm.Function) =>
        FunctionEntries.Make(names, signature, run, shape, form);

    /// <summary>An argument as an array: a Python number becomes a 0-d array of <typeparamref name="T"/> (a weak scalar).</summary>
    public static Tensor<T> Tensor(object? value, string where) => ArgumentValues.Tensor<T>(value, where);

    /// <summary>An argument as a bool mask.</summary>
    public static Tensor<bool> Mask(object? value, string where) => ArgumentValues.Mask(value, where);

    /// <summary>A Python number in <typeparamref name="T"/>.</summary>
    public static T Scalar(object? value, string where) => ArgumentValues.Scalar<T>(value, where);

    private static Tensor<T> A(BoundArguments a, string name) => Tensor(a[name], name);

    private static SymbolicArray S(BoundArguments a, string name) => SymbolicShapes.Array(a[name], name);

    /// <summary>The reduced axes: all of them for None.</summary>
    private static int[] ReduceAxes<TX>(Tensor<TX> x, BoundArguments a) where TX : unmanaged =>
        a.Axes("axis") ?? Enumerable.Range(0, x.Rank).ToArray();
}
