using Batchwise.Kernels;
using Batchwise.NN;

namespace Batchwise.Tests.NN;

/// <summary>
/// Hand-checked values and torch's special-value rules for the activations (the golden data in
/// MathGoldenTests sweep them), and dropout's determinism and statistics.
/// </summary>
/// <remarks>Forces vector widths, which are global: runs apart from every other test.</remarks>
[Collection("InstructionSet")]
public sealed class ActivationTests
{
    private static readonly double[] s_specials = [double.NegativeInfinity, double.PositiveInfinity, double.NaN, 0.0];

    [Fact]
    public void Activations_SpecialValues_FollowTorch()
    {
        var x = Tensor.FromArray(s_specials, 4);
        // relu: −inf → 0, NaN stays NaN.
        Assert.Equal([0, double.PositiveInfinity, double.NaN, 0], Functional.Relu(x).ToArray());
        // silu, gelu (both forms) and mish evaluate −inf · 0 = NaN at −inf, as torch.
        foreach (Tensor<double> y in new[] { Functional.Silu(x), Functional.Gelu(x), Functional.Gelu(x, tanhApproximation: true), Functional.Mish(x) })
        {
            Assert.Equal([double.NaN, double.PositiveInfinity, double.NaN, 0], y.ToArray());
        }
        Assert.Equal([0, 1, double.NaN, 0.5], Functional.Sigmoid(x).ToArray());
        Assert.Equal([0, double.PositiveInfinity, double.NaN, Math.Log(2)], Functional.Softplus(x).ToArray());
        Assert.Equal([-1, double.PositiveInfinity, double.NaN, 0], Functional.Elu(x).ToArray());
        Assert.Equal([double.NegativeInfinity, double.PositiveInfinity, double.NaN, 0], Functional.LeakyRelu(x).ToArray());
    }

    [Fact]
    public void Activations_HandChecked_MatchDerivation()
    {
        var x = Tensor.FromArray(new[] { 1.0, -2.0 }, 2);
        // gelu(1) = Φ(1) = 0.8413447460685429; gelu(−2) = −2·Φ(−2) = −2·0.02275013194817921.
        Assert.Equal([0.8413447460685429, -0.04550026389635842], Functional.Gelu(x).ToArray(), new ToleranceComparer(1e-15));
        // silu(1) = 1/(1 + e⁻¹); leaky_relu(−2) = −0.02; elu(−2, 0.5) = 0.5(e⁻² − 1).
        Assert.Equal(1 / (1 + Math.Exp(-1)), Functional.Silu(x).GetItem(0), 15);
        Assert.Equal(-0.02, Functional.LeakyRelu(x).GetItem(1), 15);
        Assert.Equal(0.5 * (Math.Exp(-2) - 1), Functional.Elu(x, 0.5).GetItem(1), 15);
        Assert.Throws<InvalidValueException>(() => Functional.Softplus(x, beta: 0));
    }

    [Fact]
    public void Activations_StridedAndEmptyInputs_Work()
    {
        Tensor<float> x = Tensor.Randn<float>([6, 5], seed: 4);
        // Strided runs take the operators' scalar forms, which may differ from the span forms by an ulp.
        Assert.Equal(Functional.Silu(x.T.Contiguous()).ToArray(), Functional.Silu(x.T).ToArray(), new ToleranceComparer(1e-6));
        Assert.Equal(Functional.Elu(x.T.Contiguous()).ToArray(), Functional.Elu(x.T).ToArray());
        Assert.Equal(Functional.Softplus(x.T.Contiguous(), 2).ToArray(), Functional.Softplus(x.T, 2).ToArray());
        Assert.Equal([0, 3], Functional.Gelu(Tensor.Zeros<float>(0, 3)).Shape.ToArray());
        Assert.Equal([0, 3], Functional.Softplus(Tensor.Zeros<float>(0, 3)).Shape.ToArray());
    }

    [Fact]
    public void Dropout_SameSeed_SameMask_AndTheRateHolds()
    {
        Tensor<float> x = Tensor.Ones<float>(200, 500);
        float[] a = Functional.Dropout(x, 0.3, seed: 42).ToArray();
        Assert.Equal(a, Functional.Dropout(x, 0.3, seed: 42).ToArray());
        Assert.NotEqual(a, Functional.Dropout(x, 0.3, seed: 43).ToArray());
        // Kept elements are scaled by 1/(1 − p); the dropped fraction is 0.3 within 5 standard deviations.
        Assert.All(a, v => Assert.True(v == 0 || v == 1 / 0.7f));
        double dropped = a.Count(v => v == 0) / (double)a.Length;
        Assert.InRange(dropped, 0.3 - 5 * Math.Sqrt(0.21 / a.Length), 0.3 + 5 * Math.Sqrt(0.21 / a.Length));
        // The mask depends on the row-major position only, not on the layout.
        Tensor<float> y = Tensor.Randn<float>([30, 40], seed: 1);
        Assert.Equal(Functional.Dropout(y.T.Contiguous(), 0.5, seed: 7).ToArray(), Functional.Dropout(y.T, 0.5, seed: 7).ToArray());
    }

    [Fact]
    public void Dropout_EdgeCases_FollowTorch()
    {
        var x = Tensor.FromArray(new[] { 1f, float.NaN, 3f }, 3);
        Assert.Same(x, Functional.Dropout(x, 0.5, train: false));
        Assert.Equal(x.ToArray(), Functional.Dropout(x, 0).ToArray());
        // p = 1 multiplies by 0, so NaN stays NaN as in torch.
        Assert.Equal([0f, float.NaN, 0f], Functional.Dropout(x, 1).ToArray());
        Assert.Throws<InvalidValueException>(() => Functional.Dropout(x, 1.5));
        Assert.Throws<InvalidValueException>(() => Functional.Dropout(x, double.NaN));
    }

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void LogisticActivations_FloatSpansOnEveryPath_KeepTorchsSpecialsAndValues(VectorWidth width)
    {
        // Float sigmoid, silu and tanh-GELU run as a / (1 + e^-z) on the vector widths, with a scalar
        // tail: specials in the registers and in the tail, in place and into a fresh result.
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            float[] values = [float.NegativeInfinity, float.PositiveInfinity, float.NaN, 0f, -0f, -100f, 100f, -5f, 3f, 1e-3f,
                -87.5f, 89f, -9f, 0.5f, -0.25f, 7f, float.NegativeInfinity, float.NaN, 2f];
            var reference = new (string Name, Func<Tensor<float>, Tensor<float>> Run, Func<double, double> Expected)[]
            {
                ("sigmoid", t => Functional.Sigmoid(t), v => 1 / (1 + Math.Exp(-v))),
                ("silu", t => Functional.Silu(t), v => double.IsNegativeInfinity(v) ? double.NaN : v / (1 + Math.Exp(-v))),
                ("gelu", t => Functional.Gelu(t, tanhApproximation: true),
                    v => double.IsNegativeInfinity(v) ? double.NaN : 0.5 * v * (1 + Math.Tanh(0.7978845608028654 * (v + 0.044715 * v * v * v)))),
            };
            foreach (var (name, run, expectedOf) in reference)
            {
                float[] got = run(Tensor.FromArray(values, values.Length)).ToArray();
                for (int i = 0; i < values.Length; i++)
                {
                    float expected = (float)expectedOf(values[i]);
                    Assert.True(float.IsNaN(expected) ? float.IsNaN(got[i]) : got[i] == expected || Math.Abs(got[i] - expected) <= 1e-6 + 1e-6 * Math.Abs(expected),
                        $"{name}({values[i]}) on {width}: {got[i]}, expected {expected}");
                }
            }
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }
}
