namespace Batchwise.Tests.Operations;

/// <summary>
/// Float exp is correctly rounded: TensorPrimitives' float exp was up to 2 ulp off and gave
/// exp(0) = 1.0000001 on spans of four or more; NumPy's is exact at 0 and 1.
/// </summary>
public sealed class ExpAccuracyTests
{
    [Fact]
    public void Exp_ZeroAndOne_AreExactOnEveryPath()
    {
        float[] values = [0f, -0f, 1f, 0f, 1f, 0f, 1f, 0f, 1f, 0f, 1f, 0f, 1f, 0f, 1f, 0f, 1f, 0f];
        Tensor<float> x = Tensor.FromArray(values, values.Length);
        foreach (Tensor<float> view in new[] { x, x[TensorIndex.Slice(null, null, -1)] })
        {
            foreach ((float input, float output) in view.ToArray().Zip(Tensor.Exp(view).ToArray()))
            {
                Assert.Equal(input == 0 ? 1f : (float)Math.E, output);
            }
        }
    }

    [Fact]
    public void Exp_RandomArguments_MatchCorrectlyRoundedDouble()
    {
        var rng = new Random(17);
        float[] values = Enumerable.Range(0, 100_000).Select(_ => (float)(rng.NextDouble() * 180 - 90)).ToArray();
        float[] actual = Tensor.Exp(Tensor.FromArray(values, values.Length)).ToArray();
        int off = 0;
        for (int i = 0; i < values.Length; i++)
        {
            off += actual[i] == (float)Math.Exp(values[i]) ? 0 : 1;
        }
        Assert.True(off <= 2, $"{off} of {values.Length} results differ from the correctly rounded value");
        Assert.Equal([float.PositiveInfinity, 0f, float.NaN], Tensor.Exp(Tensor.FromArray(new[] { float.PositiveInfinity, float.NegativeInfinity, float.NaN }, 3)).ToArray());
    }
}
