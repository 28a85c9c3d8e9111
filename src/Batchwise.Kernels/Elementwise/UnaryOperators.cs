using System.Numerics.Tensors;

namespace Batchwise.Kernels.Elementwise;

/// <summary><c>x</c>: a copy (any element type; memmove on contiguous runs).</summary>
public readonly struct CopyOperator<T> : IUnaryOperator<T, T>
{
    public static T Invoke(T x) => x;
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => x.CopyTo(d);
}

/// <summary><c>-x</c>.</summary>
public readonly struct NegateOperator<T> : IUnaryOperator<T, T> where T : INumberBase<T>
{
    public static T Invoke(T x) => -x;
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Negate(x, d);
}

/// <summary><c>|x|</c>.</summary>
public readonly struct AbsOperator<T> : IUnaryOperator<T, T> where T : INumberBase<T>
{
    public static T Invoke(T x) => T.Abs(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Abs(x, d);
}

/// <summary><c>e^x</c>; float runs are computed in double (<see cref="WidenedMath"/>), so exp(0) is exactly 1.</summary>
public readonly struct ExpOperator<T> : IUnaryOperator<T, T> where T : unmanaged, IExponentialFunctions<T>
{
    public static T Invoke(T x) => T.Exp(x);

    public static void Invoke(ReadOnlySpan<T> x, Span<T> d)
    {
        if (typeof(T) == typeof(float))
        {
            WidenedMath.Map<DoubleExp>(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(d));
        }
        else
        {
            TensorPrimitives.Exp(x, d);
        }
    }
}

/// <summary><c>ln x</c> (NaN below 0, -inf at 0).</summary>
public readonly struct LogOperator<T> : IUnaryOperator<T, T> where T : ILogarithmicFunctions<T>
{
    public static T Invoke(T x) => T.Log(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Log(x, d);
}

/// <summary><c>√x</c> (NaN below 0).</summary>
public readonly struct SqrtOperator<T> : IUnaryOperator<T, T> where T : IRootFunctions<T>
{
    public static T Invoke(T x) => T.Sqrt(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Sqrt(x, d);
}

/// <summary><c>tanh x</c>.</summary>
public readonly struct TanhOperator<T> : IUnaryOperator<T, T> where T : IHyperbolicFunctions<T>
{
    public static T Invoke(T x) => T.Tanh(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Tanh(x, d);
}

/// <summary><c>!x</c> on bools.</summary>
public readonly struct LogicalNotOperator : IUnaryOperator<bool, bool>
{
    public static bool Invoke(bool x) => !x;
    public static void Invoke(ReadOnlySpan<bool> x, Span<bool> d) => ScalarLoop.Unary<bool, bool, LogicalNotOperator>(x, d);
}

/// <summary>Numeric conversion as NumPy's <c>astype</c>: floats to integers truncate toward zero.</summary>
public readonly struct ConvertOperator<T, TResult> : IUnaryOperator<T, TResult>
    where T : INumberBase<T>
    where TResult : INumberBase<TResult>
{
    public static TResult Invoke(T x) => TResult.CreateTruncating(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<TResult> d) => TensorPrimitives.ConvertTruncating(x, d);
}

/// <summary>Number to bool: <c>x != 0</c> (NaN is true, as in NumPy).</summary>
public readonly struct ToBoolOperator<T> : IUnaryOperator<T, bool> where T : INumberBase<T>
{
    public static bool Invoke(T x) => !T.IsZero(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<bool> d) => ScalarLoop.Unary<T, bool, ToBoolOperator<T>>(x, d);
}

/// <summary>Bool to number: 1 or 0.</summary>
public readonly struct FromBoolOperator<TResult> : IUnaryOperator<bool, TResult> where TResult : INumberBase<TResult>
{
    public static TResult Invoke(bool x) => x ? TResult.One : TResult.Zero;
    public static void Invoke(ReadOnlySpan<bool> x, Span<TResult> d) => ScalarLoop.Unary<bool, TResult, FromBoolOperator<TResult>>(x, d);
}
