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

    /// <summary>
    /// True when the register forms below exist (same-size T and TResult). The driver then writes a
    /// result far larger than the caches straight from registers with streaming stores, which it cannot
    /// do through the span members.
    /// </summary>
    static virtual bool HasRegisterForm => false;

    /// <summary>The operation on 256-bit registers; called only when <see cref="HasRegisterForm"/>.</summary>
    static virtual Vector256<TResult> Invoke(Vector256<T> x, Vector256<T> y) => throw new NotSupportedException();

    /// <summary>The operation on 512-bit registers; called only when <see cref="HasRegisterForm"/>.</summary>
    static virtual Vector512<TResult> Invoke(Vector512<T> x, Vector512<T> y) => throw new NotSupportedException();
}

/// <summary>An element-wise unary operation <c>d = f(x)</c>.</summary>
public interface IUnaryOperator<T, TResult>
{
    /// <summary>One element.</summary>
    static abstract TResult Invoke(T x);

    /// <summary>A contiguous run.</summary>
    static abstract void Invoke(ReadOnlySpan<T> x, Span<TResult> destination);
}
