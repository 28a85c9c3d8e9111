namespace Batchwise.Kernels.Elementwise;

/// <summary>
/// The span forms of an operator that has no vector kernel: its scalar form applied element by
/// element, for operators whose maths has no vector equivalent (Python's floor division, functions
/// computed in double, predicates).
/// </summary>
public static class ScalarLoop
{
    /// <summary><c>d[i] = TOp(x[i])</c>.</summary>
    public static void Unary<T, TResult, TOp>(ReadOnlySpan<T> x, Span<TResult> d) where TOp : IUnaryOperator<T, TResult>
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = TOp.Invoke(x[i]);
        }
    }

    /// <summary><c>d[i] = TOp(x[i], y[i])</c>.</summary>
    public static void Binary<T, TResult, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<TResult> d) where TOp : IBinaryOperator<T, TResult>
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = TOp.Invoke(x[i], y[i]);
        }
    }

    /// <summary><c>d[i] = TOp(x[i], y)</c>.</summary>
    public static void Binary<T, TResult, TOp>(ReadOnlySpan<T> x, T y, Span<TResult> d) where TOp : IBinaryOperator<T, TResult>
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = TOp.Invoke(x[i], y);
        }
    }

    /// <summary><c>d[i] = TOp(x, y[i])</c>.</summary>
    public static void Binary<T, TResult, TOp>(T x, ReadOnlySpan<T> y, Span<TResult> d) where TOp : IBinaryOperator<T, TResult>
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = TOp.Invoke(x, y[i]);
        }
    }
}
