using System.Numerics;
using Batchwise.Kernels.Elementwise;
using Batchwise.Operations;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary>True where x is NaN (NumPy's <c>isnan</c>); false everywhere for integers.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<bool> IsNaN<T>(Tensor<T> x, Tensor<bool>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Unary<T, bool, IsNaNOperator<T>>("isnan", x, into);

    /// <summary>True where x is +inf or −inf (NumPy's <c>isinf</c>).</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<bool> IsInf<T>(Tensor<T> x, Tensor<bool>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Unary<T, bool, IsInfinityOperator<T>>("isinf", x, into);

    /// <summary>True where x is neither ±inf nor NaN (NumPy's <c>isfinite</c>); true everywhere for integers.</summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<bool> IsFinite<T>(Tensor<T> x, Tensor<bool>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Unary<T, bool, IsFiniteOperator<T>>("isfinite", x, into);

    /// <summary>
    /// NumPy's <c>nan_to_num</c>: NaN becomes <paramref name="nan"/>, +inf <paramref name="posinf"/> and
    /// −inf <paramref name="neginf"/>; a null infinity replacement means the type's largest (most negative)
    /// finite value (float32 ±3.4028235e38, float64 ±1.7976931348623157e308). Other values are copied. Exact.
    /// </summary>
    /// <param name="x">The input, any shape and layout.</param>
    /// <param name="nan">The value for NaN (default 0).</param>
    /// <param name="posinf">The value for +inf, or null for the largest finite value.</param>
    /// <param name="neginf">The value for −inf, or null for the most negative finite value.</param>
    /// <param name="into">Where to write the result (x's shape); null allocates it. It may be x itself.</param>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have x's shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> NanToNum<T>(Tensor<T> x, T nan = default, T? posinf = null, T? neginf = null, Tensor<T>? into = null)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        // Three in-place passes over the destination: each substitution is one binary operator.
        Tensor<T> result = ElementwiseEngine.Binary<T, T, ReplaceOperator<T, NaNValue>>("nan_to_num", x, nan, into);
        ElementwiseEngine.Binary<T, T, ReplaceOperator<T, PositiveInfinityValue>>("nan_to_num", result, posinf ?? T.MaxValue, result);
        return ElementwiseEngine.Binary<T, T, ReplaceOperator<T, NegativeInfinityValue>>("nan_to_num", result, neginf ?? T.MinValue, result);
    }
}
