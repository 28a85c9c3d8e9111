using System.Runtime.CompilerServices;

namespace Batchwise.Kernels.Sorting;

/// <summary>A 32-bit radix key and the position it came from.</summary>
public struct RadixItem
{
    public uint Key;
    public int Index;
}

/// <summary>
/// Least-significant-digit radix sort of 32-bit keys (four 8-bit passes; a pass whose digit is the same
/// for every key is skipped). Stable, O(n), and far cheaper than comparisons for float and int keys.
/// Keys map the element order to unsigned order: for floats the sign bit is flipped (negatives have
/// every bit flipped), every NaN maps to the largest key, and for argsort −0.0 maps to +0.0's key.
/// </summary>
public static class RadixSort
{
    /// <summary>Whether <typeparamref name="T"/> has a 32-bit radix key.</summary>
    public static bool Supports<T>() => typeof(T) == typeof(float) || typeof(T) == typeof(int) || typeof(T) == typeof(uint);

    /// <summary>The key of <paramref name="v"/>; with <paramref name="equalZeros"/>, −0.0 and 0.0 share a key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Key<T>(T v, bool equalZeros) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            float f = Unsafe.As<T, float>(ref v);
            if (float.IsNaN(f))
            {
                return uint.MaxValue;
            }
            if (equalZeros && f == 0)
            {
                return 0x8000_0000u;
            }
            uint bits = BitConverter.SingleToUInt32Bits(f);
            return (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
        }
        if (typeof(T) == typeof(int))
        {
            return (uint)Unsafe.As<T, int>(ref v) ^ 0x8000_0000u;
        }
        return Unsafe.As<T, uint>(ref v);
    }

    /// <summary>The element of a key made by <see cref="Key"/> (NaN keys give a NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Value<T>(uint key) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            float f = BitConverter.UInt32BitsToSingle((key & 0x8000_0000u) != 0 ? key & 0x7FFF_FFFFu : ~key);
            return Unsafe.As<float, T>(ref f);
        }
        uint u = typeof(T) == typeof(int) ? key ^ 0x8000_0000u : key;
        return Unsafe.As<uint, T>(ref u);
    }

    /// <summary>Sorts keys (<c>uint</c>) or <see cref="RadixItem"/>s by key, stably; <paramref name="buffer"/> is as long.</summary>
    public static void Sort<TItem>(Span<TItem> items, Span<TItem> buffer) where TItem : unmanaged
    {
        int n = items.Length;
        if (n < 2)
        {
            return;
        }
        Span<int> counts = stackalloc int[4 * 256];
        counts.Clear();
        foreach (TItem item in items)
        {
            uint k = KeyOf(item);
            counts[(int)(k & 255)]++;
            counts[256 + (int)((k >> 8) & 255)]++;
            counts[512 + (int)((k >> 16) & 255)]++;
            counts[768 + (int)(k >> 24)]++;
        }
        Span<TItem> source = items, destination = buffer[..n];
        bool inItems = true;
        for (int pass = 0; pass < 4; pass++)
        {
            Span<int> offsets = counts.Slice(pass * 256, 256);
            int shift = pass * 8;
            if (offsets[(int)((KeyOf(source[0]) >> shift) & 255)] == n)
            {
                continue;
            }
            int sum = 0;
            for (int b = 0; b < 256; b++)
            {
                int count = offsets[b];
                offsets[b] = sum;
                sum += count;
            }
            foreach (TItem item in source)
            {
                destination[offsets[(int)((KeyOf(item) >> shift) & 255)]++] = item;
            }
            Span<TItem> swap = source;
            source = destination;
            destination = swap;
            inItems = !inItems;
        }
        if (!inItems)
        {
            source.CopyTo(items);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint KeyOf<TItem>(TItem item) where TItem : unmanaged =>
        typeof(TItem) == typeof(uint) ? Unsafe.As<TItem, uint>(ref item) : Unsafe.As<TItem, RadixItem>(ref item).Key;
}
