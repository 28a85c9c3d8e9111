namespace Batchwise.Expressions;

/// <summary>
/// A range of characters in the expression text a syntax element was parsed from.
/// </summary>
/// <param name="Start">Zero-based offset of the first character.</param>
/// <param name="Length">Number of characters covered.</param>
/// <remarks>
/// Elements built by hand or read from JSON have the empty span <c>(0, 0)</c>.
/// </remarks>
public readonly record struct SourceSpan(int Start, int Length)
{
    /// <summary>Zero-based offset one past the last character.</summary>
    public int End => Start + Length;

    /// <summary>One-based column of the first character, as used in error messages.</summary>
    public int Column => Start + 1;

    /// <summary>The span from offset <paramref name="start"/> up to, not including, offset <paramref name="end"/>.</summary>
    public static SourceSpan FromBounds(int start, int end) => new(start, end - start);
}
