using System.Numerics;
using Batchwise.Kernels.Elementwise;
using Batchwise.Operations;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary>
    /// <c>a // b</c> with broadcasting (NumPy's <c>floor_divide</c>): the quotient rounded toward minus
    /// infinity, <c>-7 // 2 == -4</c>. Integer division by zero gives 0 (NumPy's result; it warns).
    /// Floats follow IEEE: <c>x // 0</c> is ±inf or NaN.
    /// </summary>
    /// <exception cref="ShapeException">The shapes do not broadcast, or <paramref name="into"/> has the wrong shape.</exception>
    public static Tensor<T> FloorDivide<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, FloorDivideOperator<T>>("floor_divide", a, b, into);

    /// <summary><c>a // s</c>.</summary>
    public static Tensor<T> FloorDivide<T>(Tensor<T> a, T s, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, FloorDivideOperator<T>>("floor_divide", a, s, into);

    /// <summary>
    /// <c>a % b</c> with broadcasting (NumPy's <c>remainder</c>): the result has the sign of the
    /// divisor, <c>-7 % 2 == 1</c>, unlike C#'s <c>%</c>. An integer zero divisor gives 0 (NumPy).
    /// </summary>
    /// <exception cref="ShapeException">The shapes do not broadcast, or <paramref name="into"/> has the wrong shape.</exception>
    public static Tensor<T> Remainder<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, RemainderOperator<T>>("remainder", a, b, into);

    /// <summary><c>a % s</c>.</summary>
    public static Tensor<T> Remainder<T>(Tensor<T> a, T s, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, RemainderOperator<T>>("remainder", a, s, into);

    /// <summary>
    /// <c>a / b</c> of integers as NumPy's true division: both converted to float64 first, so
    /// <c>7 / 2 == 3.5</c> and <c>x / 0</c> is ±inf (0/0 NaN).
    /// </summary>
    /// <exception cref="ShapeException">The shapes do not broadcast.</exception>
    public static Tensor<double> TrueDivide<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IBinaryInteger<T> =>
        Divide(To<T, double>(a), To<T, double>(b));
}
