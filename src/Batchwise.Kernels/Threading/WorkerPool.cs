using System.Collections.Concurrent;
using Batchwise.Kernels.Settings;

namespace Batchwise.Kernels.Threading;

/// <summary>
/// A tiny fork-join loop for kernels: <c>body(state, part, parts)</c> runs once for every part in
/// 0..parts-1, on the calling thread and on dedicated background workers, and <see cref="Run"/>
/// returns when all parts are done.
/// </summary>
/// <remarks>
/// <para>Why not <c>Parallel.For</c>: it allocates delegates, closures and tasks per call and wakes
/// pool threads that may be busy; a batched 3x3 product lasts a few hundred microseconds, so the
/// fork-join must cost about a microsecond and allocate nothing. The work is an unmanaged function
/// pointer plus a pointer to the caller's state, which lives on the caller's stack until
/// <see cref="Run"/> returns.</para>
/// <para>Each worker has a mailbox, one cache line holding the job (body, state, part counts) and its
/// generation: the caller writes the job there, posts the generation and waits until each worker has
/// acknowledged it, so a worker never reads a job that is being replaced. The caller runs part 0; worker
/// w claims its home part w + 1 on a claim line of its own, then participants claim any parts beyond one
/// each with an interlocked counter, then take home parts of workers that have not arrived. A late
/// worker so costs only its acknowledgement, and calls repeated with as many parts as threads give each
/// thread the same part every time, so a short batched product finds its half still in that core's L2,
/// as <c>BatchedGemm</c>'s split assumes. Between two cores a cache line takes a few hundred
/// nanoseconds to move on some machines, so a worker's path from the post to its part touches only its
/// mailbox, its own claim line and the job; with one part per thread nothing else is shared.</para>
/// <para>Workers spin for a few milliseconds after each job (back-to-back calls then hand over in well
/// under a microsecond) and then sleep on a semaphore. When another thread is already using the pool
/// (concurrent callers), the caller runs every part itself.</para>
/// <para>It is the only way Batchwise runs work on more than one thread (element-wise, reductions,
/// GEMM, softmax, attention, sorting and batched linear algebra all come here, directly or through
/// <c>WorkSplitter</c>), so <see cref="MaxDegree"/> caps every operation.</para>
/// </remarks>
internal static unsafe class WorkerPool
{
    // Polls of the mailbox before sleeping, and the pause between polls. A short pause keeps the
    // hand-over latency of back-to-back calls far below the length of the shortest batched kernels.
    // Thread.SpinWait's pause is normalised by the runtime per machine, so the spin after a job lasts
    // one to several milliseconds; bounding it by the clock instead measured no better (bench/RESULTS.md).
    private const int SpinIterations = 60_000;
    private const int SpinPause = 5;

    // Mailbox slots are 16 longs (128 bytes) apart so that workers do not share cache lines.
    private const int SlotStride = 16;

    // A worker's mailbox: the posted generation, then the job it names.
    private const int PostedAt = 0;
    private const int BodyAt = 1;
    private const int StateAt = 2;
    private const int PartsAt = 3;
    private const int ParticipantsAt = 4;

    private static readonly object s_startLock = new();
    private static Thread[]? s_threads;
    private static SemaphoreSlim[]? s_wake;
    private static long[]? s_mailbox;
    private static int s_mailboxStart; // the element where worker 0's mailbox starts, on a cache-line boundary
    private static long[]? s_acknowledged;
    private static int[]? s_sleeping;

    // The generation in which worker w's home part (w + 1) was claimed, one cache line per worker. The
    // caller's part 0 needs none: nobody else ever takes it.
    private static long[]? s_claimed;

    private static int s_busy;
    private static long s_generation;
    private static int s_nextPart;

    /// <summary>
    /// Threads a kernel may use, the caller included: <c>BATCHWISE_THREADS</c> when set, else the
    /// processor count. <c>BatchwiseSettings.Threads</c> sets it from code; tests set it directly.
    /// </summary>
    public static int MaxDegree { get; set; } = EnvironmentSettings.AtStartup.Threads;

    /// <summary>
    /// Test hook: while set, every part run records the thread that ran it, and every call the parts it
    /// asked for, so a test can count the threads an operation used. Null (one static read per part) otherwise.
    /// </summary>
    internal static PoolTrace? Trace { get; set; }

    /// <summary>Runs <paramref name="body"/> for parts 0..<paramref name="parts"/>-1 and waits for all.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(delegate*<void*, int, int, void> body, void* state, int parts)
    {
        Debug.Assert(parts >= 1);
        int helpers = Math.Min(parts, Math.Min(MaxDegree, Environment.ProcessorCount)) - 1;
        Trace?.Call(parts);
        if (helpers <= 0 || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            for (int p = 0; p < parts; p++)
            {
                Trace?.Part();
                body(state, p, parts);
            }

            return;
        }

        try
        {
            EnsureStarted();
            helpers = Math.Min(helpers, s_threads!.Length);
            int participants = helpers + 1;
            long generation = ++s_generation;
            s_nextPart = participants;

            // Interlocked writes are full fences: each mailbox's job is visible before its post.
            for (int w = 0; w < helpers; w++)
            {
                int slot = s_mailboxStart + w * SlotStride;
                s_mailbox![slot + BodyAt] = (long)body;
                s_mailbox[slot + StateAt] = (long)state;
                s_mailbox[slot + PartsAt] = parts;
                s_mailbox[slot + ParticipantsAt] = participants;
                Interlocked.Exchange(ref s_mailbox[slot + PostedAt], generation);
                if (Volatile.Read(ref s_sleeping![w * SlotStride]) != 0)
                {
                    s_wake![w].Release();
                }
            }

            RunParts(body, state, parts, participants, participant: 0, generation);

            for (int w = 0; w < helpers; w++)
            {
                SpinWait spin = default;
                while (Volatile.Read(ref s_acknowledged![w * SlotStride]) != generation)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }
            }
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunParts(delegate*<void*, int, int, void> body, void* state, int parts, int participants, int participant, long generation)
    {
        // The caller's part 0 is its own; a worker's home part is its own unless the caller took it first.
        if (participant == 0 || TakeHome(participant, generation))
        {
            Trace?.Part();
            body(state, participant, parts);
        }

        if (parts > participants)
        {
            while (true)
            {
                int part = Interlocked.Increment(ref s_nextPart) - 1;
                if (part >= parts)
                {
                    break;
                }

                Trace?.Part();
                body(state, part, parts);
            }
        }

        // Home parts of workers that have not arrived yet.
        for (int home = 1; home < participants; home++)
        {
            if (home != participant && TakeHome(home, generation))
            {
                Trace?.Part();
                body(state, home, parts);
            }
        }
    }

    /// <summary>
    /// Makes a worker's non-temporal stores visible before its acknowledgement. TensorPrimitives streams
    /// spans above 256 KB without fencing them, and x86 lets a later ordinary store (the acknowledgement)
    /// overtake them, so the caller could read stale lines of a result it had been told was done. The
    /// caller needs no fence: its post is a locked instruction, which orders them; so does Arm64's release store.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FenceStreamedStores()
    {
        if (Sse.IsSupported)
        {
            Sse.StoreFence();
        }
    }

    /// <summary>Claims home part <paramref name="part"/> (a worker's, so at least 1) for this call; false when someone already has.</summary>
    private static bool TakeHome(int part, long generation)
    {
        ref long claim = ref s_claimed![(part - 1) * SlotStride];
        long seen = Volatile.Read(ref claim);
        return seen < generation && Interlocked.CompareExchange(ref claim, generation, seen) == seen;
    }

    private static void EnsureStarted()
    {
        if (s_threads != null)
        {
            return;
        }

        lock (s_startLock)
        {
            if (s_threads != null)
            {
                return;
            }

            int count = Math.Clamp(Environment.ProcessorCount - 1, 1, 63);
            // Pinned, so that each mailbox stays on one cache line: the job then reaches a worker with its post.
            s_mailbox = GC.AllocateArray<long>(count * SlotStride + 8, pinned: true);
            s_mailboxStart = (int)((64 - ((nint)Unsafe.AsPointer(ref s_mailbox[0]) & 63)) & 63) / sizeof(long);
            s_acknowledged = new long[count * SlotStride];
            s_claimed = new long[count * SlotStride];
            s_sleeping = new int[count * SlotStride];
            s_wake = new SemaphoreSlim[count];
            var threads = new Thread[count];
            for (int i = 0; i < count; i++)
            {
                s_wake[i] = new SemaphoreSlim(0, int.MaxValue);
                threads[i] = new Thread(WorkerLoop)
                {
                    IsBackground = true,
                    Name = "Batchwise worker " + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
            }

            for (int i = 0; i < count; i++)
            {
                threads[i].Start(i);
            }

            s_threads = threads;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WorkerLoop(object? boxedIndex)
    {
        int worker = (int)boxedIndex!;
        int slot = worker * SlotStride;
        int box = s_mailboxStart + slot;
        SemaphoreSlim wake = s_wake![worker];
        long seen = 0;
        while (true)
        {
            int spins = 0;
            long posted;
            while ((posted = Volatile.Read(ref s_mailbox![box + PostedAt])) == seen)
            {
                if (++spins < SpinIterations)
                {
                    Thread.SpinWait(SpinPause);
                    continue;
                }

                // Register as sleeping, then look again: a post made before the registration is seen
                // here, one made after it releases the semaphore (at worst one spurious wake-up).
                Interlocked.Exchange(ref s_sleeping![slot], 1);
                if (Volatile.Read(ref s_mailbox[box + PostedAt]) == seen)
                {
                    wake.Wait();
                }

                Interlocked.Exchange(ref s_sleeping[slot], 0);
                spins = 0;
            }

            seen = posted;

            // The caller waits for our acknowledgement, so the job in the mailbox is stable until then.
            try
            {
                var body = (delegate*<void*, int, int, void>)s_mailbox[box + BodyAt];
                RunParts(body, (void*)s_mailbox[box + StateAt], (int)s_mailbox[box + PartsAt],
                    (int)s_mailbox[box + ParticipantsAt], participant: worker + 1, posted);
            }
            finally
            {
                FenceStreamedStores();
                Volatile.Write(ref s_acknowledged![slot], posted);
            }
        }
    }
}

/// <summary>
/// What <see cref="WorkerPool.Trace"/> records: parts run per managed thread id, and the most parts one call
/// asked for. <see cref="BeforePart"/>, when given, runs before every part, when the job's raw pointers are
/// already taken (a test forces a compacting collection there to prove the operands are pinned).
/// </summary>
internal sealed class PoolTrace
{
    private int _mostParts;

    /// <summary>Runs on the part's thread before each part; null for none.</summary>
    public Action? BeforePart { get; init; }

    /// <summary>Parts run, by <see cref="Environment.CurrentManagedThreadId"/>.</summary>
    public ConcurrentDictionary<int, int> PartsByThread { get; } = new();

    /// <summary>The most parts a single <see cref="WorkerPool.Run"/> call asked for.</summary>
    public int MostParts => Volatile.Read(ref _mostParts);

    internal void Call(int parts)
    {
        int seen;
        while (parts > (seen = Volatile.Read(ref _mostParts)) && Interlocked.CompareExchange(ref _mostParts, parts, seen) != seen)
        {
        }
    }

    internal void Part()
    {
        BeforePart?.Invoke();
        PartsByThread.AddOrUpdate(Environment.CurrentManagedThreadId, 1, (_, n) => n + 1);
    }
}
