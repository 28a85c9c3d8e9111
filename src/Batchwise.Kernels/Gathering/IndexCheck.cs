using System.Numerics.Tensors;

namespace Batchwise.Kernels.Gathering;

/// <summary>Validation and wrapping of index values, shared by every gathering kernel.</summary>
public static class IndexCheck
{
    /// <summary>
    /// The position of the first value outside <c>[-n, n)</c> (or <c>[0, n)</c> when
    /// <paramref name="allowNegative"/> is false), or -1 when every value is in range.
    /// </summary>
    public static int FirstOutOfRange<TIndex>(ReadOnlySpan<TIndex> index, long n, bool allowNegative)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        long low = allowNegative ? -n : 0;
        if (!index.IsEmpty && long.CreateSaturating(TensorPrimitives.Min(index)) >= low
            && long.CreateSaturating(TensorPrimitives.Max(index)) < n)
        {
            return -1; // two vectorised passes; the scan below only finds which value is out of range
        }
        for (int i = 0; i < index.Length; i++)
        {
            long v = long.CreateTruncating(index[i]);
            if (v < low || v >= n)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>A checked index value with a negative one wrapped once (the caller validated it).</summary>
    public static long Wrap<TIndex>(TIndex index, long n)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        long v = long.CreateTruncating(index);
        return v < 0 ? v + n : v;
    }
}
