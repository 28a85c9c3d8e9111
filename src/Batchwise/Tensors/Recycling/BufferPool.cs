using System.Diagnostics;

namespace Batchwise.Tensors.Recycling;

/// <summary>
/// Pinned arrays of large tensors, reused once their tensors have died (see <see cref="BufferLease{T}"/>).
/// </summary>
/// <remarks>
/// Why: .NET gives every large array fresh pages after a collection, and first touching a page costs a
/// fault and a kernel-side clear (microseconds per 4 KiB page on a VM, so a result of a few MB can cost
/// more than the matrix product that fills it), whereas NumPy's malloc reuses the memory its last result
/// freed, still warm in cache. Arrays come in four size classes per power of two (at most a quarter
/// wasted, most of it never touched), each class a stack so the most recently freed, warmest array
/// goes out first.
/// </remarks>
internal static class BufferPool<T> where T : unmanaged
{
    private const double WaitNanosecondsPerByte = 0.02;

    private static readonly Dictionary<int, List<Entry>> s_free = [];

    static BufferPool() => BufferRecycling.RegisterTrim(Trim);

    /// <summary>
    /// A pinned array of at least <paramref name="minimumLength"/> elements, recycled when one of its
    /// size class is free and fresh otherwise; uninitialised either way. <paramref name="lease"/> is the
    /// watch that returns it, null when the pool had no room to lease it.
    /// </summary>
    public static unsafe T[] Rent(int minimumLength, out BufferLease<T>? lease)
    {
        int capacity = SizeClass(minimumLength);
        long bytes = (long)capacity * sizeof(T);
        T[]? array = TryTake(capacity);
        if (array is null && BufferRecycling.ShouldCollect(bytes))
        {
            BufferRecycling.Collect();
            array = TakeAfterCollection(capacity, bytes);
        }

        if (array is null)
        {
            array = GC.AllocateUninitializedArray<T>(capacity, pinned: true);
            HugePages.Advise(array);
        }
        BufferRecycling.NoteLent(bytes);
        lease = BufferRecycling.TryLease(bytes) ? BufferLease<T>.Watch(array) : null;
        return array;
    }

    /// <summary>Takes back a leased array that nothing can reach any more, or that its scope released.</summary>
    public static void Return(T[] array)
    {
        BufferRecycling.EndLease(Bytes(array));
        if (!BufferRecycling.Enabled || !BufferRecycling.TryReserve(Bytes(array)))
        {
            return; // the pool is full: let the collector have it
        }

        lock (s_free)
        {
            if (!s_free.TryGetValue(array.Length, out List<Entry>? stack))
            {
                stack = [];
                s_free.Add(array.Length, stack);
            }
            stack.Add(new Entry(array, GC.CollectionCount(2)));
        }
    }

    /// <summary>
    /// The capacity handed out for a request: four classes per power of two, so a slightly larger
    /// request of the same workload finds the array of the last one.
    /// </summary>
    internal static int SizeClass(int length)
    {
        Debug.Assert(length > 0);
        long step = Math.Max(1L, (long)BitOperations.RoundUpToPowerOf2((uint)length) / 8);
        long capacity = (length + step - 1) / step * step;
        return (int)Math.Min(capacity, Array.MaxLength);
    }

    private static T[]? TryTake(int capacity)
    {
        lock (s_free)
        {
            if (!s_free.TryGetValue(capacity, out List<Entry>? stack) || stack.Count == 0)
            {
                return null;
            }
            T[] array = stack[^1].Array;
            stack.RemoveAt(stack.Count - 1);
            BufferRecycling.Release(Bytes(array));
            return array;
        }
    }

    /// <summary>
    /// Finalizers run on their own thread just after a collection, often 50-500 µs later on a busy
    /// machine: wait for them (yielding the core they may need) for up to 0.02 ns per byte requested
    /// (50 µs to 2 ms; faulting the array in costs 0.1-0.6 ns per byte), then give up and allocate.
    /// A wait proportional to the request gives up far less often than a flat one on large results.
    /// </summary>
    private static T[]? TakeAfterCollection(int capacity, long bytes)
    {
        double waitSeconds = Math.Clamp(bytes * WaitNanosecondsPerByte * 1e-9, 50e-6, 2e-3);
        long deadline = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * waitSeconds);
        do
        {
            if (TryTake(capacity) is T[] array)
            {
                return array;
            }
            Thread.Yield();
        }
        while (Stopwatch.GetTimestamp() < deadline);
        return null;
    }

    /// <summary>Drops every pooled array (tests start from an empty pool with it).</summary>
    internal static void Clear() => Trim(int.MaxValue);

    /// <summary>Drops arrays freed before full collection number <paramref name="oldestKept"/> (the oldest sit at the bottom of each stack).</summary>
    private static void Trim(int oldestKept)
    {
        lock (s_free)
        {
            foreach (List<Entry> stack in s_free.Values)
            {
                int stale = 0;
                while (stale < stack.Count && stack[stale].FreedAtCollection < oldestKept)
                {
                    BufferRecycling.Release(Bytes(stack[stale].Array));
                    stale++;
                }
                stack.RemoveRange(0, stale);
            }
        }
    }

    private static unsafe long Bytes(T[] array) => (long)array.Length * sizeof(T);

    private readonly record struct Entry(T[] Array, int FreedAtCollection);
}
