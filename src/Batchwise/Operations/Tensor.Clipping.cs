using Batchwise.Kernels.Elementwise;
using Batchwise.Operations;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary><c>min(max(x, low), high)</c> element-wise (NumPy's <c>clip</c>); NaN stays NaN.</summary>
    public static Tensor<T> Clip<T>(Tensor<T> x, T low, T high, Tensor<T>? into = null) where T : unmanaged, INumber<T>
    {
        Tensor<T> lowered = Maximum(x, low, into);
        return Minimum(lowered, high, lowered);
    }

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
