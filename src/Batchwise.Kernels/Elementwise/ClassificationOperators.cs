using System.Numerics.Tensors;

namespace Batchwise.Kernels.Elementwise;

/// <summary><c>x is NaN</c> (false for every integer).</summary>
public readonly struct IsNaNOperator<T> : IUnaryOperator<T, bool> where T : INumberBase<T>
{
    public static bool Invoke(T x) => T.IsNaN(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<bool> d) => TensorPrimitives.IsNaN(x, d);
}

/// <summary><c>x is ±inf</c>.</summary>
public readonly struct IsInfinityOperator<T> : IUnaryOperator<T, bool> where T : INumberBase<T>
{
    public static bool Invoke(T x) => T.IsInfinity(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<bool> d) => TensorPrimitives.IsInfinity(x, d);
}

/// <summary><c>x is neither ±inf nor NaN</c>.</summary>
public readonly struct IsFiniteOperator<T> : IUnaryOperator<T, bool> where T : INumberBase<T>
{
    public static bool Invoke(T x) => T.IsFinite(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<bool> d) => TensorPrimitives.IsFinite(x, d);
}

/// <summary>Which non-finite value a <see cref="ReplaceOperator{T, TKind}"/> replaces.</summary>
public interface IReplacedValue
{
    static abstract bool Matches<T>(T x) where T : INumberBase<T>;
}

/// <summary>NaN.</summary>
public readonly struct NaNValue : IReplacedValue
{
    public static bool Matches<T>(T x) where T : INumberBase<T> => T.IsNaN(x);
}

/// <summary>+inf.</summary>
public readonly struct PositiveInfinityValue : IReplacedValue
{
    public static bool Matches<T>(T x) where T : INumberBase<T> => T.IsPositiveInfinity(x);
}

/// <summary>−inf.</summary>
public readonly struct NegativeInfinityValue : IReplacedValue
{
    public static bool Matches<T>(T x) where T : INumberBase<T> => T.IsNegativeInfinity(x);
}

/// <summary><c>x is TKind ? y : x</c>: one of the three substitutions of NumPy's <c>nan_to_num</c>.</summary>
public readonly struct ReplaceOperator<T, TKind> : IBinaryOperator<T, T>
    where T : INumberBase<T>
    where TKind : IReplacedValue
{
    public static T Invoke(T x, T y) => TKind.Matches(x) ? y : x;

    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => ScalarLoop.Binary<T, T, ReplaceOperator<T, TKind>>(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => ScalarLoop.Binary<T, T, ReplaceOperator<T, TKind>>(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => ScalarLoop.Binary<T, T, ReplaceOperator<T, TKind>>(x, y, d);
}
