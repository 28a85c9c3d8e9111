namespace Batchwise.Tensors.Recycling;

/// <summary>
/// Small arrays (gen-0 ones, below the pinned threshold) that a <see cref="TensorScope"/> released on
/// this thread, handed out again to the next small tensor of exactly the same length made on it.
/// </summary>
/// <remarks>
/// Why: a fresh gen-0 array is memory the collector has just cleared on the calling thread, so a kernel
/// split across cores makes every helper pull its share of the result's lines out of the caller's cache
/// before writing them. A loop that makes a small result per step in a scope (a batched dot of 1,600
/// results, a decoding step's vectors) then pays for that on every call; a recycled array instead has
/// each line in the cache of the core that wrote it last time, as when the result is written into a
/// given tensor. Per thread and element type the cache holds at most <see cref="Slots"/> arrays, the
/// most recently released first, so it never keeps more than 16 x 85 KB; an array that falls out is
/// left to the collector. <c>BATCHWISE_RECYCLE=0</c> turns this off with the large-buffer pool.
/// </remarks>
internal static class SmallArrayCache<T> where T : unmanaged
{
    /// <summary>Arrays kept per thread and element type.</summary>
    internal const int Slots = 16;

    /// <summary>Shorter arrays are not worth a slot: the collector hands them out as cheaply, and they span few cache lines.</summary>
    internal const int MinimumBytes = 1024;

    // Oldest first; t_count arrays are held.
    [ThreadStatic]
    private static T[]?[]? t_slots;

    [ThreadStatic]
    private static int t_count;

    /// <summary>A released array of exactly <paramref name="length"/> elements (uninitialised), or null.</summary>
    public static T[]? TryTake(int length)
    {
        T[]?[]? slots = t_slots;
        if (slots is null || !BufferRecycling.Enabled)
        {
            return null;
        }
        for (int i = t_count - 1; i >= 0; i--)
        {
            T[] candidate = slots[i]!;
            if (candidate.Length == length)
            {
                Array.Copy(slots, i + 1, slots, i, t_count - i - 1);
                slots[--t_count] = null;
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Keeps an array its scope released; when all slots are full the oldest goes to the collector.</summary>
    public static unsafe void Return(T[] array)
    {
        if (!BufferRecycling.Enabled || (long)array.Length * sizeof(T) < MinimumBytes)
        {
            return;
        }
        T[]?[] slots = t_slots ??= new T[Slots][];
        if (t_count == Slots)
        {
            Array.Copy(slots, 1, slots, 0, Slots - 1);
            t_count--;
        }
        slots[t_count++] = array;
    }

    /// <summary>Empties this thread's cache (tests start from an empty one).</summary>
    internal static void Clear()
    {
        if (t_slots is T[]?[] slots)
        {
            Array.Clear(slots);
        }
        t_count = 0;
    }
}
