using Batchwise.Randomness;

namespace Batchwise.Tests.Randomness;

/// <summary>
/// The draws have the distributions they claim: sample moments within 5 standard errors, chi-square
/// statistics on bins within 5 standard deviations of their mean (the degrees of freedom), and the
/// structural promises (no repeats without replacement, zero probabilities never drawn).
/// </summary>
public class GeneratorStatisticsTests
{
    private const int N = 200_000;

    /// <summary>Asserts Σ (observed − expected)² / expected is within 5 σ of its mean for a chi-square of bins − 1 degrees of freedom.</summary>
    private static void AssertChiSquare(long[] observed, double[] probabilities, string what)
    {
        long total = observed.Sum();
        double chi = 0;
        for (int i = 0; i < observed.Length; i++)
        {
            double expected = total * probabilities[i];
            chi += (observed[i] - expected) * (observed[i] - expected) / expected;
        }
        int df = observed.Length - 1;
        Assert.True(chi < df + 5 * Math.Sqrt(2.0 * df), $"{what}: chi-square {chi:F1} with {df} degrees of freedom; counts {string.Join(",", observed)}");
    }

    private static double[] Even(int bins) => [.. Enumerable.Repeat(1.0 / bins, bins)];

    private static void AssertMoments(double[] x, double mean, double variance, double fourthCentral, string what)
    {
        double m = x.Average();
        double v = x.Select(t => (t - m) * (t - m)).Sum() / (x.Length - 1);
        Assert.True(Math.Abs(m - mean) < 5 * Math.Sqrt(variance / x.Length), $"{what}: mean {m} vs {mean}");
        double varianceError = Math.Sqrt((fourthCentral - variance * variance) / x.Length);
        Assert.True(Math.Abs(v - variance) < 5 * varianceError, $"{what}: variance {v} vs {variance}");
    }

    [Fact]
    public void Uniform_DoubleAndFloat_MomentsAndBinsMatch()
    {
        double[] x = new Generator(1).Uniform(-2.0, 6.0, N).ToArray();
        double width = 8;
        AssertMoments(x, 2, width * width / 12, Math.Pow(width, 4) / 80, "uniform double");
        Assert.All(x, static v => Assert.InRange(v, -2.0, 6.0 - 1e-12));
        var bins = new long[20];
        foreach (double v in x)
        {
            bins[(int)((v + 2) / width * 20)]++;
        }
        AssertChiSquare(bins, Even(20), "uniform double");
        float[] f = new Generator(2).Uniform(0f, 1f, N).ToArray();
        Assert.All(f, static v => Assert.InRange(v, 0f, 0.99999994f));
        AssertMoments([.. f.Select(static v => (double)v)], 0.5, 1.0 / 12, 1.0 / 80, "uniform float");
    }

    [Fact]
    public void Normal_MomentsAndDecileBinsMatch()
    {
        double[] x = new Generator(3).Normal(1.5, 2.0, N).ToArray();
        AssertMoments(x, 1.5, 4, 3 * 16, "normal");
        // Standard normal deciles: each bin holds 1/10 of the mass.
        double[] deciles = [-1.2815515655446004, -0.8416212335729143, -0.5244005127080407, -0.2533471031357997, 0,
            0.2533471031357997, 0.5244005127080407, 0.8416212335729143, 1.2815515655446004];
        var bins = new long[10];
        foreach (double v in x)
        {
            double z = (v - 1.5) / 2;
            int b = 0;
            while (b < deciles.Length && z >= deciles[b])
            {
                b++;
            }
            bins[b]++;
        }
        AssertChiSquare(bins, Even(10), "normal deciles");
        float[] f = new Generator(4).Normal(0f, 1f, N).ToArray();
        AssertMoments([.. f.Select(static v => (double)v)], 0, 1, 3, "normal float");
    }

    [Fact]
    public void Integers_SmallRangesAreUnbiased()
    {
        foreach ((int low, int high) in new[] { (0, 10), (-3, 4), (0, 3) })
        {
            int[] x = new Generator((ulong)(high - low)).Integers(low, high, N).ToArray();
            var bins = new long[high - low];
            foreach (int v in x)
            {
                bins[v - low]++;
            }
            AssertChiSquare(bins, Even(high - low), $"integers [{low}, {high})");
        }
        // A range just above 2^63: a modulo draw would put about 2/3 of the values in the lower half.
        ulong[] wide = new Generator(5).Integers(0UL, (1UL << 63) + (1UL << 62), 30000).ToArray();
        long lowerThird = wide.LongCount(static v => v < (1UL << 62));
        Assert.True(Math.Abs(lowerThird - 10000) < 5 * Math.Sqrt(30000 * (1 / 3.0) * (2 / 3.0)), $"{lowerThird} of 30000 in the lower third");
    }

    [Fact]
    public void ChoiceWithP_CountsFollowP_AndZeroIsNeverDrawn()
    {
        double[] p = [0.05, 0.0, 0.25, 0.1, 0.6];
        long[] x = new Generator(6).Choice(5, N, p: p).ToArray();
        Assert.DoesNotContain(1L, x);
        var bins = new long[5];
        foreach (long v in x)
        {
            bins[v]++;
        }
        AssertChiSquare([bins[0], bins[2], bins[3], bins[4]], [0.05, 0.25, 0.1, 0.6], "choice with p");
    }

    [Fact]
    public void ChoiceWithoutReplacement_NoRepeats_UniformInclusion()
    {
        var g = new Generator(7);
        var inclusion = new long[20];
        var firstPick = new long[20];
        for (int t = 0; t < 20000; t++)
        {
            long[] x = g.Choice(20, 7, replace: false).ToArray();
            Assert.Equal(7, x.Distinct().Count());
            foreach (long v in x)
            {
                inclusion[v]++;
            }
            firstPick[x[0]]++;
        }
        AssertChiSquare(inclusion, Even(20), "inclusion without replacement");
        AssertChiSquare(firstPick, Even(20), "first pick without replacement");
        // Rejection path (size small next to n) and the shuffle path (size close to n).
        long[] sparse = g.Choice(1_000_000_000_000, 1000, replace: false).ToArray();
        Assert.Equal(1000, sparse.Distinct().Count());
        Assert.All(sparse, static v => Assert.InRange(v, 0, 999_999_999_999));
        Assert.Equal(Enumerable.Range(0, 50).Select(static v => (long)v), g.Choice(50, 50, replace: false).ToArray().Order());
    }

    [Fact]
    public void ChoiceWithoutReplacementWithP_FirstDrawFollowsP_SecondIsSuccessive()
    {
        double[] p = [0.5, 0.3, 0.2, 0.0];
        var g = new Generator(8);
        var first = new long[3];
        long secondGivenFirst0 = 0, firstWas0 = 0;
        for (int t = 0; t < 50000; t++)
        {
            long[] x = g.Choice(4, 2, replace: false, p: p).ToArray();
            Assert.NotEqual(x[0], x[1]);
            Assert.DoesNotContain(3L, x);
            first[x[0]]++;
            if (x[0] == 0)
            {
                firstWas0++;
                secondGivenFirst0 += x[1] == 1 ? 1 : 0;
            }
        }
        AssertChiSquare(first, [0.5, 0.3, 0.2], "first weighted draw");
        // After 0 is drawn, 1 follows with probability 0.3 / (0.3 + 0.2) = 0.6.
        double rate = (double)secondGivenFirst0 / firstWas0;
        Assert.True(Math.Abs(rate - 0.6) < 5 * Math.Sqrt(0.24 / firstWas0), $"P(second = 1 | first = 0) = {rate}");
    }

    [Fact]
    public void Permutation_IsAPermutation_WithUniformPositions()
    {
        var g = new Generator(9);
        var positionOfZero = new long[10];
        for (int t = 0; t < 30000; t++)
        {
            long[] x = g.Permutation(10).ToArray();
            Assert.Equal(Enumerable.Range(0, 10).Select(static v => (long)v), x.Order());
            positionOfZero[Array.IndexOf(x, 0L)]++;
        }
        AssertChiSquare(positionOfZero, Even(10), "position of 0");
    }

    [Fact]
    public void Multinomial_Batched_CountsFollowEachRow()
    {
        Tensor<double> probs = Tensor.FromArray([1.0, 1.0, 2.0, 0.0, 0.0, 5.0, 0.0, 5.0]).Reshape(2, 4); // unnormalised
        Tensor<long> draws = new Generator(10).Multinomial(probs, 40000, replacement: true);
        Assert.Equal([2, 40000], draws.Shape.ToArray());
        long[,] x = draws.ToArray2D();
        var row0 = new long[4];
        var row1 = new long[4];
        for (int s = 0; s < 40000; s++)
        {
            row0[x[0, s]]++;
            row1[x[1, s]]++;
        }
        Assert.Equal(0, row0[3]);
        AssertChiSquare(row0[..3], [0.25, 0.25, 0.5], "multinomial row 0");
        Assert.Equal(0, row1[0] + row1[2]);
        AssertChiSquare([row1[1], row1[3]], [0.5, 0.5], "multinomial row 1");

        Tensor<long> distinct = new Generator(11).Multinomial(Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f]).Reshape(1, 1, 6), 6);
        Assert.Equal([1, 1, 6], distinct.Shape.ToArray());
        Assert.Equal(Enumerable.Range(0, 6).Select(static v => (long)v), distinct.ToArray().Order());
    }
}
