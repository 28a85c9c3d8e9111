namespace Batchwise.Kernels.Elementwise;

/// <summary>
/// <c>floor(x / y)</c> (Python's <c>//</c>): rounds toward minus infinity, so <c>-7 // 2 == -4</c>. For
/// integers, division by zero gives 0 as NumPy does (it warns; C# would throw).
/// </summary>
public readonly struct FloorDivideOperator<T> : IBinaryOperator<T, T> where T : INumber<T>
{
    public static T Invoke(T x, T y)
    {
        if (T.IsInteger(T.One / (T.One + T.One)))
        {
            // Only integer types make 1/2 an integer (zero); floats take the IEEE path below.
            if (T.IsZero(y))
            {
                return T.Zero;
            }
            T quotient = x / y;
            return !T.IsZero(x - quotient * y) && (T.IsNegative(x) != T.IsNegative(y)) ? quotient - T.One : quotient;
        }
        return T.IsZero(y) ? x / y : Floor(x / y);
    }

    private static T Floor(T value) => T.CreateTruncating(Math.Floor(double.CreateTruncating(value)));

    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => ScalarLoop.Binary<T, T, FloorDivideOperator<T>>(x, y, d);

    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => ScalarLoop.Binary<T, T, FloorDivideOperator<T>>(x, y, d);

    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => ScalarLoop.Binary<T, T, FloorDivideOperator<T>>(x, y, d);
}

/// <summary>
/// <c>x - floor(x / y) * y</c> (Python's <c>%</c>): the result takes the sign of the divisor, so
/// <c>-7 % 2 == 1</c>. For integers, a zero divisor gives 0 as NumPy does.
/// </summary>
public readonly struct RemainderOperator<T> : IBinaryOperator<T, T> where T : INumber<T>
{
    public static T Invoke(T x, T y)
    {
        if (T.IsZero(y))
        {
            return T.IsInteger(T.One / (T.One + T.One)) ? T.Zero : x % y;
        }
        T remainder = x % y;
        return !T.IsZero(remainder) && (T.IsNegative(remainder) != T.IsNegative(y)) ? remainder + y : remainder;
    }

    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => ScalarLoop.Binary<T, T, RemainderOperator<T>>(x, y, d);

    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => ScalarLoop.Binary<T, T, RemainderOperator<T>>(x, y, d);

    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => ScalarLoop.Binary<T, T, RemainderOperator<T>>(x, y, d);
}
