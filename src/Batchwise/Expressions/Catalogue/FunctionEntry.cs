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
/// One function of the expression vocabulary: its names (NumPy's first, then the other spellings it
/// answers to), its signature, the public API call that implements it, and its shape rule. The
/// evaluator runs <see cref="Run"/> and the symbolic checker <see cref="Shape"/>; nothing about the
/// function is written anywhere else.
/// </summary>
internal sealed record FunctionEntry(string[] Names, CallForm Form, Signature Signature, Implementation Run, Implementation Shape)
{
    /// <summary>NumPy's name, e.g. <c>linalg.solve</c>.</summary>
    public string Name => Names[0];
}
