namespace Batchwise.Expressions;

/// <summary>How a catalogue entry may be called.</summary>
[Flags]
internal enum CallForm
{
    /// <summary><c>f(x, ...)</c>, also with a module prefix (<c>np.f</c>, <c>torch.f</c>, <c>F.f</c>).</summary>
    Function = 1,

    /// <summary><c>x.f(...)</c>: the array is bound to the first parameter.</summary>
    Method = 2,

    /// <summary>Both forms.</summary>
    Both = Function | Method,
}

/// <summary>What an entry does with bound arguments: the evaluator's values or the checker's shapes.</summary>
internal delegate object? Implementation(BoundArguments arguments);

/// <summary>
/// One function of the expression vocabulary for one element type: its names (NumPy's first, then the
/// other spellings it answers to), its signature, the public API call that implements it, and its
/// shape rule. The evaluator runs <see cref="Run"/> and the symbolic checker <see cref="Shape"/>;
/// nothing about the function is written anywhere else.
/// </summary>
/// <remarks>
/// The arrays of a call are promoted to one element type before it runs (<see cref="Dispatcher"/>),
/// except the parameters in <see cref="Keep"/> (index arrays, masks), which keep theirs.
/// </remarks>
internal sealed record FunctionEntry(string[] Names, CallForm Form, Signature Signature, Implementation Run, Implementation Shape)
{
    /// <summary>NumPy's name, e.g. <c>linalg.solve</c>.</summary>
    public string Name => Names[0];

    /// <summary>Parameters whose arrays are not promoted: index arrays, masks, conditions.</summary>
    public string[] Keep { get; init; } = [];

    /// <summary>Python number arguments take part in promotion (NumPy 2's weak scalars): an int
    /// array with a float literal computes in float64. True for the element-wise operators.</summary>
    public bool WeakLiterals { get; init; }

    /// <summary>Bool and int32 arrays compute in int64, as NumPy's sum, prod, cumsum and cumprod do.</summary>
    public bool WidensIntegers { get; init; }

    /// <summary>
    /// Each element of the result depends only on the arguments' elements at the same broadcast position
    /// (NumPy's ufuncs), so the call gives any block of its result from the same blocks of its arrays;
    /// the evaluator runs expressions made of such calls block by block (<see cref="BlockPlan"/>).
    /// </summary>
    public bool ElementWise { get; init; }

    /// <summary>
    /// The parameter naming the axes the function works along (a reduction's, a scan's, softmax's
    /// <c>axis</c>), or null: each position of the other axes is computed on its own, so the evaluator's
    /// blocks may run the call where those axes are not blocked and a reduction keeps its dimensions.
    /// </summary>
    public string? AlongAxes { get; init; }

    /// <summary>False where NumPy rejects bool arrays instead of treating them as 0 and 1 (unary minus).</summary>
    public bool AcceptsBool { get; init; } = true;
}

/// <summary>Builds catalogue entries; <c>names</c> is NumPy's name, then aliases, separated by '|'.</summary>
internal static class FunctionEntries
{
    public static FunctionEntry Make(string names, string signature, Implementation run, Implementation shape, CallForm form = CallForm.Function) =>
        new(names.Split('|'), form, Signature.Parse(signature), run, shape);
}
