using System.Numerics;
using Batchwise.Kernels.Elementwise;
using Batchwise.Operations;

namespace Batchwise;

public static partial class Tensor
{
    // Float results are computed in double and rounded once (WidenedOperator): within an ulp.

    /// <summary><c>2ˣ</c> element-wise; overflows to +inf, −inf gives 0, NaN gives NaN.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Exp2<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleExp2>>("exp2", x, into);

    /// <summary><c>log₂ x</c> element-wise: ±0 gives −inf, x &lt; 0 NaN, +inf +inf; subnormals are honoured.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Log2<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleLog2>>("log2", x, into);

    /// <summary><c>log₁₀ x</c> element-wise: ±0 gives −inf, x &lt; 0 NaN, +inf +inf; subnormals are honoured.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Log10<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleLog10>>("log10", x, into);

    /// <summary><c>ln(1 + x)</c> element-wise, accurate for tiny x: −1 gives −inf, x &lt; −1 NaN, ±0 stays ±0.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Log1p<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleLog1p>>("log1p", x, into);

    /// <summary><c>eˣ − 1</c> element-wise, accurate for tiny x: overflows to +inf, −inf gives −1, ±0 stays ±0.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Expm1<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleExpm1>>("expm1", x, into);

    /// <summary><c>∛x</c> element-wise, keeping the sign; ±0, ±inf and NaN unchanged.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Cbrt<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleCbrt>>("cbrt", x, into);

    /// <summary><c>1/√x</c> element-wise (torch's <c>rsqrt</c>): ±0 gives ±inf, x &lt; 0 NaN, +inf 0.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Rsqrt<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleRsqrt>>("rsqrt", x, into);

    /// <summary><c>erf x = 2/√π ∫₀ˣ e^−t² dt</c> element-wise (torch's and SciPy's <c>erf</c>): ±inf give ±1, NaN gives NaN, ±0 stays ±0.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Erf<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, WidenedOperator<T, DoubleErf>>("erf", x, into);

    /// <summary><c>x²</c> element-wise (ints too); floats overflow to +inf, NaN stays NaN.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Square<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Unary<T, T, SquareOperator<T>>("square", x, into);

    /// <summary><c>1/x</c> element-wise: ±0 gives ±inf, ±inf gives ±0, NaN stays NaN.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Reciprocal<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, ReciprocalOperator<T>>("reciprocal", x, into);

    /// <summary><c>σ(x) = 1/(1 + e⁻ˣ)</c> element-wise (torch's <c>sigmoid</c>): +inf gives 1, −inf 0, NaN NaN.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Sigmoid<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, SigmoidOperator<T>>("sigmoid", x, into);
}
