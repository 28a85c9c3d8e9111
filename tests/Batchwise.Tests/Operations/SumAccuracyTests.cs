namespace Batchwise.Tests.Operations;

/// <summary>
/// Float32 sums, means and variances against a float64 reference on data built to defeat naive and
/// lane-parallel accumulation: large offsets, 1e7 elements, broadcast (stride-0) and strided inputs,
/// inner and outer reductions. The bound, 8·eps·Σ|x|, is well inside NumPy's pairwise error bound.
/// </summary>
[Collection("InstructionSet")]
public sealed class SumAccuracyTests
{
    private const double FloatEps = 1.0 / (1 << 23);

    [Fact]
    public void Sum_TenMillionTenths_IsAccurate()
    {
        // Before: 997,297.6 (one lane set accumulating in float); NumPy 999,989.4; exact 1,000,000.0149.
        Tensor<float> x = Tensor.Full(0.1f, 10_000_000);
        double exact = 10_000_000 * (double)0.1f;
        Assert.Equal(exact, Tensor.Sum(x).ToScalar(), exact * FloatEps);
        Assert.Equal((double)0.1f, Tensor.Mean(x).ToScalar(), 0.1 * FloatEps);
    }

    [Fact]
    public void Var_LargeOffset_IsAccurate()
    {
        // 1e5 values 1e6 + {0, ..., 0.9}: before 1131.6, NumPy 0.099, exact (of the float32 values) ~0.080.
        float[] values = Enumerable.Range(0, 100_000).Select(i => 1e6f + i % 10 / 10f).ToArray();
        double mean = values.Average(v => (double)v);
        double exact = values.Sum(v => ((double)v - mean) * ((double)v - mean)) / values.Length;
        Tensor<float> x = Tensor.FromArray(values, values.Length);
        Assert.Equal(exact, Tensor.Var(x).ToScalar(), exact * 1e-5);
        Assert.Equal(exact * values.Length / (values.Length - 1), Tensor.Var(x, ddof: 1).ToScalar(), exact * 1e-5);
        Assert.Equal(Math.Sqrt(exact), Tensor.Std(x).ToScalar(), Math.Sqrt(exact) * 1e-5);
    }

    [Fact]
    public void Sum_BeyondFloatRange_OverflowsToInfinityOnce()
    {
        // The float result overflows to inf, as NumPy's float32 sum does.
        Assert.Equal(float.PositiveInfinity, Tensor.Sum(Tensor.Full(float.MaxValue, 4096)).ToScalar());
        Assert.Equal(float.NegativeInfinity, Tensor.Sum(Tensor.Full(-float.MaxValue, 3)).ToScalar());
    }

    [Fact]
    public void Sum_BroadcastInput_IsAccurate()
    {
        // broadcast_to(0.2025f, (2**28,)).sum(): 8,388,608 before (stuck where adding 0.2 to 2^23 rounds away).
        Tensor<float> x = Tensor.Scalar(0.2025f).BroadcastTo(1 << 28);
        double exact = (1 << 28) * (double)0.2025f;
        Assert.Equal(exact, Tensor.Sum(x).ToScalar(), exact * FloatEps);
    }

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Sum_OuterAxis_EveryRowCountAndWidth_MatchesDoubleReference(Batchwise.Kernels.VectorWidth width)
    {
        // Rows fold four at a time into double accumulators, the last one to three one at a time.
        Batchwise.Kernels.VectorWidth previous = VectorWidths.Force(width);
        try
        {
            var rng = new Random(3);
            foreach (int rows in Enumerable.Range(1, 10))
            {
                foreach (int columns in new[] { 1, 3, 4, 5, 8, 15, 16, 17, 33, 64, 70 })
                {
                    float[] data = Enumerable.Range(0, rows * columns).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
                    Tensor<float> x = Tensor.FromArray(data, rows, columns);
                    float[] actual = Tensor.Sum(x, 0).ToArray();
                    for (int j = 0; j < columns; j++)
                    {
                        double expected = Enumerable.Range(0, rows).Sum(i => (double)data[i * columns + j]);
                        Assert.True(Math.Abs(actual[j] - expected) <= 4 * FloatEps * rows, $"{rows}x{columns} column {j}: {actual[j]} vs {expected}");
                    }
                }
            }
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Sum_AdversarialShapesAndViews_WithinBoundOfFloat64(int seed)
    {
        var rng = new Random(seed);
        int[][] shapes = [[3_000_000], [1_000_003, 3], [3, 1_000_003], [700, 900, 5], [2_500, 2_000]];
        foreach (int[] shape in shapes)
        {
            int size = shape.Aggregate(1, (a, b) => a * b);
            double offset = Math.Pow(10, rng.Next(0, 7)) * (rng.Next(2) == 0 ? 1 : -1);
            float[] data = Enumerable.Range(0, size).Select(_ => (float)(offset + rng.NextDouble() * 2 - 1)).ToArray();
            Tensor<float> x = Tensor.FromArray(data, shape);
            // The tensor itself, a reversed strided view, and a transposed view.
            foreach (Tensor<float> view in new[] { x, x[TensorIndex.Slice(null, null, -2)], x.T })
            {
                for (int axis = -1; axis < view.Rank; axis++)
                {
                    Tensor<float> actual = axis < 0 ? Tensor.Sum(view) : Tensor.Sum(view, axis);
                    Tensor<double> wide = view.To<double>();
                    Tensor<double> reference = axis < 0 ? Tensor.Sum(wide) : Tensor.Sum(wide, axis);
                    Tensor<double> magnitude = axis < 0 ? Tensor.Sum(Tensor.Abs(wide)) : Tensor.Sum(Tensor.Abs(wide), axis);
                    float[] a = actual.ToArray();
                    double[] r = reference.ToArray(), m = magnitude.ToArray();
                    for (int i = 0; i < a.Length; i++)
                    {
                        double bound = 8 * FloatEps * m[i] + Math.Abs(r[i]) * FloatEps;
                        Assert.True(Math.Abs(a[i] - r[i]) <= bound,
                            $"shape ({string.Join(",", view.Shape.ToArray())}) axis {axis} element {i}: {a[i]} vs {r[i]} (bound {bound:E2})");
                    }
                }
            }
        }
    }
}
