using System.Text;

namespace Batchwise.Expressions;

/// <summary>
/// The expression text does not follow the grammar, or exceeds a parser limit.
/// </summary>
/// <remarks>
/// The message reads like <c>unexpected ')' at column 7</c>, followed by the source line (or, for
/// long input, the part of it around the column) and a caret under the column.
/// </remarks>
/// <param name="reason">What is wrong, e.g. <c>unexpected ')'</c>; the column is appended.</param>
/// <param name="expression">The whole expression text.</param>
/// <param name="column">One-based column; <c>expression.Length + 1</c> means the end of the text.</param>
/// <param name="hint">Optional advice appended after the column, e.g. <c>expected an expression</c>.</param>
public sealed class ExpressionSyntaxException(string reason, string expression, int column, string? hint = null)
    : Exception(Format(reason, expression, column, hint))
{
    // Characters of context shown on each side of the caret; keeps messages short for huge input.
    private const int ExcerptRadius = 40;

    /// <summary>One-based column of the offending character or token.</summary>
    public int Column { get; } = column;

    /// <summary>What is wrong, without the column or excerpt, e.g. <c>unexpected ')'</c>.</summary>
    public string Reason { get; } = reason;

    /// <summary>Optional advice on what was expected instead.</summary>
    public string? Hint { get; } = hint;

    /// <summary>The expression text that failed to parse.</summary>
    public string Expression { get; } = expression;

    private static string Format(string reason, string expression, int column, string? hint)
    {
        var builder = new StringBuilder();
        builder.Append(reason).Append(" at column ").Append(column);
        if (hint is not null)
        {
            builder.Append(": ").Append(hint);
        }

        int caret = Math.Clamp(column - 1, 0, expression.Length);
        int from = Math.Max(0, caret - ExcerptRadius);
        int to = Math.Min(expression.Length, caret + ExcerptRadius);
        string prefix = from > 0 ? "..." : string.Empty;
        string suffix = to < expression.Length ? "..." : string.Empty;

        builder.Append('\n').Append("  ").Append(prefix);
        foreach (char c in expression.AsSpan(from, to - from))
        {
            // Tabs, newlines and other controls print as one space so the caret stays aligned.
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        builder.Append(suffix).Append('\n');
        builder.Append(' ', 2 + prefix.Length + caret - from).Append('^');
        return builder.ToString();
    }
}
