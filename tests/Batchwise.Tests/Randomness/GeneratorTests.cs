using Batchwise.Randomness;

namespace Batchwise.Tests.Randomness;

/// <summary>
/// The generator's stream is pinned: these first values for seed 2024 must never change (on any machine or
/// .NET version), or every seeded program that uses Batchwise changes its results.
/// </summary>
public class GeneratorTests
{
    [Fact]
    public void Streams_Seed2024_GiveThePinnedFirstValues()
    {
        Assert.Equal(PinnedUniform, new Generator(2024).Uniform(0.0, 1.0, 4).ToArray());
        Assert.Equal(PinnedUniformFloat, new Generator(2024).Uniform(-1f, 1f, 4).ToArray());
        Assert.Equal(PinnedNormal, new Generator(2024).Normal(0.0, 1.0, 4).ToArray());
        Assert.Equal(PinnedIntegers, new Generator(2024).Integers(0, 100, 8).ToArray());
        Assert.Equal(PinnedPermutation, new Generator(2024).Permutation(8).ToArray());
        Assert.Equal(PinnedChoice, new Generator(2024).Choice(10, 5, replace: false).ToArray());
        Assert.Equal(PinnedWeighted, new Generator(2024).Choice(4, 6, p: [0.1, 0.2, 0.3, 0.4]).ToArray());
        Assert.Equal(PinnedMultinomial, new Generator(2024).Multinomial(Tensor.FromArray([1f, 2f, 3f, 4f]), 3).ToArray());
    }

    private static readonly double[] PinnedUniform = [0.055792889110163335, 0.782103772866755, 0.07205494006296331, 0.1597158700859702];
    private static readonly float[] PinnedUniformFloat = [-0.88841426f, 0.56420743f, -0.85589015f, -0.68056834f];
    private static readonly double[] PinnedNormal = [0.7877704987458325, -0.7344488490158809, -0.6355328318708062, -1.4615153259586555];
    private static readonly int[] PinnedIntegers = [5, 78, 7, 15, 77, 24, 39, 25];
    private static readonly long[] PinnedPermutation = [1, 2, 4, 3, 6, 7, 5, 0];
    private static readonly long[] PinnedChoice = [0, 8, 2, 4, 1];
    private static readonly long[] PinnedWeighted = [0, 3, 0, 1, 3, 1];
    private static readonly long[] PinnedMultinomial = [2, 3, 0];

    [Fact]
    public void Streams_SameSeed_SameValues_OtherSeed_OtherValues()
    {
        Generator a = new(7), b = new(7), c = new(8);
        Assert.Equal(a.Normal(0f, 1f, 100).ToArray(), b.Normal(0f, 1f, 100).ToArray());
        Assert.Equal(a.Integers(-5L, 5L, 3, 4).ToArray(), b.Integers(-5L, 5L, 3, 4).ToArray());
        Assert.NotEqual(new Generator(7).Uniform(0.0, 1.0, 10).ToArray(), c.Uniform(0.0, 1.0, 10).ToArray());
        Assert.Equal(7UL, a.Seed);
    }

    [Fact]
    public void DeterministicLog_AgreesWithMathLogWithinTwoUlps()
    {
        var random = new Random(1);
        for (int i = 0; i < 200000; i++)
        {
            double x = i < 1000 ? 1 - i * 1e-3 + 1e-9 : Math.Exp(random.NextDouble() * 1400 - 700);
            double expected = Math.Log(x), actual = DeterministicMath.Log(x);
            long ulps = Math.Abs(BitConverter.DoubleToInt64Bits(expected) - BitConverter.DoubleToInt64Bits(actual));
            Assert.True(Math.Sign(expected) == Math.Sign(actual) && ulps <= 2,
                $"log({x:R}) = {actual:R}, Math.Log gives {expected:R}");
        }
        Assert.Equal(0.0, DeterministicMath.Log(1.0));
        Assert.Equal(Math.Log(2), DeterministicMath.Log(2.0), 15);
    }

    [Fact]
    public void Shapes_ZeroDAndZeroSize_AreHonoured()
    {
        var g = new Generator(1);
        Assert.Equal(0, g.Uniform(0.0, 1.0).Rank);
        Assert.Equal([2, 0, 3], g.Normal(0.0, 1.0, 2, 0, 3).Shape.ToArray());
        Assert.Equal([0], g.Choice(0, 0).Shape.ToArray());
        Assert.Equal([0], g.Permutation(0).Shape.ToArray());
        Assert.Equal([5.0, 5.0], g.Uniform(5.0, 5.0, 2).ToArray());
        Assert.Equal([3.0, 3.0], g.Normal(3.0, 0.0, 2).ToArray());
    }

    [Fact]
    public void InvalidArguments_ThrowInNumPysWords()
    {
        var g = new Generator(1);
        Assert.Contains("low >= high", Assert.Throws<InvalidValueException>(() => g.Integers(3, 3, 2)).Message);
        Assert.Contains("scale < 0", Assert.Throws<InvalidValueException>(() => g.Normal(0.0, -1.0, 2)).Message);
        Assert.Throws<InvalidValueException>(() => g.Normal(0.0, double.NaN, 2));
        Assert.Throws<InvalidValueException>(() => g.Uniform(1.0, 0.0, 2));
        Assert.Throws<InvalidValueException>(() => g.Uniform(0.0, double.PositiveInfinity, 2));
        Assert.Contains("larger sample", Assert.Throws<InvalidValueException>(() => g.Choice(3, 4, replace: false)).Message);
        Assert.Contains("cannot be empty", Assert.Throws<InvalidValueException>(() => g.Choice(0, 1)).Message);
        Assert.Contains("same size", Assert.Throws<InvalidValueException>(() => g.Choice(3, 1, p: [0.5, 0.5])).Message);
        Assert.Contains("do not sum to 1", Assert.Throws<InvalidValueException>(() => g.Choice(2, 1, p: [0.5, 0.6])).Message);
        Assert.Contains("< 0", Assert.Throws<InvalidValueException>(() => g.Choice(2, 1, p: [1.5, -0.5])).Message);
        Assert.Contains("non-zero", Assert.Throws<InvalidValueException>(() => g.Choice(3, 2, replace: false, p: [1.0, 0, 0])).Message);
        Assert.Contains("sum of probabilities <= 0", Assert.Throws<InvalidValueException>(() => g.Multinomial(Tensor.FromArray([0.0, 0.0]), 1)).Message);
        Assert.Contains("not enough", Assert.Throws<InvalidValueException>(() => g.Multinomial(Tensor.FromArray([1.0, 0.0, 0.0]), 2)).Message);
        Assert.Contains("without replacement", Assert.Throws<InvalidValueException>(() => g.Multinomial(Tensor.FromArray([1.0, 1.0]), 3)).Message);
        Assert.Throws<InvalidValueException>(() => g.Multinomial(Tensor.FromArray([1.0, double.NaN]), 1, replacement: true));
        Assert.Throws<InvalidValueException>(() => g.Multinomial(Tensor.FromArray([1.0]), 0));
        Assert.Throws<InvalidValueException>(() => g.Shuffle(Tensor.Scalar(1.0)));
        Assert.Throws<InvalidValueException>(() => g.Shuffle(Tensor.FromArray([1.0, 2.0]).BroadcastTo(3, 2)));
    }

    [Fact]
    public void Integers_ExtremeRanges_StayInside()
    {
        var g = new Generator(3);
        long[] wide = g.Integers(long.MinValue, long.MaxValue, 1000).ToArray();
        Assert.DoesNotContain(long.MaxValue, wide);
        Assert.Contains(wide, static v => v < 0);
        Assert.Contains(wide, static v => v > 0);
        Assert.All(g.Integers((byte)250, (byte)255, 1000).ToArray(), static v => Assert.InRange(v, (byte)250, (byte)254));
        Assert.All(g.Integers(-3, -2, 10).ToArray(), static v => Assert.Equal(-3, v));
    }

    [Fact]
    public void Shuffle_StridedView_MovesWholeRowsInPlace()
    {
        var g = new Generator(11);
        Tensor<int> x = Tensor.FromArray(Enumerable.Range(0, 40).ToArray()).Reshape(10, 4);
        Tensor<int> columns = x.Transpose(); // (4, 10): rows of the view are columns of x
        g.Shuffle(columns);
        int[,] shuffled = x.ToArray2D();
        var firstRow = Enumerable.Range(0, 10).Select(r => shuffled[r, 0]).ToArray();
        Assert.NotEqual(Enumerable.Range(0, 10).Select(static r => r * 4), firstRow); // columns moved...
        for (int r = 0; r < 10; r++)
        {
            int[] row = [shuffled[r, 0], shuffled[r, 1], shuffled[r, 2], shuffled[r, 3]];
            Assert.Equal(Enumerable.Range(r * 4, 4), row.Order()); // ...but whole: each row keeps its values
        }
        Tensor<double> matrix = Tensor.FromArray(Enumerable.Range(0, 12).Select(static v => (double)v).ToArray()).Reshape(6, 2);
        Tensor<double> permuted = new Generator(5).Permutation(matrix);
        Assert.Equal(Enumerable.Range(0, 12).Select(static v => (double)v), matrix.ToArray()); // a copy
        double[,] rows = permuted.ToArray2D();
        Assert.Equal(Enumerable.Range(0, 6).Select(static r => (double)(2 * r)), Enumerable.Range(0, 6).Select(r => rows[r, 0]).Order());
        Assert.All(Enumerable.Range(0, 6), r => Assert.Equal(rows[r, 0] + 1, rows[r, 1]));
    }

    [Fact]
    public void ChoiceOfTensor_PicksRowsAlongAxis0()
    {
        Tensor<float> a = Tensor.FromArray([0f, 1f, 10f, 11f, 20f, 21f]).Reshape(3, 2);
        Tensor<float> picked = new Generator(2).Choice(a, 5, replace: true, p: [0.0, 0.5, 0.5]);
        Assert.Equal([5, 2], picked.Shape.ToArray());
        float[,] rows = picked.ToArray2D();
        for (int i = 0; i < 5; i++)
        {
            Assert.Contains(rows[i, 0], new[] { 10f, 20f });
            Assert.Equal(rows[i, 0] + 1, rows[i, 1]);
        }
        Assert.Throws<InvalidValueException>(() => new Generator(2).Choice(Tensor.Scalar(1f), 1));
    }
}
