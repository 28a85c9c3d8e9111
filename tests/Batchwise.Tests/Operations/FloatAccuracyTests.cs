using Batchwise.NN;

namespace Batchwise.Tests.Operations;

/// <summary>
/// The float functions that run TensorPrimitives' float kernels directly (sin, cos, sigmoid, tanh,
/// silu, tanh-GELU), checked densely against the double result rounded to float at the conformance
/// `elem` tolerance (|Δ| ≤ 1e-6 + 1e-6·|expected|). The functions computed in double are correctly
/// rounded by construction and are covered by the golden data.
/// </summary>
public sealed class FloatAccuracyTests
{
    public static TheoryData<string, double> Ranges() => new()
    {
        { "sin", 10 }, { "sin", 8000 }, { "sin", 1e4 }, { "sin", 1e7 }, { "cos", 10 }, { "cos", 8000 }, { "cos", 1e4 }, { "cos", 1e7 },
        { "sigmoid", 100 }, { "tanh", 20 }, { "silu", 100 }, { "gelu_tanh", 20 },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public void FloatKernels_DenseRandomArguments_WithinElemTolerance(string name, double range)
    {
        var rng = new Random(31);
        float[] values = Enumerable.Range(0, 200_000).Select(_ => (float)((rng.NextDouble() * 2 - 1) * range)).ToArray();
        Tensor<float> x = Tensor.FromArray(values, values.Length);
        (Tensor<float> actual, Func<double, double> reference) = name switch
        {
            "sin" => (Tensor.Sin(x), Math.Sin),
            "cos" => (Tensor.Cos(x), Math.Cos),
            "sigmoid" => (Tensor.Sigmoid(x), v => 1 / (1 + Math.Exp(-v))),
            "tanh" => (Tensor.Tanh(x), Math.Tanh),
            "silu" => (Functional.Silu(x), v => v / (1 + Math.Exp(-v))),
            _ => (Functional.Gelu(x, tanhApproximation: true), (Func<double, double>)(v => 0.5 * v * (1 + Math.Tanh(0.7978845608028654 * (v + 0.044715 * v * v * v))))),
        };
        float[] got = actual.ToArray();
        double worst = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double expected = (float)reference(values[i]);
            worst = Math.Max(worst, Math.Abs(got[i] - expected) / (1e-6 + 1e-6 * Math.Abs(expected)));
        }
        Assert.True(worst <= 1, $"{name} on ±{range}: worst error is {worst:F2} of the tolerance");
    }
}
