using Batchwise.Kernels.Gathering;
using Batchwise.Kernels.Threading;

namespace Batchwise.Tests.Kernels.Gathering;

/// <summary>
/// A gather that picks one element per long row touches a page per element: it splits across cores
/// once those pages outnumber half a TLB, and the split gives the same values as one thread. Alone:
/// it sets the TLB size and the pool's trace, which every other test shares.
/// </summary>
[Collection("Alone")]
public sealed class TlbReachTests
{
    [Fact]
    public void Entries_AreDetected()
    {
        Assert.InRange(TlbReach.Detected, 64, 1 << 16);
    }

    [Fact]
    public void WorkersFor_SplitsOnlyPastHalfTheTlb_WithinTheThreadCap()
    {
        int savedEntries = TlbReach.Entries, savedThreads = WorkerPool.MaxDegree;
        try
        {
            TlbReach.Entries = 2048;
            WorkerPool.MaxDegree = 4;
            Assert.Equal(1, TlbReach.WorkersFor(0));
            Assert.Equal(1, TlbReach.WorkersFor(1024));
            Assert.Equal(2, TlbReach.WorkersFor(1025));
            Assert.Equal(3, TlbReach.WorkersFor(3000));
            Assert.Equal(4, TlbReach.WorkersFor(100_000));
            WorkerPool.MaxDegree = 1;
            Assert.Equal(1, TlbReach.WorkersFor(100_000));
        }
        finally
        {
            TlbReach.Entries = savedEntries;
            WorkerPool.MaxDegree = savedThreads;
        }
    }

    [Theory]
    [InlineData(16, true)] // 64 rows of 8 KB against 8 pages a worker: split
    [InlineData(4096, false)] // 64 pages fit one worker's 2,048
    public void OneEntryPerLongRow_SplitsPastTheTlb_AndMatchesTheLoop(int entries, bool split)
    {
        const int Rows = 64, Row = 2048; // 8 KB rows: every picked element on a page of its own
        var random = new Random(7);
        Tensor<float> logp = Tensor.FromArray(Enumerable.Range(0, Rows * Row).Select(i => (float)i).ToArray(), [4, Rows / 4, Row]);
        long[] picks = Enumerable.Range(0, Rows).Select(_ => (long)random.Next(-Row, Row)).ToArray();
        Tensor<long> idx = Tensor.FromArray(picks, [4, Rows / 4, 1]);
        Tensor<long> positive = Tensor.FromArray(picks.Select(p => p < 0 ? p + Row : p).ToArray(), [4, Rows / 4, 1]);

        (Tensor<float> taken, PoolTrace takeTrace) = Traced(entries, () => Tensor.TakeAlongAxis(logp, idx, -1));
        (Tensor<float> gathered, PoolTrace gatherTrace) = Traced(entries, () => Tensor.Gather(logp, -1, positive));

        float[] expected = picks.Select((p, r) => (float)(r * Row + (p < 0 ? p + Row : p))).ToArray();
        Assert.Equal(expected, taken.AsSpan().ToArray());
        Assert.Equal(expected, gathered.AsSpan().ToArray());
        bool canSplit = WorkerPool.MaxDegree > 1 && Environment.ProcessorCount > 1;
        Assert.Equal(split && canSplit, takeTrace.MostParts >= 2);
        Assert.Equal(split && canSplit, gatherTrace.MostParts >= 2);
    }

    [Fact]
    public void ShortRows_ShareTheirPages_AndStayOnOneThread()
    {
        Tensor<float> x = Tensor.Rand<float>([256, 64], seed: 3); // 256-byte rows: 16 to a page
        Tensor<long> idx = Tensor.Zeros<long>([256, 1]);

        (Tensor<float> taken, PoolTrace trace) = Traced(entries: 2, () => Tensor.TakeAlongAxis(x, idx, -1));

        Assert.Equal(x[.., 0].Contiguous().AsSpan().ToArray(), taken.Reshape(256).AsSpan().ToArray());
        Assert.Equal(0, trace.MostParts);
    }

    private static (Tensor<float>, PoolTrace) Traced(int entries, Func<Tensor<float>> call)
    {
        int saved = TlbReach.Entries;
        var trace = new PoolTrace();
        try
        {
            TlbReach.Entries = entries;
            WorkerPool.Trace = trace;
            return (call(), trace);
        }
        finally
        {
            WorkerPool.Trace = null;
            TlbReach.Entries = saved;
        }
    }
}
