using System.Numerics;
using Batchwise.Kernels.Elementwise;
using Batchwise.Operations;
using Batchwise.Shapes;

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

    /// <summary>
    /// Element-wise maximum with broadcasting, ignoring NaN (NumPy's <c>fmax</c>): NaN only where both
    /// are NaN. Exact; ints too.
    /// </summary>
    /// <exception cref="ShapeException">The operands do not broadcast, or <paramref name="into"/> does not have the broadcast shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> FMax<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, MaxNumberOperator<T>>("fmax", a, b, into);

    /// <summary><c>fmax(a, b)</c> with a scalar b (a NaN b gives a).</summary>
    /// <exception cref="ShapeException">The operands do not broadcast, or <paramref name="into"/> does not have the broadcast shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> FMax<T>(Tensor<T> a, T b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, MaxNumberOperator<T>>("fmax", a, b, into);

    /// <summary>
    /// Element-wise minimum with broadcasting, ignoring NaN (NumPy's <c>fmin</c>): NaN only where both
    /// are NaN. Exact; ints too.
    /// </summary>
    /// <exception cref="ShapeException">The operands do not broadcast, or <paramref name="into"/> does not have the broadcast shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> FMin<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, MinNumberOperator<T>>("fmin", a, b, into);

    /// <summary><c>fmin(a, b)</c> with a scalar b (a NaN b gives a).</summary>
    /// <exception cref="ShapeException">The operands do not broadcast, or <paramref name="into"/> does not have the broadcast shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements (a broadcast view).</exception>
    public static Tensor<T> FMin<T>(Tensor<T> a, T b, Tensor<T>? into = null) where T : unmanaged, INumber<T> =>
        ElementwiseEngine.Binary<T, T, MinNumberOperator<T>>("fmin", a, b, into);

    /// <summary>
    /// <c>minimum(maximum(x, low), high)</c> (NumPy's <c>clip</c>) with tensor bounds: x, low and high
    /// broadcast together, and either bound may be null (no bound on that side). Where low &gt; high the
    /// result is high. NaN in x (or in a bound) propagates. Exact; ints too. An empty broadcast shape
    /// gives an empty result.
    /// </summary>
    /// <param name="x">The values.</param>
    /// <param name="low">The lower bound, or null.</param>
    /// <param name="high">The upper bound, or null.</param>
    /// <param name="into">Where to write the result (the broadcast shape); null allocates it.</param>
    /// <exception cref="InvalidValueException">Both bounds are null, or <paramref name="into"/> repeats elements.</exception>
    /// <exception cref="ShapeException">The three do not broadcast together, or <paramref name="into"/> has another shape.</exception>
    public static Tensor<T> Clip<T>(Tensor<T> x, Tensor<T>? low, Tensor<T>? high, Tensor<T>? into = null) where T : unmanaged, INumber<T>
    {
        if (low is null && high is null)
        {
            ThrowHelper.Value("clip: One of max or min must be given");
        }
        if (low is null)
        {
            return Minimum(x, high!, into);
        }
        if (high is null)
        {
            return Maximum(x, low, into);
        }
        int[] shape = ElementwiseEngine.BroadcastShape("clip", ElementwiseEngine.BroadcastShape("clip", x.Shape, low.Shape), high.Shape);
        if (into is not null && into.SharesStorageWith(high))
        {
            // The first pass would overwrite the upper bound before the second reads it.
            if (!into.Shape.SequenceEqual(shape))
            {
                ThrowHelper.Shape($"clip: the destination has shape {into.ShapeString} but the result has shape {ShapeText.Format(shape)}");
            }
            into.CopyFrom(Clip(x, low, high));
            return into;
        }
        // x is viewed at the full shape so that the first pass already fills the whole destination.
        Tensor<T> lowered = Maximum(x.BroadcastTo(shape), low, into);
        return Minimum(lowered, high, lowered);
    }
}
