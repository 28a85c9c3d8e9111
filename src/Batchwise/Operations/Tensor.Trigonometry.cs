using System.Numerics;
using Batchwise.Kernels.Elementwise;
using Batchwise.Operations;

namespace Batchwise;

public static partial class Tensor
{
    // Float results are computed in double and rounded once (WidenedOperator), within an ulp, except
    // sin and cos, whose TensorPrimitives float kernels are accurate enough and need no widening.

    /// <summary><c>sin x</c> element-wise (radians). ±inf and NaN give NaN; ±0 stays ±0; huge arguments are reduced accurately. Float results are within 1e-6 (absolute plus relative) of the correctly rounded value.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Sin<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, SinOperator<T>>("sin", x, into);

    /// <summary><c>cos x</c> element-wise (radians). ±inf and NaN give NaN. Float results are within 1e-6 (absolute plus relative) of the correctly rounded value.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Cos<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, CosOperator<T>>("cos", x, into);

    /// <summary><c>tan x</c> element-wise (radians). ±inf and NaN give NaN; ±0 stays ±0.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Tan<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleTan>>("tan", x, into);

    /// <summary><c>arcsin x</c> element-wise, in [−π/2, π/2]. |x| &gt; 1 and NaN give NaN; ±0 stays ±0.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Asin<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleAsin>>("arcsin", x, into);

    /// <summary><c>arccos x</c> element-wise, in [0, π]. |x| &gt; 1 and NaN give NaN.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Acos<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleAcos>>("arccos", x, into);

    /// <summary><c>arctan x</c> element-wise, in [−π/2, π/2]; ±inf give ±π/2, NaN gives NaN.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Atan<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleAtan>>("arctan", x, into);

    /// <summary><c>sinh x = (eˣ − e⁻ˣ)/2</c> element-wise; overflows to ±inf, ±inf stay ±inf, NaN gives NaN.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Sinh<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleSinh>>("sinh", x, into);

    /// <summary><c>cosh x = (eˣ + e⁻ˣ)/2</c> element-wise; overflows to +inf, ±inf give +inf, NaN gives NaN.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Cosh<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleCosh>>("cosh", x, into);

    /// <summary>
    /// <c>arctan2(y, x)</c>, the angle of the point (x, y) in (−π, π], with broadcasting: C99 atan2,
    /// signed zeros and infinities included (atan2(±0, −0) = ±π, atan2(±inf, ±inf) = ±π/4 or ±3π/4).
    /// NaN in either gives NaN.
    /// </summary>
    /// <exception cref="ShapeException">The operands do not broadcast, or <paramref name="into"/> does not have the broadcast shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Atan2<T>(Tensor<T> y, Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Binary<T, T, WidenedBinaryOperator<T, DoubleAtan2>>("arctan2", y, x, into);

    /// <summary><c>arctan2(y, x)</c> with a scalar x.</summary>
    /// <exception cref="ShapeException">The operands do not broadcast, or <paramref name="into"/> does not have the broadcast shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Atan2<T>(Tensor<T> y, T x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Binary<T, T, WidenedBinaryOperator<T, DoubleAtan2>>("arctan2", y, x, into);

    /// <summary>
    /// <c>hypot(a, b) = √(a² + b²)</c> with broadcasting, without intermediate overflow or underflow
    /// (float32 hypot(2e38, 2e38) = 2.83e38). An infinite operand gives +inf even when the other is NaN;
    /// otherwise NaN gives NaN.
    /// </summary>
    /// <exception cref="ShapeException">The operands do not broadcast, or <paramref name="into"/> does not have the broadcast shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Hypot<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Binary<T, T, WidenedBinaryOperator<T, DoubleHypot>>("hypot", a, b, into);

    /// <summary><c>hypot(a, b)</c> with a scalar b.</summary>
    /// <exception cref="ShapeException">The operands do not broadcast, or <paramref name="into"/> does not have the broadcast shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Hypot<T>(Tensor<T> a, T b, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Binary<T, T, WidenedBinaryOperator<T, DoubleHypot>>("hypot", a, b, into);
}
