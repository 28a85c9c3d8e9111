using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Attention;

/// <summary>
/// The online softmax of fused attention: each key block of scores updates a running row maximum m and
/// sum l, and rescales the output accumulator when m grows, so the whole score row never exists.
/// </summary>
internal static unsafe class OnlineSoftmax
{
    /// <summary>
    /// One key block, down the columns of Sᵀ (one lane per query): m' = max(m, max_j s), α = e^(m − m'),
    /// p = e^(s − m') written over the scores, l = α·l + Σ p, O = α·O. A column whose maximum is still
    /// −∞ uses 0 as its shift so that e^(−∞ − shift) = 0 instead of NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step<TOps, TV, T>(T* st, int br, int bc, in AttentionTiles<T> t)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = TOps.Count;
        T* m = t.Max;
        T* shift = t.Shift;
        T* l = t.Sum;

        T* alphas = t.BlockSums;
        for (int c = 0; c < br; c += w)
        {
            TV max = TOps.Load(st + c);
            for (int j = 1; j < bc; j++)
            {
                max = TOps.Max(max, TOps.Load(st + j * br + c));
            }

            TV old = TOps.Load(m + c);
            TV next = TOps.Max(old, max);
            TV use = TOps.ZeroIfNegativeInfinity(next);
            TV alpha = TOps.Exp(TOps.Subtract(old, use));
            TOps.Store(next, m + c);
            TOps.Store(use, shift + c);
            TOps.Store(alpha, alphas + c);
            TOps.Store(TOps.Multiply(alpha, TOps.Load(l + c)), l + c);
        }

        Rescale<TOps, TV, T>(alphas, br, in t);

        for (int c = 0; c < br; c += w)
        {
            TV s = TOps.Load(shift + c);
            TV total = TOps.Zero;
            T* p = st + c;
            for (int j = 0; j < bc; j++)
            {
                TV x = TOps.Exp(TOps.Subtract(TOps.Load(p), s));
                TOps.Store(x, p);
                total = TOps.Add(total, x);
                p += br;
            }

            TOps.Store(TOps.Add(TOps.Load(l + c), total), l + c);
        }
    }

    /// <summary>O = α·O for the accumulator rows whose maximum grew (after the first blocks, few do).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rescale<TOps, TV, T>(T* alphas, int br, in AttentionTiles<T> t)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = TOps.Count;
        int evPad = t.ValueWidth;
        for (int i = 0; i < br; i++)
        {
            T alpha = alphas[i];
            if (alpha != T.One)
            {
                T* o = t.Output + i * evPad;
                TV a = TOps.Broadcast(alpha);
                for (int c = 0; c < evPad; c += w)
                {
                    TOps.Store(TOps.Multiply(a, TOps.Load(o + c)), o + c);
                }
            }
        }
    }
}
