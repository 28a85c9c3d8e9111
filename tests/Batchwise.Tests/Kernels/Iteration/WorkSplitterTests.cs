using Batchwise.Kernels.Iteration;
using Batchwise.Kernels.Threading;
using Xunit;

namespace Batchwise.Tests.Kernels.Iteration;

/// <summary>
/// <see cref="WorkSplitter"/> runs its ranges on the worker pool: every index once, worker numbers
/// distinct, the thread cap honoured, and an exception from any range (a worker's included) reaches
/// the caller instead of killing a pool thread.
/// </summary>
[Collection("GemmSettings")]
public sealed class WorkSplitterTests
{
    [Theory]
    [InlineData(2, 2)]
    [InlineData(1000, 2)]
    [InlineData(1000, 7)]
    [InlineData(3, 16)]
    public void For_AnyWorkers_CoversEveryIndexOnce(long count, int workers)
    {
        int[] hits = new int[count];
        var seenWorkers = new System.Collections.Concurrent.ConcurrentBag<int>();
        WorkSplitter.For(count, workers, (w, start, end) =>
        {
            seenWorkers.Add(w);
            for (long i = start; i < end; i++)
            {
                Interlocked.Increment(ref hits[i]);
            }
        });
        Assert.All(hits, h => Assert.Equal(1, h));
        Assert.Equal(seenWorkers.Count, seenWorkers.Distinct().Count());
        Assert.Equal((int)Math.Min(count, workers), seenWorkers.Count);
    }

    [Fact]
    public void WorkersFor_Large_AtMostThreadCap()
    {
        int saved = WorkerPool.MaxDegree;
        try
        {
            WorkerPool.MaxDegree = 1;
            Assert.Equal(1, WorkSplitter.WorkersFor(WorkSplitter.ParallelThreshold * 100));
        }
        finally
        {
            WorkerPool.MaxDegree = saved;
        }
    }

    [Fact]
    public void For_RangeThrows_RethrownOnCaller()
    {
        // Every range throws, so whichever thread runs which range, the caller sees the exception and
        // the pool keeps working afterwards.
        for (int round = 0; round < 20; round++)
        {
            var error = Assert.Throws<InvalidOperationException>(() =>
                WorkSplitter.For(1000, 4, (w, _, _) => throw new InvalidOperationException($"range {w}")));
            Assert.StartsWith("range ", error.Message);
        }
        long total = 0;
        WorkSplitter.For(1000, 4, (_, start, end) => Interlocked.Add(ref total, end - start));
        Assert.Equal(1000, total);
    }

    [Fact]
    public void BatchRunner_MatrixFails_SmallestIndexWinsOnEveryThreadCount()
    {
        int saved = WorkerPool.MaxDegree;
        try
        {
            foreach (int threads in new[] { 1, 2, Environment.ProcessorCount })
            {
                WorkerPool.MaxDegree = threads;
                long failed = Batchwise.LinearAlgebra.Decompositions.BatchRunner.ForEach<double>(
                    10_000, 1_000, 8, (i, scratch) => i != 7321 && i != 9000);
                Assert.Equal(7321, failed);
                Assert.Equal(-1, Batchwise.LinearAlgebra.Decompositions.BatchRunner.ForEach<double>(
                    10_000, 1_000, 8, (i, scratch) => scratch.Length == 8));
            }
        }
        finally
        {
            WorkerPool.MaxDegree = saved;
        }
    }

    [Fact]
    public void BatchRunner_KernelThrows_RethrownOnCaller()
    {
        Assert.Throws<InvalidOperationException>(() => Batchwise.LinearAlgebra.Decompositions.BatchRunner.Run<float>(
            10_000, 1_000, 0, (start, _, _) => throw new InvalidOperationException($"range at {start}")));
    }
}
