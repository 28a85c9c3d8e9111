using System.Numerics;
using static Batchwise.Tests.Operations.LineCases;

namespace Batchwise.Tests.Operations;

/// <summary>
/// Sort, ArgSort, TopK and ArgPartition against per-line references over every shape, axis and
/// layout of <see cref="LineCases"/>, for float, double, Half and integer keys with many ties and NaN;
/// the order itself is checked, position by position. Long lines take the two-thread paths.
/// </summary>
public sealed class SortingTests
{
    private static readonly Dictionary<string, Action> s_sortsByType = new()
    {
        ["float"] = CheckSorts<float>,
        ["double"] = CheckSorts<double>,
        ["half"] = CheckSorts<Half>,
        ["int"] = CheckSorts<int>,
        ["long"] = CheckSorts<long>,
        ["short"] = CheckSorts<short>,
        ["byte"] = CheckSorts<byte>,
        ["sbyte"] = CheckSorts<sbyte>,
    };

    private static readonly Dictionary<string, Action> s_topkByType = new()
    {
        ["float"] = CheckTopK<float>,
        ["double"] = CheckTopK<double>,
        ["half"] = CheckTopK<Half>,
        ["int"] = CheckTopK<int>,
        ["long"] = CheckTopK<long>,
        ["short"] = CheckTopK<short>,
        ["byte"] = CheckTopK<byte>,
        ["sbyte"] = CheckTopK<sbyte>,
    };

    private static readonly Dictionary<string, Action> s_partitionByType = new()
    {
        ["float"] = CheckPartition<float>,
        ["double"] = CheckPartition<double>,
        ["half"] = CheckPartition<Half>,
        ["int"] = CheckPartition<int>,
        ["long"] = CheckPartition<long>,
        ["short"] = CheckPartition<short>,
        ["byte"] = CheckPartition<byte>,
        ["sbyte"] = CheckPartition<sbyte>,
    };

    public static TheoryData<string> ElementTypes() => new("float", "double", "half", "int", "long", "short", "byte", "sbyte");

    [Theory]
    [MemberData(nameof(ElementTypes))]
    public void SortAndArgSort_EveryShapeAxisAndLayout_MatchStableReference(string type)
    {
        s_sortsByType[type]();
    }

    private static void CheckSorts<T>() where T : unmanaged, INumber<T>
    {
        int seed = 0;
        foreach (int[] shape in TestShapes)
        {
            int size = shape.Aggregate(1, (a, b) => a * b);
            T[] data = Values(size, ++seed).Select(v => Convert<T>(v)).ToArray();
            double[] logical = data.Select(v => double.CreateTruncating(v)).ToArray();
            foreach ((string layout, Tensor<T> x) in InLayouts(data, shape))
            {
                for (int axis = -shape.Length; axis < Math.Max(shape.Length, 1); axis++)
                {
                    string where = $"{typeof(T).Name} shape ({string.Join(",", shape)}) {layout} axis {axis}";
                    if (shape.Length == 0)
                    {
                        Assert.Throws<AxisIndexException>(() => Tensor.Sort(x, axis));
                        continue;
                    }
                    int a = axis < 0 ? axis + shape.Length : axis;
                    long[] order = Tensor.ArgSort(x, axis).ToArray();
                    T[] sorted = Tensor.Sort(x, axis).ToArray();
                    Assert.Equal(shape, Tensor.ArgSort(x, axis).Shape.ToArray());
                    foreach (int[] line in Lines(shape, a))
                    {
                        long[] expected = StableOrder(line.Select(p => logical[p]).ToArray());
                        for (int i = 0; i < line.Length; i++)
                        {
                            Assert.True(expected[i] == order[line[i]], $"{where}: argsort position {i}: expected {expected[i]}, got {order[line[i]]}");
                            Assert.True(Compare(logical[line[(int)expected[i]]], double.CreateTruncating(sorted[line[i]])) == 0, $"{where}: sort position {i}");
                        }
                    }
                }
                // axis: null sorts the flattened tensor (0-d gives one element).
                long[] flatOrder = Tensor.ArgSort(x, null).ToArray();
                Assert.Equal(StableOrder(logical), flatOrder);
                Assert.Equal([Math.Max(size, shape.Length == 0 ? 1 : size)], Tensor.Sort(x, null).Shape.ToArray());
            }
        }
    }

    private static T Convert<T>(double v) where T : unmanaged, INumber<T> =>
        T.IsNaN(T.CreateTruncating(double.NaN)) ? T.CreateTruncating(v)
        : T.CreateTruncating(double.IsNaN(v) ? 0 : double.IsInfinity(v) ? Math.Sign(v) * 100 : Math.Round(v));

    [Theory]
    [InlineData(1, 200_000)]
    [InlineData(3, 70_000)]
    [InlineData(4096, 64)]
    public void SortAndArgSort_LargeInputs_RunInParallelAndMatchReference(int rows, int length)
    {
        // double and float take the radix sort; Half and short the comparison sorts (split in halves for one long line).
        double[] values = Values(rows * length, rows + length);
        CheckLarge(values.Select(v => v).ToArray(), rows, length);
        CheckLarge(values.Select(v => (float)v).ToArray(), rows, length);
        CheckLarge(values.Select(v => (Half)v).ToArray(), rows, length);
        CheckLarge(values.Select(v => Convert<short>(v * 10)).ToArray(), rows, length);
    }

    [Fact]
    public void SortAndArgSort_LongLineCrowdedIntoOneBucket_MatchesReference()
    {
        // Most keys share their top bits, so the first digit puts them in one bucket that is itself
        // long enough to be dealt into buckets again; the rest spread over the whole range, with ties.
        var random = new Random(7);
        double[] values = new double[150_000];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i % 15 == 0
                ? Math.Round((random.NextDouble() - 0.5) * 1e6) * (i % 45 == 0 ? 1e-300 : 1)
                : 1 + Math.Round(random.NextDouble() * 2e4) * 1e-8;
        }
        values[17] = double.NaN;
        values[18] = -0.0;
        CheckLarge(values, 1, values.Length);
        CheckLarge(values.Select(v => (float)v).ToArray(), 1, values.Length);
        CheckLarge(values.Select(v => Convert<int>((v - 1) * 1e8)).ToArray(), 1, values.Length);
        CheckLarge(values.Select(v => Convert<long>((v - 1) * 1e8)).ToArray(), 1, values.Length);
    }

    private static void CheckLarge<T>(T[] values, int rows, int length) where T : unmanaged, INumber<T>
    {
        double[] logical = values.Select(v => double.CreateTruncating(v)).ToArray();
        Tensor<T> x = Tensor.FromArray(values, rows, length);
        long[] order = Tensor.ArgSort(x).ToArray();
        T[] sorted = Tensor.Sort(x).ToArray();
        for (int r = 0; r < rows; r++)
        {
            double[] line = logical.AsSpan(r * length, length).ToArray();
            long[] expected = StableOrder(line);
            Assert.Equal(expected, order.AsSpan(r * length, length).ToArray());
            for (int i = 0; i < length; i++)
            {
                Assert.Equal(0, Compare(line[expected[i]], double.CreateTruncating(sorted[r * length + i])));
            }
        }
    }

    [Fact]
    public void ArgSort_TiesZerosAndNaN_KeepInputOrder()
    {
        double nan = double.NaN;
        Tensor<double> x = Tensor.FromArray([nan, 0.0, 2.0, -0.0, nan, 2.0, double.NegativeInfinity, 0.0], 8);
        Assert.Equal([6L, 1, 3, 7, 2, 5, 0, 4], Tensor.ArgSort(x).ToArray());
        double[] sorted = Tensor.Sort(x).ToArray();
        Assert.Equal(double.NegativeInfinity, sorted[0]);
        Assert.True(double.IsNaN(sorted[6]) && double.IsNaN(sorted[7]));
        Assert.Equal([0L, 2, 1], Tensor.ArgSort(Tensor.FromArray([1, 3, 1], 3)).ToArray());
    }

    [Fact]
    public void Sort_RadixKeys_ExtremesSignedZerosAndNaNPayloads()
    {
        float negativeNaN = BitConverter.UInt32BitsToSingle(0xFFC0_0001u);
        Tensor<float> f = Tensor.FromArray([0f, negativeNaN, -0f, float.MaxValue, -float.Epsilon, float.NegativeInfinity, float.NaN, float.Epsilon, -float.MaxValue], 9);
        float[] sorted = Tensor.Sort(f).ToArray();
        Assert.Equal([float.NegativeInfinity, -float.MaxValue, -float.Epsilon], sorted[..3]);
        Assert.True(sorted[3] == 0 && float.IsNegative(sorted[3]) && sorted[4] == 0 && !float.IsNegative(sorted[4]));
        Assert.Equal([float.Epsilon, float.MaxValue], sorted[5..7]);
        Assert.True(float.IsNaN(sorted[7]) && float.IsNaN(sorted[8]));
        Assert.Equal([5L, 8, 4, 0, 2, 7, 3, 1, 6], Tensor.ArgSort(f).ToArray());
        Assert.Equal([int.MinValue, -1, 0, 1, int.MaxValue], Tensor.Sort(Tensor.FromArray([int.MaxValue, 0, int.MinValue, 1, -1], 5)).ToArray());
        Assert.Equal([0u, 7u, 0x8000_0000u, uint.MaxValue], Tensor.Sort(Tensor.FromArray([uint.MaxValue, 0x8000_0000u, 0u, 7u], 4)).ToArray());
        Assert.Equal([2L, 3, 1, 0], Tensor.ArgSort(Tensor.FromArray([uint.MaxValue, 0x8000_0000u, 0u, 7u], 4)).ToArray());
        double negativeNaN64 = BitConverter.UInt64BitsToDouble(0xFFF8_0000_0000_0001ul);
        Tensor<double> d = Tensor.FromArray([0.0, negativeNaN64, -0.0, double.MaxValue, -double.Epsilon, double.NegativeInfinity, double.NaN, double.Epsilon, -double.MaxValue], 9);
        double[] sortedD = Tensor.Sort(d).ToArray();
        Assert.Equal([double.NegativeInfinity, -double.MaxValue, -double.Epsilon], sortedD[..3]);
        Assert.True(sortedD[3] == 0 && double.IsNegative(sortedD[3]) && sortedD[4] == 0 && !double.IsNegative(sortedD[4]));
        Assert.True(double.IsNaN(sortedD[7]) && double.IsNaN(sortedD[8]));
        Assert.Equal([5L, 8, 4, 0, 2, 7, 3, 1, 6], Tensor.ArgSort(d).ToArray());
        Assert.Equal([long.MinValue, -1, 0, long.MaxValue], Tensor.Sort(Tensor.FromArray([long.MaxValue, 0, long.MinValue, -1], 4)).ToArray());
        Assert.Equal([0ul, 1ul << 63, ulong.MaxValue], Tensor.Sort(Tensor.FromArray([ulong.MaxValue, 0ul, 1ul << 63], 3)).ToArray());
    }

    [Theory]
    [MemberData(nameof(ElementTypes))]
    public void TopK_EveryShapeDimAndK_MatchesReference(string type)
    {
        s_topkByType[type]();
    }

    private static void CheckTopK<T>() where T : unmanaged, INumber<T>
    {
        int seed = 100;
        foreach (int[] shape in TestShapes.Where(s => s.Length > 0).Append([2, 300]))
        {
            int size = shape.Aggregate(1, (a, b) => a * b);
            T[] data = Values(size, ++seed).Select(v => Convert<T>(v)).ToArray();
            double[] logical = data.Select(v => double.CreateTruncating(v)).ToArray();
            foreach ((string layout, Tensor<T> x) in InLayouts(data, shape))
            {
                for (int a = 0; a < shape.Length; a++)
                {
                    foreach (int k in new[] { 0, 1, 2, shape[a] / 2, shape[a] }.Distinct().Where(k => k <= shape[a]))
                    {
                        foreach (bool largest in new[] { true, false })
                        {
                            CheckTopKCase(x, logical, shape, a, k, largest, $"{typeof(T).Name} ({string.Join(",", shape)}) {layout} dim {a} k {k} largest {largest}");
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(ElementTypes))]
    public void TopK_LongLines_CandidatesMatchReference(string type)
    {
        // Lines long enough for the vectorised candidate pass: random keys (few candidates), a line
        // of repeated keys (more candidates than the buffer: the plain heap), NaNs and ties.
        s_longTopKByType[type]();
    }

    private static readonly Dictionary<string, Action> s_longTopKByType = new()
    {
        ["float"] = CheckLongTopK<float>,
        ["double"] = CheckLongTopK<double>,
        ["half"] = CheckLongTopK<Half>,
        ["int"] = CheckLongTopK<int>,
        ["long"] = CheckLongTopK<long>,
        ["short"] = CheckLongTopK<short>,
        ["byte"] = CheckLongTopK<byte>,
        ["sbyte"] = CheckLongTopK<sbyte>,
    };

    private static void CheckLongTopK<T>() where T : unmanaged, INumber<T>
    {
        int[] shape = [3, 40_000];
        var random = new Random(11);
        double[] raw = new double[shape[0] * shape[1]];
        for (int i = 0; i < raw.Length; i++)
        {
            raw[i] = i < shape[1] ? (random.NextDouble() - 0.5) * 1e4 : i < 2 * shape[1] ? random.Next(0, 4) : random.NextDouble() * 100;
        }
        raw[2 * shape[1] + 5] = double.NaN;
        raw[2 * shape[1] + 39_990] = double.NaN;
        T[] data = raw.Select(v => Convert<T>(v)).ToArray();
        double[] logical = data.Select(v => double.CreateTruncating(v)).ToArray();
        Tensor<T> x = Tensor.FromArray(data, shape);
        foreach (int k in new[] { 1, 7, 60 })
        {
            foreach (bool largest in new[] { true, false })
            {
                CheckTopKCase(x, logical, shape, 1, k, largest, $"{typeof(T).Name} long lines k {k} largest {largest}");
            }
        }
    }

    private static void CheckTopKCase<T>(Tensor<T> x, double[] logical, int[] shape, int a, int k, bool largest, string where) where T : unmanaged, INumber<T>
    {
        (Tensor<T> values, Tensor<long> indices) = Tensor.TopK(x, k, a, largest);
        (Tensor<T> loose, Tensor<long> looseIndices) = Tensor.TopK(x, k, a, largest, sorted: false);
        int[] outShape = (int[])shape.Clone();
        outShape[a] = k;
        Assert.Equal(outShape, values.Shape.ToArray());
        Assert.Equal(outShape, indices.Shape.ToArray());
        T[] v = values.ToArray();
        long[] idx = indices.ToArray(), looseIdx = looseIndices.ToArray();
        List<int[]> inLines = Lines(shape, a), outLines = Lines(outShape, a);
        for (int l = 0; l < outLines.Count; l++)
        {
            double[] line = inLines[l].Select(p => logical[p]).ToArray();
            // Reference: stable sort by key (descending for largest, NaN largest), ties by position.
            long[] expected = Enumerable.Range(0, line.Length)
                .OrderBy(i => line[i], Comparer<double>.Create((p, q) => largest ? Compare(q, p) : Compare(p, q)))
                .Take(k).Select(i => (long)i).ToArray();
            for (int i = 0; i < k; i++)
            {
                int p = outLines[l][i];
                Assert.True(expected[i] == idx[p], $"{where}: position {i}: expected index {expected[i]}, got {idx[p]}");
                Assert.Equal(0, Compare(line[expected[i]], double.CreateTruncating(v[p])));
            }
            Assert.Equal(expected.Order(), outLines[l].Select(p => looseIdx[p]).Order());
        }
    }

    [Fact]
    public void TopK_ZeroDimAndErrors_FollowTorch()
    {
        (Tensor<double> v, Tensor<long> i) = Tensor.TopK(Tensor.Scalar(4.0), 1);
        Assert.Equal(0, v.Rank);
        Assert.Equal(4.0, v.ToScalar());
        Assert.Equal(0L, i.ToScalar());
        Tensor<float> x = Tensor.FromArray([1f, 2f, 3f], 3);
        Assert.Throws<InvalidValueException>(() => Tensor.TopK(x, 4));
        Assert.Throws<InvalidValueException>(() => Tensor.TopK(x, -1));
        Assert.Throws<AxisIndexException>(() => Tensor.TopK(x, 1, dim: 1));
        Assert.Equal([float.NaN, 3f], Tensor.TopK(Tensor.FromArray([1f, float.NaN, 3f], 3), 2).Values.ToArray());
    }

    [Theory]
    [MemberData(nameof(ElementTypes))]
    public void ArgPartition_EveryKth_PartitionsAroundTheSortedElement(string type)
    {
        s_partitionByType[type]();
    }

    private static void CheckPartition<T>() where T : unmanaged, INumber<T>
    {
        int seed = 200;
        foreach (int[] shape in TestShapes.Where(s => s.Length > 0 && !s.Contains(0)).Append([3, 500]))
        {
            int size = shape.Aggregate(1, (a, b) => a * b);
            T[] data = Values(size, ++seed).Select(v => Convert<T>(v)).ToArray();
            double[] logical = data.Select(v => double.CreateTruncating(v)).ToArray();
            foreach ((string layout, Tensor<T> x) in InLayouts(data, shape))
            {
                for (int a = 0; a < shape.Length; a++)
                {
                    int n = shape[a];
                    foreach (int kth in new[] { 0, n / 3, n / 2, n - 1, -1 }.Distinct())
                    {
                        long[] result = Tensor.ArgPartition(x, kth, a).ToArray();
                        int k = kth < 0 ? kth + n : kth;
                        foreach (int[] line in Lines(shape, a))
                        {
                            double[] values = line.Select(p => logical[p]).ToArray();
                            long[] picked = line.Select(p => result[p]).ToArray();
                            string where = $"{typeof(T).Name} ({string.Join(",", shape)}) {layout} axis {a} kth {kth}";
                            Assert.True(picked.Order().SequenceEqual(Enumerable.Range(0, n).Select(i => (long)i)), $"{where}: not a permutation");
                            double pivot = values[StableOrder(values)[k]];
                            Assert.Equal(0, Compare(values[picked[k]], pivot));
                            Assert.All(picked.Take(k), i => Assert.True(Compare(values[i], pivot) <= 0, where));
                            Assert.All(picked.Skip(k + 1), i => Assert.True(Compare(values[i], pivot) >= 0, where));
                        }
                    }
                }
            }
        }
        Assert.Throws<InvalidValueException>(() => Tensor.ArgPartition(Tensor.FromArray([1.0, 2.0], 2), 2));
        Assert.Throws<InvalidValueException>(() => Tensor.ArgPartition(Tensor.FromArray([1.0, 2.0], 2), -3));
        Assert.Throws<AxisIndexException>(() => Tensor.ArgPartition(Tensor.Scalar(1.0), 0));
    }
}
