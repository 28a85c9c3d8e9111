using System.Numerics;
using Batchwise.Kernels.Elementwise;
using Batchwise.Operations;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary><c>a + b</c> with broadcasting, into a new tensor or <paramref name="into"/> (whose shape must be the result's).</summary>
    /// <exception cref="ShapeException">The shapes do not broadcast, or <paramref name="into"/> has the wrong shape.</exception>
    public static Tensor<T> Add<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, AddOperator<T>>("add", a, b, into);

    /// <summary><c>a - b</c> with broadcasting.</summary>
    public static Tensor<T> Subtract<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, SubtractOperator<T>>("subtract", a, b, into);

    /// <summary><c>a * b</c> with broadcasting.</summary>
    public static Tensor<T> Multiply<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, MultiplyOperator<T>>("multiply", a, b, into);

    /// <summary><c>a / b</c> with broadcasting; IEEE division for floats (x/±0 = ±inf, 0/0 = NaN).</summary>
    public static Tensor<T> Divide<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, DivideOperator<T>>("divide", a, b, into);

    /// <summary><c>a + s</c>.</summary>
    public static Tensor<T> Add<T>(Tensor<T> a, T s, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, AddOperator<T>>("add", a, s, into);

    /// <summary><c>a - s</c>.</summary>
    public static Tensor<T> Subtract<T>(Tensor<T> a, T s, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, SubtractOperator<T>>("subtract", a, s, into);

    /// <summary><c>s - b</c>.</summary>
    public static Tensor<T> Subtract<T>(T s, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, SubtractOperator<T>>("subtract", s, b, into);

    /// <summary><c>a * s</c>.</summary>
    public static Tensor<T> Multiply<T>(Tensor<T> a, T s, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, MultiplyOperator<T>>("multiply", a, s, into);

    /// <summary><c>a / s</c>.</summary>
    public static Tensor<T> Divide<T>(Tensor<T> a, T s, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, DivideOperator<T>>("divide", a, s, into);

    /// <summary><c>s / b</c>.</summary>
    public static Tensor<T> Divide<T>(T s, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Binary<T, T, DivideOperator<T>>("divide", s, b, into);

    /// <summary><c>-x</c> (exact).</summary>
    public static Tensor<T> Negate<T>(Tensor<T> x, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Unary<T, T, NegateOperator<T>>("negative", x, into);

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
