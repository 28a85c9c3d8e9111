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
    /// −∞ uses 0 as its shift so that e^(−∞ − shift) = 0 instead of NaN. The four registers of a score
    /// row go side by side, so their max and sum chains overlap instead of running one after another.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Step<TOps, TV, T>(T* st, int br, int bc, in AttentionTiles<T> t)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(br == 4 * TOps.Count && bc >= 1);
        int w = TOps.Count;
        T* row = st;
        TV max0 = TOps.Load(row), max1 = TOps.Load(row + w), max2 = TOps.Load(row + 2 * w), max3 = TOps.Load(row + 3 * w);
        for (int j = 1; j < bc; j++)
        {
            row += br;
            max0 = TOps.Max(max0, TOps.Load(row));
            max1 = TOps.Max(max1, TOps.Load(row + w));
            max2 = TOps.Max(max2, TOps.Load(row + 2 * w));
            max3 = TOps.Max(max3, TOps.Load(row + 3 * w));
        }

        TV shift0 = UpdateMax<TOps, TV, T>(max0, 0, in t);
        TV shift1 = UpdateMax<TOps, TV, T>(max1, w, in t);
        TV shift2 = UpdateMax<TOps, TV, T>(max2, 2 * w, in t);
        TV shift3 = UpdateMax<TOps, TV, T>(max3, 3 * w, in t);
        Rescale<TOps, TV, T>(br, in t);

        TV sum0 = TOps.Zero, sum1 = TOps.Zero, sum2 = TOps.Zero, sum3 = TOps.Zero;
        row = st;
        for (int j = 0; j < bc; j++)
        {
            TV p0 = TOps.Exp(TOps.Subtract(TOps.Load(row), shift0));
            TV p1 = TOps.Exp(TOps.Subtract(TOps.Load(row + w), shift1));
            TV p2 = TOps.Exp(TOps.Subtract(TOps.Load(row + 2 * w), shift2));
            TV p3 = TOps.Exp(TOps.Subtract(TOps.Load(row + 3 * w), shift3));
            TOps.Store(p0, row);
            TOps.Store(p1, row + w);
            TOps.Store(p2, row + 2 * w);
            TOps.Store(p3, row + 3 * w);
            sum0 = TOps.Add(sum0, p0);
            sum1 = TOps.Add(sum1, p1);
            sum2 = TOps.Add(sum2, p2);
            sum3 = TOps.Add(sum3, p3);
            row += br;
        }

        T* l = t.Sum;
        TOps.Store(TOps.Add(TOps.Load(l), sum0), l);
        TOps.Store(TOps.Add(TOps.Load(l + w), sum1), l + w);
        TOps.Store(TOps.Add(TOps.Load(l + 2 * w), sum2), l + 2 * w);
        TOps.Store(TOps.Add(TOps.Load(l + 3 * w), sum3), l + 3 * w);
    }

    /// <summary>
    /// For the queries from lane <paramref name="c"/> on: m' = max(m, block max), α = e^(m − m') into the
    /// block's rescale factors, l = α·l; returns the shift the block's exponentials use.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV UpdateMax<TOps, TV, T>(TV blockMax, int c, in AttentionTiles<T> t)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TV old = TOps.Load(t.Max + c);
        TV next = TOps.Max(old, blockMax);
        TV shift = TOps.ZeroIfNegativeInfinity(next);
        TV alpha = TOps.Exp(TOps.Subtract(old, shift));
        TOps.Store(next, t.Max + c);
        TOps.Store(alpha, t.BlockSums + c);
        TOps.Store(TOps.Multiply(alpha, TOps.Load(t.Sum + c)), t.Sum + c);
        return shift;
    }

    /// <summary>
    /// O = α·O, α from the block's rescale factors, for the accumulator rows whose maximum grew (after
    /// the first blocks, few do).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rescale<TOps, TV, T>(int br, in AttentionTiles<T> t)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = TOps.Count;
        int evPad = t.ValueWidth;
        for (int i = 0; i < br; i++)
        {
            T alpha = t.BlockSums[i];
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
