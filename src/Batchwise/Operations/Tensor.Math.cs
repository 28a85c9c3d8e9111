using System.Numerics;
using Batchwise.Kernels.Elementwise;
using Batchwise.Operations;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary><c>e^x</c> element-wise.</summary>
    public static Tensor<T> Exp<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IExponentialFunctions<T> =>
        ElementwiseEngine.Unary<T, T, ExpOperator<T>>("exp", x, into);

    /// <summary><c>ln x</c> element-wise (NaN below 0, -inf at 0).</summary>
    public static Tensor<T> Log<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, ILogarithmicFunctions<T> =>
        ElementwiseEngine.Unary<T, T, LogOperator<T>>("log", x, into);

    /// <summary><c>√x</c> element-wise (NaN below 0).</summary>
    public static Tensor<T> Sqrt<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IRootFunctions<T> =>
        ElementwiseEngine.Unary<T, T, SqrtOperator<T>>("sqrt", x, into);

    /// <summary><c>|x|</c> element-wise.</summary>
    public static Tensor<T> Abs<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Unary<T, T, AbsOperator<T>>("absolute", x, into);

    /// <summary><c>tanh x</c> element-wise.</summary>
    public static Tensor<T> Tanh<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, IHyperbolicFunctions<T> =>
        ElementwiseEngine.Unary<T, T, TanhOperator<T>>("tanh", x, into);

    /// <summary><c>x ** y</c> element-wise with broadcasting.</summary>
    public static Tensor<T> Pow<T>(Tensor<T> x, Tensor<T> y, Tensor<T>? into = null) where T : unmanaged, IPowerFunctions<T> =>
        ElementwiseEngine.Binary<T, T, PowerOperator<T>>("power", x, y, into);

    /// <summary><c>x ** y</c> with a scalar exponent.</summary>
    public static Tensor<T> Pow<T>(Tensor<T> x, T y, Tensor<T>? into = null) where T : unmanaged, IPowerFunctions<T> =>
        ElementwiseEngine.Binary<T, T, PowerOperator<T>>("power", x, y, into);

    /// <summary>Element-wise maximum with broadcasting; NaN if either is NaN (NumPy's <c>maximum</c>).</summary>
    public static Tensor<T> Maximum<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, MaximumOperator<T>>("maximum", a, b, into);

    /// <summary>Element-wise maximum with a scalar.</summary>
    public static Tensor<T> Maximum<T>(Tensor<T> a, T b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, MaximumOperator<T>>("maximum", a, b, into);

    /// <summary>Element-wise minimum with broadcasting; NaN if either is NaN (NumPy's <c>minimum</c>).</summary>
    public static Tensor<T> Minimum<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, MinimumOperator<T>>("minimum", a, b, into);

    /// <summary>Element-wise minimum with a scalar.</summary>
    public static Tensor<T> Minimum<T>(Tensor<T> a, T b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, MinimumOperator<T>>("minimum", a, b, into);

    /// <summary><c>min(max(x, low), high)</c> element-wise (NumPy's <c>clip</c>); NaN stays NaN.</summary>
    public static Tensor<T> Clip<T>(Tensor<T> x, T low, T high, Tensor<T>? into = null) where T : unmanaged, INumber<T>
    {
        Tensor<T> lowered = Maximum(x, low, into);
        return Minimum(lowered, high, lowered);
    }
}
