namespace Batchwise.Shapes;

/// <summary>numpy.linalg's shape rules: stacks of matrices, of square matrices, and solve's NumPy 2 rule.</summary>
public static class LinalgRule
{
    /// <summary>Requires a (..., m, n) stack.</summary>
    /// <exception cref="ShapeException">Fewer than two dimensions.</exception>
    public static void RequireMatrix<TDim>(string operation, ReadOnlySpan<TDim> shape)
    {
        if (shape.Length < 2)
        {
            ThrowHelper.Shape($"{operation}: {shape.Length}-dimensional array given. Array must be at least two-dimensional");
        }
    }

    /// <summary>Requires a (..., n, n) stack.</summary>
    /// <exception cref="ShapeException">Fewer than two dimensions, or the last two differ.</exception>
    public static void RequireSquare<TDim>(string operation, ReadOnlySpan<TDim> shape)
        where TDim : struct, IDimension<TDim>
    {
        RequireMatrix(operation, shape);
        if (!shape[^1].Equals(shape[^2]))
        {
            ThrowHelper.Shape($"{operation}: Last 2 dimensions of the array must be square; got shape {ShapeText.Format(shape)}");
        }
    }

    /// <summary>
    /// solve's result shape under NumPy 2's rule: b is a vector only when 1-D (broadcast over a's batch),
    /// otherwise a stack of (n, k) matrices whose batch axes broadcast with a's.
    /// </summary>
    /// <exception cref="ShapeException">a is not square, b is 0-d, b's rows differ from a's order, or the batch axes do not broadcast.</exception>
    public static TDim[] Solve<TDim>(ReadOnlySpan<TDim> a, ReadOnlySpan<TDim> b)
        where TDim : struct, IDimension<TDim>
    {
        RequireSquare("solve", a);
        if (b.Length == 0)
        {
            ThrowHelper.Shape("solve: b must be at least one-dimensional; got a 0-d array");
        }
        bool vector = b.Length == 1;
        TDim rows = vector ? b[0] : b[^2];
        if (!rows.Equals(a[^1]))
        {
            ThrowHelper.Shape($"solve: b's rows ({rows}) do not match a's order {a[^1]} (shapes {ShapeText.Format(a)} and {ShapeText.Format(b)})");
        }
        if (vector)
        {
            return [.. a[..^1]];
        }
        if (!BroadcastRule.TryBroadcast(a[..^2], b[..^2], out TDim[] batch))
        {
            ThrowHelper.Shape($"solve: batch dimensions do not broadcast: shapes {ShapeText.Format(a)} and {ShapeText.Format(b)}");
        }
        return [.. batch, a[^1], b[^1]];
    }
}
