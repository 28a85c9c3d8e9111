namespace Batchwise.NN;

/// <summary>The attention weights returned next to the output when asked for.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="Output">softmax(q kᵀ · scale + mask) v, shape (..., L, Ev).</param>
/// <param name="Weights">The attention weights, shape (..., L, S).</param>
public readonly record struct AttentionResult<T>(Tensor<T> Output, Tensor<T> Weights) where T : unmanaged;

public static partial class Functional
{
    /// <summary>
    /// PyTorch's <c>scaled_dot_product_attention</c>: <c>softmax(q @ k.mT · scale + mask) @ v</c> with q
    /// (..., L, E), k (..., S, E), v (..., S, Ev) and broadcast batch axes. A bool mask means true =
    /// take part (the opposite of masked fill); a float mask is added to the scores; <paramref name="isCausal"/>
    /// keeps key j for query i when j ≤ i (top-left aligned). Query rows with no key to attend to give 0,
    /// not NaN (PyTorch ≥ 2.5). The scale defaults to 1/√E.
    /// </summary>
    /// <exception cref="ShapeException">Ranks below 2, differing E or S, batch axes or a mask that do not broadcast.</exception>
    /// <exception cref="InvalidValueException">Both a mask and <paramref name="isCausal"/>.</exception>
    public static Tensor<T> ScaledDotProductAttention<T>(Tensor<T> q, Tensor<T> k, Tensor<T> v, AttentionMask<T>? mask = null, bool isCausal = false, double? scale = null)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        CheckAttention(q, k, v, mask, isCausal);
        if (AttentionCall.Supports<T>())
        {
            // Weights not asked for: one fused, tiled pass (FlashAttention) that never forms the (L, S) scores.
            return AttentionCall.Fused(q, k, v, mask, isCausal, AttentionScale<T>(q, scale));
        }
        return CompositeAttention(q, k, v, mask, isCausal, scale).Output;
    }

    /// <summary><see cref="ScaledDotProductAttention{T}"/> that also returns the attention weights.</summary>
    public static AttentionResult<T> AttentionWithWeights<T>(Tensor<T> q, Tensor<T> k, Tensor<T> v, AttentionMask<T>? mask = null, bool isCausal = false, double? scale = null)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        CheckAttention(q, k, v, mask, isCausal);
        return CompositeAttention(q, k, v, mask, isCausal, scale);
    }

    /// <summary>
    /// The composite twin of the fused kernel and its test oracle: <c>MatMul</c>, scale, mask,
    /// <see cref="SafeSoftmax{T}"/>, <c>MatMul</c>. Arguments must already be checked.
    /// </summary>
    internal static AttentionResult<T> CompositeAttention<T>(Tensor<T> q, Tensor<T> k, Tensor<T> v, AttentionMask<T>? mask, bool isCausal, double? scale)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        T factor = AttentionScale<T>(q, scale);
        Tensor<T> scores = Tensor.MatMul(q, k.MT);
        Tensor.Multiply(scores, factor, scores);
        if (isCausal)
        {
            scores = Tensor.Where(CausalKeep(q.Shape[^2], k.Shape[^2]), scores, Tensor.Scalar(T.NegativeInfinity));
        }
        else if (mask is { Keep: Tensor<bool> keep })
        {
            scores = Tensor.Where(keep, scores, Tensor.Scalar(T.NegativeInfinity));
        }
        else if (mask is { Bias: Tensor<T> bias })
        {
            scores = scores + bias;
        }
        Tensor<T> weights = SafeSoftmax(scores, -1);
        return new AttentionResult<T>(Tensor.MatMul(weights, v), weights);
    }

    /// <summary>The score scale: the given one, else 1/√E (1 when E = 0).</summary>
    private static T AttentionScale<T>(Tensor<T> q, double? scale)
        where T : unmanaged, INumberBase<T> =>
        T.CreateChecked(scale ?? 1.0 / Math.Sqrt(Math.Max(q.Shape[^1], 1)));

    /// <summary>The causal pattern: key j is kept for query i when j ≤ i (<c>tril(ones(L, S))</c>).</summary>
    internal static Tensor<bool> CausalKeep(int queries, int keys)
    {
        Tensor<bool> keep = Tensor.Zeros<bool>(queries, keys);
        Span<bool> span = keep.AsSpan();
        for (int i = 0; i < queries; i++)
        {
            span.Slice(i * keys, Math.Min(i + 1, keys)).Fill(true);
        }
        return keep;
    }

    private static void CheckAttention<T>(Tensor<T> q, Tensor<T> k, Tensor<T> v, AttentionMask<T>? mask, bool isCausal)
        where T : unmanaged =>
        Shapes.NetworkRule.Attention(Tensor<T>.AsDims(q.Shape), Tensor<T>.AsDims(k.Shape), Tensor<T>.AsDims(v.Shape),
            mask is null ? default : Tensor<T>.AsDims(mask.Value.Shape), mask is not null, isCausal);
}

/// <summary>An attention mask: bool (true = take part) or float (added to the scores).</summary>
/// <typeparam name="T">The element type of the scores.</typeparam>
public readonly struct AttentionMask<T> where T : unmanaged
{
    private AttentionMask(Tensor<bool>? keep, Tensor<T>? bias)
    {
        Keep = keep;
        Bias = bias;
    }

    /// <summary>The bool mask, true where a key takes part.</summary>
    public Tensor<bool>? Keep { get; }

    /// <summary>The float mask added to the scores.</summary>
    public Tensor<T>? Bias { get; }

    /// <summary>The mask's shape.</summary>
    public ReadOnlySpan<int> Shape => Keep is not null ? Keep.Shape : Bias!.Shape;

    public static implicit operator AttentionMask<T>(Tensor<bool> keep) => new(keep, null);

    public static implicit operator AttentionMask<T>(Tensor<T> bias) => new(null, bias);
}
