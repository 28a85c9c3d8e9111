using Batchwise.NN;

namespace Batchwise.Tests.NN;

/// <summary>
/// Linear with bfloat16 weights equals float32 Linear on the widened weights (widening is exact; only
/// the order of the float32 sums may differ), for the few-row kernel and the many-row GEMM path.
/// </summary>
public sealed class WidenedLinearTests
{
    public static TheoryData<int, int, int, bool> Shapes() => new()
    {
        { 1, 1, 1, false }, { 1, 7, 15, true }, { 1, 33, 16, false }, { 2, 64, 17, true }, { 3, 100, 48, true },
        { 8, 257, 768, true }, { 16, 40, 33, false }, { 17, 40, 33, true }, { 64, 96, 130, true }, { 5, 3, 0, true },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Linear_Bf16Weights_MatchesFloatLinearOfTheWidenedWeights(int rows, int outFeatures, int inFeatures, bool withBias)
    {
        Tensor<float> x = Tensor.Rand<float>([rows, inFeatures], seed: 1, -1, 1);
        float[] raw = Tensor.Rand<float>([outFeatures, inFeatures], seed: 2, -1, 1).ToArray();
        Tensor<BFloat16> w = Tensor.FromArray(raw.Select(v => (BFloat16)v).ToArray(), outFeatures, inFeatures);
        Tensor<float> wide = Tensor.FromArray(w.ToArray().Select(v => (float)v).ToArray(), outFeatures, inFeatures);
        Tensor<float>? b = withBias ? Tensor.Rand<float>([outFeatures], seed: 3) : null;

        float[] expected = Functional.Linear(x, wide, b).ToArray(), actual = Functional.Linear(x, w, b).ToArray();

        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * (inFeatures + 1), $"element {i}: {actual[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void Linear_Bf16Weights_KeepsLeadingAxesAndRejectsMismatches()
    {
        Tensor<BFloat16> w = Tensor.FromArray(new BFloat16[] { (BFloat16)1f, (BFloat16)2f, (BFloat16)3f, (BFloat16)4f, (BFloat16)5f, (BFloat16)6f }, 2, 3);
        Tensor<float> y = Functional.Linear(Tensor.FromArray(new float[] { 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1 }, 2, 2, 3), w);
        Assert.Equal([2, 2, 2], y.Shape.ToArray());
        Assert.Equal([1f, 4f, 2f, 5f, 3f, 6f, 6f, 15f], y.ToArray());
        Assert.Throws<ShapeException>(() => Functional.Linear(Tensor.Zeros<float>(2, 4), w));
    }
}
