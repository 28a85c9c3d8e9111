using Batchwise.Kernels.Iteration;

namespace Batchwise.Tests.Kernels.Iteration;

/// <summary>Coalescing, reordering and walking loop nests; the parallel splitter's ranges.</summary>
public class LoopNestTests
{
    private static LoopNest Nest(params (int Extent, nint S0, nint S1, nint S2)[] dims)
    {
        var nest = default(LoopNest);
        foreach ((int extent, nint s0, nint s1, nint s2) in dims)
        {
            nest.Add(extent, s0, s1, s2);
        }
        return nest;
    }

    [Fact]
    public void Coalesce_ContiguousDimensions_MergeIntoOne()
    {
        LoopNest nest = Nest((2, 12, 12, 0), (3, 4, 4, 0), (4, 1, 1, 0));
        nest.Coalesce();
        Assert.Equal(1, nest.Rank);
        Assert.Equal(24, nest.InnerExtent);
        Assert.Equal(1, nest.Stride(0, 0));
        Assert.Equal(0, nest.Stride(2, 0));
    }

    [Fact]
    public void Coalesce_BroadcastRowAndNegativeStrides_KeepWhatCannotMerge()
    {
        // A row broadcast along the outer axis cannot merge with the inner one.
        LoopNest nest = Nest((4, 5, 5, 0), (5, 1, 1, 1));
        nest.Coalesce();
        Assert.Equal(2, nest.Rank);
        // Reversed in both axes: strides (-3, -1) merge into one run of stride -1.
        nest = Nest((4, -3, 3, 0), (3, -1, 1, 0));
        nest.Coalesce();
        Assert.Equal(1, nest.Rank);
        Assert.Equal(12, nest.Extent(0));
        Assert.Equal(-1, nest.Stride(0, 0));
    }

    [Fact]
    public void Coalesce_ExtentOneAndEmptyAndZeroDimensional_Normalise()
    {
        LoopNest nest = Nest((1, 100, 7, 3), (5, 1, 1, 1), (1, 9, 9, 9));
        nest.Coalesce();
        Assert.Equal(1, nest.Rank);
        Assert.Equal(5, nest.InnerExtent);
        nest = Nest((3, 1, 1, 1), (0, 1, 1, 1), (4, 1, 1, 1));
        nest.Coalesce();
        Assert.Equal(1, nest.Rank);
        Assert.Equal(0, nest.InnerExtent);
        Assert.Equal(0, nest.Count);
        nest = default;
        nest.Coalesce();
        Assert.Equal(1, nest.Rank);
        Assert.Equal(1, nest.InnerExtent);
        Assert.Equal(1, nest.Count);
    }

    [Fact]
    public void SortByStrideOf_Transposed_PutsSmallestStrideInside()
    {
        LoopNest nest = Nest((4, 1, 1, 0), (3, 4, 0, 0), (2, 12, -100, 0));
        nest.SortByStrideOf(1);
        Assert.Equal([2, 4, 3], new[] { nest.Extent(0), nest.Extent(1), nest.Extent(2) });
        Assert.Equal(-100, nest.Stride(1, 0));
        Assert.Equal(1, nest.Stride(1, 1));
        Assert.Equal(0, nest.Stride(1, 2));
    }

    [Fact]
    public void OuterCursor_FromAnyRun_VisitsTheSameOffsetsAsANestedLoop()
    {
        LoopNest nest = Nest((3, 100, -7, 0), (4, 10, 2, 5), (5, 1, 1, 1));
        var expected = new List<(nint, nint, nint)>();
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                expected.Add((i * 100 + j * 10, i * -7 + j * 2, j * 5));
            }
        }
        Assert.Equal(12, nest.RunCount);
        for (int start = 0; start < 12; start++)
        {
            var cursor = new OuterCursor(nest, start);
            for (int run = start; run < 12; run++)
            {
                Assert.Equal(expected[run], (cursor.Offset0, cursor.Offset1, cursor.Offset2));
                cursor.MoveNext(nest);
            }
        }
    }

    [Fact]
    public void Add_PastMaxRank_Throws()
    {
        var nest = default(LoopNest);
        for (int d = 0; d < LoopNest.MaxRank; d++)
        {
            nest.Add(1, 0);
        }
        Assert.Throws<ArgumentException>(() => nest.Add(1, 0));
        // No tensor has more axes than a loop nest holds: allocations, views and broadcasts are refused.
        const string Message = "maximum supported dimension for an array is 32, found 33";
        Assert.Equal(Message, Assert.Throws<InvalidValueException>(() => Tensor.Zeros<float>([.. new int[32].Select(_ => 1), 2])).Message);
        Tensor<float> deepest = Tensor.Zeros<float>([.. new int[31].Select(_ => 1), 2]);
        Assert.Equal(Message, Assert.Throws<InvalidValueException>(() => deepest.Unsqueeze(0)).Message);
        Assert.Equal(Message, Assert.Throws<InvalidValueException>(() => deepest[TensorIndex.NewAxis]).Message);
        Assert.Equal([0L], Tensor.ArgMax(deepest + deepest, -1).ToArray());
    }

    [Theory]
    [InlineData(10, 1)]
    [InlineData(10, 3)]
    [InlineData(2, 8)]
    [InlineData(1_000_003, 7)]
    public void WorkSplitter_For_CoversEveryIndexExactlyOnce(long count, int workers)
    {
        var seen = new int[count];
        var workerIds = new System.Collections.Concurrent.ConcurrentBag<int>();
        WorkSplitter.For(count, workers, (w, s, e) =>
        {
            workerIds.Add(w);
            for (long i = s; i < e; i++)
            {
                Interlocked.Increment(ref seen[i]);
            }
        });
        Assert.All(seen, c => Assert.Equal(1, c));
        Assert.Equal(workerIds.Count, workerIds.Distinct().Count());
        Assert.Equal(1, WorkSplitter.WorkersFor(WorkSplitter.ParallelThreshold - 1));
        Assert.InRange(WorkSplitter.WorkersFor(WorkSplitter.ParallelThreshold * 100), 1, Environment.ProcessorCount);
    }
}
