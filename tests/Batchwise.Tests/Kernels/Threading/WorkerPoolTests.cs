using System.Diagnostics;
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
