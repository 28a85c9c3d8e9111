using Batchwise.Kernels.Threading;

namespace Batchwise.Kernels.Sorting;

/// <summary>
/// <see cref="RadixSort.Key"/> and <see cref="RadixSort.Value"/> for whole contiguous float and
/// double lines, a vector at a time: a long sort spends a fifth of its time on these two passes
/// when they go element by element through branches.
/// </summary>
internal static unsafe class RadixKeys
{
    /// <summary>
    /// Converts a contiguous line to keys (<paramref name="toKeys"/>) or keys back to values, the two
    /// halves on two threads when <paramref name="parallel"/>: the passes are memory-bound, and the
    /// sort between them already shares its work.
    /// </summary>
    public static void Convert<T, TKey>(T* values, TKey* keys, int n, bool toKeys, bool parallel)
        where T : unmanaged
        where TKey : unmanaged
    {
        var job = new Job { Values = values, Keys = keys, Length = n, ToKeys = toKeys };
        WorkerPool.Run(&ConvertPart<T, TKey>, &job, parallel && WorkerPool.MaxDegree >= 2 ? 2 : 1);
    }

    private static void ConvertPart<T, TKey>(void* state, int part, int parts)
        where T : unmanaged
        where TKey : unmanaged
    {
        ref Job job = ref Unsafe.AsRef<Job>(state);
        int start = (int)((long)job.Length * part / parts), end = (int)((long)job.Length * (part + 1) / parts);
        var values = new Span<T>((T*)job.Values + start, end - start);
        var keys = new Span<TKey>((TKey*)job.Keys + start, end - start);
        if (job.ToKeys)
        {
            ToKeys<T, TKey>(values, keys);
        }
        else
        {
            ToValues<T, TKey>(keys, values);
        }
    }

    private struct Job
    {
        public void* Values;
        public void* Keys;
        public int Length;
        public bool ToKeys;
    }

    /// <summary>Whether <typeparamref name="T"/> has a vectorised key (float or double).</summary>
    public static bool Covers<T>() => typeof(T) == typeof(float) || typeof(T) == typeof(double);

    /// <summary>The keys of a contiguous float or double line (as <see cref="RadixSort.Key"/> without equal zeros).</summary>
    private static void ToKeys<T, TKey>(ReadOnlySpan<T> values, Span<TKey> keys)
        where T : unmanaged
        where TKey : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            Encode<uint, int>(MemoryMarshal.Cast<T, uint>(values), MemoryMarshal.Cast<TKey, uint>(keys), 0x7F80_0000u);
        }
        else
        {
            Encode<ulong, long>(MemoryMarshal.Cast<T, ulong>(values), MemoryMarshal.Cast<TKey, ulong>(keys), 0x7FF0_0000_0000_0000ul);
        }
    }

    /// <summary>The values of keys made by <see cref="ToKeys"/> (NaN keys give a NaN).</summary>
    private static void ToValues<T, TKey>(ReadOnlySpan<TKey> keys, Span<T> values)
        where T : unmanaged
        where TKey : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            Decode<uint, int>(MemoryMarshal.Cast<TKey, uint>(keys), MemoryMarshal.Cast<T, uint>(values));
        }
        else
        {
            Decode<ulong, long>(MemoryMarshal.Cast<TKey, ulong>(keys), MemoryMarshal.Cast<T, ulong>(values));
        }
    }

    // A negative number's bits are all flipped, a positive number's sign bit is set, and every NaN
    // becomes the largest key.
    private static void Encode<TBits, TSigned>(ReadOnlySpan<TBits> bits, Span<TBits> keys, TBits infinity)
        where TBits : unmanaged, IBinaryInteger<TBits>, IUnsignedNumber<TBits>
        where TSigned : unmanaged, IBinaryInteger<TSigned>, ISignedNumber<TSigned>
    {
        TBits sign = TBits.One << (Unsafe.SizeOf<TBits>() * 8 - 1);
        var signs = new Vector<TBits>(sign);
        var magnitude = new Vector<TBits>(~sign);
        var infinities = new Vector<TBits>(infinity);
        int i = 0;
        for (; i <= bits.Length - Vector<TBits>.Count; i += Vector<TBits>.Count)
        {
            var v = new Vector<TBits>(bits[i..]);
            Vector<TBits> negative = Vector.LessThan(v.As<TBits, TSigned>(), Vector<TSigned>.Zero).As<TSigned, TBits>();
            Vector<TBits> nan = Vector.GreaterThan(v & magnitude, infinities);
            ((v ^ (negative | signs)) | nan).CopyTo(keys[i..]);
        }
        for (; i < bits.Length; i++)
        {
            TBits v = bits[i];
            keys[i] = (v & ~sign) > infinity ? TBits.AllBitsSet : (v & sign) != TBits.Zero ? ~v : v | sign;
        }
    }

    private static void Decode<TBits, TSigned>(ReadOnlySpan<TBits> keys, Span<TBits> bits)
        where TBits : unmanaged, IBinaryInteger<TBits>, IUnsignedNumber<TBits>
        where TSigned : unmanaged, IBinaryInteger<TSigned>, ISignedNumber<TSigned>
    {
        TBits sign = TBits.One << (Unsafe.SizeOf<TBits>() * 8 - 1);
        var signs = new Vector<TBits>(sign);
        int i = 0;
        for (; i <= keys.Length - Vector<TBits>.Count; i += Vector<TBits>.Count)
        {
            var k = new Vector<TBits>(keys[i..]);
            Vector<TBits> wasNegative = Vector.GreaterThanOrEqual(k.As<TBits, TSigned>(), Vector<TSigned>.Zero).As<TSigned, TBits>();
            (k ^ (wasNegative | signs)).CopyTo(bits[i..]);
        }
        for (; i < keys.Length; i++)
        {
            TBits k = keys[i];
            bits[i] = (k & sign) != TBits.Zero ? k & ~sign : ~k;
        }
    }
}
