using System.Diagnostics;
using System.Runtime;
using Batchwise.Kernels.Settings;

namespace Batchwise.Tensors.Recycling;

/// <summary>
/// The policy shared by every <see cref="BufferPool{T}"/>: whether to recycle at all, how much dead
/// memory to keep, when to ask the collector to find dead tensors, and when to let kept arrays go.
/// </summary>
/// <remarks>
/// A dead tensor's array comes back only after a full collection has noticed it (pinned arrays live in
/// the oldest generation). Left alone, the runtime collects rarely once the pool keeps arrays alive, so
/// on a pool miss the pool asks for a collection itself when at least the request has been handed out
/// since the last one: in a loop that makes one result per step, the previous step's array is then
/// back in time, still warm in cache. Two brakes keep this cheap. When a collection finds nothing (a
/// loop that keeps every result), the next waits for twice as many bytes, from 4 MB up to 1 GB. And
/// the last induced pause must stay under 0.25 ns per byte handed out (a 4 KiB page costs 0.5-2.5 µs
/// to fault in): in a process with a large managed heap, where a full collection takes milliseconds,
/// the pool asks rarely and otherwise recycles what the runtime's own collections find. It never
/// asks in the runtime's low-latency modes or inside a no-GC region.
/// Arrays that sit unused across two full collections are released, and the pool never keeps, nor
/// has out on lease, more than 1/16 of the memory available to the process, at most 256 MB. Results
/// above 32 MB bypass it.
/// Switch recycling off with <c>BATCHWISE_RECYCLE=0</c> (every large tensor then gets a fresh array).
/// </remarks>
internal static class BufferRecycling
{
    private const long FirstBackOffBytes = 4L << 20;
    private const long LongestBackOffBytes = 1L << 30;
    private const double SavedNanosecondsPerByte = 0.25;

    /// <summary>
    /// Arrays above this go straight to the runtime, which hands a freed array of that size back
    /// without fresh pages, so the pool's collection and finalizer wait would only add cost.
    /// </summary>
    private const long LargestPooledBytes = 32L << 20;

    private static readonly long s_capacityBytes = Math.Clamp(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 16, 32L << 20, 256L << 20);
    private static readonly List<Action<int>> s_trims = [];
    private static long s_pooledBytes;
    private static long s_leasedBytes;
    private static long s_lentSinceCollection;
    private static long s_lastInducedPauseTicks;
    private static long s_backOffBytes;
    private static long s_returned;
    private static long s_returnedAtCollection;

    static BufferRecycling() => _ = new TrimAfterFullCollection();

    /// <summary>Whether dead large buffers are reused (<c>BATCHWISE_RECYCLE=0</c> or <c>BatchwiseSettings.RecycleBuffers</c> turns it off).</summary>
    public static bool Enabled { get; set; } = EnvironmentSettings.AtStartup.RecycleBuffers;

    /// <summary>Whether an array of <paramref name="bytes"/> comes from the pool (large tensors up to 32 MB, when enabled).</summary>
    public static bool Covers(long bytes) => Enabled && bytes <= LargestPooledBytes;

    /// <summary>The most the pool keeps, and the most it has out on lease.</summary>
    internal static long CapacityBytes => s_capacityBytes;

    /// <summary>Bytes of arrays out on lease now.</summary>
    internal static long LeasedBytes => Volatile.Read(ref s_leasedBytes);

    /// <summary>Counts an array joining a pool towards the cap; false (and nothing counted) when it would exceed it.</summary>
    public static bool TryReserve(long bytes) => TryAdd(ref s_pooledBytes, bytes);

    /// <summary>
    /// Counts an array going out on lease; false (and nothing counted) when the arrays out would exceed
    /// what the pool may keep. A leased array that dies survives one more collection (its lease brings
    /// it back), so when many die at once, say a list of results dropped, arrays the pool has no room
    /// for would hold their memory a collection longer than the runtime would. Past the cap an array
    /// simply gets no lease.
    /// </summary>
    public static bool TryLease(long bytes) => TryAdd(ref s_leasedBytes, bytes);

    /// <summary>
    /// Uncounts an array whose lease has ended (its tensors have all died), and counts it as found,
    /// pooled or not, for <see cref="Collect"/>'s back-off.
    /// </summary>
    public static void EndLease(long bytes)
    {
        Interlocked.Add(ref s_leasedBytes, -bytes);
        Interlocked.Increment(ref s_returned);
    }

    private static bool TryAdd(ref long total, long bytes)
    {
        while (true)
        {
            long current = Volatile.Read(ref total);
            if (current + bytes > s_capacityBytes)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref total, current + bytes, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Uncounts an array leaving the pool.</summary>
    public static void Release(long bytes) => Interlocked.Add(ref s_pooledBytes, -bytes);

    /// <summary>Counts an array handed to a new tensor.</summary>
    public static void NoteLent(long bytes) => Interlocked.Add(ref s_lentSinceCollection, bytes);

    /// <summary>Whether a pool miss for <paramref name="requestBytes"/> should first ask for a collection.</summary>
    public static bool ShouldCollect(long requestBytes)
    {
        // An application that asked the runtime to avoid blocking full collections (low-latency modes,
        // a no-GC region) gets none from us either: the pool then lives on the runtime's own.
        if (!Enabled || GCSettings.LatencyMode is not (GCLatencyMode.Batch or GCLatencyMode.Interactive))
        {
            return false;
        }
        long lent = Volatile.Read(ref s_lentSinceCollection);
        return lent >= BytesBeforeCollecting(requestBytes)
            && IsWorthIt(Stopwatch.GetElapsedTime(0, Volatile.Read(ref s_lastInducedPauseTicks)), lent);
    }

    /// <summary>How much must be handed out between induced collections: the request, or more after fruitless ones.</summary>
    internal static long BytesBeforeCollecting(long requestBytes) => Math.Max(requestBytes, Volatile.Read(ref s_backOffBytes));

    /// <summary>Whether a collection pausing for <paramref name="pause"/> costs less than faulting in <paramref name="lentBytes"/>.</summary>
    internal static bool IsWorthIt(TimeSpan pause, long lentBytes) => pause.TotalNanoseconds <= lentBytes * SavedNanosecondsPerByte;

    /// <summary>A full, blocking, non-compacting collection, timed so that <see cref="ShouldCollect"/> can back off.</summary>
    public static void Collect()
    {
        // Finalizers hand arrays back on their own thread, often after the caller has moved on, so a
        // collection is judged by whether any array came back before the next one is due.
        long returned = Volatile.Read(ref s_returned);
        NoteCollectionOutcome(fruitful: returned != s_returnedAtCollection);
        s_returnedAtCollection = returned;
        long start = Stopwatch.GetTimestamp();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
        Volatile.Write(ref s_lastInducedPauseTicks, Stopwatch.GetTimestamp() - start);
        Volatile.Write(ref s_lentSinceCollection, 0);
    }

    /// <summary>
    /// Whether the last collection window gave the pool an array back. When nothing died (a loop that
    /// keeps every result) the next collection waits for twice as many bytes, up to 1 GB.
    /// </summary>
    public static void NoteCollectionOutcome(bool fruitful)
    {
        long backOff = Volatile.Read(ref s_backOffBytes);
        Volatile.Write(ref s_backOffBytes, fruitful ? 0 : Math.Clamp(2 * backOff, FirstBackOffBytes, LongestBackOffBytes));
    }

    /// <summary>Registers a pool's trim, called after every full collection.</summary>
    public static void RegisterTrim(Action<int> trim)
    {
        lock (s_trims)
        {
            s_trims.Add(trim);
        }
    }

    /// <summary>
    /// Lives in the oldest generation and re-registers itself, so its finalizer runs once after every
    /// full collection: there the pools drop arrays freed before the previous full collection.
    /// </summary>
    private sealed class TrimAfterFullCollection
    {
        ~TrimAfterFullCollection()
        {
            if (Environment.HasShutdownStarted)
            {
                return;
            }
            int oldestKept = GC.CollectionCount(2) - 2;
            lock (s_trims)
            {
                foreach (Action<int> trim in s_trims)
                {
                    trim(oldestKept);
                }
            }
            GC.ReRegisterForFinalize(this);
        }
    }
}
