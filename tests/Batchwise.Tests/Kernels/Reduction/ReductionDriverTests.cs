using Batchwise.Kernels.Iteration;
using Batchwise.Kernels.Reduction;

namespace Batchwise.Tests.Kernels.Reduction;

/// <summary>
/// The reduction driver straight from loop nests: reducing the inner axis (one accumulator per run),
/// the outer axis (a row of accumulators), everything (per-worker partials), serial and parallel.
/// </summary>
public unsafe class ReductionDriverTests
{
    [Theory]
    [InlineData(3, 5)]
    [InlineData(1, 1)]
    [InlineData(64, 65)]
    [InlineData(4096, 64)]
    [InlineData(64, 4096)]
    [InlineData(2, 100_000)]
    [InlineData(100_000, 2)]
    public void Run_SumOverEitherAxisOrBoth_MatchesLoops(int m, int n)
    {
        long[] x = Enumerable.Range(0, m * n).Select(i => (long)(i % 1000) - 500).ToArray();
        var rowSums = new long[m];
        var columnSums = new long[n];
        long total = 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                rowSums[i] += x[i * n + j];
                columnSums[j] += x[i * n + j];
                total += x[i * n + j];
            }
        }
        Assert.Equal(rowSums, Reduce(x, m, n, outRow: 1, outColumn: 0, m));
        Assert.Equal(columnSums, Reduce(x, m, n, outRow: 0, outColumn: 1, n));
        Assert.Equal([total], Reduce(x, m, n, outRow: 0, outColumn: 0, 1));
    }

    private static long[] Reduce(long[] x, int m, int n, int outRow, int outColumn, int outputs)
    {
        var output = new long[outputs];
        var nest = default(LoopNest);
        nest.Add(m, outRow, n);
        nest.Add(n, outColumn, 1);
        nest.SortByStrideOf(1);
        nest.Coalesce();
        fixed (long* po = output, pi = x)
        {
            ReductionDriver.Run<long, SumReduction<long>>(nest, po, pi);
        }
        return output;
    }

    [Fact]
    public void Run_MaxWithNegativeAndZeroInputStrides_FoldsEveryElement()
    {
        double[] x = [3, -1, 7, 2, 9, -4];
        var output = new double[] { MaxReduction<double>.Identity };
        var nest = default(LoopNest);
        nest.Add(2, 0, 0);   // a broadcast (stride-0) input axis
        nest.Add(6, 0, -1);  // read backwards
        fixed (double* po = output, pi = x)
        {
            ReductionDriver.Run<double, MaxReduction<double>>(nest, po, pi + 5);
        }
        Assert.Equal(9.0, output[0]);
        Assert.Equal(double.NegativeInfinity, MaxReduction<double>.Identity);
        Assert.Equal(double.PositiveInfinity, MinReduction<double>.Identity);
        Assert.Equal(int.MinValue, MaxReduction<int>.Identity);
        Assert.Equal(int.MaxValue, MinReduction<int>.Identity);
        Assert.Equal(1.0, ProductReduction<double>.Reduce([]));
        Assert.Equal(0.0, SumReduction<double>.Reduce([]));
    }

    [Fact]
    public void ArgReduction_FirstOccurrenceAndFirstNaN_Win()
    {
        double[] x = [1, 5, 5, double.NaN, 9, double.NaN, 2, 2];
        var output = new long[2];
        var nest = default(LoopNest);
        nest.Add(2, 1, 4);
        nest.Add(4, 0, 1);
        fixed (long* po = output)
        fixed (double* pi = x)
        {
            ArgReduction.Run(nest, po, pi, findMax: true);
            Assert.Equal([3L, 1L], output);
            ArgReduction.Run(nest, po, pi, findMax: false);
            Assert.Equal([3L, 1L], output);
        }
        double[] y = [4, 1, 4, 1];
        fixed (long* po = output)
        fixed (double* pi = y)
        {
            var single = default(LoopNest);
            single.Add(4, 0, 1);
            ArgReduction.Run(single, po, pi, findMax: true);
            Assert.Equal(0L, output[0]);
            ArgReduction.Run(single, po, pi, findMax: false);
            Assert.Equal(1L, output[0]);
        }
    }
}
