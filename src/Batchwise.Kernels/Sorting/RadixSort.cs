namespace Batchwise.Kernels.Sorting;

/// <summary>A radix key (<c>uint</c> or <c>ulong</c>) and the position it came from.</summary>
public struct RadixItem<TKey> where TKey : unmanaged
{
    public TKey Key;
    public int Index;
}

/// <summary>
/// Least-significant-digit radix sort of 32- or 64-bit keys (8-bit digits; a pass whose digit is the
/// same for every key is skipped; long lines take one most-significant digit first, <see cref="BucketRadixSort"/>). Stable, O(n), and far cheaper than comparisons for float, double
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

    /// <summary>Sorts a strided line of values into a strided destination (−0.0 before 0.0); with <paramref name="parallel"/> a long line uses two threads.</summary>
    public static void SortLine<T>(T* x, nint xs, int n, T* d, nint ds, Span<byte> scratch, bool parallel = false) where T : unmanaged
    {
        if (IsWide<T>())
        {
            SortValues<T, ulong>(x, xs, n, d, ds, scratch, parallel);
        }
        else
        {
            SortValues<T, uint>(x, xs, n, d, ds, scratch, parallel);
        }
    }

    /// <summary>Writes the stable sorting permutation of a strided line (−0.0 equal to 0.0, NaNs last); with <paramref name="parallel"/> a long line uses two threads.</summary>
    public static void ArgSortLine<T>(T* x, nint xs, int n, long* d, nint ds, Span<byte> scratch, bool parallel = false) where T : unmanaged
    {
        if (IsWide<T>())
        {
            SortPositions<T, ulong>(x, xs, n, d, ds, scratch, parallel);
        }
        else
        {
            SortPositions<T, uint>(x, xs, n, d, ds, scratch, parallel);
        }
    }

    private static void SortValues<T, TKey>(T* x, nint xs, int n, T* d, nint ds, Span<byte> scratch, bool parallel)
        where T : unmanaged
        where TKey : unmanaged, IBinaryInteger<TKey>, IUnsignedNumber<TKey>
    {
        Span<TKey> keys = MemoryMarshal.Cast<byte, TKey>(scratch)[..(2 * n)];
        fixed (TKey* pk = keys)
        {
            if (xs == 1 && RadixKeys.Covers<T>())
            {
                RadixKeys.Convert(x, pk, n, toKeys: true, parallel);
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    keys[i] = TKey.CreateTruncating(Key(x[i * xs], equalZeros: false));
                }
            }
            Sort(keys[..n], keys[n..], parallel);
            if (ds == 1 && RadixKeys.Covers<T>())
            {
                RadixKeys.Convert(d, pk, n, toKeys: false, parallel);
                return;
            }
        }
        for (int i = 0; i < n; i++)
        {
            d[i * ds] = Value<T>(ulong.CreateTruncating(keys[i]));
        }
    }

    private static void SortPositions<T, TKey>(T* x, nint xs, int n, long* d, nint ds, Span<byte> scratch, bool parallel)
        where T : unmanaged
        where TKey : unmanaged, IBinaryInteger<TKey>, IUnsignedNumber<TKey>
    {
        Span<RadixItem<TKey>> items = MemoryMarshal.Cast<byte, RadixItem<TKey>>(scratch)[..(2 * n)];
        for (int i = 0; i < n; i++)
        {
            items[i].Key = TKey.CreateTruncating(Key(x[i * xs], equalZeros: true));
            items[i].Index = i;
        }
        Sort(items[..n], items[n..], parallel);
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

    /// <summary>
    /// Sorts keys or <see cref="RadixItem{TKey}"/>s by key, stably; <paramref name="buffer"/> is as long.
    /// Long lines go to <see cref="BucketRadixSort"/>, on two threads with <paramref name="parallel"/>.
    /// </summary>
    public static void Sort<TItem>(Span<TItem> items, Span<TItem> buffer, bool parallel = false) where TItem : unmanaged
    {
        if (items.Length >= BucketRadixSort.MinLength)
        {
            BucketRadixSort.Sort(items, buffer, parallel);
        }
        else
        {
            SortShort(items, buffer);
        }
    }

    /// <summary>The least-significant-digit sort of a line short enough for L2, in 8-bit digits.</summary>
    private static void SortShort<TItem>(Span<TItem> items, Span<TItem> buffer) where TItem : unmanaged
    {
        int bits = typeof(TItem) == typeof(uint) || typeof(TItem) == typeof(RadixItem<uint>) ? 32 : 64;
        fixed (TItem* pi = items)
        fixed (TItem* pb = buffer)
        {
            TItem* sorted = SortLowDigits(pi, pb, items.Length, bits, 8);
            if (sorted != pi)
            {
                new Span<TItem>(sorted, items.Length).CopyTo(items);
            }
        }
    }

    /// <summary>
    /// Sorts <paramref name="n"/> items on their lowest <paramref name="bits"/> key bits (any bits above
    /// must be equal), one pass per digit of at most <paramref name="maxDigitBits"/> bits, skipping a
    /// digit that every key shares; <paramref name="spare"/> is the other buffer of the passes.
    /// </summary>
    /// <returns><paramref name="data"/> or <paramref name="spare"/>, whichever holds the sorted items.</returns>
    internal static TItem* SortLowDigits<TItem>(TItem* data, TItem* spare, int n, int bits, int maxDigitBits) where TItem : unmanaged
    {
        if (n < 2 || bits == 0)
        {
            return data;
        }
        int passes = (bits + maxDigitBits - 1) / maxDigitBits;
        int width = (bits + passes - 1) / passes;
        int radix = 1 << width;
        ulong mask = (ulong)radix - 1;
        int* counts = stackalloc int[passes * radix];
        new Span<int>(counts, passes * radix).Clear();
        for (int i = 0; i < n; i++)
        {
            ulong key = KeyOf(data[i]);
            for (int pass = 0; pass < passes; pass++)
            {
                counts[pass * radix + (int)((key >> (pass * width)) & mask)]++;
            }
        }
        TItem* source = data, destination = spare;
        for (int pass = 0; pass < passes; pass++)
        {
            int* offsets = counts + pass * radix;
            int shift = pass * width;
            if (offsets[(int)((KeyOf(source[0]) >> shift) & mask)] == n)
            {
                continue;
            }
            int sum = 0;
            for (int d = 0; d < radix; d++)
            {
                int count = offsets[d];
                offsets[d] = sum;
                sum += count;
            }
            for (int i = 0; i < n; i++)
            {
                TItem item = source[i];
                destination[offsets[(int)((KeyOf(item) >> shift) & mask)]++] = item;
            }
            TItem* written = destination;
            destination = source;
            source = written;
        }
        return source;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong KeyOf<TItem>(TItem item) where TItem : unmanaged =>
        typeof(TItem) == typeof(uint) ? Unsafe.As<TItem, uint>(ref item)
        : typeof(TItem) == typeof(ulong) ? Unsafe.As<TItem, ulong>(ref item)
        : typeof(TItem) == typeof(RadixItem<uint>) ? Unsafe.As<TItem, RadixItem<uint>>(ref item).Key
        : Unsafe.As<TItem, RadixItem<ulong>>(ref item).Key;
}
