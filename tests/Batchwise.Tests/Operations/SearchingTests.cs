using static Batchwise.Tests.Operations.LineCases;

namespace Batchwise.Tests.Operations;

/// <summary>SearchSorted and Unique against counting and LINQ references, with duplicates, NaN, ±0 and views.</summary>
public sealed class SearchingTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SearchSorted_RandomSortedSequences_CountElementsBeforeEachValue(bool right)
    {
        for (int seed = 0; seed < 30; seed++)
        {
            double[] a = Values(seed % 7 == 0 ? 0 : seed * 3 + 1, seed).Order(Comparer<double>.Create(Compare)).ToArray();
            double[] v = Values(12, seed + 1000);
            Tensor<double> sorted = Tensor.FromArray(a, a.Length);
            // The values as a transposed 2-D view: the result has their shape.
            Tensor<double> values = Tensor.FromArray(v, 3, 4).T;
            Tensor<long> result = Tensor.SearchSorted(sorted, values, right);
            Assert.Equal([4, 3], result.Shape.ToArray());
            for (int i = 0; i < 4; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    double value = v[j * 4 + i];
                    long expected = a.Count(e => right ? Compare(e, value) <= 0 : Compare(e, value) < 0);
                    Assert.Equal(expected, result.GetItem(i, j));
                }
            }
        }
    }

    [Fact]
    public void SearchSorted_IntsZeroDimAndErrors()
    {
        Tensor<int> a = Tensor.FromArray([1, 2, 2, 2, 5], 5);
        Assert.Equal([0L, 1, 4, 5], Tensor.SearchSorted(a, Tensor.FromArray([0, 2, 3, 9], 4)).ToArray());
        Assert.Equal([0L, 4, 4, 5], Tensor.SearchSorted(a, Tensor.FromArray([0, 2, 3, 9], 4), right: true).ToArray());
        Tensor<long> scalar = Tensor.SearchSorted(a, Tensor.Scalar(2));
        Assert.Equal(0, scalar.Rank);
        Assert.Equal(1L, scalar.ToScalar());
        Assert.Equal([0], Tensor.SearchSorted(a, Tensor.Zeros<int>(0)).Shape.ToArray());
        // A reversed view of a descending array is ascending.
        Assert.Equal([2L], Tensor.SearchSorted(Tensor.FromArray([5, 3, 1], 3)[TensorIndex.Slice(null, null, -1)], Tensor.FromArray([4], 1)).ToArray());
        Assert.Throws<ShapeException>(() => Tensor.SearchSorted(Tensor.Zeros<int>(2, 2), Tensor.Zeros<int>(1)));
        Assert.Throws<ShapeException>(() => Tensor.SearchSorted(Tensor.Scalar(1), Tensor.Zeros<int>(1)));
    }

    [Fact]
    public void Unique_RandomTensors_MatchDistinctSortedValuesCountsAndInverse()
    {
        int seed = 0;
        foreach (int[] shape in TestShapes)
        {
            int size = shape.Aggregate(1, (a, b) => a * b);
            double[] data = Values(size, ++seed);
            foreach ((string layout, Tensor<double> x) in InLayouts(data, shape))
            {
                List<double> expected = [];
                foreach (double d in data.Order(Comparer<double>.Create(Compare)))
                {
                    if (expected.Count == 0 || Compare(expected[^1], d) != 0)
                    {
                        expected.Add(d);
                    }
                }
                double[] values = Tensor.Unique(x).ToArray();
                Assert.Equal(expected.Count, values.Length);
                Assert.All(expected.Zip(values), p => Assert.Equal(0, Compare(p.First, p.Second)));

                UniqueResult<double> all = Tensor.UniqueAll(x);
                Assert.Equal(shape, all.Inverse.Shape.ToArray());
                long[] inverse = all.Inverse.ToArray(), counts = all.Counts.ToArray();
                double[] uniqueValues = all.Values.ToArray();
                for (int i = 0; i < data.Length; i++)
                {
                    Assert.True(Compare(data[i], uniqueValues[inverse[i]]) == 0, $"{layout} ({string.Join(",", shape)}) element {i}");
                }
                Assert.Equal(expected.Select(e => (long)data.Count(d => Compare(d, e) == 0)), counts);
            }
        }
    }

    [Fact]
    public void Unique_NaNsAndZeros_CollapseIntoOneValueEach()
    {
        double nan = double.NaN;
        Tensor<float> x = Tensor.FromArray([float.NaN, 0f, -0f, 3f, float.NaN, -1f], 2, 3);
        float[] values = Tensor.Unique(x).ToArray();
        Assert.Equal(4, values.Length);
        Assert.Equal([-1f, 0f, 3f], values[..3]);
        Assert.True(float.IsNaN(values[3]));
        UniqueResult<float> all = Tensor.UniqueAll(x);
        Assert.Equal([1L, 2, 1, 2], all.Counts.ToArray());
        Assert.Equal([3L, 1, 1, 2, 3, 0], all.Inverse.ToArray());
        Assert.Equal([1.0, nan], Tensor.Unique(Tensor.FromArray([nan, 1.0, nan], 3)).ToArray());
        Assert.Equal([7], Tensor.Unique(Tensor.Scalar(7)).ToArray());
        Assert.Empty(Tensor.Unique(Tensor.Zeros<long>(0, 4)).ToArray());
    }
}
