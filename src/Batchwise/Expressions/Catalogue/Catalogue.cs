using System.Collections.Frozen;

namespace Batchwise.Expressions;

/// <summary>
/// The expression vocabulary: every function and method by name, for the evaluator and the symbolic
/// checker alike. Names are looked up as written, after the module prefixes users paste with them
/// (<c>np.</c>, <c>numpy.</c>, <c>torch.</c>, <c>F.</c>, <c>torch.nn.functional.</c>; <c>np.linalg.</c> and
/// <c>torch.linalg.</c> become <c>linalg.</c>) are taken off.
/// </summary>
internal sealed class Catalogue
{
    private static readonly string[] s_prefixes = ["torch.nn.functional.", "nn.functional.", "numpy.", "torch.", "np.", "F."];

    private readonly FrozenDictionary<string, FunctionEntry> _functions;
    private readonly FrozenDictionary<string, FunctionEntry> _methods;

    public Catalogue(IEnumerable<FunctionEntry> entries)
    {
        var functions = new Dictionary<string, FunctionEntry>(StringComparer.Ordinal);
        var methods = new Dictionary<string, FunctionEntry>(StringComparer.Ordinal);
        foreach (FunctionEntry entry in entries)
        {
            foreach (string name in entry.Names)
            {
                if ((entry.Form.HasFlag(CallForm.Function) && !functions.TryAdd(name, entry))
                    || (entry.Form.HasFlag(CallForm.Method) && !methods.TryAdd(name, entry)))
                {
                    throw new InvalidOperationException($"the catalogue lists '{name}' twice");
                }
            }
            Entries.Add(entry);
        }
        _functions = functions.ToFrozenDictionary(StringComparer.Ordinal);
        _methods = methods.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Every entry once.</summary>
    public List<FunctionEntry> Entries { get; } = [];

    /// <summary>The function a call names, as written (prefixes allowed).</summary>
    /// <exception cref="ExpressionException">No such function.</exception>
    public FunctionEntry Function(string written) =>
        _functions.TryGetValue(Canonical(written), out FunctionEntry? entry)
            ? entry
            : throw new ExpressionException($"unknown function '{ExpressionException.Shorten(written)}'");

    /// <summary>The method a call names.</summary>
    /// <exception cref="ExpressionException">No such method.</exception>
    public FunctionEntry Method(string name) =>
        _methods.TryGetValue(name, out FunctionEntry? entry)
            ? entry
            : throw new ExpressionException($"unknown method '.{ExpressionException.Shorten(name)}()'");

    /// <summary>The entry a name resolves to as a function or a method, or null.</summary>
    public FunctionEntry? TryFind(string written, bool method) =>
        (method ? _methods : _functions).TryGetValue(method ? written : Canonical(written), out FunctionEntry? entry) ? entry : null;

    /// <summary>A written function name without its module prefix: <c>np.linalg.solve</c> → <c>linalg.solve</c>.</summary>
    public static string Canonical(string written)
    {
        foreach (string prefix in s_prefixes)
        {
            if (written.StartsWith(prefix, StringComparison.Ordinal))
            {
                return written[prefix.Length..];
            }
        }
        return written;
    }
}
