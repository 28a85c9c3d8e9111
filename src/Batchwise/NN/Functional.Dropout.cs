namespace Batchwise.NN;

public static partial class Functional
{
    /// <summary>
    /// Dropout: each element is zeroed with probability <paramref name="p"/> and the rest are scaled by
    /// <c>1/(1 − p)</c>, as torch's <c>dropout</c>, multiplying x by the mask (so NaN and inf in a dropped
    /// element give NaN, as in torch). With <paramref name="train"/> false, x itself is returned.
    /// </summary>
    /// <remarks>
    /// Deterministic: whether element i (row-major) is kept depends only on <paramref name="seed"/> and
    /// i, through a SplitMix64 hash, on every machine and version, whatever the layout or thread count.
    /// It is not torch's random stream.
    /// </remarks>
    /// <exception cref="InvalidValueException"><paramref name="p"/> is outside [0, 1].</exception>
    public static Tensor<T> Dropout<T>(Tensor<T> x, double p = 0.5, bool train = true, ulong seed = 0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(p >= 0 && p <= 1))
        {
            ThrowHelper.Value($"dropout probability has to be between 0 and 1, but got {p}");
        }
        if (!train)
        {
            return x;
        }
        T scale = p == 1 ? T.Zero : T.CreateTruncating(1 / (1 - p));
        ReadOnlySpan<T> source = x.Contiguous().AsSpan();
        Tensor<T> result = Tensor.Empty<T>(x.Shape);
        Span<T> d = result.AsSpan();
        for (int i = 0; i < d.Length; i++)
        {
            bool keep = Uniform(seed, (ulong)i) >= p;
            d[i] = source[i] * (keep ? scale : T.Zero);
        }
        return result;
    }

    /// <summary>A uniform double in [0, 1) from (seed, counter): SplitMix64's finaliser, 53 bits.</summary>
    private static double Uniform(ulong seed, ulong counter)
    {
        ulong z = seed + (counter + 1) * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
