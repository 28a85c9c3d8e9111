using System.Numerics;
using System.Text.Json;
using Batchwise.Kernels;
using Batchwise.NN;
using Batchwise.Tests.Operations;

namespace Batchwise.Tests.NN;

/// <summary>
/// LayerNorm, RmsNorm, GroupNorm, Normalize, LogSoftmax and CrossEntropy against torch 1.13 golden
/// data (tools/make_math_golden.py; rms_norm composed as torch 2.4 defines it) at the conformance
/// `reduce` tolerance, on every forced vector width and on strided (transposed) views of the input.
/// </summary>
[Collection("InstructionSet")]
public sealed class NormalizationTests
{
    public static TheoryData<string, VectorWidth> Kinds()
    {
        var data = new TheoryData<string, VectorWidth>();
        foreach (string kind in new[] { "layer_norm", "rms_norm", "group_norm", "normalize", "log_softmax", "cross_entropy" })
        {
            foreach (VectorWidth width in new[] { VectorWidth.Scalar, VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512 })
            {
                data.Add(kind, width);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Golden_TorchCases_Match(string kind, VectorWidth width)
    {
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            int count = 0;
            foreach (JsonElement c in MathGolden.File("nn").EnumerateArray().Where(c => c.GetProperty("kind").GetString() == kind))
            {
                if (c.GetProperty("dtype").GetString() == "float32")
                {
                    Check<float>(c);
                }
                else
                {
                    Check<double>(c);
                }
                count++;
            }
            Assert.True(count >= 4, $"only {count} golden cases of {kind}");
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }

    private static void Check<T>(JsonElement c) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        JsonElement inputs = c.GetProperty("inputs"), p = c.GetProperty("params");
        Tensor<T> x = MathGolden.Array<T>(inputs.GetProperty("x"));
        Tensor<T>? weight = inputs.TryGetProperty("weight", out JsonElement w) ? MathGolden.Array<T>(w) : null;
        Tensor<T>? bias = inputs.TryGetProperty("bias", out JsonElement b) ? MathGolden.Array<T>(b) : null;
        Tensor<T> expected = MathGolden.Array<T>(c.GetProperty("expect"));
        string kind = c.GetProperty("kind").GetString()!;
        double tolerance = kind == "log_softmax" ? (typeof(T) == typeof(float) ? 1e-5 : 1e-10) : MathGolden.Reduce<T>();
        // The same logical values through a transposed (non-contiguous) layout.
        Tensor<T> strided = x.Rank >= 2 ? x.T.Contiguous().T : x;
        foreach (Tensor<T> input in new[] { x, strided })
        {
            Tensor<T> actual = kind switch
            {
                "layer_norm" => Functional.LayerNorm(input, p.GetProperty("rank").GetInt32(), weight, bias, p.GetProperty("eps").GetDouble()),
                "rms_norm" => Functional.RmsNorm(input, p.GetProperty("rank").GetInt32(), weight, p.TryGetProperty("eps", out JsonElement e) ? e.GetDouble() : null),
                "group_norm" => Functional.GroupNorm(input, p.GetProperty("groups").GetInt32(), weight, bias, p.GetProperty("eps").GetDouble()),
                "normalize" => Functional.Normalize(input, p.GetProperty("axis").GetInt32(), p.GetProperty("eps").GetDouble()),
                "log_softmax" => Functional.LogSoftmax(input, p.GetProperty("axis").GetInt32()),
                _ => CrossEntropy(input, c),
            };
            string what = $"{kind} {MathGolden.DType<T>()} {x.ShapeString} {p} {InstructionSet.Width}";
            Assert.True(expected.Shape.SequenceEqual(actual.Shape), $"{what}: shape {actual.ShapeString}, expected {expected.ShapeString}");
            MathGolden.AssertClose(what, [], expected.ToArray(), actual.ToArray(), tolerance);
        }
    }

    private static Tensor<T> CrossEntropy<T>(Tensor<T> logits, JsonElement c) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        JsonElement t = c.GetProperty("targets"), p = c.GetProperty("params");
        int[] shape = t.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var targets = Tensor.FromArray(t.GetProperty("data").EnumerateArray().Select(e => e.GetInt64()).ToArray(), shape);
        Reduction reduction = p.GetProperty("reduction").GetString() switch
        {
            "mean" => Reduction.Mean,
            "sum" => Reduction.Sum,
            _ => Reduction.None,
        };
        Tensor<T> viaLong = Functional.CrossEntropy(logits, targets, p.GetProperty("ignore_index").GetInt32(), p.GetProperty("label_smoothing").GetDouble(), reduction);
        Tensor<T> viaInt = Functional.CrossEntropy(logits, Tensor.To<long, int>(targets), p.GetProperty("ignore_index").GetInt32(), p.GetProperty("label_smoothing").GetDouble(), reduction);
        Assert.Equal(viaLong.ToArray(), viaInt.ToArray());
        return viaLong;
    }

    [Fact]
    public void LayerNorm_LargeBatch_MatchesComposedReference()
    {
        // Past the parallel threshold, so the rows are split over the cores.
        Tensor<double> x = Tensor.Randn<double>([700, 300], seed: 5) * 3.0 + 2.0;
        Tensor<double> w = Tensor.Randn<double>([300], seed: 6), b = Tensor.Randn<double>([300], seed: 7);
        Tensor<double> mean = Tensor.Mean(x, -1, keepDims: true);
        Tensor<double> centered = x - mean;
        Tensor<double> reference = centered / Tensor.Sqrt(Tensor.Mean(centered * centered, -1, keepDims: true) + 1e-5) * w + b;
        MathGolden.AssertClose("layer_norm", [], reference.ToArray(), Functional.LayerNorm(x, 1, w, b).ToArray(), 1e-12);
        Tensor<double> rms = x / Tensor.Sqrt(Tensor.Mean(x * x, -1, keepDims: true) + 2.220446049250313e-16) * w;
        MathGolden.AssertClose("rms_norm", [], rms.ToArray(), Functional.RmsNorm(x, 1, w).ToArray(), 1e-12);
    }

    public static TheoryData<VectorWidth> Widths() =>
        new() { VectorWidth.Scalar, VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512 };

    /// <summary>
    /// Rows shorter than one vector, between widths and with tails, each with weight and bias, either,
    /// or neither (RMS norm: with weight or without), on every vector path, against the composed reference.
    /// </summary>
    [Theory]
    [MemberData(nameof(Widths))]
    public void LayerNorm_EveryRowLengthAndAffineForm_MatchesComposedReference(VectorWidth width)
    {
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            foreach (int n in new[] { 1, 3, 7, 8, 9, 16, 17, 33, 64, 100 })
            {
                Tensor<double> x = Tensor.Randn<double>([5, n], seed: (ulong)n) * 3.0 + 1.5;
                Tensor<double> w = Tensor.Randn<double>([n], seed: (ulong)n + 1), b = Tensor.Randn<double>([n], seed: (ulong)n + 2);
                Tensor<double> centered = x - Tensor.Mean(x, -1, keepDims: true);
                Tensor<double> normed = centered / Tensor.Sqrt(Tensor.Mean(centered * centered, -1, keepDims: true) + 1e-5);
                foreach ((Tensor<double>? weight, Tensor<double>? bias, Tensor<double> expected) in new[]
                {
                    ((Tensor<double>?)null, (Tensor<double>?)null, normed), (w, null, normed * w), (null, b, normed + b), (w, b, normed * w + b),
                })
                {
                    string what = $"layer_norm n={n} weight={weight is not null} bias={bias is not null} {InstructionSet.Width}";
                    MathGolden.AssertClose(what, [], expected.ToArray(), Functional.LayerNorm(x, 1, weight, bias).ToArray(), 1e-12);
                    MathGolden.AssertClose(what + " float", [], Tensor.To<double, float>(expected).ToArray().Select(v => (double)v).ToArray(),
                        Functional.LayerNorm(Tensor.To<double, float>(x), 1, weight is null ? null : Tensor.To<double, float>(weight), bias is null ? null : Tensor.To<double, float>(bias)).ToArray().Select(v => (double)v).ToArray(), 1e-5);
                }
                Tensor<double> rms = x / Tensor.Sqrt(Tensor.Mean(x * x, -1, keepDims: true) + 1e-6);
                MathGolden.AssertClose($"rms_norm n={n} {InstructionSet.Width}", [], rms.ToArray(), Functional.RmsNorm(x, 1, null, 1e-6).ToArray(), 1e-12);
                MathGolden.AssertClose($"rms_norm n={n} weight {InstructionSet.Width}", [], (rms * w).ToArray(), Functional.RmsNorm(x, 1, w, 1e-6).ToArray(), 1e-12);
            }
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LayerNorm_ResultTooLargeForCache_StreamsTheSameValues(bool affine)
    {
        // (4100, 1025) float64 is 33.6 MB, streamed on every machine with streaming stores; rows of
        // 1025 start off a cache line. The composed reference writes with ordinary stores.
        Tensor<double> x = Tensor.Randn<double>([4100, 1025], seed: 8) * 2.0 - 1.0;
        Tensor<double>? w = affine ? Tensor.Randn<double>([1025], seed: 9) : null;
        Tensor<double>? b = affine ? Tensor.Randn<double>([1025], seed: 10) : null;
        Tensor<double> centered = x - Tensor.Mean(x, -1, keepDims: true);
        Tensor<double> reference = centered / Tensor.Sqrt(Tensor.Mean(centered * centered, -1, keepDims: true) + 1e-5);
        if (affine)
        {
            reference = reference * w! + b!;
        }
        MathGolden.AssertClose("layer_norm", [], reference.ToArray(), Functional.LayerNorm(x, 1, w, b).ToArray(), 1e-12);
    }

    [Fact]
    public void Norms_NonFiniteRow_OnlyThatRowIsNaN()
    {
        var x = Tensor.FromArray(new[] { 1f, 2f, float.NaN, 1f, 2f, 3f, float.PositiveInfinity, 0f, 1f }, 3, 3);
        foreach (Tensor<float> y in new[] { Functional.LayerNorm(x), Functional.RmsNorm(x) })
        {
            float[] v = y.ToArray();
            Assert.All(v[..3], e => Assert.True(float.IsNaN(e)));
            Assert.All(v[3..6], e => Assert.True(float.IsFinite(e)));
        }
        Assert.True(float.IsNaN(Functional.LayerNorm(x).ToArray()[6]));
    }

    [Fact]
    public void Norms_BadArguments_ThrowTheLibrarysErrors()
    {
        Tensor<float> x = Tensor.Zeros<float>(2, 3);
        Assert.Throws<ShapeException>(() => Functional.LayerNorm(x, 1, Tensor.Zeros<float>(2)));
        Assert.Throws<ShapeException>(() => Functional.LayerNorm(x, 1, null, Tensor.Zeros<float>(3, 1)));
        Assert.Throws<ShapeException>(() => Functional.RmsNorm(x, 2, Tensor.Zeros<float>(3)));
        Assert.Throws<InvalidValueException>(() => Functional.LayerNorm(x, 0));
        Assert.Throws<InvalidValueException>(() => Functional.RmsNorm(x, 3));
        Assert.Throws<InvalidValueException>(() => Functional.GroupNorm(Tensor.Zeros<float>(2, 6, 4), 4));
        Assert.Throws<ShapeException>(() => Functional.GroupNorm(Tensor.Zeros<float>(6), 3));
        Assert.Throws<ShapeException>(() => Functional.GroupNorm(Tensor.Zeros<float>(2, 6), 3, Tensor.Zeros<float>(3)));
        Assert.Throws<AxisIndexException>(() => Functional.Normalize(x, 2));
        Assert.Equal([0, 3], Functional.LayerNorm(Tensor.Zeros<float>(0, 3)).Shape.ToArray());
        Assert.Equal([0, 3], Functional.RmsNorm(Tensor.Zeros<float>(0, 3)).Shape.ToArray());
    }

    [Fact]
    public void CrossEntropy_BadTargets_ThrowTheLibrarysErrors()
    {
        Tensor<float> logits = Tensor.Zeros<float>(4, 3);
        Assert.Throws<AxisIndexException>(() => Functional.CrossEntropy(logits, Tensor.FromArray(new long[] { 0, 1, 3, 0 }, 4)));
        Assert.Throws<AxisIndexException>(() => Functional.CrossEntropy(logits, Tensor.FromArray(new long[] { 0, -1, 2, 0 }, 4)));
        Assert.Throws<ShapeException>(() => Functional.CrossEntropy(logits, Tensor.FromArray(new long[] { 0, 1, 2 }, 3)));
        Assert.Throws<InvalidValueException>(() => Functional.CrossEntropy(logits, Tensor.FromArray(new long[] { 0, 1, 2, 0 }, 4), labelSmoothing: 1.5));
        // Every target ignored: the mean is 0/0 as torch.
        Assert.True(float.IsNaN(Functional.CrossEntropy(logits, Tensor.Full(-100L, 4)).ToScalar()));
        // Uniform logits: the loss is ln C whatever the target.
        Assert.Equal(MathF.Log(3), Functional.CrossEntropy(logits, Tensor.FromArray(new long[] { 0, 1, 2, 0 }, 4)).ToScalar(), 6);
    }
}
