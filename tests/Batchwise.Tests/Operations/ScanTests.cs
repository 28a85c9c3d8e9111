using System.Numerics;
using static Batchwise.Tests.Operations.LineCases;

namespace Batchwise.Tests.Operations;

/// <summary>
/// CumSum, CumProd, LogCumSumExp and Diff against per-line references over every shape, axis and
/// layout, the <c>into:</c> forms (including in place), float32 accuracy and the NumPy errors.
/// </summary>
public sealed class ScanTests
{
    private static double[] RunningSum(double[] v, bool product)
    {
        double acc = product ? 1 : 0;
        return v.Select(x => acc = product ? acc * x : acc + x).ToArray();
    }

    private static double[] RunningLogSumExp(double[] v)
    {
        double acc = double.NegativeInfinity;
        return v.Select(x =>
        {
            double max = Math.Max(acc, x);
            acc = double.IsNegativeInfinity(max) ? max : max + Math.Log(Math.Exp(acc - max) + Math.Exp(x - max));
            return acc;
        }).ToArray();
    }

    private static double[] Difference(double[] v, int n)
    {
        for (int round = 0; round < n && v.Length > 0; round++)
        {
            v = v.Skip(1).Zip(v, (b, a) => b - a).ToArray();
        }
        return v;
    }

    [Theory]
    [InlineData("cumsum")]
    [InlineData("cumprod")]
    [InlineData("logcumsumexp")]
    public void Scan_EveryShapeAxisAndLayout_MatchesReference(string op)
    {
        int seed = 0;
        foreach (int[] shape in TestShapes)
        {
            int size = shape.Aggregate(1, (a, b) => a * b);
            double[] data = Values(size, ++seed, specials: false).Select(v => v / 4).ToArray();
            foreach ((string layout, Tensor<double> x) in InLayouts(data, shape))
            {
                foreach (int? axis in Enumerable.Range(-shape.Length, 2 * shape.Length).Select(a => (int?)a).Append(null))
                {
                    Func<double[], double[]> reference = op switch
                    {
                        "cumsum" => v => RunningSum(v, false),
                        "cumprod" => v => RunningSum(v, true),
                        _ => RunningLogSumExp,
                    };
                    Func<Tensor<double>, int?, Tensor<double>?, Tensor<double>> apply = op switch
                    {
                        "cumsum" => (t, a, d) => Tensor.CumSum(t, a, d),
                        "cumprod" => (t, a, d) => Tensor.CumProd(t, a, d),
                        _ => (t, a, d) => Tensor.LogCumSumExp(t, a, d),
                    };
                    int[] outShape = axis is null ? [Math.Max(size, shape.Length == 0 ? 1 : 0)] : shape;
                    double[] expected = new double[outShape.Aggregate(1, (a, b) => a * b)];
                    if (axis is null)
                    {
                        expected = reference(data);
                    }
                    else
                    {
                        foreach (int[] line in Lines(shape, axis.Value < 0 ? axis.Value + shape.Length : axis.Value))
                        {
                            double[] r = reference(line.Select(p => data[p]).ToArray());
                            for (int i = 0; i < line.Length; i++)
                            {
                                expected[line[i]] = r[i];
                            }
                        }
                    }
                    string where = $"{op} ({string.Join(",", shape)}) {layout} axis {axis}";
                    Tensor<double> result = apply(x, axis, null);
                    Assert.Equal(outShape, result.Shape.ToArray());
                    AssertClose(expected, result.ToArray(), where);
                    // into: a transposed destination, then in place when the layouts allow it.
                    Tensor<double> into = outShape.Length >= 2 ? Tensor.Zeros<double>(outShape.Reverse().ToArray()).T : Tensor.Zeros<double>(outShape);
                    Assert.Same(into, apply(x, axis, into));
                    AssertClose(expected, into.Contiguous().ToArray(), where + " into");
                    if (axis is not null)
                    {
                        Tensor<double> copy = x.Copy();
                        Assert.Same(copy, apply(copy, axis, copy));
                        AssertClose(expected, copy.ToArray(), where + " in place");
                    }
                }
            }
        }
    }

    private static void AssertClose(double[] expected, double[] actual, string where)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(double.IsNaN(expected[i]) ? double.IsNaN(actual[i]) : Math.Abs(expected[i] - actual[i]) <= 1e-12 * (1 + Math.Abs(expected[i])),
                $"{where}: element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    [Fact]
    public void CumSum_Float32_AccumulatesInDouble()
    {
        // NumPy's float32 cumsum accumulates in float32 and ends at 1,087,937 here; exact is 1,000,000.0149.
        const int n = 10_000_000;
        float[] result = Tensor.CumSum(Tensor.Full(0.1f, n)).ToArray();
        Assert.Equal((float)(n * (double)0.1f), result[^1]);
        Assert.Equal((float)(12345 * (double)0.1f), result[12344]);
        int[] ints = Tensor.CumSum(Tensor.FromArray([1, 2, 3, -4], 4)).ToArray();
        Assert.Equal([1, 3, 6, 2], ints);
        Assert.Equal([2L, 6, 24], Tensor.CumProd(Tensor.FromArray([2L, 3, 4], 3)).ToArray());
    }

    [Fact]
    public void Scans_SpecialValues_PropagateAsIeee()
    {
        double inf = double.PositiveInfinity, ninf = double.NegativeInfinity;
        double[] sums = Tensor.CumSum(Tensor.FromArray([1.0, inf, ninf, 2.0], 4)).ToArray();
        Assert.Equal([1.0, inf], sums[..2]);
        Assert.True(double.IsNaN(sums[2]) && double.IsNaN(sums[3]));
        double[] products = Tensor.CumProd(Tensor.FromArray([2.0, 0.0, inf], 3)).ToArray();
        Assert.True(products[0] == 2 && products[1] == 0 && double.IsNaN(products[2]));
        Assert.Equal([ninf, ninf, 1.0, inf, inf], Tensor.LogCumSumExp(Tensor.FromArray([ninf, ninf, 1.0, inf, 2.0], 5)).ToArray());
        float[] big = Tensor.LogCumSumExp(Tensor.FromArray([1e30f, 1e30f], 2)).ToArray();
        Assert.Equal([1e30f, 1e30f], big);
        Assert.Equal(Math.Log(2) + 1000, Tensor.LogCumSumExp(Tensor.FromArray([1000.0, 1000.0], 2)).ToArray()[1], 12);
        Assert.True(double.IsNaN(Tensor.LogCumSumExp(Tensor.FromArray([1.0, double.NaN, 2.0], 3)).ToArray()[2]));
    }

    [Fact]
    public void Diff_EveryOrderAxisAndLayout_MatchesReference()
    {
        int seed = 0;
        foreach (int[] shape in TestShapes.Where(s => s.Length > 0))
        {
            int size = shape.Aggregate(1, (a, b) => a * b);
            double[] data = Values(size, ++seed);
            foreach ((string layout, Tensor<double> x) in InLayouts(data, shape))
            {
                for (int a = 0; a < shape.Length; a++)
                {
                    for (int n = 0; n <= shape[a] + 1; n++)
                    {
                        Tensor<double> result = Tensor.Diff(x, n, a - shape.Length);
                        int[] outShape = (int[])shape.Clone();
                        outShape[a] = Math.Max(shape[a] - n, 0);
                        Assert.Equal(outShape, result.Shape.ToArray());
                        double[] actual = result.ToArray();
                        List<int[]> inLines = Lines(shape, a), outLines = Lines(outShape, a);
                        for (int l = 0; l < outLines.Count; l++)
                        {
                            double[] expected = Difference(inLines[l].Select(p => data[p]).ToArray(), n);
                            for (int i = 0; i < expected.Length; i++)
                            {
                                double got = actual[outLines[l][i]];
                                Assert.True(double.IsNaN(expected[i]) ? double.IsNaN(got) : expected[i] == got, $"({string.Join(",", shape)}) {layout} axis {a} n {n}");
                            }
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Diff_IntsIntoAndErrors_FollowNumPy()
    {
        Tensor<int> x = Tensor.FromArray([1, 4, 9, 16, 25, 36], 2, 3);
        Assert.Equal([3, 5, 9, 11], Tensor.Diff(x).ToArray());
        Assert.Equal([15, 21, 27], Tensor.Diff(x, axis: 0).ToArray());
        Assert.Equal([2, 2], Tensor.Diff(x, 2).ToArray());
        Tensor<int> into = Tensor.Zeros<int>(2, 2);
        Assert.Same(into, Tensor.Diff(x, 1, -1, into));
        Assert.Equal([3, 5, 9, 11], into.ToArray());
        Tensor<int> copy = Tensor.Diff(x, 0);
        Assert.False(copy.SharesStorageWith(x));
        Assert.Equal(x.ToArray(), copy.ToArray());
        Assert.Throws<InvalidValueException>(() => Tensor.Diff(x, -1));
        Assert.Throws<ShapeException>(() => Tensor.Diff(Tensor.Scalar(1.0)));
        Assert.Throws<AxisIndexException>(() => Tensor.Diff(x, 1, 2));
        Assert.Throws<ShapeException>(() => Tensor.Diff(x, 1, -1, Tensor.Zeros<int>(2, 3)));
        Assert.Throws<ShapeException>(() => Tensor.CumSum(x, 1, Tensor.Zeros<int>(3, 2)));
        Assert.Throws<AxisIndexException>(() => Tensor.CumSum(x, 2));
        Assert.Throws<AxisIndexException>(() => Tensor.CumSum(Tensor.Scalar(1.0), 0));
        Assert.Equal([5.0], Tensor.CumSum(Tensor.Scalar(5.0)).ToArray());
    }

    [Fact]
    public void CumSum_IntoOverlappingView_IsCopiedAside()
    {
        // The destination is the input read backwards: a temporary keeps the result right.
        Tensor<double> x = Tensor.FromArray([1.0, 2.0, 3.0, 4.0], 4);
        Tensor<double> reversed = x[TensorIndex.Slice(null, null, -1)];
        Tensor.CumSum(x, 0, reversed);
        Assert.Equal([10.0, 6.0, 3.0, 1.0], x.ToArray());
    }
}
