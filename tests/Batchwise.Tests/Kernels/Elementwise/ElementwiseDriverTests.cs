using Batchwise.Kernels.Elementwise;
using Batchwise.Kernels.Iteration;

namespace Batchwise.Tests.Kernels.Elementwise;

/// <summary>
/// The driver straight from loop nests and pointers (no tensors): every inner-stride pattern it
/// dispatches on (contiguous, one side broadcast, strided, negative), in serial and parallel sizes,
/// against the operator's scalar member as the reference.
/// </summary>
public unsafe class ElementwiseDriverTests
{
    public static TheoryData<int, int, int, int> Patterns()
    {
        var data = new TheoryData<int, int, int, int>();
        int[] strides = [1, 0, 2, -1];
        foreach (int n in new[] { 0, 1, 7, 33, 100, 140_000 })
        {
            foreach (int sx in strides)
            {
                foreach (int sy in strides)
                {
                    data.Add(n, sx, sy, n >= 140_000 ? 1 : 2);
                }
            }
        }
        return data;
    }

    /// <summary>d[i·sd] = x[i·sx] - y[i·sy] in a nest of <paramref name="rows"/> × n.</summary>
    [Theory]
    [MemberData(nameof(Patterns))]
    public void Binary_EveryStridePattern_MatchesScalarOperator(int n, int sx, int sy, int rows)
    {
        int span = 2 * n + 1;
        double[] x = Enumerable.Range(0, rows * span).Select(i => Math.Sin(i)).ToArray();
        double[] y = Enumerable.Range(0, rows * span).Select(i => Math.Cos(i)).ToArray();
        var d = new double[rows * n];
        var nest = default(LoopNest);
        // Negative strides start at the run's far end.
        int ox = sx < 0 ? n - 1 : 0, oy = sy < 0 ? n - 1 : 0;
        nest.Add(rows, n, span, span);
        nest.Add(n, 1, sx, sy);
        nest.Coalesce();
        fixed (double* pd = d, px = x, py = y)
        {
            ElementwiseDriver.Binary<double, double, SubtractOperator<double>>(nest, pd, px + ox, py + oy);
        }
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < n; i++)
            {
                double expected = SubtractOperator<double>.Invoke(x[r * span + ox + i * sx], y[r * span + oy + i * sy]);
                Assert.Equal(expected, d[r * n + i]);
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    public void Unary_EveryStridePattern_MatchesScalarOperator(int sx)
    {
        foreach (int n in new[] { 0, 1, 5, 64, 65, 140_000 })
        {
            double[] x = Enumerable.Range(0, 2 * n + 1).Select(i => i * 0.25 - 3).ToArray();
            var d = new double[n];
            var nest = default(LoopNest);
            nest.Add(n, 1, sx);
            nest.Coalesce();
            int ox = sx < 0 ? n - 1 : 0;
            fixed (double* pd = d, px = x)
            {
                ElementwiseDriver.Unary<double, double, AbsOperator<double>>(nest, pd, n == 0 ? px : px + ox);
            }
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(AbsOperator<double>.Invoke(x[ox + i * sx]), d[i]);
            }
        }
    }

    [Fact]
    public void Select_MaskedCopy_WritesOnlyWhereTheMaskIsTrue()
    {
        bool[] mask = [true, false, true, false, true];
        double[] x = [1, 2, 3, 4, 5];
        double[] d = [-1, -2, -3, -4, -5];
        var nest = default(LoopNest);
        nest.Add(5, 1, 1, -1);
        fixed (double* pd = d, px = x)
        fixed (bool* pm = mask)
        {
            ElementwiseDriver.Select(nest, pd, pm, px + 4);
        }
        Assert.Equal([5.0, -2, 3, -4, 1], d);
    }

    [Fact]
    public void Operators_SpanMembers_AgreeWithScalarMembers()
    {
        float[] x = Enumerable.Range(0, 37).Select(i => i * 0.5f - 9).ToArray();
        float[] y = Enumerable.Range(0, 37).Select(i => 3 - i * 0.25f).ToArray();
        var d = new float[37];
        CheckBinary<AddOperator<float>>(x, y, d);
        CheckBinary<SubtractOperator<float>>(x, y, d);
        CheckBinary<MultiplyOperator<float>>(x, y, d);
        CheckBinary<DivideOperator<float>>(x, y, d);
        CheckBinary<MaximumOperator<float>>(x, y, d);
        CheckBinary<MinimumOperator<float>>(x, y, d);
        var b = new bool[37];
        CompareOperator<float, LessKind>.Invoke(x, y, b);
        Assert.Equal(x.Zip(y, (p, q) => p < q), b);
        CompareOperator<float, GreaterOrEqualKind>.Invoke(x, 1f, b);
        Assert.Equal(x.Select(p => p >= 1f), b);
        CompareOperator<float, EqualKind>.Invoke(-9f, x, b);
        Assert.Equal(x.Select(p => p == -9f), b);
        var converted = new int[37];
        ConvertOperator<float, int>.Invoke(x, converted);
        Assert.Equal(x.Select(ConvertOperator<float, int>.Invoke), converted);
    }

    private static void CheckBinary<TOp>(float[] x, float[] y, float[] d) where TOp : IBinaryOperator<float, float>
    {
        TOp.Invoke(x, y, d);
        Assert.Equal(x.Zip(y, TOp.Invoke), d);
        TOp.Invoke(x, 2.5f, d);
        Assert.Equal(x.Select(v => TOp.Invoke(v, 2.5f)), d);
        TOp.Invoke(2.5f, y, d);
        Assert.Equal(y.Select(v => TOp.Invoke(2.5f, v)), d);
    }
}
