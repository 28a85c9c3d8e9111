namespace Batchwise.Expressions;

/// <summary>The values literal nodes stand for: the same to the evaluator and to the shape checker.</summary>
internal static class Literals
{
    /// <summary>True, with its value, when <paramref name="node"/> is a literal (<c>None</c>'s value is null).</summary>
    public static bool TryGetValue(SyntaxNode node, out object? value)
    {
        value = node switch
        {
            IntLiteral i => i.Value,
            FloatLiteral f => f.Value,
            BoolLiteral b => b.Value,
            StringLiteral s => s.Value,
            _ => null,
        };
        return value is not null || node is NoneLiteral;
    }
}
