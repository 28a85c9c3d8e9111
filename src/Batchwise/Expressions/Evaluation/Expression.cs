namespace Batchwise.Expressions;

/// <summary>
/// Evaluates NumPy-syntax expressions over named tensors with the public Batchwise API, e.g.
/// <c>Expression.Evaluate("(l[..., None, :] @ r).squeeze(-2)", ("l", l), ("r", r))</c>.
/// </summary>
public static class Expression
{
    /// <summary>
    /// Parses and evaluates <paramref name="text"/>. Inputs are tensors of float, double, int, long or
    /// bool (smaller integer types compute as int64, Half as float32). Arrays promote with NumPy 2's
    /// rules: int32 with int64 gives int64, an int with a float array float64, a Python number takes the
    /// array's type. The result is a tensor, a tuple (<c>object?[]</c>) or a Python scalar.
    /// </summary>
    /// <exception cref="ExpressionSyntaxException">The text does not parse.</exception>
    /// <exception cref="ExpressionException">An unknown name or function, or one not implemented yet.</exception>
    /// <exception cref="BatchwiseException">The operation failed (shape, index, value or linalg error).</exception>
    public static object? Evaluate(string text, params (string Name, object Value)[] inputs) =>
        Evaluate(ExpressionParser.Parse(text), inputs.ToDictionary(i => i.Name, i => i.Value));

    /// <summary>
    /// Evaluates a parsed expression over named inputs. The temporaries it makes are released when it
    /// returns (a <see cref="TensorScope"/> around the evaluation keeps only the result), so their memory
    /// is reused at once, as NumPy frees an intermediate array when the expression drops it.
    /// </summary>
    public static object? Evaluate(SyntaxNode expression, IReadOnlyDictionary<string, object> inputs)
    {
        using TensorScope temporaries = TensorScope.Begin();
        IReadOnlyDictionary<string, object> values = ComputeInputs(inputs);
        object? value = BlockedEvaluation.TryEvaluate(expression, values) ?? new Evaluator(values).Evaluate(expression);
        return temporaries.KeepAll(value);
    }

    /// <summary>
    /// The inputs in the element types expressions compute in: the caller's own dictionary when every
    /// input already is one (the usual case; building a copy per call costs more than a small operation).
    /// </summary>
    private static IReadOnlyDictionary<string, object> ComputeInputs(IReadOnlyDictionary<string, object> inputs)
    {
        if (inputs is Dictionary<string, object> own && own.Comparer.Equals(EqualityComparer<string>.Default))
        {
            bool ready = true;
            foreach (object value in own.Values)
            {
                ready &= IsComputeType(value);
            }
            if (ready)
            {
                return own;
            }
        }
        return inputs.ToDictionary(p => p.Key, p => Input(p.Key, p.Value));
    }

    private static bool IsComputeType(object value) =>
        value is Tensor<bool> or Tensor<int> or Tensor<long> or Tensor<float> or Tensor<double>;

    /// <summary>An input in one of the element types expressions compute in.</summary>
    private static object Input(string name, object value) => value switch
    {
        _ when IsComputeType(value) => value,
        Tensor<sbyte> t => Tensor.To<sbyte, long>(t),
        Tensor<byte> t => Tensor.To<byte, long>(t),
        Tensor<short> t => Tensor.To<short, long>(t),
        Tensor<ushort> t => Tensor.To<ushort, long>(t),
        Tensor<uint> t => Tensor.To<uint, long>(t),
        Tensor<Half> t => Tensor.To<Half, float>(t),
        _ => throw new InvalidValueException($"input '{name}' is a {value.GetType().Name}; expected a Tensor of float, double, bool or an integer type"),
    };
}
