using System.Numerics;
using Batchwise.NN;

namespace Batchwise.Tests.Operations;

/// <summary>
/// Gathers against plain per-element references over random shapes (0-d, zero-size, transposed and
/// broadcast inputs) and random indices with negatives and duplicates.
/// </summary>
public class GatheringPropertyTests
{
    private static Tensor<double> RandomTensor(Random random, int[] shape, bool transpose)
    {
        int size = shape.Aggregate(1, (a, b) => a * b);
        double[] data = Enumerable.Range(0, size).Select(_ => Math.Round(random.NextDouble() * 10, 2)).ToArray();
        if (transpose && shape.Length >= 2)
        {
            return Tensor.FromArray(data, [.. shape.Reverse()]).Transpose();
        }
        return Tensor.FromArray(data, shape);
    }

    private static Tensor<long> RandomIndices(Random random, int[] shape, int n, bool negative)
    {
        int size = shape.Aggregate(1, (a, b) => a * b);
        long[] values = Enumerable.Range(0, size).Select(_ => (long)(n == 0 ? 0 : random.Next(negative ? -n : 0, n))).ToArray();
        return Tensor.FromArray(values, shape);
    }

    private static int[] Unravel(long flat, ReadOnlySpan<int> shape)
    {
        var index = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = (int)(flat % shape[d]);
            flat /= shape[d];
        }
        return index;
    }

    [Fact]
    public void Take_RandomAxesAndIndices_MatchesPerElementReference()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            int[] shape = Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(1, 5)).ToArray();
            Tensor<double> x = RandomTensor(random, shape, random.Next(2) == 0);
            int axis = random.Next(shape.Length);
            int[] idxShape = Enumerable.Range(0, random.Next(0, 3)).Select(_ => random.Next(0, 4)).ToArray();
            Tensor<long> idx = RandomIndices(random, idxShape, shape[axis], negative: true);
            Tensor<double> actual = Tensor.Take(x, idx, axis - shape.Length);
            int[] expectedShape = [.. shape[..axis], .. idxShape, .. shape[(axis + 1)..]];
            Assert.Equal(expectedShape, actual.Shape.ToArray());
            double[] values = actual.ToArray();
            for (int flat = 0; flat < values.Length; flat++)
            {
                int[] o = Unravel(flat, expectedShape);
                long v = idx.Rank == 0 ? idx.ToScalar() : idx.GetItem(o[axis..(axis + idxShape.Length)]);
                int[] source = [.. o[..axis], (int)(v < 0 ? v + shape[axis] : v), .. o[(axis + idxShape.Length)..]];
                Assert.Equal(x.GetItem(source), values[flat]);
            }
        }
    }

    [Fact]
    public void TakeAlongAxisAndGather_RandomBroadcasts_MatchPerElementReference()
    {
        var random = new Random(8);
        for (int trial = 0; trial < 200; trial++)
        {
            int rank = random.Next(1, 4);
            int[] shape = Enumerable.Range(0, rank).Select(_ => random.Next(1, 5)).ToArray();
            Tensor<double> x = RandomTensor(random, shape, random.Next(2) == 0);
            int axis = random.Next(rank);
            // NumPy: idx dims broadcast with x's (1 stretches either way); torch: idx no larger than x.
            int[] npShape = shape.Select((n, d) => d == axis ? random.Next(0, 4) : random.Next(3) == 0 ? 1 : n).ToArray();
            Tensor<long> idx = RandomIndices(random, npShape, shape[axis], negative: true);
            Tensor<double> actual = Tensor.TakeAlongAxis(x, idx, axis);
            int[] outShape = npShape.Select((n, d) => d == axis ? n : Math.Max(n, shape[d])).ToArray();
            Assert.Equal(outShape, actual.Shape.ToArray());
            double[] values = actual.ToArray();
            for (int flat = 0; flat < values.Length; flat++)
            {
                int[] o = Unravel(flat, outShape);
                long v = idx.GetItem(o.Select((i, d) => npShape[d] == 1 ? 0 : i).ToArray());
                int[] source = o.Select((i, d) => d == axis ? (int)(v < 0 ? v + shape[axis] : v) : shape[d] == 1 ? 0 : i).ToArray();
                Assert.Equal(x.GetItem(source), values[flat]);
            }

            int[] torchShape = shape.Select((n, d) => d == axis ? random.Next(0, 4) : random.Next(0, n + 1)).ToArray();
            Tensor<long> tidx = RandomIndices(random, torchShape, shape[axis], negative: false);
            Tensor<double> gathered = Tensor.Gather(x, axis, tidx);
            Assert.Equal(torchShape, gathered.Shape.ToArray());
            double[] g = gathered.ToArray();
            for (int flat = 0; flat < g.Length; flat++)
            {
                int[] o = Unravel(flat, torchShape);
                int[] source = (int[])o.Clone();
                source[axis] = (int)tidx.GetItem(o);
                Assert.Equal(x.GetItem(source), g[flat]);
            }
        }
    }

    [Fact]
    public void TakeAlongAxis_LongContiguousRuns_MatchReferenceForEveryElementAndIndexType()
    {
        // Runs of 8 or more contiguous indices take the vector gather; odd lengths leave a scalar tail.
        CheckLongRuns<float, long>(v => (float)v);
        CheckLongRuns<float, int>(v => (float)v);
        CheckLongRuns<double, long>(v => v);
        CheckLongRuns<double, int>(v => v);
        CheckLongRuns<int, long>(v => (int)v);
        CheckLongRuns<long, int>(v => (long)v);
    }

    private static void CheckLongRuns<T, TIndex>(Func<double, T> make)
        where T : unmanaged, INumber<T>
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        var random = new Random(9);
        foreach ((int rows, int length, int picks) in new[] { (3, 50, 1), (2, 40, 37), (5, 9, 16), (1, 300, 300) })
        {
            T[] data = Enumerable.Range(0, rows * 7 * length).Select(v => make(v)).ToArray();
            Tensor<T> full = Tensor.FromArray(data, rows, 7, length);
            foreach (Tensor<T> x in new[] { full, full[.., 2..5, ..], full[.., .., TensorIndex.Slice(null, null, -1)] })
            {
                foreach (int axis in new[] { 2, 0 })
                {
                    int n = x.Shape[axis];
                    int[] idxShape = axis == 2 ? [rows, x.Shape[1], picks] : [Math.Max(picks % 5, 1), x.Shape[1], x.Shape[2]];
                    int size = idxShape.Aggregate(1, (a, b) => a * b);
                    TIndex[] values = Enumerable.Range(0, size).Select(_ => TIndex.CreateTruncating(random.Next(-n, n))).ToArray();
                    Tensor<TIndex> idx = Tensor.FromArray(values, idxShape);
                    T[] actual = Tensor.TakeAlongAxis(x, idx, axis).ToArray();
                    for (int flat = 0; flat < actual.Length; flat++)
                    {
                        int[] o = Unravel(flat, idxShape);
                        long v = long.CreateTruncating(values[flat]);
                        o[axis] = (int)(v < 0 ? v + n : v);
                        Assert.Equal(x.GetItem(o), actual[flat]);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(64, 300, 40, 1)]   // one coalesced run of 19,200 elements a line apart, split between workers
    [InlineData(201, 301, 40, 3)]  // runs of 3, the split falling inside a run
    public void TakeAlongAxis_SplitAcrossWorkers_MatchesReference(int a, int b, int length, int picks)
    {
        var random = new Random(11);
        float[] data = [.. Enumerable.Range(0, a * b * length).Select(v => (float)v)];
        Tensor<float> x = Tensor.FromArray(data, a, b, length);
        long[] values = [.. Enumerable.Range(0, a * b * picks).Select(_ => (long)random.Next(-length, length))];
        float[] actual = Tensor.TakeAlongAxis(x, Tensor.FromArray(values, a, b, picks), 2).ToArray();
        for (int flat = 0; flat < actual.Length; flat++)
        {
            long row = flat / picks, v = values[flat];
            float expected = data[row * length + (v < 0 ? v + length : v)];
            if (actual[flat] != expected)
            {
                Assert.Fail($"element {flat} is {actual[flat]}, expected {expected}");
            }
        }
    }

    [Fact]
    public void TorchGathers_NegativeIndex_IsOutOfRange()
    {
        Tensor<double> x = Tensor.Arange(6.0).Reshape(2, 3);
        Tensor<long> negative = Tensor.FromArray(new long[] { 0, -1 });
        Assert.Throws<AxisIndexException>(() => Tensor.IndexSelect(x, 1, negative));
        Assert.Throws<AxisIndexException>(() => Tensor.Gather(x, 1, negative.Reshape(1, 2)));
        Assert.Throws<AxisIndexException>(() => Functional.Embedding(negative, x));
        Assert.Throws<AxisIndexException>(() => Tensor.ScatterAdd(x, 1, negative.Reshape(1, 2), x));
        Assert.Equal([2.0, 5.0], Tensor.Take(x, -1, 1).ToArray());
        var e = Assert.Throws<AxisIndexException>(() => Functional.Embedding(Tensor.FromArray(new long[] { 2 }), x));
        Assert.Contains("axis 0 with size 2", e.Message, StringComparison.Ordinal);
        Assert.Throws<ShapeException>(() => Tensor.IndexSelect(x, 0, negative.Reshape(1, 2)));
        Assert.Throws<ShapeException>(() => Functional.Embedding(negative, x[0]));
        Assert.Throws<ShapeException>(() => Tensor.Gather(x, 0, Tensor.Zeros<long>(1, 4)));
        Assert.Equal([3, 1], Tensor.Gather(x, 0, Tensor.Zeros<long>(3, 1)).Shape.ToArray());
        Assert.Throws<AxisIndexException>(() => Tensor.TakeAlongAxis(x, Tensor.Zeros<long>(2, 1), 2));
        Assert.Throws<AxisIndexException>(() => Tensor.TakeAlongAxis(x, Tensor.Zeros<long>(3, 1), 1));
    }

    [Fact]
    public void Embedding_ZeroDAndEmptyIds_GiveTorchShapes()
    {
        Tensor<float> w = Tensor.Arange(12f).Reshape(4, 3);
        Assert.Equal([6f, 7f, 8f], Functional.Embedding(Tensor.Scalar(2L), w).ToArray());
        Assert.Equal([0, 5, 3], Functional.Embedding(Tensor.Zeros<int>(0, 5), w).Shape.ToArray());
        Assert.Equal([1], Tensor.IndexSelect(w, 0, Tensor.Scalar(1)).Shape[..1].ToArray());
    }

    [Fact]
    public void ScatterAdd_IntoAndDuplicates_AccumulateAsTorch()
    {
        Tensor<double> x = Tensor.Zeros<double>(2, 3);
        Tensor<long> idx = Tensor.FromArray(new long[] { 1, 1, 1, 0 }, 1, 4);
        Tensor<double> src = Tensor.Ones<double>(2, 4);
        Tensor<double> result = Tensor.ScatterAdd(x, 1, idx, src);
        Assert.Equal([1.0, 3.0, 0.0, 0.0, 0.0, 0.0], result.ToArray());
        Assert.Equal(0.0, x.ToArray().Sum());
        Tensor<double> into = Tensor.ScatterAdd(x, 1, idx, src, into: x);
        Assert.Same(x, into);
        Assert.Equal(4.0, x.ToArray().Sum());
    }

    [Fact]
    public void NonZeroAndArgWhere_NaNNegativeZeroAndEmpty_FollowNumPy()
    {
        Tensor<float> x = Tensor.FromArray([0f, -0f, float.NaN, 2f, 0f, -1f], 2, 3);
        Tensor<long>[] nz = Tensor.NonZero(x);
        Assert.Equal([0L, 1L, 1L], nz[0].ToArray());
        Assert.Equal([2L, 0L, 2L], nz[1].ToArray());
        Assert.Equal([0L, 2L, 1L, 0L, 1L, 2L], Tensor.ArgWhere(x).ToArray());
        Assert.Equal([0, 2], Tensor.ArgWhere(Tensor.Zeros<bool>(2, 0)).Shape.ToArray());
        Assert.Throws<ShapeException>(() => Tensor.NonZero(Tensor.Scalar(1.0)));
        Assert.Equal([1L, 3L], Tensor.Where(Tensor.FromArray([false, true, false, true]))[0].ToArray());
    }
}
