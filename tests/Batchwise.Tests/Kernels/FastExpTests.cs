using System.Runtime.Intrinsics;
using Batchwise.Kernels.Isa;
using Xunit;

namespace Batchwise.Tests.Kernels;

/// <summary>
/// <see cref="FastExp"/> on every register width, each lane of a register a different input (so each
/// lane takes a different table entry): within one ulp of e^x over the normal range, equal across the
/// widths, and its two halves equal to the whole.
/// </summary>
public sealed class FastExpTests
{
    [Fact]
    public void Exp_Range_WithinOneUlpOnEveryLane()
    {
        float[] inputs = new float[16];
        for (double start = -90; start <= 89; start += 16 * 0.0093)
        {
            for (int lane = 0; lane < 16; lane++)
            {
                inputs[lane] = (float)(start + lane * 0.0093);
            }

            Vector512<float> wide = Vector512Ops<float>.Exp(Vector512.Create(inputs));
            for (int lane = 0; lane < 16; lane++)
            {
                float input = inputs[lane], actual = wide[lane];
                AssertClose(input, actual);
                Assert.Equal(actual, Vector256Ops<float>.Exp(Vector256.Create(inputs, lane & 8))[lane & 7]);
                Assert.Equal(actual, Vector128Ops<float>.Exp(Vector128.Create(inputs, lane & 12))[lane & 3]);
            }
        }
    }

    [Fact]
    public void Exp_NearTheOverflowBoundary_FiniteThenInfinity()
    {
        // ln(float.MaxValue) = 88.7228391: the last floats below it stay finite, the first above overflow.
        float below = 88.72283f, above = MathF.BitIncrement(below);
        float atBelow = Vector256Ops<float>.Exp(Vector256.Create(below)).ToScalar();
        Assert.True(float.IsFinite(atBelow) && atBelow > 3.40e38f, $"exp({below}) = {atBelow}");
        AssertClose(below, atBelow);
        Assert.Equal(float.PositiveInfinity, Vector256Ops<float>.Exp(Vector256.Create(above)).ToScalar());
        Assert.Equal(float.PositiveInfinity, Vector256Ops<float>.Exp(Vector256.Create(1e30f)).ToScalar());
    }

    [Fact]
    public void ExpHalves_TogetherAreExp()
    {
        Vector256<float> x = Vector256.Create(-88.5f, -50.25f, -3.3f, -0.0f, 0.7f, 12.5f, 88.7f, float.NaN);
        Vector256<float> reduced = Vector256Ops<float>.ExpReduce(x, out Vector256<float> scale);
        Vector256<float> whole = Vector256Ops<float>.Exp(x), halves = Vector256Ops<float>.ExpFinish(reduced, scale);
        Assert.Equal(whole.AsInt32(), halves.AsInt32());

        // Double has no halves: the first returns x, the second is the runtime's exponential.
        Vector256<double> xd = Vector256.Create(-3.3, 0.0, 0.7, 12.5);
        Vector256<double> rd = Vector256Ops<double>.ExpReduce(xd, out Vector256<double> sd);
        Assert.Equal(Vector256.Exp(xd), Vector256Ops<double>.ExpFinish(rd, sd));
    }

    [Fact]
    public void Exp_Specials_ZeroForNegativeInfinityNaNStays()
    {
        Assert.Equal(0f, Vector512Ops<float>.Exp(Vector512.Create(float.NegativeInfinity)).ToScalar());
        Assert.Equal(0f, Vector256Ops<float>.Exp(Vector256.Create(float.NegativeInfinity)).ToScalar());
        Assert.Equal(0f, Vector128Ops<float>.Exp(Vector128.Create(float.NegativeInfinity)).ToScalar());
        Assert.Equal(0f, Vector256Ops<float>.Exp(Vector256.Create(-1e30f)).ToScalar());
        Assert.True(float.IsPositiveInfinity(Vector512Ops<float>.Exp(Vector512.Create(float.PositiveInfinity)).ToScalar()));
        Assert.True(float.IsPositiveInfinity(Vector256Ops<float>.Exp(Vector256.Create(float.PositiveInfinity)).ToScalar()));
        Assert.Equal(1f, Vector512Ops<float>.Exp(Vector512<float>.Zero).ToScalar());
        Assert.Equal(1f, Vector256Ops<float>.Exp(Vector256.Create(-0f)).ToScalar());
        Assert.True(float.IsNaN(Vector512Ops<float>.Exp(Vector512.Create(float.NaN)).ToScalar()));
        Assert.True(float.IsNaN(Vector256Ops<float>.Exp(Vector256.Create(float.NaN)).ToScalar()));
        Assert.True(float.IsNaN(Vector128Ops<float>.Exp(Vector128.Create(float.NaN)).ToScalar()));
    }

    /// <summary>Within one ulp of e^x; below the normal range, 0 or within the smallest normal of it.</summary>
    private static void AssertClose(float input, float actual)
    {
        double expected = Math.Exp(input);
        if (expected < 1.1754944e-38)
        {
            Assert.True(actual >= 0f && Math.Abs(actual - expected) < 1.1754944e-38, $"exp({input}) = {actual}");
            return;
        }
        if (expected > float.MaxValue)
        {
            Assert.Equal(float.PositiveInfinity, actual);
            return;
        }

        double ulp = MathF.BitIncrement((float)expected) - (float)expected;
        Assert.True(Math.Abs(actual - expected) <= ulp, $"exp({input}) = {actual:R}, expected {expected:R}");
    }
}
