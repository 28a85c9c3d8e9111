using Batchwise.Kernels;
using Batchwise.NN;

namespace Batchwise.Tests.NN;

[Collection("InstructionSet")]
public sealed class SoftmaxTests
{
    [Fact]
    public void Softmax_HandChecked_MatchesDerivation()
    {
        // softmax([0, ln 3]) = [1, 3] / 4 = [0.25, 0.75]; the max (ln 3) is subtracted first, which changes nothing.
        var x = Tensor.FromArray([0.0, Math.Log(3)], 2);
        Assert.Equal([0.25, 0.75], Functional.Softmax(x).ToArray(), new ToleranceComparer(1e-15));
    }

    [Fact]
    public void Softmax_HugeLogits_AreStable()
    {
        // exp(1234) overflows; softmax subtracts the max, so softmax([1234, 0]) = [1, e^-1234] = [1, 0].
        var x = Tensor.FromArray([1234f, 0f], 2);
        Assert.Equal([1f, 0f], Functional.Softmax(x).ToArray());
        Assert.Equal([0f, -1234f], Functional.LogSoftmax(x).ToArray());
    }

    [Fact]
    public void Softmax_SpecialRows_FollowNumPyAndPyTorch()
    {
        double inf = double.PositiveInfinity, nan = double.NaN;
        var x = Tensor.FromArray(new[]
        {
            0.0, -inf, 0.0,        // -inf entry → 0, the others share: [0.5, 0, 0.5]
            -inf, -inf, -inf,      // all -inf → NaN
            inf, 1.0, 2.0,         // +inf → NaN (inf - inf)
            nan, 0.0, 1.0,         // NaN → NaN
        }, 4, 3);
        double[] p = Functional.Softmax(x).ToArray();
        Assert.Equal([0.5, 0, 0.5], p[..3]);
        Assert.All(p[3..], v => Assert.True(double.IsNaN(v)));
        double[] logp = Functional.LogSoftmax(x).ToArray();
        Assert.Equal(double.NegativeInfinity, logp[1]);
        Assert.Equal(Math.Log(0.5), logp[0], 15);
        Assert.All(logp[3..], v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Softmax_EmptyAxis_GivesEmpty()
    {
        Assert.Equal([3, 0], Functional.Softmax(Tensor.Zeros<float>(3, 0)).Shape.ToArray());
        Assert.Equal([0, 4], Functional.Softmax(Tensor.Zeros<float>(0, 4), 0).Shape.ToArray());
    }

    [Fact]
    public void Softmax_AxisOutOfRange_IsAnIndexError()
    {
        Assert.Throws<AxisIndexException>(() => Functional.Softmax(Tensor.Zeros<float>(2, 3), 2));
    }

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Softmax_AnyAxisAndLength_MatchesReference(VectorWidth width)
    {
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            for (int n = 1; n <= 40; n += 3)
            {
                var x = Tensor.Randn<double>([3, n, 2], seed: (ulong)n);
                for (int axis = 0; axis < 3; axis++)
                {
                    double[] actual = Functional.Softmax(x, axis).ToArray();
                    double[] expected = ReferenceSoftmax(x, axis).ToArray();
                    Assert.Equal(expected, actual, new ToleranceComparer(1e-14));
                }
            }
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Softmax_FloatRowsWithSpecialValues_FollowTheRulesOnEveryPath(VectorWidth width)
    {
        // Float rows take the vector passes: a NaN or +inf anywhere (also in the last, overlapping
        // vector) makes the row NaN, -inf entries give 0 (log: -inf), an all -inf row gives NaN, or 0
        // under the attention rule, and an all -inf row holding a NaN stays NaN under that rule too.
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            foreach (int n in new[] { 1, 3, 8, 15, 16, 17, 33, 64, 70 })
            {
                for (int special = 0; special < 5; special++)
                {
                    if (special == 3 && n == 1)
                    {
                        continue; // one -inf entry would be the all -inf row of case 4
                    }
                    int at = (special * 7 + n) % n;
                    float[] values = Tensor.Randn<float>([n], seed: (ulong)(n * 10 + special)).ToArray();
                    switch (special)
                    {
                        case 1:
                            values[at] = float.NaN;
                            break;
                        case 2:
                            values[at] = float.PositiveInfinity;
                            break;
                        case 3:
                            values[at] = float.NegativeInfinity;
                            break;
                        case 4:
                            Array.Fill(values, float.NegativeInfinity);
                            break;
                    }
                    var x = Tensor.FromArray(values, 1, n);
                    float[] p = Functional.Softmax(x).ToArray();
                    float[] logp = Functional.LogSoftmax(x).ToArray();
                    float[] safe = Functional.SafeSoftmax(x).ToArray();
                    if (special is 1 or 2 or 4)
                    {
                        Assert.All(p, v => Assert.True(float.IsNaN(v), $"n={n} case {special}: {v}"));
                        Assert.All(logp, v => Assert.True(float.IsNaN(v), $"n={n} case {special}: {v}"));
                        Assert.All(safe, v => Assert.Equal(special == 4 ? 0f : float.NaN, v));
                        continue;
                    }
                    double[] expected = ReferenceSoftmax(x.To<double>(), -1).ToArray();
                    for (int i = 0; i < n; i++)
                    {
                        Assert.True(Math.Abs(p[i] - expected[i]) <= 1e-7 + 1e-6 * expected[i], $"n={n} case {special} [{i}]: {p[i]} vs {expected[i]}");
                        Assert.Equal(p[i], safe[i]);
                        double expectedLog = Math.Log(expected[i]);
                        Assert.True(double.IsNegativeInfinity(expectedLog) ? float.IsNegativeInfinity(logp[i]) : Math.Abs(logp[i] - expectedLog) <= 1e-5,
                            $"n={n} case {special} log [{i}]: {logp[i]} vs {expectedLog}");
                    }
                }
            }
            // 80 entries: on every width a later load overwrites the NaN lane of a native maximum.
            float[] masked = new float[80];
            Array.Fill(masked, float.NegativeInfinity);
            masked[1] = float.NaN;
            var maskedWithNaN = Tensor.FromArray(masked, 1, 80);
            Assert.All(Functional.SafeSoftmax(maskedWithNaN).ToArray(), v => Assert.True(float.IsNaN(v)));
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }

    [Fact]
    public void Softmax_LargeFreshResult_StreamedRowsMatchReference()
    {
        // 2048 × 4100 floats is 33.6 MB: large enough for the rows to be staged and streamed out.
        var x = Tensor.Randn<float>([2048, 4100], seed: 5);
        float[] actual = Functional.Softmax(x, -1).ToArray();
        double[] expected = ReferenceSoftmax(x.To<double>(), -1).ToArray();
        for (int i = 0; i < actual.Length; i++)
        {
            if (Math.Abs(actual[i] - expected[i]) > 1e-6 + 1e-5 * expected[i])
            {
                Assert.Fail($"element {i} is {actual[i]}, expected {expected[i]}");
            }
        }
    }

    [Fact]
    public void LogAndSafeSoftmax_LargeFreshResult_StreamedRowsMatchReference()
    {
        // Each row is streamed out while the next is worked, by whichever pass that row takes: the
        // log-softmax sum, or none for a safe row that is all −inf (every 7th row here).
        var x = Tensor.Randn<float>([2048, 4100], seed: 6);
        float[] log = Functional.LogSoftmax(x, -1).ToArray();
        double[] expectedLog = Tensor.Log(ReferenceSoftmax(x.To<double>(), -1)).ToArray();
        for (int i = 0; i < log.Length; i++)
        {
            if (Math.Abs(log[i] - expectedLog[i]) > 1e-5 + 1e-5 * Math.Abs(expectedLog[i]))
            {
                Assert.Fail($"log element {i} is {log[i]}, expected {expectedLog[i]}");
            }
        }

        float[] masked = x.ToArray();
        for (int row = 0; row < 2048; row += 7)
        {
            Array.Fill(masked, float.NegativeInfinity, row * 4100, 4100);
        }
        float[] safe = Functional.SafeSoftmax(Tensor.FromArray(masked, 2048, 4100)).ToArray();
        float[] plain = Functional.Softmax(x, -1).ToArray();
        for (int i = 0; i < safe.Length; i++)
        {
            float expected = i / 4100 % 7 == 0 ? 0f : plain[i];
            if (safe[i] != expected)
            {
                Assert.Fail($"safe element {i} is {safe[i]}, expected {expected}");
            }
        }
    }

    [Fact]
    public void Softmax_LargeFreshDoubleResult_StreamedRowsMatchReference()
    {
        // 1100 × 4000 doubles is 35 MB, each row 32,000 bytes: staged (up to 32 KiB) and streamed.
        var x = Tensor.Randn<double>([1100, 4000], seed: 7);
        double[] actual = Functional.Softmax(x, -1).ToArray();
        double[] expected = ReferenceSoftmax(x, -1).ToArray();
        for (int i = 0; i < actual.Length; i++)
        {
            if (Math.Abs(actual[i] - expected[i]) > 1e-15 + 1e-12 * expected[i])
            {
                Assert.Fail($"element {i} is {actual[i]}, expected {expected[i]}");
            }
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(40)]
    [InlineData(44)]
    public void Softmax_LargeFreshResultOfShortRows_StreamedRowsMatchReference(int rowLength)
    {
        // Over 32 MB of short rows: each destination row starts at another offset in its cache line, so
        // the plain-store head before the first streamed pair differs from row to row (a head one
        // element short would make the pair's aligned streaming store fault).
        int rows = (33 << 20) / (rowLength * sizeof(float)) + 1;
        var x = Tensor.Randn<float>([rows, rowLength], seed: (ulong)rowLength);
        float[] actual = Functional.Softmax(x, -1).ToArray();
        double[] expected = ReferenceSoftmax(x.To<double>(), -1).ToArray();
        for (int i = 0; i < actual.Length; i++)
        {
            if (Math.Abs(actual[i] - expected[i]) > 1e-6 + 1e-5 * expected[i])
            {
                Assert.Fail($"element {i} is {actual[i]}, expected {expected[i]}");
            }
        }
    }

    private static Tensor<double> ReferenceSoftmax(Tensor<double> x, int axis)
    {
        // exp(x - max) / sum, written with the library's reductions as an independent composite path.
        Tensor<double> e = Tensor.Exp(x - Tensor.Max(x, axis, keepDims: true));
        return e / Tensor.Sum(e, axis, keepDims: true);
    }
}

/// <summary>Compares doubles within an absolute tolerance (NaN equals NaN).</summary>
internal sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>, IEqualityComparer<float>
{
    public bool Equals(double x, double y) => (double.IsNaN(x) && double.IsNaN(y)) || x == y || Math.Abs(x - y) <= tolerance;

    public int GetHashCode(double obj) => 0;

    public bool Equals(float x, float y) => Equals((double)x, y);

    public int GetHashCode(float obj) => 0;
}
