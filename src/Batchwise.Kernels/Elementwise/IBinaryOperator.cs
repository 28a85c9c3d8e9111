namespace Batchwise.Kernels.Elementwise;

/// <summary>
/// An element-wise binary operation <c>d = f(x, y)</c>. The span members are the vectorised paths the
/// drivers call on contiguous inner runs; the scalar member serves strided runs and is the definition.
/// </summary>
/// <remarks>Span members may assume the destination does not partially overlap an input.</remarks>
public interface IBinaryOperator<T, TResult>
{
    /// <summary>One element.</summary>
    static abstract TResult Invoke(T x, T y);

    /// <summary>Both inputs contiguous.</summary>
    static abstract void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<TResult> destination);

    /// <summary>The right input is one value broadcast along the run.</summary>
    static abstract void Invoke(ReadOnlySpan<T> x, T y, Span<TResult> destination);

    /// <summary>The left input is one value broadcast along the run.</summary>
    static abstract void Invoke(T x, ReadOnlySpan<T> y, Span<TResult> destination);
}

/// <summary>An element-wise unary operation <c>d = f(x)</c>.</summary>
public interface IUnaryOperator<T, TResult>
{
    /// <summary>One element.</summary>
    static abstract TResult Invoke(T x);

    /// <summary>A contiguous run.</summary>
    static abstract void Invoke(ReadOnlySpan<T> x, Span<TResult> destination);
}
