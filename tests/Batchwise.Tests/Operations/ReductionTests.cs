using Batchwise.Tests.Tensors;
using static Batchwise.Tests.Operations.OperandLayouts;

namespace Batchwise.Tests.Operations;

/// <summary>
/// Reductions against a double-precision reference that walks the index space directly: every axis
/// subset of small tensors in several layouts, keepDims, the empty cases NumPy defines, NaN, the
/// arg-reductions, Var/Std with ddof, LogSumExp at ±inf, and inputs large enough to run in parallel.
/// </summary>
public class ReductionTests
{
    private delegate Tensor<double> Reducer(Tensor<double> x, int[]? axes, bool keepDims);

    private static readonly (string Name, Reducer Apply, Func<double[], double> Reference)[] s_reducers =
    [
        ("sum", (x, axes, k) => axes is null ? Tensor.Sum(x, k) : Tensor.Sum(x, axes, k), v => v.Sum()),
        ("prod", (x, axes, k) => axes is null ? Tensor.Prod(x, k) : Tensor.Prod(x, axes, k), v => v.Aggregate(1.0, (p, q) => p * q)),
        ("mean", (x, axes, k) => axes is null ? Tensor.Mean(x, k) : Tensor.Mean(x, axes, k), v => v.Length == 0 ? double.NaN : v.Sum() / v.Length),
        ("max", (x, axes, k) => axes is null ? Tensor.Max(x, k) : Tensor.Max(x, axes, k), v => v.Any(double.IsNaN) ? double.NaN : v.Max()),
        ("min", (x, axes, k) => axes is null ? Tensor.Min(x, k) : Tensor.Min(x, axes, k), v => v.Any(double.IsNaN) ? double.NaN : v.Min()),
        ("var", (x, axes, k) => axes is null ? Tensor.Var(x, 0, k) : Tensor.Var(x, axes, 0, k), v => Variance(v, 0)),
        ("var_ddof1", (x, axes, k) => axes is null ? Tensor.Var(x, 1, k) : Tensor.Var(x, axes, 1, k), v => Variance(v, 1)),
        ("std", (x, axes, k) => axes is null ? Tensor.Std(x, 0, k) : Tensor.Std(x, axes, 0, k), v => Math.Sqrt(Variance(v, 0))),
        ("std_ddof1", (x, axes, k) => axes is null ? Tensor.Std(x, 1, k) : Tensor.Std(x, axes, 1, k), v => Math.Sqrt(Variance(v, 1))),
        ("logsumexp", (x, axes, k) => axes is null ? Tensor.LogSumExp(x, k) : Tensor.LogSumExp(x, axes, k), LogSumExp),
    ];

    private static double Variance(double[] v, int ddof)
    {
        double mean = v.Average();
        return v.Sum(x => (x - mean) * (x - mean)) / (v.Length - ddof);
    }

    private static double LogSumExp(double[] v)
    {
        double max = v.Max();
        if (double.IsInfinity(max))
        {
            max = 0;
        }
        return Math.Log(v.Sum(x => Math.Exp(x - max))) + max;
    }

    public static TheoryData<string> ReducerNames() => new(s_reducers.Select(r => r.Name));

    [Theory]
    [MemberData(nameof(ReducerNames))]
    public void Reduce_EveryAxisSubsetAndLayout_MatchesReference(string name)
    {
        (string _, Reducer apply, Func<double[], double> reference) = s_reducers.Single(r => r.Name == name);
        int[][] shapes = [[], [1], [7], [3, 4], [2, 1, 5], [4, 3, 2, 3], [17, 33]];
        foreach (int[] shape in shapes)
        {
            int size = shape.Aggregate(1, (p, d) => p * d);
            double[] values = Values(size, size, specials: false, -2, 2);
            foreach (string layout in new[] { "contiguous", "transposed", "reversed", "strided", "broadcast" })
            {
                (Tensor<double> x, ReferenceView view, double[] data) = MakeInput(values, shape, layout);
                for (int mask = -1; mask < 1 << x.Rank; mask++)
                {
                    int[]? axes = mask < 0 ? null : Enumerable.Range(0, x.Rank).Where(a => (mask & (1 << a)) != 0).Select(a => a % 2 == 0 ? a : a - x.Rank).ToArray();
                    foreach (bool keepDims in new[] { false, true })
                    {
                        Tensor<double> result = apply(x, axes, keepDims);
                        CheckAgainstReference(x.Shape.ToArray(), axes, keepDims, result, view, data, reference, $"{name} {layout} shape {x.ShapeString} axes {(axes is null ? "all" : string.Join(",", axes))} keepDims {keepDims}");
                    }
                }
            }
        }
    }

    /// <summary>An input of the given logical shape holding <paramref name="values"/> in one of several memory layouts.</summary>
    private static (Tensor<double> X, ReferenceView View, double[] Data) MakeInput(double[] values, int[] shape, string layout)
    {
        switch (layout)
        {
            case "transposed":
                {
                    // Stored transposed, viewed back: a Fortran-ordered input.
                    int[] reversedShape = shape.Reverse().ToArray();
                    Tensor<double> stored = Tensor.FromArray(values, shape).Transpose().Contiguous();
                    double[] data = stored.ToArray();
                    return (Tensor.FromArray(data, reversedShape).Transpose(), ReferenceView.Base(reversedShape).Permute(Enumerable.Range(0, shape.Length).Reverse().ToArray()), data);
                }
            case "reversed":
                {
                    var items = Enumerable.Repeat(TensorIndex.Slice(null, null, -1), shape.Length).ToArray();
                    var referenceItems = shape.Select(d => (object?)ReferenceView.SlicePositions(null, null, -1, d)).ToList();
                    return (Tensor.FromArray((double[])values.Clone(), shape)[items], ReferenceView.Base(shape).Index(referenceItems), values);
                }
            case "strided":
                {
                    // Every other element along the last axis of a buffer twice as wide.
                    if (shape.Length == 0)
                    {
                        goto default;
                    }
                    int[] wide = [.. shape[..^1], 2 * shape[^1]];
                    double[] data = Values(wide.Aggregate(1, (p, d) => p * d), 99, specials: false, -2, 2);
                    var items = new TensorIndex[] { TensorIndex.Ellipsis, TensorIndex.Slice(null, null, 2) };
                    List<object?> referenceItems = ["...", ReferenceView.SlicePositions(null, null, 2, wide[^1])];
                    return (Tensor.FromArray(data, wide)[items], ReferenceView.Base(wide).Index(referenceItems), data);
                }
            case "broadcast":
                {
                    // A row broadcast along the first axis (stride 0 in the input).
                    if (shape.Length == 0)
                    {
                        goto default;
                    }
                    int[] row = shape[1..];
                    double[] data = Values(row.Aggregate(1, (p, d) => p * d), 5, specials: false, -2, 2);
                    return (Tensor.FromArray(data, row).BroadcastTo(shape), ReferenceView.Base(row).BroadcastTo(shape), data);
                }
            default:
                return (Tensor.FromArray((double[])values.Clone(), shape), ReferenceView.Base(shape), values);
        }
    }

    private static void CheckAgainstReference(int[] shape, int[]? axes, bool keepDims, Tensor<double> result, ReferenceView view, double[] data, Func<double[], double> reference, string what)
    {
        int rank = shape.Length;
        bool[] reduced = new bool[rank];
        foreach (int a in axes ?? Enumerable.Range(0, rank).ToArray())
        {
            reduced[(a + rank) % rank] = true;
        }
        int[] expectedShape = Enumerable.Range(0, rank).Where(a => !reduced[a] || keepDims).Select(a => reduced[a] ? 1 : shape[a]).ToArray();
        Assert.True(expectedShape.SequenceEqual(result.Shape.ToArray()), $"{what}: shape {result.ShapeString}");
        // Group every input element by its output position.
        var groups = new Dictionary<string, List<double>>();
        foreach (int[] index in view.Indices())
        {
            string key = string.Join(",", Enumerable.Range(0, rank).Where(a => !reduced[a]).Select(a => index[a]));
            if (!groups.TryGetValue(key, out List<double>? group))
            {
                groups[key] = group = [];
            }
            group.Add(data[view.Map(index)]);
        }
        var kept = new ReferenceView(Enumerable.Range(0, rank).Where(a => !reduced[a]).Select(a => shape[a]).ToArray(), _ => 0);
        double[] actual = result.ToArray();
        int position = 0;
        foreach (int[] index in kept.Indices().DefaultIfEmpty([]))
        {
            if (kept.Size == 0)
            {
                break;
            }
            double expected = reference(groups.TryGetValue(string.Join(",", index), out List<double>? g) ? [.. g] : []);
            Assert.True(Close(actual[position], expected, 1e-12, floor: 1), $"{what}: element {position} is {actual[position]}, expected {expected}");
            position++;
        }
        Assert.Equal(kept.Size, actual.Length);
    }

    [Fact]
    public void Reduce_EmptyInputs_FollowNumPysRules()
    {
        Tensor<double> empty = Tensor.Zeros<double>(0);
        Assert.Equal(0.0, Tensor.Sum(empty).ToScalar());
        Assert.Equal(1.0, Tensor.Prod(empty).ToScalar());
        Assert.True(double.IsNaN(Tensor.Mean(empty).ToScalar()));
        Tensor<double> rows = Tensor.Zeros<double>(3, 0);
        Assert.Equal([0.0, 0.0, 0.0], Tensor.Sum(rows, 1).ToArray());
        Assert.Equal([0], Tensor.Sum(rows, 0).Shape.ToArray());
        Assert.All(Tensor.Mean(rows, 1).ToArray(), v => Assert.True(double.IsNaN(v)));
        Assert.Equal([3, 1], Tensor.Sum(rows, [1], keepDims: true).Shape.ToArray());
        // A max over a non-empty axis of an empty array is fine (its result is empty too).
        Assert.Equal([0], Tensor.Max(rows, 0).Shape.ToArray());

        var max = Assert.Throws<InvalidValueException>(() => Tensor.Max(empty));
        Assert.StartsWith("zero-size array to reduction operation maximum which has no identity", max.Message);
        Assert.StartsWith("zero-size array to reduction operation minimum which has no identity", Assert.Throws<InvalidValueException>(() => Tensor.Min(rows, 1)).Message);
        Assert.StartsWith("attempt to get argmax of an empty sequence", Assert.Throws<InvalidValueException>(() => Tensor.ArgMax(empty)).Message);
        Assert.StartsWith("attempt to get argmin of an empty sequence", Assert.Throws<InvalidValueException>(() => Tensor.ArgMin(rows, 1)).Message);
    }

    [Fact]
    public void Reduce_NaN_Propagates()
    {
        Tensor<double> x = Tensor.FromArray([1.0, double.NaN, 3.0, 4.0, 5.0, 6.0], 2, 3);
        Assert.True(double.IsNaN(Tensor.Sum(x).ToScalar()));
        Assert.True(double.IsNaN(Tensor.Max(x).ToScalar()));
        Assert.True(double.IsNaN(Tensor.Min(x).ToScalar()));
        Assert.True(double.IsNaN(Tensor.Mean(x).ToScalar()));
        double[] maxRows = Tensor.Max(x, 1).ToArray();
        Assert.True(double.IsNaN(maxRows[0]));
        Assert.Equal(6.0, maxRows[1]);
        double[] maxColumns = Tensor.Max(x, 0).ToArray();
        Assert.Equal(4.0, maxColumns[0]);
        Assert.True(double.IsNaN(maxColumns[1]));
        // NaN anywhere in a long run, at every position: the vector and scalar tails must both see it.
        for (int n = 1; n <= 70; n++)
        {
            for (int at = 0; at < n; at++)
            {
                double[] values = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
                values[at] = double.NaN;
                Tensor<double> t = Tensor.FromArray(values, n);
                Assert.True(double.IsNaN(Tensor.Max(t).ToScalar()), $"max n={n} at={at}");
                Assert.True(double.IsNaN(Tensor.Min(t).ToScalar()), $"min n={n} at={at}");
                Assert.True(double.IsNaN(Tensor.Max(t[TensorIndex.Slice(null, null, -1)]).ToScalar()), $"max reversed n={n} at={at}");
                Assert.Equal(at, Tensor.ArgMax(t).ToScalar());
                Assert.Equal(at, Tensor.ArgMin(t).ToScalar());
            }
        }
    }

    [Fact]
    public void ArgMax_TiesAndAxes_ReturnFirstOccurrence()
    {
        Tensor<double> x = Tensor.FromArray([1.0, 5.0, 5.0, 0.0, -1.0, 7.0, 7.0, -1.0], 2, 4);
        Assert.Equal(5L, Tensor.ArgMax(x).ToScalar());
        Assert.Equal(4L, Tensor.ArgMin(x).ToScalar());
        Assert.Equal([1L, 1L], Tensor.ArgMax(x, 1).ToArray());
        Assert.Equal([3L, 0L], Tensor.ArgMin(x, -1).ToArray());
        Assert.Equal([0L, 1L, 1L, 0L], Tensor.ArgMax(x, 0).ToArray());
        Assert.Equal([1L, 0L, 0L, 1L], Tensor.ArgMin(x, 0).ToArray());
        Assert.Equal([2, 1], Tensor.ArgMax(x, 1, keepDims: true).Shape.ToArray());
        Assert.Equal([1, 4], Tensor.ArgMax(x, 0, keepDims: true).Shape.ToArray());
        // Views: transposed and reversed.
        Assert.Equal([0L, 1L, 1L, 0L], Tensor.ArgMax(x.T, 1).ToArray());
        Assert.Equal([1L, 1L], Tensor.ArgMax(x[TensorIndex.All, TensorIndex.Slice(null, null, -1)], 1).ToArray());
        Assert.Equal(2L, Tensor.ArgMax(Tensor.FromArray([1, 2, 9, 9], 4)).ToScalar());
        Assert.Equal(0L, Tensor.ArgMax(Tensor.Scalar(3.0)).ToScalar());
        Assert.Equal("axis 2 is out of bounds for array of dimension 2", Assert.Throws<AxisIndexException>(() => Tensor.ArgMax(x, 2)).Message);
    }

    [Fact]
    public void VarAndStd_Ddof_MatchNumPy()
    {
        Tensor<double> x = Tensor.FromArray([1.0, 2.0, 3.0, 4.0], 4);
        Assert.Equal(1.25, Tensor.Var(x).ToScalar(), 15);
        Assert.Equal(5.0 / 3.0, Tensor.Var(x, ddof: 1).ToScalar(), 15);
        Assert.Equal(Math.Sqrt(1.25), Tensor.Std(x).ToScalar(), 15);
        Assert.Equal(Math.Sqrt(5.0 / 3.0), Tensor.Std(x, ddof: 1).ToScalar(), 15);
        // ddof = n divides by zero: inf (NumPy warns and returns inf for a non-zero sum of squares).
        Assert.True(double.IsPositiveInfinity(Tensor.Var(x, ddof: 4).ToScalar()));
        Assert.True(double.IsNaN(Tensor.Var(Tensor.FromArray([2.0], 1), ddof: 1).ToScalar()));
        Tensor<float> f = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        Assert.Equal([2f / 3f, 2f / 3f], Tensor.Var(f, [1]).ToArray());
        Assert.Equal([2.25f, 2.25f, 2.25f], Tensor.Var(f, [0]).ToArray());
    }

    [Fact]
    public void LogSumExp_Infinities_FollowSciPy()
    {
        double ninf = double.NegativeInfinity, inf = double.PositiveInfinity;
        Assert.Equal(ninf, Tensor.LogSumExp(Tensor.FromArray([ninf, ninf], 2)).ToScalar());
        Assert.Equal(inf, Tensor.LogSumExp(Tensor.FromArray([inf, 1.0], 2)).ToScalar());
        Assert.Equal(inf, Tensor.LogSumExp(Tensor.FromArray([inf, ninf], 2)).ToScalar());
        Assert.Equal(2.0, Tensor.LogSumExp(Tensor.FromArray([ninf, 2.0], 2)).ToScalar());
        Assert.True(double.IsNaN(Tensor.LogSumExp(Tensor.FromArray([double.NaN, 1.0], 2)).ToScalar()));
        // Stable for large values: log(e^1000 + e^1000) = 1000 + log 2.
        Assert.Equal(1000 + Math.Log(2), Tensor.LogSumExp(Tensor.FromArray([1000.0, 1000.0], 2)).ToScalar(), 12);
        Tensor<float> rows = Tensor.FromArray([0f, 0f, float.NegativeInfinity, float.NegativeInfinity], 2, 2);
        float[] perRow = Tensor.LogSumExp(rows, [1]).ToArray();
        Assert.Equal(MathF.Log(2), perRow[0], 6);
        Assert.Equal(float.NegativeInfinity, perRow[1]);
        Assert.Equal([2, 1], Tensor.LogSumExp(rows, [1], keepDims: true).Shape.ToArray());
    }

    [Fact]
    public void Reduce_AxisErrors_UseNumPysWords()
    {
        Tensor<double> x = Tensor.Zeros<double>(2, 3);
        var error = Assert.Throws<AxisIndexException>(() => Tensor.Sum(x, 3));
        Assert.Equal("axis 3 is out of bounds for array of dimension 2", error.Message);
        Assert.Equal(ErrorKind.Index, error.Kind);
        Assert.Equal("axis -3 is out of bounds for array of dimension 2", Assert.Throws<AxisIndexException>(() => Tensor.Mean(x, -3)).Message);
        Assert.Equal("duplicate value in 'axis'", Assert.Throws<InvalidValueException>(() => Tensor.Sum(x, [1, -1])).Message);
        // An empty axis list reduces nothing.
        Assert.Equal(x.Shape.ToArray(), Tensor.Sum(x, []).Shape.ToArray());
    }

    [Theory]
    [InlineData(512, 300)]
    [InlineData(300, 512)]
    [InlineData(1, 200_000)]
    [InlineData(200_000, 1)]
    [InlineData(2, 70_000)]
    [InlineData(70_000, 2)]
    [InlineData(2048, 2048)]
    public void Reduce_LargeInputsThatRunInParallel_MatchDoubleReference(int m, int n)
    {
        float[] values = Tensor.Rand<float>([m * n], seed: 3, low: -1, high: 1).ToArray();
        Tensor<float> x = Tensor.FromArray(values, m, n);
        double[] rowSums = new double[m], columnSums = new double[n];
        double total = 0;
        float[] rowMax = Enumerable.Repeat(float.NegativeInfinity, m).ToArray(), columnMax = Enumerable.Repeat(float.NegativeInfinity, n).ToArray();
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float v = values[i * n + j];
                rowSums[i] += v;
                columnSums[j] += v;
                total += v;
                rowMax[i] = Math.Max(rowMax[i], v);
                columnMax[j] = Math.Max(columnMax[j], v);
            }
        }
        // Float sums of k terms in [-1, 1]: allow c·k·eps of the sum of magnitudes.
        AssertSums(rowSums, Tensor.Sum(x, 1).ToArray(), n);
        AssertSums(columnSums, Tensor.Sum(x, 0).ToArray(), m);
        AssertSums(columnSums, Tensor.Sum(x.T, 1).ToArray(), m);
        AssertSums(rowSums, Tensor.Sum(x[TensorIndex.Slice(null, null, -1)], 1).ToArray().Reverse().ToArray(), n);
        AssertSums([total], [Tensor.Sum(x).ToScalar()], m * n);
        AssertSums([total / (m * n)], [Tensor.Mean(x).ToScalar()], 1);
        Assert.Equal(rowMax, Tensor.Max(x, 1).ToArray());
        Assert.Equal(columnMax, Tensor.Max(x, 0).ToArray());
        Assert.Equal(values.Max(), Tensor.Max(x).ToScalar());
        Assert.Equal(Array.IndexOf(values, values.Max()), Tensor.ArgMax(x).ToScalar());
    }

    private static void AssertSums(double[] expected, float[] actual, int terms)
    {
        Assert.Equal(expected.Length, actual.Length);
        // A float sum of k terms of magnitude at most 1 is off by at most about k·eps·k in theory; blocked
        // and vectorised sums do far better. k·1e-7 leaves room for the worst order, not for a wrong sum.
        double tolerance = 1e-7 * terms + 1e-6;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance, $"element {i}: {actual[i]} vs {expected[i]} (tolerance {tolerance})");
        }
    }

    [Fact]
    public void Sum_IntegersAndKeepDims_GiveExactResults()
    {
        Tensor<int> x = Tensor.Arange(24).Reshape(2, 3, 4);
        Assert.Equal(276, Tensor.Sum(x).ToScalar());
        Assert.Equal([66, 210], Tensor.Sum(x, [1, 2]).ToArray());
        Assert.Equal([2, 1, 1], Tensor.Sum(x, [1, 2], keepDims: true).Shape.ToArray());
        Assert.Equal([1, 1, 1], Tensor.Sum(x, keepDims: true).Shape.ToArray());
        Assert.Equal([60, 66, 72, 78], Tensor.Sum(x, [0, 1]).ToArray());
        Assert.Equal([60, 92, 124], Tensor.Sum(x, [0, -1]).ToArray());
        Assert.Equal(0, Tensor.Prod(x).ToScalar());
        Assert.Equal(23, Tensor.Max(x).ToScalar());
        Assert.Equal([3, 7, 11, 15, 19, 23], Tensor.Max(x, 2).ToArray());
    }
}
