using Batchwise.Kernels.Iteration;

namespace Batchwise.Tests.Kernels.Iteration;

/// <summary>How a batch is cut into worker-pool parts: every item in exactly one part, in order.</summary>
public class WorkPartsTests
{
    [Fact]
    public void Guided_HundredItemsTwoThreads_ShrinkToSingleItems()
    {
        // A 4th of what is left each time, rounded up: 25 of 100, 19 of 75, 14 of 56, ...
        WorkParts parts = WorkParts.Guided(100, threads: 2, minItems: 1);
        long[] sizes = Sizes(parts);
        Assert.Equal([25, 19, 14, 11, 8, 6, 5, 3, 3, 2, 1, 1, 1, 1], sizes);
        Assert.Equal(sizes.Length, parts.Count);
    }

    [Fact]
    public void Guided_MinimumAndAlignment_HoldForEveryPartButTheLast()
    {
        WorkParts parts = WorkParts.Guided(100_000, threads: 2, minItems: 4096, align: 16);
        long[] sizes = Sizes(parts);
        Assert.All(sizes[..^1], s => Assert.True(s >= 4096 && s % 16 == 0, $"part of {s} items"));
        Assert.Equal(25_008, sizes[0]);
        Assert.True(sizes[^1] <= 4096);
    }

    [Theory]
    [InlineData(1L, 2, 1L, 1L)]
    [InlineData(7L, 2, 1L, 1L)]
    [InlineData(1000L, 3, 5L, 1L)]
    [InlineData(1023L, 2, 1L, 16L)]
    [InlineData(100_000L, 4, 16L, 16L)]
    public void Guided_AnyBatch_CoversEveryItemOnceInOrder(long count, int threads, long minItems, long align)
    {
        Sizes(WorkParts.Guided(count, threads, minItems, align), count);
    }

    [Theory]
    [InlineData(100L, 2, 1L)]
    [InlineData(1L, 2, 1L)]
    [InlineData(5000L, 16, 16L)]
    [InlineData(3L, 8, 1L)]
    public void Equal_AnyBatch_CoversEveryItemOnceInOrder(long count, int parts, long align)
    {
        WorkParts split = WorkParts.Equal(count, parts, align);
        Assert.Equal((int)Math.Min(parts, count), split.Count);
        Sizes(split, count, allowEmpty: true);
    }

    [Fact]
    public void Equal_Aligned_BoundariesOnMultiplesOfTheAlignment()
    {
        WorkParts split = WorkParts.Equal(5000, 16, align: 16);
        for (int p = 0; p < split.Count; p++)
        {
            (long start, long end) = split.Range(p);
            Assert.Equal(0, start % 16);
            Assert.True(end == 5000 || end % 16 == 0);
        }
    }

    [Fact]
    public void Create_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkParts.Guided(0, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkParts.Guided(10, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkParts.Guided(10, 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkParts.Equal(10, 2, align: 12));
    }

    /// <summary>The parts' sizes, after checking that they tile [0, count) in order.</summary>
    private static long[] Sizes(WorkParts parts, long count = -1, bool allowEmpty = false)
    {
        var sizes = new long[parts.Count];
        long next = 0;
        for (int p = 0; p < parts.Count; p++)
        {
            (long start, long end) = parts.Range(p);
            Assert.Equal(next, start);
            Assert.True(allowEmpty ? end >= start : end > start, $"part {p}: [{start}, {end})");
            sizes[p] = end - start;
            next = end;
        }

        if (count >= 0)
        {
            Assert.Equal(count, next);
        }

        return sizes;
    }
}
