using System.Runtime.Intrinsics;
using Batchwise.Kernels.Isa;
using Xunit;

namespace Batchwise.Tests.Kernels.Attention;

public sealed class FastExpTests
{
    [Fact]
    public void Exp_Range_WithinTwoUlp()
    {
        // The softmax feeds x = s − max ≤ 0; check the whole useful range and a little above.
        for (double x = -90; x <= 20; x += 0.0137)
        {
            float input = (float)x;
            double expected = Math.Exp(input);
            float actual512 = Vector512Ops<float>.Exp(Vector512.Create(input)).ToScalar();
            float actual256 = Vector256Ops<float>.Exp(Vector256.Create(input)).ToScalar();
            float actual128 = Vector128Ops<float>.Exp(Vector128.Create(input)).ToScalar();
            if (input < -87.33654f)
            {
                // Subnormal results: 0 or close to e^x, never more than the smallest normal off.
                Assert.True(actual512 >= 0f && Math.Abs(actual512 - expected) < 1.1754944e-38, $"exp({input}) = {actual512}");
                Assert.Equal(actual512, actual256);
                Assert.Equal(actual512, actual128);
                continue;
            }

            double ulp = Math.Max(MathF.BitIncrement((float)expected) - (float)expected, float.Epsilon);
            Assert.True(Math.Abs(actual512 - expected) <= 2 * ulp, $"exp({input}) = {actual512}, expected {expected}");
            Assert.Equal(actual512, actual256);
            Assert.Equal(actual512, actual128);
        }
    }

    [Fact]
    public void Exp_Specials_ZeroForNegativeInfinityNaNStays()
    {
        Assert.Equal(0f, Vector512Ops<float>.Exp(Vector512.Create(float.NegativeInfinity)).ToScalar());
        Assert.Equal(0f, Vector256Ops<float>.Exp(Vector256.Create(float.NegativeInfinity)).ToScalar());
        Assert.Equal(0f, Vector128Ops<float>.Exp(Vector128.Create(float.NegativeInfinity)).ToScalar());
        Assert.True(float.IsPositiveInfinity(Vector512Ops<float>.Exp(Vector512.Create(float.PositiveInfinity)).ToScalar()));
        Assert.Equal(1f, Vector512Ops<float>.Exp(Vector512<float>.Zero).ToScalar());
        Assert.True(float.IsNaN(Vector512Ops<float>.Exp(Vector512.Create(float.NaN)).ToScalar()));
        Assert.True(float.IsNaN(Vector256Ops<float>.Exp(Vector256.Create(float.NaN)).ToScalar()));
        Assert.True(float.IsNaN(Vector128Ops<float>.Exp(Vector128.Create(float.NaN)).ToScalar()));
    }
}
