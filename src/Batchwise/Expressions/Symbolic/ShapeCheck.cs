namespace Batchwise.Expressions;

/// <summary>A symbolic array: its shape, and whether it holds bools (masks).</summary>
/// <param name="Shape">The dimensions.</param>
/// <param name="IsBool">True for masks.</param>
public sealed record SymbolicArray(SymbolicDim[] Shape, bool IsBool = false)
{
    /// <summary>The shape as NumPy prints it, e.g. <c>(b1,b2,1,n)</c>.</summary>
    public override string ToString() => ShapeText.Format<SymbolicDim>(Shape);
}

/// <summary>One step of a worked shape check: a sub-expression and its shape.</summary>
/// <param name="Expression">The sub-expression as source text.</param>
/// <param name="Shape">Its shape, e.g. <c>(b1,b2,1,n)</c>, or its literal value.</param>
/// <param name="KnownSize">Its number of elements when every dimension is known (for tuples, the largest item's).</param>
public sealed record ShapeStep(string Expression, string Shape, long? KnownSize);

/// <summary>The result of <see cref="ShapeChecker.Check(string, IReadOnlyDictionary{string, SymbolicDim[]})"/>.</summary>
/// <param name="Result">The result's shape (a tuple result gives its items' shapes).</param>
/// <param name="Steps">Every array-valued sub-expression in evaluation order, for <c>--explain</c>.</param>
public sealed record ShapeCheckResult(string Result, IReadOnlyList<ShapeStep> Steps);

/// <summary>
/// A shape rule failed on a sub-expression. The message says which rule, on which sub-expression,
/// with which dimensions, and suggests the usual fix where there is one.
/// </summary>
/// <param name="message">Which rule failed, with which dimensions.</param>
/// <param name="subExpression">The sub-expression whose rule failed.</param>
/// <param name="kind">The kind of error the runtime would raise.</param>
/// <param name="suggestion">A likely fix, as source text, or null.</param>
/// <param name="steps">The steps that succeeded before the failure.</param>
public sealed class ShapeCheckException(string message, string subExpression, ErrorKind kind, string? suggestion, IReadOnlyList<ShapeStep> steps)
    : Exception(suggestion is null ? $"in `{subExpression}`: {message}" : $"in `{subExpression}`: {message}\n  did you mean {suggestion}?")
{
    /// <summary>The sub-expression whose rule failed.</summary>
    public string SubExpression { get; } = subExpression;

    /// <summary>The kind of error the runtime would raise.</summary>
    public ErrorKind Kind { get; } = kind;

    /// <summary>A likely fix, as source text, or null.</summary>
    public string? Suggestion { get; } = suggestion;

    /// <summary>The steps that succeeded before the failure.</summary>
    public IReadOnlyList<ShapeStep> Steps { get; } = steps;
}
