namespace Batchwise.Expressions;

/// <summary>One parameter of a catalogue function, as Python declares it.</summary>
/// <param name="Name">NumPy's name for it.</param>
/// <param name="Aliases">Other keyword spellings it takes (PyTorch's, e.g. <c>dim</c> for <c>axis</c>).</param>
/// <param name="Default">The value when not given.</param>
/// <param name="Required">No default: the call must give it.</param>
/// <param name="Rest">A <c>*name</c> parameter: every remaining positional argument, as a tuple.</param>
internal sealed record Parameter(string Name, string[] Aliases, object? Default, bool Required, bool Rest);

/// <summary>
/// A catalogue function's parameters, written as Python writes them
/// (<c>"x, axis=None, keepdims=False"</c>, <c>"subscripts, *operands, optimize=False"</c>,
/// <c>"axis|dim=-1"</c> for a keyword with a PyTorch alias), and the binding of a call's arguments to
/// them with Python's rules: each parameter once, from its position or its name; leftovers are errors.
/// </summary>
internal sealed class Signature
{
    private Signature(Parameter[] parameters)
    {
        Parameters = parameters;
    }

    /// <summary>The parameters in order.</summary>
    public Parameter[] Parameters { get; }

    /// <summary>Parses a parameter list; defaults are Python literals.</summary>
    public static Signature Parse(string text)
    {
        var parameters = new List<Parameter>();
        foreach (string part in SplitTopLevel(text))
        {
            string spec = part.Trim();
            if (spec.Length == 0)
            {
                continue;
            }
            bool rest = spec.StartsWith('*');
            int equals = spec.IndexOf('=');
            string names = (equals < 0 ? spec : spec[..equals]).TrimStart('*').Trim();
            string[] spellings = names.Split('|');
            object? fallback = equals < 0 ? null : Literal(ExpressionParser.Parse(spec[(equals + 1)..]));
            parameters.Add(new Parameter(spellings[0], spellings[1..], fallback, Required: equals < 0 && !rest, rest));
        }
        return new Signature([.. parameters]);
    }

    /// <summary>Binds evaluated arguments; <paramref name="function"/> names the call in errors.</summary>
    /// <exception cref="InvalidValueException">A missing, repeated or unexpected argument, or too many positional ones.</exception>
    public BoundArguments Bind(string function, IReadOnlyList<object?> positional, IReadOnlyList<(string Name, object? Value)> keywords)
    {
        // Arrays by parameter position, not dictionaries: binding runs on every call of an expression,
        // and small calls (a squeeze, a 4 x 4 product) take only microseconds in all.
        var values = new object?[Parameters.Length];
        var given = new bool[Parameters.Length];
        int next = 0;
        for (int p = 0; p < Parameters.Length && next < positional.Count; p++)
        {
            if (Parameters[p].Rest)
            {
                var rest = new object?[positional.Count - next];
                for (int i = 0; i < rest.Length; i++)
                {
                    rest[i] = positional[next + i];
                }
                values[p] = rest;
                given[p] = true;
                next = positional.Count;
                break;
            }
            values[p] = positional[next++];
            given[p] = true;
        }
        if (next < positional.Count)
        {
            int accepted = Parameters.Count(p => !p.Rest);
            throw new InvalidValueException($"{function}() takes {accepted} positional argument{(accepted == 1 ? "" : "s")} but {positional.Count} were given");
        }
        foreach ((string name, object? value) in keywords)
        {
            int p = Find(name);
            if (p < 0)
            {
                throw new InvalidValueException($"{function}() got an unexpected keyword argument '{ExpressionException.Shorten(name)}'");
            }
            if (given[p])
            {
                throw new InvalidValueException($"{function}() got multiple values for argument '{Parameters[p].Name}'");
            }
            values[p] = value;
            given[p] = true;
        }
        for (int p = 0; p < Parameters.Length; p++)
        {
            if (!given[p])
            {
                if (Parameters[p].Required)
                {
                    throw new InvalidValueException($"{function}() missing required argument '{Parameters[p].Name}'");
                }
                values[p] = Parameters[p].Rest ? Array.Empty<object?>() : Parameters[p].Default;
            }
        }
        return new BoundArguments(function, this, values, given);
    }

    /// <summary>The position of a parameter by its name (for the readers), or -1.</summary>
    public int IndexOf(string name)
    {
        for (int p = 0; p < Parameters.Length; p++)
        {
            if (ReferenceEquals(Parameters[p].Name, name) || Parameters[p].Name == name)
            {
                return p;
            }
        }
        return -1;
    }

    /// <summary>The parameter a keyword names: its own name, one of its aliases, or PyTorch's dim/keepdim; -1 for none.</summary>
    private int Find(string keyword)
    {
        for (int p = 0; p < Parameters.Length; p++)
        {
            if (!Parameters[p].Rest && (Parameters[p].Name == keyword || Parameters[p].Aliases.Contains(keyword)))
            {
                return p;
            }
        }
        string? common = keyword switch
        {
            "dim" => "axis",
            "keepdim" => "keepdims",
            _ => null,
        };
        return common is null ? -1 : Find(common);
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            depth += text[i] is '(' or '[' ? 1 : text[i] is ')' or ']' ? -1 : 0;
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    /// <summary>The value of a literal default (a number, string, bool, None or a tuple of them).</summary>
    private static object? Literal(SyntaxNode node) => node switch
    {
        IntLiteral i => i.Value,
        FloatLiteral f => f.Value,
        BoolLiteral b => b.Value,
        StringLiteral s => s.Value,
        NoneLiteral => null,
        TupleExpr t => t.Items.Select(Literal).ToArray(),
        _ => throw new ArgumentException($"a default must be a literal, got {node}"),
    };
}
