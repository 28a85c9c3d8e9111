namespace Batchwise.Shapes;

/// <summary>The shape rules of the linear layer and of scaled dot-product attention (PyTorch's layouts).</summary>
public static class NetworkRule
{
    /// <summary>linear: x (..., in) with rank ≥ 1, w (out, in), b (out,) or none; the result is (..., out).</summary>
    /// <exception cref="ShapeException">x is 0-d, w is not 2-D, the in-features differ, or b is not (out,).</exception>
    public static TDim[] Linear<TDim>(ReadOnlySpan<TDim> x, ReadOnlySpan<TDim> w, ReadOnlySpan<TDim> b, bool hasBias)
        where TDim : struct, IDimension<TDim>
    {
        if (x.Length < 1 || w.Length != 2)
        {
            ThrowHelper.Shape($"linear: input must be at least 1-D and weight 2-D (out, in); got {ShapeText.Format(x)} and {ShapeText.Format(w)}");
        }
        if (!x[^1].Equals(w[1]))
        {
            ThrowHelper.Shape($"linear: input has {x[^1]} features but weight {ShapeText.Format(w)} expects {w[1]} (weight is (out, in))");
        }
        if (hasBias && (b.Length != 1 || !b[0].Equals(w[0])))
        {
            ThrowHelper.Shape($"linear: bias must have shape ({w[0]},), got {ShapeText.Format(b)}");
        }
        return [.. x[..^1], w[0]];
    }

    /// <summary>
    /// sdpa: q (..., L, E), k (..., S, E), v (..., S, Ev) with broadcast batch axes; a mask must broadcast
    /// to (..., L, S) and excludes causal. The result is (..., L, Ev).
    /// </summary>
    /// <exception cref="ShapeException">Ranks below 2, differing E or S, batch axes or a mask that do not broadcast.</exception>
    /// <exception cref="InvalidValueException">Both a mask and causal.</exception>
    public static TDim[] Attention<TDim>(ReadOnlySpan<TDim> q, ReadOnlySpan<TDim> k, ReadOnlySpan<TDim> v, ReadOnlySpan<TDim> mask, bool hasMask, bool causal)
        where TDim : struct, IDimension<TDim>
    {
        if (q.Length < 2 || k.Length < 2 || v.Length < 2)
        {
            ThrowHelper.Shape($"sdpa: query, key and value must be at least 2-D (..., L, E); got {ShapeText.Format(q)}, {ShapeText.Format(k)}, {ShapeText.Format(v)}");
        }
        if (!q[^1].Equals(k[^1]))
        {
            ThrowHelper.Shape($"sdpa: query and key embeddings differ: {q[^1]} vs {k[^1]} (shapes {ShapeText.Format(q)}, {ShapeText.Format(k)})");
        }
        if (!k[^2].Equals(v[^2]))
        {
            ThrowHelper.Shape($"sdpa: key and value lengths differ: {k[^2]} vs {v[^2]} (shapes {ShapeText.Format(k)}, {ShapeText.Format(v)})");
        }
        if (hasMask && causal)
        {
            ThrowHelper.Value("sdpa: give either a mask or causal=True, not both");
        }
        TDim[] batch = BroadcastRule.Broadcast<TDim>(BroadcastRule.Broadcast(q[..^2], k[..^2]), v[..^2]);
        if (hasMask)
        {
            BroadcastRule.CheckBroadcastTo<TDim>(mask, [.. batch, q[^2], k[^2]]);
        }
        return [.. batch, q[^2], v[^1]];
    }
}
