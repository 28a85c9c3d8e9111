using Batchwise.Kernels.Elementwise;
using Batchwise.Kernels.Iteration;
using Batchwise.Layouts;
using Batchwise.Operations;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary><c>a == b</c> element-wise with broadcasting (NaN equals nothing).</summary>
    public static Tensor<bool> Equal<T>(Tensor<T> a, Tensor<T> b, Tensor<bool>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, bool, CompareOperator<T, EqualKind>>("equal", a, b, into);

    /// <summary><c>a != b</c> element-wise with broadcasting.</summary>
    public static Tensor<bool> NotEqual<T>(Tensor<T> a, Tensor<T> b, Tensor<bool>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, bool, CompareOperator<T, NotEqualKind>>("not_equal", a, b, into);

    /// <summary><c>a &lt; b</c> element-wise with broadcasting.</summary>
    public static Tensor<bool> Less<T>(Tensor<T> a, Tensor<T> b, Tensor<bool>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, bool, CompareOperator<T, LessKind>>("less", a, b, into);

    /// <summary><c>a &lt;= b</c> element-wise with broadcasting.</summary>
    public static Tensor<bool> LessEqual<T>(Tensor<T> a, Tensor<T> b, Tensor<bool>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, bool, CompareOperator<T, LessOrEqualKind>>("less_equal", a, b, into);

    /// <summary><c>a &gt; b</c> element-wise with broadcasting.</summary>
    public static Tensor<bool> Greater<T>(Tensor<T> a, Tensor<T> b, Tensor<bool>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, bool, CompareOperator<T, GreaterKind>>("greater", a, b, into);

    /// <summary><c>a &gt;= b</c> element-wise with broadcasting.</summary>
    public static Tensor<bool> GreaterEqual<T>(Tensor<T> a, Tensor<T> b, Tensor<bool>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, bool, CompareOperator<T, GreaterOrEqualKind>>("greater_equal", a, b, into);

    /// <summary><c>a == s</c> element-wise.</summary>
    public static Tensor<bool> Equal<T>(Tensor<T> a, T s) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, bool, CompareOperator<T, EqualKind>>("equal", a, s, null);

    /// <summary><c>a &lt; s</c> element-wise.</summary>
    public static Tensor<bool> Less<T>(Tensor<T> a, T s) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, bool, CompareOperator<T, LessKind>>("less", a, s, null);

    /// <summary><c>a &gt; s</c> element-wise.</summary>
    public static Tensor<bool> Greater<T>(Tensor<T> a, T s) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, bool, CompareOperator<T, GreaterKind>>("greater", a, s, null);

    /// <summary>Logical and of two masks with broadcasting.</summary>
    public static Tensor<bool> LogicalAnd(Tensor<bool> a, Tensor<bool> b, Tensor<bool>? into = null) =>
        ElementwiseEngine.Binary<bool, bool, LogicalAndOperator>("logical_and", a, b, into);

    /// <summary>Logical or of two masks with broadcasting.</summary>
    public static Tensor<bool> LogicalOr(Tensor<bool> a, Tensor<bool> b, Tensor<bool>? into = null) =>
        ElementwiseEngine.Binary<bool, bool, LogicalOrOperator>("logical_or", a, b, into);

    /// <summary>Logical exclusive or of two masks with broadcasting.</summary>
    public static Tensor<bool> LogicalXor(Tensor<bool> a, Tensor<bool> b, Tensor<bool>? into = null) =>
        ElementwiseEngine.Binary<bool, bool, LogicalXorOperator>("logical_xor", a, b, into);

    /// <summary>Logical not of a mask.</summary>
    public static Tensor<bool> LogicalNot(Tensor<bool> x, Tensor<bool>? into = null) =>
        ElementwiseEngine.Unary<bool, bool, LogicalNotOperator>("logical_not", x, into);

    /// <summary>
    /// <c>mask ? a : b</c> element-wise, all three broadcast together (NumPy's <c>where</c>).
    /// </summary>
    /// <exception cref="ShapeException">The shapes do not broadcast.</exception>
    public static Tensor<T> Where<T>(Tensor<bool> mask, Tensor<T> a, Tensor<T> b) where T : unmanaged
    {
        int[] shape = ElementwiseEngine.BroadcastShape("where", ElementwiseEngine.BroadcastShape("where", mask.Shape, a.Shape), b.Shape);
        Tensor<T> result = Tensor<T>.Allocate(shape);
        result.CopyFrom(b);
        if (result.Size == 0)
        {
            return result;
        }
        LoopNest nest = Nests.Build(shape, result.Layout, mask.Layout, a.Layout);
        unsafe
        {
            fixed (T* pd = &result.Origin)
            fixed (bool* pm = &mask.Origin)
            fixed (T* pa = &a.Origin)
            {
                ElementwiseDriver.Select(nest, pd, pm, pa);
            }
        }
        return result;
    }

    /// <summary><c>mask ? a : b</c> with scalar branches, which take the tensor's type.</summary>
    public static Tensor<T> Where<T>(Tensor<bool> mask, T a, T b) where T : unmanaged => Where(mask, Scalar(a), Scalar(b));

    /// <summary>
    /// Converts elements to another numeric type (floats to integers truncate, as NumPy's <c>astype</c>; to
    /// <see cref="Half"/> and <see cref="BFloat16"/> round to nearest even).
    /// </summary>
    public static Tensor<TOut> To<T, TOut>(Tensor<T> x)
        where T : unmanaged, INumberBase<T>
        where TOut : unmanaged, INumberBase<TOut>
    {
        if (typeof(T) == typeof(float) && typeof(TOut) == typeof(BFloat16))
        {
            return (Tensor<TOut>)(object)ToBFloat16((Tensor<float>)(object)x);
        }
        if (typeof(T) == typeof(BFloat16) && typeof(TOut) == typeof(float))
        {
            return (Tensor<TOut>)(object)ToSingle((Tensor<BFloat16>)(object)x);
        }
        return ElementwiseEngine.Unary<T, TOut, ConvertOperator<T, TOut>>("astype", x, null);
    }

    /// <summary>Numbers to bools: <c>x != 0</c> (NaN is true, as NumPy).</summary>
    public static Tensor<bool> ToBool<T>(Tensor<T> x) where T : unmanaged, INumberBase<T> =>
        ElementwiseEngine.Unary<T, bool, ToBoolOperator<T>>("astype", x, null);

    /// <summary>Bools to numbers: 1 for true, 0 for false.</summary>
    public static Tensor<TOut> FromBool<TOut>(Tensor<bool> mask) where TOut : unmanaged, INumberBase<TOut> =>
        ElementwiseEngine.Unary<bool, TOut, FromBoolOperator<TOut>>("astype", mask, null);

    // Instance-style conversions, x.To<double>(), one block per element type: C# cannot infer a
    // block's type parameter when the member's own type argument is given explicitly.
    extension(Tensor<float> x)
    {
        /// <summary>The elements converted to <typeparamref name="TOut"/> (NumPy's <c>astype</c>).</summary>
        public Tensor<TOut> To<TOut>() where TOut : unmanaged, INumberBase<TOut> => To<float, TOut>(x);
    }

    extension(Tensor<double> x)
    {
        /// <summary>The elements converted to <typeparamref name="TOut"/> (NumPy's <c>astype</c>).</summary>
        public Tensor<TOut> To<TOut>() where TOut : unmanaged, INumberBase<TOut> => To<double, TOut>(x);
    }

    extension(Tensor<int> x)
    {
        /// <summary>The elements converted to <typeparamref name="TOut"/> (NumPy's <c>astype</c>).</summary>
        public Tensor<TOut> To<TOut>() where TOut : unmanaged, INumberBase<TOut> => To<int, TOut>(x);
    }

    extension(Tensor<long> x)
    {
        /// <summary>The elements converted to <typeparamref name="TOut"/> (NumPy's <c>astype</c>).</summary>
        public Tensor<TOut> To<TOut>() where TOut : unmanaged, INumberBase<TOut> => To<long, TOut>(x);
    }

    extension(Tensor<bool> mask)
    {
        /// <summary>The mask as numbers: 1 for true, 0 for false.</summary>
        public Tensor<TOut> To<TOut>() where TOut : unmanaged, INumberBase<TOut> => FromBool<TOut>(mask);
    }

    /// <summary>Comparison and logical operators.</summary>
    extension<T>(Tensor<T>) where T : unmanaged, INumber<T>
    {
        public static Tensor<bool> operator <(Tensor<T> a, Tensor<T> b) => Less(a, b);
        public static Tensor<bool> operator >(Tensor<T> a, Tensor<T> b) => Greater(a, b);
        public static Tensor<bool> operator <=(Tensor<T> a, Tensor<T> b) => LessEqual(a, b);
        public static Tensor<bool> operator >=(Tensor<T> a, Tensor<T> b) => GreaterEqual(a, b);
    }

    extension(Tensor<bool>)
    {
        public static Tensor<bool> operator &(Tensor<bool> a, Tensor<bool> b) => LogicalAnd(a, b);
        public static Tensor<bool> operator |(Tensor<bool> a, Tensor<bool> b) => LogicalOr(a, b);
        public static Tensor<bool> operator ^(Tensor<bool> a, Tensor<bool> b) => LogicalXor(a, b);
        public static Tensor<bool> operator !(Tensor<bool> x) => LogicalNot(x);
    }
}
