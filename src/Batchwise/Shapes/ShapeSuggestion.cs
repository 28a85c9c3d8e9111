namespace Batchwise.Shapes;

/// <summary>
/// The usual fix for a failed product or broadcast, when the shapes make it evident: a stack of
/// vectors meant as columns (<c>x[..., None]</c>), as rows (<c>x[..., None, :]</c>), or a transposed
/// operand (<c>w.mT</c>). The runtime's errors and the symbolic checker's carry the same suggestion.
/// </summary>
public static class ShapeSuggestion
{
    /// <summary>A fix for <c>left @ right</c>, written with the operands' names, or null.</summary>
    public static string? ForMatMul<TDim>(ReadOnlySpan<TDim> left, ReadOnlySpan<TDim> right, string leftName, string rightName)
        where TDim : struct, IDimension<TDim>
    {
        // The right operand transposed, (..., m, k) @ (..., n, k) -> right.mT: first between two plain
        // matrices (a weight given as (out, in)); after the vector readings where the left is a stack.
        bool transposed = right.Length >= 2 && left.Length >= 1 && right[^1].Equals(left[^1]) && MatMulRule.Fits(left, [.. right[..^2], right[^1], right[^2]]);
        if (transposed && right.Length == 2 && left.Length <= 2)
        {
            return $"{rightName}.mT";
        }
        // A stack of vectors on the right meant as columns: (..., m, k) @ (..., k) -> right[..., None].
        if (right.Length >= 1 && left.Length >= 2 && right[^1].Equals(left[^1]) && MatMulRule.Fits(left, [.. right, TDim.One]))
        {
            return $"{rightName}[..., None]";
        }
        // A stack of vectors on the left meant as rows: (..., k) @ (..., k, n) -> left[..., None, :].
        if (left.Length >= 1 && right.Length >= 2 && left[^1].Equals(right[^2]) && MatMulRule.Fits([.. left[..^1], TDim.One, left[^1]], right))
        {
            return $"{leftName}[..., None, :]";
        }
        if (transposed)
        {
            return $"{rightName}.mT";
        }
        return null;
    }

    /// <summary>A fix for an element-wise operation whose operands do not broadcast, or null.</summary>
    public static string? ForBroadcast<TDim>(ReadOnlySpan<TDim> left, ReadOnlySpan<TDim> right, string leftName, string rightName)
        where TDim : struct, IDimension<TDim>
    {
        if (BroadcastRule.TryBroadcast<TDim>([.. right, TDim.One], left, out _))
        {
            return $"{rightName}[..., None]";
        }
        if (BroadcastRule.TryBroadcast<TDim>([.. left, TDim.One], right, out _))
        {
            return $"{leftName}[..., None]";
        }
        return null;
    }
}
