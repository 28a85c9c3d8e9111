using Batchwise.Kernels.Elementwise;
using Batchwise.Operations;

namespace Batchwise;

// Two-input element-wise functions with broadcasting, and the C# operators over them.
public static partial class Tensor
{
    /// <summary><c>a + b</c> with broadcasting, into a new tensor or <paramref name="into"/> (whose shape must be the result's).</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Add<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, AddOperator<T>>("add", a, b, into);

    /// <summary><c>a - b</c> with broadcasting.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Subtract<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, SubtractOperator<T>>("subtract", a, b, into);

    /// <summary><c>a * b</c> with broadcasting.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Multiply<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, MultiplyOperator<T>>("multiply", a, b, into);

    /// <summary><c>a / b</c> with broadcasting; IEEE division for floats (x/±0 = ±inf, 0/0 = NaN).</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Divide<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, DivideOperator<T>>("divide", a, b, into);

    /// <summary><c>a + s</c>.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Add<T>(Tensor<T> a, T s, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, AddOperator<T>>("add", a, s, into);

    /// <summary><c>a - s</c>.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Subtract<T>(Tensor<T> a, T s, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, SubtractOperator<T>>("subtract", a, s, into);

    /// <summary><c>s - b</c>.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Subtract<T>(T s, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, SubtractOperator<T>>("subtract", s, b, into);

    /// <summary><c>a * s</c>.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Multiply<T>(Tensor<T> a, T s, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, MultiplyOperator<T>>("multiply", a, s, into);

    /// <summary><c>a / s</c>.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Divide<T>(Tensor<T> a, T s, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, DivideOperator<T>>("divide", a, s, into);

    /// <summary><c>s / b</c>.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Divide<T>(T s, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, DivideOperator<T>>("divide", s, b, into);

    /// <summary><c>-x</c> (exact).</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/unary/*"/>
    public static Tensor<T> Negate<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Unary<T, T, NegateOperator<T>>("negative", x, into);

    /// <summary>
    /// <c>a // b</c> with broadcasting (NumPy's <c>floor_divide</c>): the quotient rounded toward minus
    /// infinity, <c>-7 // 2 == -4</c>. Integer division by zero gives 0 (NumPy's result; it warns).
    /// Floats follow IEEE: <c>x // 0</c> is ±inf or NaN.
    /// </summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> FloorDivide<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, FloorDivideOperator<T>>("floor_divide", a, b, into);

    /// <summary><c>a // s</c>.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> FloorDivide<T>(Tensor<T> a, T s, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, FloorDivideOperator<T>>("floor_divide", a, s, into);

    /// <summary>
    /// <c>a % b</c> with broadcasting (NumPy's <c>remainder</c>): the result has the sign of the
    /// divisor, <c>-7 % 2 == 1</c>, unlike C#'s <c>%</c>. An integer zero divisor gives 0 (NumPy).
    /// </summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Remainder<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, RemainderOperator<T>>("remainder", a, b, into);

    /// <summary><c>a % s</c>.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Remainder<T>(Tensor<T> a, T s, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, RemainderOperator<T>>("remainder", a, s, into);

    /// <summary>
    /// <c>a / b</c> of integers as NumPy's true division: both converted to float64 first, so
    /// <c>7 / 2 == 3.5</c> and <c>x / 0</c> is ±inf (0/0 NaN).
    /// </summary>
    /// <exception cref="ShapeException">The shapes do not broadcast.</exception>
    public static Tensor<double> TrueDivide<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IBinaryInteger<T> =>
        Divide(To<T, double>(a), To<T, double>(b));

    /// <summary>
    /// <c>x ** y</c> element-wise with broadcasting (NumPy's <c>power</c>). Floats follow C99 pow:
    /// x ** ±0 = 1 even for NaN x, 1 ** y = 1 even for NaN y, a negative base with a non-integer exponent
    /// gives NaN, (±0) ** negative gives +inf (−inf for −0 with an odd integer exponent), (−inf) ** 3 = −inf,
    /// (−inf) ** 0.5 = +inf; otherwise NaN gives NaN. Integers stay integers (wrapping on overflow).
    /// </summary>
    /// <exception cref="InvalidValueException">Integer inputs with a negative exponent (NumPy's "Integers to negative integer powers are not allowed"), or <paramref name="into"/> repeats elements.</exception>
    /// <exception cref="ShapeException">The operands do not broadcast, or <paramref name="into"/> does not have the broadcast shape.</exception>
    public static Tensor<T> Pow<T>(Tensor<T> x, Tensor<T> y, Tensor<T>? into = null) where T : unmanaged, INumber<T>
    {
        if (IsIntegerType<T>() && AnyNegative(y))
        {
            ThrowHelper.Value("power: Integers to negative integer powers are not allowed.");
        }
        return ElementwiseEngine.Binary<T, T, PowerOperator<T>>("power", x, y, into);
    }

    /// <summary><c>x ** y</c> with a scalar exponent; the rules of <see cref="Pow{T}(Tensor{T}, Tensor{T}, Tensor{T})"/>.</summary>
    /// <exception cref="InvalidValueException">Integer inputs with a negative exponent, or <paramref name="into"/> repeats elements.</exception>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    public static Tensor<T> Pow<T>(Tensor<T> x, T y, Tensor<T>? into = null) where T : unmanaged, INumber<T>
    {
        if (IsIntegerType<T>() && T.IsNegative(y))
        {
            ThrowHelper.Value("power: Integers to negative integer powers are not allowed.");
        }
        return ElementwiseEngine.Binary<T, T, PowerOperator<T>>("power", x, y, into);
    }

    private static bool AnyNegative<T>(Tensor<T> y) where T : unmanaged, INumber<T>
    {
        foreach (T v in y.Contiguous().AsSpan())
        {
            if (T.IsNegative(v))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsIntegerType<T>() where T : INumber<T> =>
        typeof(T) != typeof(float) && typeof(T) != typeof(double) && typeof(T) != typeof(Half);

    /// <summary>Element-wise maximum with broadcasting; NaN if either is NaN (NumPy's <c>maximum</c>).</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Maximum<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, MaximumOperator<T>>("maximum", a, b, into);

    /// <summary>Element-wise maximum with a scalar.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Maximum<T>(Tensor<T> a, T b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, MaximumOperator<T>>("maximum", a, b, into);

    /// <summary>Element-wise minimum with broadcasting; NaN if either is NaN (NumPy's <c>minimum</c>).</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Minimum<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, MinimumOperator<T>>("minimum", a, b, into);

    /// <summary>Element-wise minimum with a scalar.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Minimum<T>(Tensor<T> a, T b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, MinimumOperator<T>>("minimum", a, b, into);

    /// <summary>
    /// Element-wise maximum with broadcasting, ignoring NaN (NumPy's <c>fmax</c>): NaN only where both
    /// are NaN. Exact; ints too.
    /// </summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> FMax<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, MaxNumberOperator<T>>("fmax", a, b, into);

    /// <summary><c>fmax(a, b)</c> with a scalar b (a NaN b gives a).</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> FMax<T>(Tensor<T> a, T b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, MaxNumberOperator<T>>("fmax", a, b, into);

    /// <summary>
    /// Element-wise minimum with broadcasting, ignoring NaN (NumPy's <c>fmin</c>): NaN only where both
    /// are NaN. Exact; ints too.
    /// </summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> FMin<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, MinNumberOperator<T>>("fmin", a, b, into);

    /// <summary><c>fmin(a, b)</c> with a scalar b (a NaN b gives a).</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> FMin<T>(Tensor<T> a, T b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, MinNumberOperator<T>>("fmin", a, b, into);

    /// <summary>
    /// <c>arctan2(y, x)</c>, the angle of the point (x, y) in (−π, π], with broadcasting: C99 atan2,
    /// signed zeros and infinities included (atan2(±0, −0) = ±π, atan2(±inf, ±inf) = ±π/4 or ±3π/4).
    /// NaN in either gives NaN.
    /// </summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Atan2<T>(Tensor<T> y, Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Binary<T, T, WidenedBinaryOperator<T, DoubleAtan2>>("arctan2", y, x, into);

    /// <summary><c>arctan2(y, x)</c> with a scalar x.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Atan2<T>(Tensor<T> y, T x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Binary<T, T, WidenedBinaryOperator<T, DoubleAtan2>>("arctan2", y, x, into);

    /// <summary>
    /// <c>hypot(a, b) = √(a² + b²)</c> with broadcasting, without intermediate overflow or underflow
    /// (float32 hypot(2e38, 2e38) = 2.83e38). An infinite operand gives +inf even when the other is NaN;
    /// otherwise NaN gives NaN.
    /// </summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Hypot<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Binary<T, T, WidenedBinaryOperator<T, DoubleHypot>>("hypot", a, b, into);

    /// <summary><c>hypot(a, b)</c> with a scalar b.</summary>
    /// <include file="ElementwiseDocs.xml" path="docs/binary/*"/>
    public static Tensor<T> Hypot<T>(Tensor<T> a, T b, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Binary<T, T, WidenedBinaryOperator<T, DoubleHypot>>("hypot", a, b, into);

    /// <summary>C# operators for numeric tensors; a scalar operand takes the tensor's type (NumPy 2's weak scalars).</summary>
    extension<T>(Tensor<T>) where T : unmanaged, INumberBase<T>
    {
        public static Tensor<T> operator +(Tensor<T> a, Tensor<T> b) => Add(a, b);
        public static Tensor<T> operator -(Tensor<T> a, Tensor<T> b) => Subtract(a, b);
        public static Tensor<T> operator *(Tensor<T> a, Tensor<T> b) => Multiply(a, b);
        public static Tensor<T> operator /(Tensor<T> a, Tensor<T> b) => Divide(a, b);
        public static Tensor<T> operator +(Tensor<T> a, T s) => Add(a, s);
        public static Tensor<T> operator +(T s, Tensor<T> b) => Add(b, s);
        public static Tensor<T> operator -(Tensor<T> a, T s) => Subtract(a, s);
        public static Tensor<T> operator -(T s, Tensor<T> b) => Subtract(s, b);
        public static Tensor<T> operator *(Tensor<T> a, T s) => Multiply(a, s);
        public static Tensor<T> operator *(T s, Tensor<T> b) => Multiply(b, s);
        public static Tensor<T> operator /(Tensor<T> a, T s) => Divide(a, s);
        public static Tensor<T> operator /(T s, Tensor<T> b) => Divide(s, b);
        public static Tensor<T> operator -(Tensor<T> x) => Negate(x);
    }
}
