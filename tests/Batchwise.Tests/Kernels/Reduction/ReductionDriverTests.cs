using Batchwise.Kernels;
using Batchwise.Kernels.Iteration;
using Batchwise.Kernels.Reduction;

namespace Batchwise.Tests.Kernels.Reduction;

/// <summary>
/// The reduction driver straight from loop nests: reducing the inner axis (one accumulator per run),
/// the outer axis (a row of accumulators), everything (per-worker partials), serial and parallel.
/// </summary>
[Collection("InstructionSet")]
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
            ReductionDriver<long, long, SumReduction<long, long>>.Run(nest, po, pi);
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
            ReductionDriver<double, double, MaxReduction<double>>.Run(nest, po, pi + 5);
        }
        Assert.Equal(9.0, output[0]);
        Assert.Equal(double.NegativeInfinity, MaxReduction<double>.Identity);
        Assert.Equal(double.PositiveInfinity, MinReduction<double>.Identity);
        Assert.Equal(int.MinValue, MaxReduction<int>.Identity);
        Assert.Equal(int.MaxValue, MinReduction<int>.Identity);
        Assert.Equal(1.0, ProductReduction<double>.Reduce([]));
        Assert.Equal(0.0, SumReduction<double, double>.Reduce([]));
        Assert.Equal(0.0, SumReduction<float, double>.Reduce([]));
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

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Run_ShortRows_MatchLoopsAtEveryLength(VectorWidth width)
    {
        // Rows up to ShortRows.MaxLength take the four-row kernel (sum, max, min of float and double);
        // run counts that are not multiples of four leave a tail, and the output already holds a value.
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            var rng = new Random(11);
            foreach (int n in Enumerable.Range(1, 40).Concat([63, 64, 65, 255, 256, 257]))
            {
                foreach (int rows in new[] { 1, 3, 4, 7, 13 })
                {
                    float[] xf = Enumerable.Range(0, rows * n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
                    double[] xd = xf.Select(v => (double)v).ToArray();
                    double[] sumF = Reduce<float, double, SumReduction<float, double>>(xf, rows, n, 0.5);
                    double[] sumD = Reduce<double, double, SumReduction<double, double>>(xd, rows, n, 0.5);
                    float[] maxF = Reduce<float, float, MaxReduction<float>>(xf, rows, n, -0.75f);
                    double[] minD = Reduce<double, double, MinReduction<double>>(xd, rows, n, 0.75);
                    for (int r = 0; r < rows; r++)
                    {
                        double sum = 0.5, max = -0.75, min = 0.75;
                        for (int j = 0; j < n; j++)
                        {
                            sum += xd[r * n + j];
                            max = Math.Max(max, xd[r * n + j]);
                            min = Math.Min(min, xd[r * n + j]);
                        }
                        Assert.True(Math.Abs(sumF[r] - sum) <= 1e-6 * (n + 1), $"float sum n={n} row {r}: {sumF[r]} vs {sum}");
                        Assert.True(Math.Abs(sumD[r] - sum) <= 1e-14 * (n + 1), $"double sum n={n} row {r}: {sumD[r]} vs {sum}");
                        Assert.Equal((float)max, maxF[r]);
                        Assert.Equal(min, minD[r]);
                    }
                }
            }

            // NaN and infinities propagate as in the plain loop; +0 is above -0.
            float[] special = [1, float.NaN, 2, 3, float.PositiveInfinity, 1, 2, 3, float.NegativeInfinity, 5, 6, 7, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f];
            double[] sums = Reduce<float, double, SumReduction<float, double>>(special, 4, 4, 0.0);
            Assert.True(double.IsNaN(sums[0]));
            Assert.Equal(double.PositiveInfinity, sums[1]);
            Assert.Equal(double.NegativeInfinity, sums[2]);
            Assert.True(double.IsNaN(sums[3]));
            float[] maxima = Reduce<float, float, MaxReduction<float>>(special, 4, 4, float.NegativeInfinity);
            Assert.True(float.IsNaN(maxima[0]));
            Assert.Equal([float.PositiveInfinity, 7f, float.PositiveInfinity], maxima[1..]);
            float[] zeros = Reduce<float, float, MaxReduction<float>>([-0f, -0f, 0f, -0f, -0f, -0f, -0f, -0f, -0f], 1, 9, float.NegativeInfinity);
            Assert.True(zeros[0] == 0f && !float.IsNegative(zeros[0]), "max(-0, +0) is +0");
            float[] negativeZero = Reduce<float, float, MinReduction<float>>([0f, 0f, 0f, -0f, 0f, 0f, 0f, 0f, 0f], 1, 9, float.PositiveInfinity);
            Assert.True(float.IsNegative(negativeZero[0]), "min(-0, +0) is -0");
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }

    /// <summary>Reduces the rows of a rows x n row-major array into outputs that start at <paramref name="start"/>.</summary>
    private static TAcc[] Reduce<T, TAcc, TOp>(T[] x, int rows, int n, TAcc start)
        where T : unmanaged
        where TAcc : unmanaged
        where TOp : IReductionOperator<T, TAcc>
    {
        TAcc[] output = Enumerable.Repeat(start, rows).ToArray();
        var nest = default(LoopNest);
        nest.Add(rows, 1, n);
        nest.Add(n, 0, 1);
        fixed (TAcc* po = output)
        fixed (T* pi = x)
        {
            ReductionDriver<T, TAcc, TOp>.Run(nest, po, pi);
        }
        return output;
    }
}
