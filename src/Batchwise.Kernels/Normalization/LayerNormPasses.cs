using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Normalization;

/// <summary>
/// One row of layer norm in three passes over the vector width (the sum, the squared deviations from
/// the mean, then <c>d = (x − mean) · scale · w + b</c>), or of RMS norm in two (the sum of squares,
/// then <c>d = x · scale · w</c>). The row stays in L1 between passes; composing it from span
/// primitives took six passes and as many calls per row.
/// </summary>
/// <remarks>
/// The variance is the mean of squared deviations (two passes over x), not E[x²] − E[x]², which cancels.
/// Weight and bias are optional (null).
/// </remarks>
internal static unsafe class LayerNormPasses<T, TVector, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : IVectorOps<TVector, T>
{
    public static void LayerNorm(T* x, T* d, int n, T* w, T* b, T eps)
    {
        T count = T.CreateTruncating(n);
        T mean = Sum(x, n) / count;
        T scale = T.One / T.Sqrt(SquaredDeviations(x, mean, n) / count + eps);
        Scale(x, mean, scale, w, b, d, n);
    }

    public static void RmsNorm(T* x, T* d, int n, T* w, T eps)
    {
        T scale = T.One / T.Sqrt(SquaredDeviations(x, T.Zero, n) / T.CreateTruncating(n) + eps);
        Scale(x, T.Zero, scale, w, null, d, n);
    }

    /// <summary><c>Σ x</c>, four partial sums to hide the add latency.</summary>
    private static T Sum(T* x, int n)
    {
        int v = TOps.Count, i = 0;
        TVector s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
        for (; i <= n - 4 * v; i += 4 * v)
        {
            s0 = TOps.Add(s0, TOps.Load(x + i));
            s1 = TOps.Add(s1, TOps.Load(x + i + v));
            s2 = TOps.Add(s2, TOps.Load(x + i + 2 * v));
            s3 = TOps.Add(s3, TOps.Load(x + i + 3 * v));
        }
        for (; i <= n - v; i += v)
        {
            s0 = TOps.Add(s0, TOps.Load(x + i));
        }
        T sum = TOps.Sum(TOps.Add(TOps.Add(s0, s1), TOps.Add(s2, s3)));
        for (; i < n; i++)
        {
            sum += x[i];
        }
        return sum;
    }

    /// <summary><c>Σ (x − mean)²</c>, four partial sums.</summary>
    private static T SquaredDeviations(T* x, T mean, int n)
    {
        int v = TOps.Count, i = 0;
        TVector m = TOps.Broadcast(mean);
        TVector s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
        for (; i <= n - 4 * v; i += 4 * v)
        {
            TVector d0 = TOps.Subtract(TOps.Load(x + i), m);
            TVector d1 = TOps.Subtract(TOps.Load(x + i + v), m);
            TVector d2 = TOps.Subtract(TOps.Load(x + i + 2 * v), m);
            TVector d3 = TOps.Subtract(TOps.Load(x + i + 3 * v), m);
            s0 = TOps.Fma(d0, d0, s0);
            s1 = TOps.Fma(d1, d1, s1);
            s2 = TOps.Fma(d2, d2, s2);
            s3 = TOps.Fma(d3, d3, s3);
        }
        for (; i <= n - v; i += v)
        {
            TVector d0 = TOps.Subtract(TOps.Load(x + i), m);
            s0 = TOps.Fma(d0, d0, s0);
        }
        T sum = TOps.Sum(TOps.Add(TOps.Add(s0, s1), TOps.Add(s2, s3)));
        for (; i < n; i++)
        {
            T deviation = x[i] - mean;
            sum += deviation * deviation;
        }
        return sum;
    }

    /// <summary><c>d = (x − mean) · scale · w + b</c>, with w and b optional.</summary>
    private static void Scale(T* x, T mean, T scale, T* w, T* b, T* d, int n)
    {
        int v = TOps.Count, i = 0;
        TVector m = TOps.Broadcast(mean), s = TOps.Broadcast(scale);
        for (; i <= n - v; i += v)
        {
            TVector t = TOps.Multiply(TOps.Subtract(TOps.Load(x + i), m), s);
            if (w != null)
            {
                t = b != null ? TOps.Fma(t, TOps.Load(w + i), TOps.Load(b + i)) : TOps.Multiply(t, TOps.Load(w + i));
            }
            else if (b != null)
            {
                t = TOps.Add(t, TOps.Load(b + i));
            }
            TOps.Store(t, d + i);
        }
        for (; i < n; i++)
        {
            T t = (x[i] - mean) * scale;
            if (w != null)
            {
                t = b != null ? T.FusedMultiplyAdd(t, w[i], b[i]) : t * w[i];
            }
            else if (b != null)
            {
                t += b[i];
            }
            d[i] = t;
        }
    }
}
