using System.Numerics.Tensors;

namespace Batchwise.Kernels.Elementwise;

/// <summary><c>x + y</c>.</summary>
public readonly struct AddOperator<T> : IBinaryOperator<T, T> where T : INumberBase<T>
{
    public static T Invoke(T x, T y) => x + y;
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Add(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Add(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Add(y, x, d);
    public static bool HasRegisterForm => typeof(T) == typeof(float) || typeof(T) == typeof(double);
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x + y;
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x + y;
}

/// <summary><c>x - y</c>.</summary>
public readonly struct SubtractOperator<T> : IBinaryOperator<T, T> where T : INumberBase<T>
{
    public static T Invoke(T x, T y) => x - y;
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Subtract(x, y, d);
    public static bool HasRegisterForm => typeof(T) == typeof(float) || typeof(T) == typeof(double);
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x - y;
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x - y;
}

/// <summary><c>x * y</c>.</summary>
public readonly struct MultiplyOperator<T> : IBinaryOperator<T, T> where T : INumberBase<T>
{
    public static T Invoke(T x, T y) => x * y;
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Multiply(y, x, d);
    public static bool HasRegisterForm => typeof(T) == typeof(float) || typeof(T) == typeof(double);
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x * y;
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x * y;
}

/// <summary><c>x / y</c>: IEEE division for floats (x/±0 is ±inf, 0/0 NaN).</summary>
public readonly struct DivideOperator<T> : IBinaryOperator<T, T> where T : INumberBase<T>
{
    public static T Invoke(T x, T y) => x / y;
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Divide(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Divide(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Divide(x, y, d);
    public static bool HasRegisterForm => typeof(T) == typeof(float) || typeof(T) == typeof(double);
    public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x / y;
    public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x / y;
}

/// <summary><c>max(x, y)</c>, NaN if either is NaN (NumPy's <c>maximum</c>).</summary>
public readonly struct MaximumOperator<T> : IBinaryOperator<T, T> where T : INumber<T>
{
    public static T Invoke(T x, T y) => T.Max(x, y);
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Max(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Max(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Max(y, x, d);
}

/// <summary><c>min(x, y)</c>, NaN if either is NaN (NumPy's <c>minimum</c>).</summary>
public readonly struct MinimumOperator<T> : IBinaryOperator<T, T> where T : INumber<T>
{
    public static T Invoke(T x, T y) => T.Min(x, y);
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Min(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Min(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Min(y, x, d);
}

/// <summary>
/// <c>x ** y</c>: C99 pow for floats (TensorPrimitives, whose results match the C99 special cases and
/// are within the element-wise tolerance), exponentiation by squaring for integers (wrapping on
/// overflow; a negative exponent gives 0 unless |x| = 1, and callers reject it first as NumPy does).
/// </summary>
public readonly struct PowerOperator<T> : IBinaryOperator<T, T> where T : unmanaged, INumber<T>
{
    public static T Invoke(T x, T y)
    {
        if (typeof(T) == typeof(float))
        {
            return (T)(object)MathF.Pow((float)(object)x, (float)(object)y);
        }
        if (typeof(T) == typeof(double))
        {
            return (T)(object)Math.Pow((double)(object)x, (double)(object)y);
        }
        if (typeof(T) == typeof(Half))
        {
            return T.CreateTruncating(Math.Pow(double.CreateTruncating(x), double.CreateTruncating(y)));
        }
        return IntegerPower(x, y);
    }

    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
    {
        if (typeof(T) == typeof(float))
        {
            TensorPrimitives.Pow(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y), MemoryMarshal.Cast<T, float>(d));
        }
        else if (typeof(T) == typeof(double))
        {
            TensorPrimitives.Pow(MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(y), MemoryMarshal.Cast<T, double>(d));
        }
        else
        {
            ScalarLoop.Binary<T, T, PowerOperator<T>>(x, y, d);
        }
    }

    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d)
    {
        if (typeof(T) == typeof(float))
        {
            TensorPrimitives.Pow(MemoryMarshal.Cast<T, float>(x), (float)(object)y, MemoryMarshal.Cast<T, float>(d));
        }
        else if (typeof(T) == typeof(double))
        {
            TensorPrimitives.Pow(MemoryMarshal.Cast<T, double>(x), (double)(object)y, MemoryMarshal.Cast<T, double>(d));
        }
        else
        {
            ScalarLoop.Binary<T, T, PowerOperator<T>>(x, y, d);
        }
    }

    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d)
    {
        if (typeof(T) == typeof(float))
        {
            TensorPrimitives.Pow((float)(object)x, MemoryMarshal.Cast<T, float>(y), MemoryMarshal.Cast<T, float>(d));
        }
        else if (typeof(T) == typeof(double))
        {
            TensorPrimitives.Pow((double)(object)x, MemoryMarshal.Cast<T, double>(y), MemoryMarshal.Cast<T, double>(d));
        }
        else
        {
            ScalarLoop.Binary<T, T, PowerOperator<T>>(x, y, d);
        }
    }

    private static T IntegerPower(T x, T y)
    {
        if (T.IsNegative(y))
        {
            return x == T.One ? T.One : x == -T.One ? (T.IsEvenInteger(y) ? T.One : -T.One) : T.Zero;
        }
        T result = T.One, two = T.One + T.One;
        while (!T.IsZero(y))
        {
            if (T.IsOddInteger(y))
            {
                result *= x;
            }
            y /= two;
            if (!T.IsZero(y))
            {
                x *= x;
            }
        }
        return result;
    }
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
