namespace Batchwise.Shapes;

/// <summary>The shape of <c>np.matmul(a, b)</c>, with what the 1-D promotions did.</summary>
/// <param name="Result">The result shape (promoted axes removed).</param>
/// <param name="Batch">The broadcast batch shape.</param>
/// <param name="LeftIsVector">The left operand was 1-D, promoted to (1, k).</param>
/// <param name="RightIsVector">The right operand was 1-D, promoted to (k, 1).</param>
public readonly record struct MatMulShape<TDim>(TDim[] Result, TDim[] Batch, bool LeftIsVector, bool RightIsVector);

/// <summary>
/// <c>np.matmul</c>'s shape rule: 0-d operands are refused; a 1-D left operand becomes (1, k) and a 1-D
/// right operand (k, 1), the added axis removed from the result; the batch axes (all but the last two)
/// broadcast; the contracted dimensions must be equal (k is never broadcast).
/// </summary>
public static class MatMulRule
{
    /// <summary>Applies the rule; operand names appear in messages (e.g. the checker's variable names).</summary>
    /// <exception cref="ShapeException">A 0-d operand, differing contracted dimensions, or batch axes that
    /// do not broadcast; with the usual fix (<see cref="ShapeSuggestion.ForMatMul"/>) where there is one.</exception>
    public static MatMulShape<TDim> Apply<TDim>(ReadOnlySpan<TDim> left, ReadOnlySpan<TDim> right, string leftName = "a", string rightName = "b", string operation = "matmul")
        where TDim : struct, IDimension<TDim>
    {
        string? error = TryApply(left, right, leftName, rightName, operation, out MatMulShape<TDim> shape);
        if (error is not null)
        {
            throw new ShapeException(error, left.Length == 0 || right.Length == 0 ? null : ShapeSuggestion.ForMatMul(left, right, leftName, rightName));
        }
        return shape;
    }

    /// <summary>True when <c>left @ right</c> has a shape.</summary>
    public static bool Fits<TDim>(ReadOnlySpan<TDim> left, ReadOnlySpan<TDim> right)
        where TDim : struct, IDimension<TDim> =>
        TryApply(left, right, "a", "b", "matmul", out _) is null;

    /// <summary>The rule without exceptions: null and the shape, or the error's message.</summary>
    private static string? TryApply<TDim>(ReadOnlySpan<TDim> left, ReadOnlySpan<TDim> right, string leftName, string rightName, string operation, out MatMulShape<TDim> shape)
        where TDim : struct, IDimension<TDim>
    {
        shape = default;
        if (left.Length == 0 || right.Length == 0)
        {
            string which = left.Length == 0 ? $"{leftName} (operand 0)" : $"{rightName} (operand 1)";
            return $"{operation}: {which} is 0-d; matmul needs at least one dimension on each side (shapes {ShapeText.Format(left)} and {ShapeText.Format(right)})";
        }
        bool leftVector = left.Length == 1, rightVector = right.Length == 1;
        TDim kLeft = left[^1];
        TDim kRight = rightVector ? right[0] : right[^2];
        if (!kLeft.Equals(kRight))
        {
            string rightAxis = rightVector ? "axis 0" : "axis -2";
            return $"{operation}: contracted dimensions differ: {kLeft} ({leftName}, axis -1) vs {kRight} ({rightName}, {rightAxis}); shapes {ShapeText.Format(left)} and {ShapeText.Format(right)}";
        }
        ReadOnlySpan<TDim> leftBatch = leftVector ? default : left[..^2];
        ReadOnlySpan<TDim> rightBatch = rightVector ? default : right[..^2];
        if (!BroadcastRule.TryBroadcast(leftBatch, rightBatch, out TDim[] batch))
        {
            return $"{operation}: batch dimensions do not broadcast: {ShapeText.Format(leftBatch)} ({leftName}) vs {ShapeText.Format(rightBatch)} ({rightName}); shapes {ShapeText.Format(left)} and {ShapeText.Format(right)}";
        }
        var result = new List<TDim>(batch.Length + 2);
        result.AddRange(batch);
        if (!leftVector)
        {
            result.Add(left[^2]);
        }
        if (!rightVector)
        {
            result.Add(right[^1]);
        }
        shape = new MatMulShape<TDim>([.. result], batch, leftVector, rightVector);
        return null;
    }
}
