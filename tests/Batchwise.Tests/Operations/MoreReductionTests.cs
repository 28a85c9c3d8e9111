using static Batchwise.Tests.Operations.LineCases;

namespace Batchwise.Tests.Operations;

/// <summary>
/// Any, All, CountNonZero, the NaN-ignoring reductions, Median and Quantile against a per-slice
/// reference over every axis subset of random tensors with NaN, ±inf and ±0 in several layouts,
/// with and without keepDims, plus the empty and all-NaN cases NumPy defines.
/// </summary>
public sealed class MoreReductionTests
{
    private delegate Tensor<double> Reducer(Tensor<double> x, int[]? axes, bool keepDims);

    private static double Bool(bool b) => b ? 1 : 0;

    private static readonly (string Name, Reducer Apply, Func<double[], double> Reference)[] s_reducers =
    [
        ("any", (x, a, k) => Tensor.FromBool<double>(a is null ? Tensor.Any(x, k) : Tensor.Any(x, a, k)), v => Bool(v.Any(e => e != 0 || double.IsNaN(e)))),
        ("all", (x, a, k) => Tensor.FromBool<double>(a is null ? Tensor.All(x, k) : Tensor.All(x, a, k)), v => Bool(v.All(e => e != 0 || double.IsNaN(e)))),
        ("count_nonzero", (x, a, k) => Tensor.To<long, double>(a is null ? Tensor.CountNonZero(x, k) : Tensor.CountNonZero(x, a, k)), v => v.Count(e => e != 0 || double.IsNaN(e))),
        ("nansum", (x, a, k) => a is null ? Tensor.NanSum(x, k) : Tensor.NanSum(x, a, k), v => v.Where(e => !double.IsNaN(e)).Sum()),
        ("nanmean", (x, a, k) => a is null ? Tensor.NanMean(x, k) : Tensor.NanMean(x, a, k), v => v.Where(e => !double.IsNaN(e)).DefaultIfEmpty(double.NaN).Average()),
        ("nanmax", (x, a, k) => a is null ? Tensor.NanMax(x, k) : Tensor.NanMax(x, a, k), v => v.Where(e => !double.IsNaN(e)).DefaultIfEmpty(double.NaN).Max()),
        ("nanmin", (x, a, k) => a is null ? Tensor.NanMin(x, k) : Tensor.NanMin(x, a, k), v => v.Where(e => !double.IsNaN(e)).DefaultIfEmpty(double.NaN).Min()),
        ("median", (x, a, k) => a is null ? Tensor.Median(x, k) : Tensor.Median(x, a, k), Median),
    ];

    private static double Median(double[] v)
    {
        if (v.Length == 0 || v.Any(double.IsNaN))
        {
            return double.NaN;
        }
        double[] s = v.Order().ToArray();
        int k = s.Length / 2;
        return s.Length % 2 == 1 ? s[k] : (s[k - 1] + s[k]) / 2;
    }

    private static double Quantile(double[] v, double q)
    {
        if (v.Length == 0 || v.Any(double.IsNaN))
        {
            return double.NaN;
        }
        double[] s = v.Order().ToArray();
        double h = q * (s.Length - 1);
        int lo = (int)Math.Floor(h), hi = Math.Min(lo + 1, s.Length - 1);
        double g = h - lo, d = s[hi] - s[lo];
        return g >= 0.5 ? s[hi] - d * (1 - g) : s[lo] + d * g;
    }

    public static TheoryData<string> Names() => new(s_reducers.Select(r => r.Name));

    /// <summary>The values of each output slice, outputs in row-major order of the kept axes.</summary>
    private static List<double[]> Slices(double[] data, int[] shape, bool[] reduced)
    {
        var groups = new SortedDictionary<long, List<double>>();
        int[] index = new int[shape.Length];
        for (int flat = 0; flat < data.Length; flat++)
        {
            int rest = flat;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                index[d] = rest % shape[d];
                rest /= shape[d];
            }
            long key = 0;
            for (int d = 0; d < shape.Length; d++)
            {
                key = reduced[d] ? key : key * shape[d] + index[d];
            }
            if (!groups.TryGetValue(key, out List<double>? list))
            {
                groups[key] = list = [];
            }
            list.Add(data[flat]);
        }
        long outputs = shape.Where((_, d) => !reduced[d]).Aggregate(1L, (a, b) => a * b);
        return Enumerable.Range(0, (int)outputs).Select(o => groups.TryGetValue(o, out List<double>? l) ? l.ToArray() : []).ToList();
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Reduce_EveryAxisSubsetAndLayout_MatchesReference(string name)
    {
        (string _, Reducer apply, Func<double[], double> reference) = s_reducers.Single(r => r.Name == name);
        int seed = 0;
        foreach (int[] shape in new[] { new[] { 3, 4, 5 }, [2, 1, 6], [4, 3], [7], [] })
        {
            int size = shape.Aggregate(1, (a, b) => a * b);
            double[] data = Values(size, ++seed);
            foreach ((string layout, Tensor<double> x) in InLayouts(data, shape))
            {
                for (int mask = -1; mask < 1 << shape.Length; mask++)
                {
                    int[]? axes = mask < 0 ? null : Enumerable.Range(0, shape.Length).Where(d => (mask >> d & 1) != 0).Select(d => d - (d % 2) * shape.Length).ToArray();
                    bool[] reduced = Enumerable.Range(0, shape.Length).Select(d => mask < 0 || (mask >> d & 1) != 0).ToArray();
                    double[] expected = Slices(data, shape, reduced).Select(reference).ToArray();
                    foreach (bool keepDims in new[] { false, true })
                    {
                        Tensor<double> result = apply(x, axes, keepDims);
                        int[] expectedShape = shape.Select((e, d) => reduced[d] ? (keepDims ? 1 : -1) : e).Where(e => e >= 0).ToArray();
                        string where = $"{name} ({string.Join(",", shape)}) {layout} axes [{(axes is null ? "all" : string.Join(",", axes))}] keepDims {keepDims}";
                        Assert.True(expectedShape.SequenceEqual(result.Shape.ToArray()), where + " shape");
                        double[] actual = result.ToArray();
                        for (int i = 0; i < expected.Length; i++)
                        {
                            Assert.True(double.IsNaN(expected[i]) ? double.IsNaN(actual[i]) : Math.Abs(expected[i] - actual[i]) <= 1e-12 * (1 + Math.Abs(expected[i])) || expected[i] == actual[i],
                                $"{where}: output {i}: expected {expected[i]}, got {actual[i]}");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Quantile_EveryAxisAndQ_MatchesLinearReference()
    {
        int seed = 50;
        foreach (int[] shape in new[] { new[] { 3, 4, 5 }, [6], [2, 7], [] })
        {
            int size = shape.Aggregate(1, (a, b) => a * b);
            double[] data = Values(size, ++seed);
            foreach ((string layout, Tensor<double> x) in InLayouts(data, shape))
            {
                foreach (int? axis in Enumerable.Range(-shape.Length, 2 * shape.Length).Select(a => (int?)a).Append(null))
                {
                    bool[] reduced = Enumerable.Range(0, shape.Length).Select(d => axis is null || d == (axis < 0 ? axis + shape.Length : axis)).ToArray();
                    foreach (double q in new[] { 0.0, 0.1, 0.25, 0.5, 0.6, 0.99, 1.0 })
                    {
                        double[] expected = Slices(data, shape, reduced).Select(s => Quantile(s, q)).ToArray();
                        double[] actual = Tensor.Quantile(x, q, axis).ToArray();
                        Assert.Equal(expected.Length, actual.Length);
                        for (int i = 0; i < expected.Length; i++)
                        {
                            Assert.True(double.IsNaN(expected[i]) ? double.IsNaN(actual[i]) : expected[i] == actual[i], $"({string.Join(",", shape)}) {layout} axis {axis} q {q}: output {i}: expected {expected[i]}, got {actual[i]}");
                        }
                        Assert.Equal(shape.Length, Tensor.Quantile(x, q, axis, keepDims: true).Rank);
                    }
                }
            }
        }
    }

    [Fact]
    public void Reductions_EmptyAllNaNAndErrors_FollowNumPy()
    {
        double nan = double.NaN;
        Tensor<double> rows = Tensor.Zeros<double>(3, 0);
        Assert.Equal([false, false, false], Tensor.Any(rows, 1).ToArray());
        Assert.Equal([true, true, true], Tensor.All(rows, 1).ToArray());
        Assert.Equal([0L, 0, 0], Tensor.CountNonZero(rows, 1).ToArray());
        Assert.Equal([0.0, 0.0, 0.0], Tensor.NanSum(rows, 1).ToArray());
        Assert.All(Tensor.NanMean(rows, 1).ToArray(), v => Assert.True(double.IsNaN(v)));
        Assert.All(Tensor.Median(rows, 1).ToArray(), v => Assert.True(double.IsNaN(v)));
        Assert.True(double.IsNaN(Tensor.Quantile(rows, 0.5).ToScalar()));
        Assert.Throws<InvalidValueException>(() => Tensor.NanMax(rows, 1));
        Assert.Throws<InvalidValueException>(() => Tensor.NanMin(rows));
        Assert.Equal([0], Tensor.NanMax(rows, 0).Shape.ToArray());

        Tensor<float> allNaN = Tensor.FromArray([float.NaN, float.NaN, 1f, float.NaN], 2, 2);
        float[] max = Tensor.NanMax(allNaN, 1).ToArray();
        Assert.True(float.IsNaN(max[0]));
        Assert.Equal(1f, max[1]);
        Assert.Equal(1f, Tensor.NanSum(allNaN).ToScalar());
        Assert.Equal(1f, Tensor.NanMean(allNaN).ToScalar());
        Assert.True(Tensor.Any(Tensor.FromArray([0.0, nan], 2)).ToScalar());
        Assert.False(Tensor.Any(Tensor.FromArray([0.0, -0.0], 2)).ToScalar());
        Assert.Equal(2L, Tensor.CountNonZero(Tensor.FromArray([0f, -0f, float.NaN, float.NegativeInfinity], 4)).ToScalar());
        Assert.True(Tensor.All(Tensor.FromArray([true, true], 2)).ToScalar());
        Assert.Equal(3, Tensor.NanMax(Tensor.FromArray([1, 3, 2], 3)).ToScalar());

        Assert.False(Tensor.Any(Tensor.FromArray([(Half)(-0.0), Half.Zero], 2)).ToScalar());
        Assert.True(Tensor.All(Tensor.FromArray([Half.NaN, Half.One], 2)).ToScalar());
        Tensor<long> argmax = Tensor.ArgMax(Tensor.FromArray([1.0, 9.0, 9.0, 3.0, 0.0, 2.0], 2, 1, 3), keepDims: true);
        Assert.Equal([1, 1, 1], argmax.Shape.ToArray());
        Assert.Equal(1L, argmax.ToArray()[0]);
        Assert.Equal([1, 1], Tensor.ArgMin(Tensor.FromArray([1.0, 9.0], 1, 2), keepDims: true).Shape.ToArray());
        Assert.Equal(0, Tensor.ArgMin(Tensor.Scalar(2.0), keepDims: true).Rank);

        Assert.Throws<InvalidValueException>(() => Tensor.Quantile(Tensor.FromArray([1.0], 1), 1.5));
        Assert.Throws<InvalidValueException>(() => Tensor.Quantile(Tensor.FromArray([1.0], 1), double.NaN));
        Assert.Throws<AxisIndexException>(() => Tensor.Median(rows, 2));
        Assert.Throws<InvalidValueException>(() => Tensor.Any(rows, [0, 0]));
        Assert.Throws<AxisIndexException>(() => Tensor.Quantile(rows, 0.5, 2));
    }

    [Fact]
    public void Reductions_LargeInputs_RunInParallelAndMatchReference()
    {
        double[] data = Values(512 * 600, 9);
        Tensor<double> x = Tensor.FromArray(data, 512, 600);
        List<double[]> rows = Slices(data, [512, 600], [false, true]);
        Assert.Equal(rows.Select(Median), Tensor.Median(x, 1).ToArray());
        Assert.Equal(rows.Select(r => (long)r.Count(e => e != 0 || double.IsNaN(e))), Tensor.CountNonZero(x, 1).ToArray());
        Assert.Equal(rows.Select(r => Quantile(r, 0.3)), Tensor.Quantile(x, 0.3, 1).ToArray());
    }
}
