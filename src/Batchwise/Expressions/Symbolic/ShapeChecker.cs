namespace Batchwise.Expressions;

/// <summary>
/// Checks an expression's shapes without data: dimensions are numbers or names (<c>l: b1,b2,m</c>),
/// and the library's own shape rules (<see cref="BroadcastRule"/>, <see cref="MatMulRule"/>,
/// <see cref="AxisRule"/>) are applied to them, so the checker and the runtime cannot disagree.
/// </summary>
public static partial class ShapeChecker
{
    /// <summary>Checks <paramref name="text"/> over named symbolic shapes.</summary>
    /// <exception cref="ExpressionSyntaxException">The text does not parse.</exception>
    /// <exception cref="ShapeCheckException">A shape rule fails.</exception>
    /// <exception cref="ExpressionException">An unknown name or function.</exception>
    public static ShapeCheckResult Check(string text, IReadOnlyDictionary<string, SymbolicDim[]> inputs) =>
        Check(ExpressionParser.Parse(text), inputs);

    /// <summary>Checks a parsed expression over named symbolic shapes (a caller that also evaluates parses once).</summary>
    /// <exception cref="ShapeCheckException">A shape rule fails.</exception>
    /// <exception cref="ExpressionException">An unknown name or function.</exception>
    public static ShapeCheckResult Check(SyntaxNode expression, IReadOnlyDictionary<string, SymbolicDim[]> inputs)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var walker = new Walker(inputs.ToDictionary(i => i.Key, i => new SymbolicArray(i.Value)));
        object? result = walker.Evaluate(expression);
        return new ShapeCheckResult(Describe(result), walker.Steps);
    }

    /// <summary>Checks with inputs given as <c>("l", "b1,b2,m")</c> pairs.</summary>
    public static ShapeCheckResult Check(string text, params (string Name, string Shape)[] inputs) =>
        Check(text, inputs.ToDictionary(i => i.Name, i => SymbolicDim.ParseShape(i.Shape)));

    internal static string Describe(object? value) => value switch
    {
        SymbolicArray a => a.ToString(),
        object?[] tuple => "(" + string.Join(", ", tuple.Select(Describe)) + ")",
        null => "None",
        bool b => b ? "True" : "False",
        double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
