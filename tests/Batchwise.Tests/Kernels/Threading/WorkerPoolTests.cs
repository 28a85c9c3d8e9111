using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Batchwise.Kernels.Threading;
using Xunit;

namespace Batchwise.Tests.Kernels.Threading;

/// <summary>
/// The fork-join loop under every kernel: each part runs exactly once, on whichever thread, and with
/// as many parts as threads the caller keeps part 0 (its home part), so repeated short calls find
/// their data in the same core's cache.
/// </summary>
[Collection("GemmSettings")]
public unsafe class WorkerPoolTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(1000)]
    public void Run_AnyPartCount_RunsEveryPartOnce(int parts)
    {
        int saved = WorkerPool.MaxDegree;
        try
        {
            foreach (int degree in new[] { 1, 2, Environment.ProcessorCount })
            {
                WorkerPool.MaxDegree = degree;
                for (int call = 0; call < 20; call++)
                {
                    int[] counts = new int[parts];
                    fixed (int* p = counts)
                    {
                        WorkerPool.Run(&Count, p, parts);
                    }

                    Assert.All(counts, c => Assert.Equal(1, c));
                }
            }
        }
        finally
        {
            WorkerPool.MaxDegree = saved;
        }
    }

    [Fact]
    public void Run_PartsEqualToThreads_CallerKeepsPartZero()
    {
        // Each part lasts 2 ms, so a worker that finished its own part cannot also reach part 0 before
        // the caller does. Before home parts, the worker won part 0 in about half of the calls.
        int saved = WorkerPool.MaxDegree;
        try
        {
            WorkerPool.MaxDegree = 2;
            int callerThread = Environment.CurrentManagedThreadId;
            int kept = 0;
            const int Calls = 50;
            for (int call = 0; call < Calls; call++)
            {
                var state = new OwnerState();
                WorkerPool.Run(&RecordOwner, &state, 2);
                kept += state.Owner0 == callerThread ? 1 : 0;
            }

            // Two slips are allowed: a caller descheduled for milliseconds right after posting.
            Assert.InRange(kept, Calls - 2, Calls);
        }
        finally
        {
            WorkerPool.MaxDegree = saved;
        }
    }

    private struct OwnerState
    {
        public int Owner0;
    }

    [Fact]
    public void Run_WorkerStreamsItsPart_CallerSeesEveryStoreWhenRunReturns()
    {
        // TensorPrimitives writes long spans with non-temporal stores and does not fence them. Without the
        // pool's fence a worker's acknowledgement overtook its last partly written lines about once in a
        // few hundred calls here, and the caller read stale elements of a result it had been told was done.
        int saved = WorkerPool.MaxDegree;
        long[] raw = GC.AllocateArray<long>(Lines * 8 + 8, pinned: true);
        try
        {
            WorkerPool.MaxDegree = 2;
            var state = new StreamState { Lines = (int*)(((nint)Unsafe.AsPointer(ref raw[0]) + 63) & ~(nint)63) };
            int stale = 0, onWorker = 0;
            int caller = Environment.CurrentManagedThreadId;
            const int Calls = 100_000;
            for (int call = 1; call <= Calls; call++)
            {
                int sum = 0;
                for (int line = 0; line < Lines; line++)
                {
                    sum += state.Lines[line * 16]; // the caller holds every line, clean, as it would after reading a result
                }

                state.Value = call;
                state.Seen = sum;
                state.Part1Thread = 0;
                WorkerPool.Run(&StreamPartOne, &state, 2);
                onWorker += state.Part1Thread != caller ? 1 : 0;
                for (int line = 0; line < Lines; line++)
                {
                    if (state.Lines[line * 16] != call)
                    {
                        stale++;
                        break;
                    }
                }
            }

            Assert.Equal(0, stale);
            if (Environment.ProcessorCount > 1)
            {
                Assert.True(onWorker > Calls / 2, $"part 1 ran on a worker in only {onWorker} of {Calls} calls");
            }
        }
        finally
        {
            WorkerPool.MaxDegree = saved;
            GC.KeepAlive(raw);
        }
    }

    private const int Lines = 16;

    private struct StreamState
    {
        public int* Lines;
        public int Value;
        public int Seen;
        public volatile int Part1Thread;
    }

    /// <summary>
    /// Part 1 writes the first 16 bytes of every line with non-temporal stores (partly written lines linger
    /// longest in the write-combining buffers); part 0 waits briefly for it, so that a worker runs part 1.
    /// </summary>
    private static void StreamPartOne(void* state, int part, int parts)
    {
        var s = (StreamState*)state;
        if (part == 0)
        {
            long end = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 20_000;
            while (s->Part1Thread == 0 && Stopwatch.GetTimestamp() < end)
            {
            }
            return;
        }

        for (int line = 0; line < Lines; line++)
        {
            int* p = s->Lines + line * 16;
            if (Sse2.IsSupported)
            {
                Sse2.StoreAlignedNonTemporal(p, Vector128.Create(s->Value));
            }
            else
            {
                p[0] = s->Value;
            }
        }

        s->Part1Thread = Environment.CurrentManagedThreadId;
    }

    private static void Count(void* state, int part, int parts)
    {
        Interlocked.Increment(ref ((int*)state)[part]);
    }

    private static void RecordOwner(void* state, int part, int parts)
    {
        if (part == 0)
        {
            ((OwnerState*)state)->Owner0 = Environment.CurrentManagedThreadId;
        }

        long end = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 500;
        while (Stopwatch.GetTimestamp() < end)
        {
            Thread.SpinWait(10);
        }
    }
}
