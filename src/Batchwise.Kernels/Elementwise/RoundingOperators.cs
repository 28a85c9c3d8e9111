using System.Numerics.Tensors;

namespace Batchwise.Kernels.Elementwise;

/// <summary><c>⌊x⌋</c>; ±0, ±inf and NaN unchanged.</summary>
public readonly struct FloorOperator<T> : IUnaryOperator<T, T> where T : IFloatingPoint<T>
{
    public static T Invoke(T x) => T.Floor(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Floor(x, d);
}

/// <summary><c>⌈x⌉</c>; ±0, ±inf and NaN unchanged.</summary>
public readonly struct CeilingOperator<T> : IUnaryOperator<T, T> where T : IFloatingPoint<T>
{
    public static T Invoke(T x) => T.Ceiling(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Ceiling(x, d);
}

/// <summary>x rounded to the nearest integer, ties to even (NumPy's <c>round</c>/<c>rint</c>).</summary>
public readonly struct RoundOperator<T> : IUnaryOperator<T, T> where T : IFloatingPoint<T>
{
    public static T Invoke(T x) => T.Round(x, MidpointRounding.ToEven);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Round(x, MidpointRounding.ToEven, d);
}

/// <summary>x rounded toward zero.</summary>
public readonly struct TruncateOperator<T> : IUnaryOperator<T, T> where T : IFloatingPoint<T>
{
    public static T Invoke(T x) => T.Truncate(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Truncate(x, d);
}

/// <summary><c>sign x</c>: −1, 0 or 1 in x's type; NaN stays NaN (NumPy, where torch gives 0).</summary>
public readonly struct SignOperator<T> : IUnaryOperator<T, T> where T : INumber<T>
{
    public static T Invoke(T x) => T.IsNaN(x) ? x : T.IsPositive(x) && !T.IsZero(x) ? T.One : T.IsNegative(x) && !T.IsZero(x) ? -T.One : T.Zero;

    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => ScalarLoop.Unary<T, T, SignOperator<T>>(x, d);
}

/// <summary><c>x²</c> (overflows to +inf for floats).</summary>
public readonly struct SquareOperator<T> : IUnaryOperator<T, T> where T : INumberBase<T>
{
    public static T Invoke(T x) => x * x;
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Multiply(x, x, d);
}

/// <summary><c>1/x</c>, an IEEE division (±0 gives ±inf).</summary>
public readonly struct ReciprocalOperator<T> : IUnaryOperator<T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.One / x;
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Reciprocal(x, d);
}

/// <summary>
/// <c>σ(x) = 1/(1 + e^−x)</c>; +inf gives 1, −inf gives 0. TensorPrimitives' float exp (within 2 ulp)
/// keeps σ within a few float ulp, well inside the element-wise tolerance.
/// </summary>
public readonly struct SigmoidOperator<T> : IUnaryOperator<T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.One / (T.One + T.Exp(-x));
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Sigmoid(x, d);
}

/// <summary><c>max(x, y)</c> ignoring NaN: NaN only when both are NaN (NumPy's <c>fmax</c>).</summary>
public readonly struct MaxNumberOperator<T> : IBinaryOperator<T, T> where T : INumber<T>
{
    public static T Invoke(T x, T y) => T.MaxNumber(x, y);
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.MaxNumber(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.MaxNumber(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.MaxNumber(y, x, d);
}

/// <summary><c>min(x, y)</c> ignoring NaN: NaN only when both are NaN (NumPy's <c>fmin</c>).</summary>
public readonly struct MinNumberOperator<T> : IBinaryOperator<T, T> where T : INumber<T>
{
    public static T Invoke(T x, T y) => T.MinNumber(x, y);
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.MinNumber(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.MinNumber(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.MinNumber(y, x, d);
}
