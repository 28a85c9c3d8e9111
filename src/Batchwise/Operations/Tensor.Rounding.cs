using System.Numerics;
using Batchwise.Kernels.Elementwise;
using Batchwise.Operations;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary><c>⌊x⌋</c> element-wise, exact; ±0, ±inf and NaN are unchanged.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Floor<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, FloorOperator<T>>("floor", x, into);

    /// <summary><c>⌈x⌉</c> element-wise, exact; ±0, ±inf and NaN are unchanged.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Ceil<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, CeilingOperator<T>>("ceil", x, into);

    /// <summary>x rounded to the nearest integer, ties to even (0.5 → 0, 1.5 → 2, −2.5 → −2), exact; ±0, ±inf and NaN are unchanged.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Round<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, RoundOperator<T>>("round", x, into);

    /// <summary>x rounded toward zero, exact; ±0, ±inf and NaN are unchanged.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Trunc<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        ElementwiseEngine.Unary<T, T, TruncateOperator<T>>("trunc", x, into);

    /// <summary>
    /// <c>sign x</c> element-wise: −1, 0 or 1 in x's type (ints too). NaN gives NaN (NumPy; torch would
    /// give 0); ±inf give ±1.
    /// </summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> Sign<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Unary<T, T, SignOperator<T>>("sign", x, into);
}
