using Batchwise.Kernels;

namespace Batchwise.Tests.Operations;

/// <summary>
/// Float sine and cosine on every vector path: blocks of arguments within ±8192 take the kernels' own
/// reduction, blocks with a larger, infinite or NaN argument take TensorPrimitives, and a run's tail
/// takes TensorPrimitives too. Each element must match the double result at the elem tolerance.
/// </summary>
/// <remarks>Forces vector widths, which are global: runs apart from every other test.</remarks>
[Collection("InstructionSet")]
public sealed class SineCosinePathTests
{
    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void SinCos_MixedBlocksOnEveryPath_MatchDouble(VectorWidth width)
    {
        var rng = new Random(7);
        // Four blocks of 1024 and a tail: in range (quadrant edges included), a NaN, an infinity, a large
        // argument; then 13 more in range.
        float[] values = Enumerable.Range(0, 4 * 1024 + 13).Select(_ => (float)((rng.NextDouble() * 2 - 1) * 8192)).ToArray();
        for (int k = 0; k < 40; k++)
        {
            values[k] = (float)(k * Math.PI / 4);
            values[40 + k] = -(float)(k * Math.PI / 4);
        }
        values[98] = -0f;
        values[99] = 0f;
        values[100] = 8192f;
        values[101] = -8192f;
        values[1024 + 500] = float.NaN;
        values[2048 + 3] = float.PositiveInfinity;
        values[3072 + 1023] = 3e5f;
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            var x = Tensor.FromArray(values, values.Length);
            foreach ((float[] got, Func<double, double> reference, string name) in new[]
            {
                (Tensor.Sin(x).ToArray(), (Func<double, double>)Math.Sin, "sin"),
                (Tensor.Cos(x).ToArray(), Math.Cos, "cos"),
            })
            {
                for (int i = 0; i < values.Length; i++)
                {
                    double expected = reference(values[i]);
                    Assert.True(double.IsNaN(expected) ? float.IsNaN(got[i]) : Math.Abs(got[i] - expected) <= 1e-6 + 1e-6 * Math.Abs(expected),
                        $"{name}({values[i]}) at {i} on {width}: {got[i]}, expected {expected}");
                    if (expected == 0)
                    {
                        // sin(±0) = ±0 exactly, as NumPy (IEEE) has it.
                        Assert.Equal(double.IsNegative(expected), float.IsNegative(got[i]));
                    }
                }
            }
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }
}
