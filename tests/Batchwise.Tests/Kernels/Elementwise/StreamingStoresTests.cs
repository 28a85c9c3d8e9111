namespace Batchwise.Tests.Kernels.Elementwise;

/// <summary>
/// Results of 32 MB and more written fresh go through streaming (non-temporal) stores on AVX-512; these
/// sizes are the only ones that reach that path, so they are checked element by element.
/// </summary>
public sealed class StreamingStoresTests
{
    [Theory]
    [InlineData(2048, 4096)]   // rows of whole cache lines
    [InlineData(2048, 4097)]   // rows that end mid-line: every other row starts misaligned
    public void Add_LargeFreshBroadcastResult_MatchesElementwiseReference(int rows, int cols)
    {
        var x = Tensor.Rand<float>([rows, cols], seed: 1);
        var v = Tensor.Rand<float>([cols], seed: 2);
        Tensor<float> sum = x + v;
        float[] xs = x.ToArray(), vs = v.ToArray(), result = sum.ToArray();
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                if (result[i * cols + j] != xs[i * cols + j] + vs[j])
                {
                    Assert.Fail($"element ({i}, {j}) is {result[i * cols + j]}, expected {xs[i * cols + j] + vs[j]}");
                }
            }
        }
    }

    [Fact]
    public void Multiply_LargeFreshScalarBroadcast_MatchesElementwiseReference()
    {
        var x = Tensor.Rand<double>([1024, 4099], seed: 3);
        Tensor<double> product = x * Tensor.Scalar(3.0).BroadcastTo(1, 4099);
        double[] xs = x.ToArray(), result = product.ToArray();
        for (int i = 0; i < xs.Length; i++)
        {
            if (result[i] != xs[i] * 3.0)
            {
                Assert.Fail($"element {i} is {result[i]}, expected {xs[i] * 3.0}");
            }
        }
    }
}
