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

/// <summary>
/// <c>sin x</c> in x's own type: float runs take <see cref="SinCosRuns"/> (the kernels' own sine within
/// ±8192, TensorPrimitives beyond), other types TensorPrimitives. Both stay within the element-wise
/// tolerance of the correctly rounded result (FloatAccuracyTests), so float runs need not widen.
/// </summary>
public readonly struct SinOperator<T> : IUnaryOperator<T, T> where T : ITrigonometricFunctions<T>
{
    public static T Invoke(T x) => T.Sin(x);

    public static void Invoke(ReadOnlySpan<T> x, Span<T> d)
    {
        if (typeof(T) == typeof(float))
        {
            SinCosRuns.Run(x, d, cosine: false);
            return;
        }
        TensorPrimitives.Sin(x, d);
    }
}

/// <summary><c>cos x</c> in x's own type, as <see cref="SinOperator{T}"/>.</summary>
public readonly struct CosOperator<T> : IUnaryOperator<T, T> where T : ITrigonometricFunctions<T>
{
    public static T Invoke(T x) => T.Cos(x);

    public static void Invoke(ReadOnlySpan<T> x, Span<T> d)
    {
        if (typeof(T) == typeof(float))
        {
            SinCosRuns.Run(x, d, cosine: true);
            return;
        }
        TensorPrimitives.Cos(x, d);
    }
}

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
/// <c>σ(x) = 1/(1 + e^−x)</c>; +inf gives 1, −inf gives 0. Float spans take the kernels' exp
/// (<see cref="LogisticForms"/>), which keeps σ within a few float ulp, well inside the element-wise tolerance.
/// </summary>
public readonly struct SigmoidOperator<T> : IUnaryOperator<T, T> where T : IFloatingPointIeee754<T>
{
    public static T Invoke(T x) => T.One / (T.One + T.Exp(-x));

    public static void Invoke(ReadOnlySpan<T> x, Span<T> d)
    {
        if (typeof(T) == typeof(float))
        {
            LogisticForms.Run<SigmoidForm, T>(x, d);
            return;
        }
        TensorPrimitives.Sigmoid(x, d);
    }
}

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
