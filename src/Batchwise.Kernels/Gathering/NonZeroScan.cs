namespace Batchwise.Kernels.Gathering;

/// <summary>
/// Finds the nonzero elements of a contiguous span: a counting pass (vectorised for one-byte types)
/// sizes the result, then a second pass records positions. Boolean masks are the common input.
/// </summary>
public static class NonZeroScan
{
    /// <summary>True for a value that is not zero: NaN counts as nonzero, −0.0 as zero.</summary>
    public static bool IsNonZero<T>(T value) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return (float)(object)value != 0f;
        }
        if (typeof(T) == typeof(double))
        {
            return (double)(object)value != 0d;
        }
        if (typeof(T) == typeof(Half))
        {
            return (Half)(object)value != Half.Zero;
        }
        // Integers and bool: zero is exactly the all-zero bit pattern.
        return !EqualityComparer<T>.Default.Equals(value, default);
    }

    /// <summary>The number of nonzero elements.</summary>
    public static unsafe long Count<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        if (sizeof(T) == 1)
        {
            ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(values);
            return bytes.Length - bytes.Count((byte)0);
        }
        long count = 0;
        foreach (T v in values)
        {
            count += IsNonZero(v) ? 1 : 0;
        }
        return count;
    }

    /// <summary>
    /// Writes the flat positions of the nonzero elements of <paramref name="values"/> (plus
    /// <paramref name="offset"/>) into <paramref name="positions"/>, in order; returns how many.
    /// </summary>
    public static int Positions<T>(ReadOnlySpan<T> values, long offset, Span<long> positions) where T : unmanaged
    {
        int written = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (IsNonZero(values[i]))
            {
                positions[written++] = offset + i;
            }
        }
        return written;
    }
}
