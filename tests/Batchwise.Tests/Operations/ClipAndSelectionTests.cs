using Batchwise.Kernels;

namespace Batchwise.Tests.Operations;

/// <summary>
/// Clip with tensor bounds, nan_to_num, fmax/fmin, sign and square on ints, and the strided
/// (multi-core) path of the math functions, against naive per-element references.
/// </summary>
[Collection("InstructionSet")]
public sealed class ClipAndSelectionTests
{
    [Fact]
    public void Clip_ThreeWayBroadcast_MatchesMinimumOfMaximum()
    {
        Tensor<double> x = Tensor.Randn<double>([4, 1, 5], seed: 1);
        Tensor<double> low = Tensor.Randn<double>([3, 1], seed: 2) - 0.5;
        Tensor<double> high = Tensor.Randn<double>([5], seed: 3) + 0.5;
        Tensor<double> actual = Tensor.Clip(x, low, high);
        Assert.Equal([4, 3, 5], actual.Shape.ToArray());
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                for (int k = 0; k < 5; k++)
                {
                    double want = Math.Min(Math.Max(x.GetItem(i, 0, k), low.GetItem(j, 0)), high.GetItem(k));
                    Assert.Equal(want, actual.GetItem(i, j, k));
                }
            }
        }
    }

    [Fact]
    public void Clip_SpecialCases_FollowNumPy()
    {
        var x = Tensor.FromArray(new[] { -3f, 0.5f, 7f, float.NaN, float.NegativeInfinity }, 5);
        Tensor<float> lo = Tensor.Scalar(0f), hi = Tensor.Scalar(1f);
        Assert.Equal([0f, 0.5f, 1f, float.NaN, 0f], Tensor.Clip(x, lo, hi).ToArray());
        Assert.Equal([0f, 0.5f, 7f, float.NaN, 0f], Tensor.Clip(x, lo, null).ToArray());
        Assert.Equal([-3f, 0.5f, 1f, float.NaN, float.NegativeInfinity], Tensor.Clip(x, null, hi).ToArray());
        // low > high gives high everywhere (but NaN).
        Assert.Equal([1f, 1f, 1f, float.NaN, 1f], Tensor.Clip(x, Tensor.Scalar(2f), hi).ToArray());
        Assert.Throws<InvalidValueException>(() => Tensor.Clip(x, null, null));
        Assert.Throws<ShapeException>(() => Tensor.Clip(x, Tensor.Zeros<float>(3), hi));
        Assert.Equal([3, 0], Tensor.Clip(Tensor.Zeros<float>(3, 0), lo, hi).Shape.ToArray());
        var ints = Tensor.FromArray(new[] { -5, 2, 9 }, 3);
        Assert.Equal([0, 2, 4], Tensor.Clip(ints, Tensor.Scalar(0), Tensor.Scalar(4)).ToArray());
    }

    [Fact]
    public void Clip_Into_WritesTheDestination_EvenWhenItIsABound()
    {
        var x = Tensor.FromArray(new[] { -3.0, 0.5, 7.0 }, 3);
        var high = Tensor.FromArray(new[] { 1.0, 0.25, 9.0 }, 3);
        Tensor<double> into = Tensor.Full(double.NaN, 3);
        Assert.Same(into, Tensor.Clip(x, Tensor.Scalar(0.0), high, into));
        Assert.Equal([0.0, 0.25, 7.0], into.ToArray());
        Assert.Same(high, Tensor.Clip(x, Tensor.Scalar(0.0), high, high));
        Assert.Equal([0.0, 0.25, 7.0], high.ToArray());
        Assert.Same(x, Tensor.Clip(x, Tensor.Scalar(0.0), Tensor.Scalar(1.0), x));
        Assert.Equal([0.0, 0.5, 1.0], x.ToArray());
        Assert.Throws<ShapeException>(() => Tensor.Clip(x, Tensor.Scalar(0.0), high, Tensor.Zeros<double>(4)));
    }

    [Fact]
    public void NanToNum_DefaultsAndInto_FollowNumPy()
    {
        var x = Tensor.FromArray(new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 2.5 }, 5);
        Assert.Equal([0, double.MaxValue, double.MinValue, 0, 2.5], Tensor.NanToNum(x).ToArray());
        Tensor<double> into = Tensor.Zeros<double>(5);
        Assert.Same(into, Tensor.NanToNum(x, 1, 2, -2, into));
        Assert.Equal([1, 2, -2, 0, 2.5], into.ToArray());
        Assert.True(double.IsNaN(x.GetItem(0)));
        // Strided input, in place.
        Tensor<double> view = Tensor.FromArray(new[] { double.NaN, 9, double.PositiveInfinity, 9 }, 4)[TensorIndex.Slice(null, null, 2)];
        Tensor.NanToNum(view, into: view);
        Assert.Equal([0, double.MaxValue], view.ToArray());
    }

    [Fact]
    public void IntegerInputs_SignSquareFMaxIsNaN_Work()
    {
        var x = Tensor.FromArray(new[] { -7, 0, 3 }, 3);
        Assert.Equal([-1, 0, 1], Tensor.Sign(x).ToArray());
        Assert.Equal([49, 0, 9], Tensor.Square(x).ToArray());
        Assert.Equal([0, 0, 3], Tensor.FMax(x, 0).ToArray());
        Assert.Equal([-7, 0, 0], Tensor.FMin(x, Tensor.Zeros<int>(3)).ToArray());
        Assert.Equal([false, false, false], Tensor.IsNaN(x).ToArray());
        Assert.Equal([true, true, true], Tensor.IsFinite(Tensor.FromArray(new[] { 1L, 2L, 3L }, 3)).ToArray());
    }

    [Fact]
    public void MaximumMinimum_NaN_Propagates_FMaxFMin_IgnoreIt()
    {
        var a = Tensor.FromArray(new[] { float.NaN, 1f, float.NaN, -0f }, 4);
        var b = Tensor.FromArray(new[] { 2f, float.NaN, float.NaN, 0f }, 4);
        Assert.All(Tensor.Maximum(a, b).ToArray()[..3], v => Assert.True(float.IsNaN(v)));
        Assert.All(Tensor.Minimum(a, b).ToArray()[..3], v => Assert.True(float.IsNaN(v)));
        Assert.Equal([2f, 1f], Tensor.FMax(a, b).ToArray()[..2]);
        Assert.Equal([2f, 1f], Tensor.FMin(a, b).ToArray()[..2]);
        Assert.True(float.IsNaN(Tensor.FMax(a, b).ToArray()[2]));
    }

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void LargeStridedInputs_MatchContiguousResults(VectorWidth width)
    {
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            // Past the parallel threshold, through the loop nest (stride 2), so the driver splits the work.
            Tensor<float> wide = Tensor.Rand<float>([2 * ElementwiseTests.ParallelLength], seed: 9, low: -3, high: 3);
            Tensor<float> strided = wide[TensorIndex.Slice(null, null, 2)];
            Tensor<float> contiguous = strided.Contiguous();
            var functions = new Func<Tensor<float>, Tensor<float>>[]
            {
                x => Tensor.Sin(x), x => Tensor.Atan(x), x => Tensor.Expm1(x), x => Tensor.Erf(x), x => Tensor.Sigmoid(x),
                x => Tensor.Round(x), x => Tensor.Sign(x), x => Tensor.Hypot(x, 2f), x => Tensor.Atan2(x, Tensor.Scalar(-1f)),
                x => Batchwise.NN.Functional.Gelu(x, tanhApproximation: true), x => Batchwise.NN.Functional.Silu(x),
            };
            foreach (Func<Tensor<float>, Tensor<float>> f in functions)
            {
                float[] want = f(contiguous).ToArray(), got = f(strided).ToArray();
                for (int i = 0; i < want.Length; i++)
                {
                    Assert.True(MathGolden.Close(want[i], got[i], 1e-6), $"element {i}: {got[i]} vs {want[i]}");
                }
            }
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }
}
