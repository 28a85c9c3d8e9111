namespace Batchwise.Expressions;

/// <summary>
/// Evaluates NumPy-syntax expressions over named tensors with the public Batchwise API, e.g.
/// <c>Expression.Evaluate("(l[..., None, :] @ r).squeeze(-2)", ("l", l), ("r", r))</c>.
/// </summary>
public static class Expression
{
    /// <summary>
    /// Parses and evaluates <paramref name="text"/>. Inputs are <c>Tensor&lt;float&gt;</c> or
    /// <c>Tensor&lt;double&gt;</c> (one float type per expression, as NumPy cases have) and
    /// <c>Tensor&lt;bool&gt;</c> masks. The result is a tensor, a tuple (<c>object?[]</c>) or a Python scalar.
    /// </summary>
    /// <exception cref="ExpressionSyntaxException">The text does not parse.</exception>
    /// <exception cref="ExpressionException">An unknown name or function, or one not implemented yet.</exception>
    /// <exception cref="BatchwiseException">The operation failed (shape, index, value or linalg error).</exception>
    public static object? Evaluate(string text, params (string Name, object Value)[] inputs) =>
        Evaluate(ExpressionParser.Parse(text), inputs.ToDictionary(i => i.Name, i => i.Value));

    /// <summary>Evaluates a parsed expression over named inputs.</summary>
    public static object? Evaluate(SyntaxNode expression, IReadOnlyDictionary<string, object> inputs)
    {
        bool isDouble = inputs.Values.Any(v => v is Tensor<double>);
        bool isFloat = inputs.Values.Any(v => v is Tensor<float>);
        if (isDouble && isFloat)
        {
            throw new InvalidValueException("inputs mix float32 and float64 arrays; convert one with To<T>() first");
        }
        foreach ((string name, object value) in inputs)
        {
            if (value is not (Tensor<float> or Tensor<double> or Tensor<bool>))
            {
                throw new InvalidValueException($"input '{name}' is a {value.GetType().Name}; expected Tensor<float>, Tensor<double> or Tensor<bool>");
            }
        }
        return isDouble
            ? new Evaluator<double>(inputs).Evaluate(expression)
            : new Evaluator<float>(inputs).Evaluate(expression);
    }
}
