namespace Batchwise.Kernels.Sorting;

/// <summary>A radix key (<c>uint</c> or <c>ulong</c>) and the position it came from.</summary>
public struct RadixItem<TKey> where TKey : unmanaged
{
    public TKey Key;
    public int Index;
}

/// <summary>
/// Least-significant-digit radix sort of 32- or 64-bit keys (8-bit digits; a pass whose digit is the
/// same for every key is skipped). Stable, O(n), and far cheaper than comparisons for float, double
/// and integer keys. Keys map the element order to unsigned order: for floats the sign bit is flipped
/// (negatives have every bit flipped), every NaN maps to the largest key, and for argsort −0.0 maps to
/// +0.0's key; for signed integers the sign bit is flipped.
/// </summary>
public static unsafe class RadixSort
{
    /// <summary>Whether <typeparamref name="T"/> has a radix key.</summary>
    public static bool Supports<T>() => IsNarrow<T>() || IsWide<T>();

    private static bool IsNarrow<T>() => typeof(T) == typeof(float) || typeof(T) == typeof(int) || typeof(T) == typeof(uint);

    private static bool IsWide<T>() => typeof(T) == typeof(double) || typeof(T) == typeof(long) || typeof(T) == typeof(ulong);

    /// <summary>Scratch bytes <see cref="SortLine"/> and <see cref="ArgSortLine"/> need for a line of <paramref name="length"/>.</summary>
    public static int ScratchBytes<T>(int length) where T : unmanaged => 2 * length * (IsWide<T>() ? sizeof(RadixItem<ulong>) : sizeof(RadixItem<uint>));

    /// <summary>Sorts a strided line of values into a strided destination (−0.0 before 0.0).</summary>
    public static void SortLine<T>(T* x, nint xs, int n, T* d, nint ds, Span<byte> scratch) where T : unmanaged
    {
        if (IsWide<T>())
        {
            SortValues<T, ulong>(x, xs, n, d, ds, scratch);
        }
        else
        {
            SortValues<T, uint>(x, xs, n, d, ds, scratch);
        }
    }

    /// <summary>Writes the stable sorting permutation of a strided line (−0.0 equal to 0.0, NaNs last).</summary>
    public static void ArgSortLine<T>(T* x, nint xs, int n, long* d, nint ds, Span<byte> scratch) where T : unmanaged
    {
        if (IsWide<T>())
        {
            SortPositions<T, ulong>(x, xs, n, d, ds, scratch);
        }
        else
        {
            SortPositions<T, uint>(x, xs, n, d, ds, scratch);
        }
    }

    private static void SortValues<T, TKey>(T* x, nint xs, int n, T* d, nint ds, Span<byte> scratch)
        where T : unmanaged
        where TKey : unmanaged, IBinaryInteger<TKey>, IUnsignedNumber<TKey>
    {
        Span<TKey> keys = MemoryMarshal.Cast<byte, TKey>(scratch)[..(2 * n)];
        for (int i = 0; i < n; i++)
        {
            keys[i] = TKey.CreateTruncating(Key(x[i * xs], equalZeros: false));
        }
        Sort(keys[..n], keys[n..]);
        for (int i = 0; i < n; i++)
        {
            d[i * ds] = Value<T>(ulong.CreateTruncating(keys[i]));
        }
    }

    private static void SortPositions<T, TKey>(T* x, nint xs, int n, long* d, nint ds, Span<byte> scratch)
        where T : unmanaged
        where TKey : unmanaged, IBinaryInteger<TKey>, IUnsignedNumber<TKey>
    {
        Span<RadixItem<TKey>> items = MemoryMarshal.Cast<byte, RadixItem<TKey>>(scratch)[..(2 * n)];
        for (int i = 0; i < n; i++)
        {
            items[i].Key = TKey.CreateTruncating(Key(x[i * xs], equalZeros: true));
            items[i].Index = i;
        }
        Sort(items[..n], items[n..]);
        for (int i = 0; i < n; i++)
        {
            d[i * ds] = items[i].Index;
        }
    }

    /// <summary>The key of <paramref name="v"/>; with <paramref name="equalZeros"/>, −0.0 and 0.0 share a key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Key<T>(T v, bool equalZeros) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            float f = Unsafe.As<T, float>(ref v);
            return float.IsNaN(f) ? uint.MaxValue : OrderedBits(equalZeros && f == 0 ? 0 : BitConverter.SingleToUInt32Bits(f));
        }
        if (typeof(T) == typeof(double))
        {
            double f = Unsafe.As<T, double>(ref v);
            return double.IsNaN(f) ? ulong.MaxValue : OrderedBits(equalZeros && f == 0 ? 0 : BitConverter.DoubleToUInt64Bits(f));
        }
        if (typeof(T) == typeof(int))
        {
            return (uint)Unsafe.As<T, int>(ref v) ^ 0x8000_0000u;
        }
        if (typeof(T) == typeof(long))
        {
            return (ulong)Unsafe.As<T, long>(ref v) ^ 0x8000_0000_0000_0000ul;
        }
        return typeof(T) == typeof(uint) ? Unsafe.As<T, uint>(ref v) : Unsafe.As<T, ulong>(ref v);
    }

    /// <summary>
    /// IEEE bits as an unsigned key in the order of the numbers: a negative number's bits are all
    /// flipped (larger magnitudes come first), a positive number's sign bit is set (it sorts after them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TBits OrderedBits<TBits>(TBits bits) where TBits : IBinaryInteger<TBits>, IUnsignedNumber<TBits>
    {
        TBits sign = TBits.One << (Unsafe.SizeOf<TBits>() * 8 - 1);
        return (bits & sign) != TBits.Zero ? ~bits : bits | sign;
    }

    /// <summary>The element of a key made by <see cref="Key"/> (NaN keys give a NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Value<T>(ulong key) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            uint k = (uint)key;
            float f = BitConverter.UInt32BitsToSingle((k & 0x8000_0000u) != 0 ? k & 0x7FFF_FFFFu : ~k);
            return Unsafe.As<float, T>(ref f);
        }
        if (typeof(T) == typeof(double))
        {
            double f = BitConverter.UInt64BitsToDouble((key & 0x8000_0000_0000_0000ul) != 0 ? key & 0x7FFF_FFFF_FFFF_FFFFul : ~key);
            return Unsafe.As<double, T>(ref f);
        }
        if (typeof(T) == typeof(int) || typeof(T) == typeof(uint))
        {
            uint u = typeof(T) == typeof(int) ? (uint)key ^ 0x8000_0000u : (uint)key;
            return Unsafe.As<uint, T>(ref u);
        }
        ulong w = typeof(T) == typeof(long) ? key ^ 0x8000_0000_0000_0000ul : key;
        return Unsafe.As<ulong, T>(ref w);
    }

    /// <summary>Sorts keys or <see cref="RadixItem{TKey}"/>s by key, stably; <paramref name="buffer"/> is as long.</summary>
    public static void Sort<TItem>(Span<TItem> items, Span<TItem> buffer) where TItem : unmanaged
    {
        int n = items.Length;
        if (n < 2)
        {
            return;
        }
        int passes = typeof(TItem) == typeof(uint) || typeof(TItem) == typeof(RadixItem<uint>) ? 4 : 8;
        Span<int> counts = stackalloc int[8 * 256];
        counts.Clear();
        foreach (TItem item in items)
        {
            ulong k = KeyOf(item);
            for (int pass = 0; pass < passes; pass++)
            {
                counts[pass * 256 + (int)((k >> (8 * pass)) & 255)]++;
            }
        }
        var buffers = new PingPong<TItem>(items, buffer);
        for (int pass = 0; pass < passes; pass++)
        {
            Span<int> offsets = counts.Slice(pass * 256, 256);
            int shift = pass * 8;
            Span<TItem> source = buffers.Source, destination = buffers.Destination;
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
            buffers.Flip();
        }
        buffers.Finish();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong KeyOf<TItem>(TItem item) where TItem : unmanaged =>
        typeof(TItem) == typeof(uint) ? Unsafe.As<TItem, uint>(ref item)
        : typeof(TItem) == typeof(ulong) ? Unsafe.As<TItem, ulong>(ref item)
        : typeof(TItem) == typeof(RadixItem<uint>) ? Unsafe.As<TItem, RadixItem<uint>>(ref item).Key
        : Unsafe.As<TItem, RadixItem<ulong>>(ref item).Key;
}
