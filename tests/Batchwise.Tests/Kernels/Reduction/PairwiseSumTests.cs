using Batchwise.Kernels;
using Batchwise.Kernels.Reduction;

namespace Batchwise.Tests.Kernels.Reduction;

/// <summary>The pairwise kernel at every vector width, across every tail and block boundary.</summary>
[Collection("InstructionSet")]
public sealed class PairwiseSumTests
{
    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Sum_EveryLengthAndWidth_MatchesExactSum(VectorWidth width)
    {
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            var rng = new Random(5);
            int block = PairwiseSum.BlockLength;
            int[] lengths = [.. Enumerable.Range(0, 70), block - 1, block, block + 1, 2 * block + 7, 5 * block + 31, 100_003];
            foreach (int n in lengths)
            {
                // Integers below 2^20 sum exactly in double, so the expected value is exact.
                float[] xf = Enumerable.Range(0, n).Select(_ => (float)rng.Next(-1 << 20, 1 << 20)).ToArray();
                double[] xd = xf.Select(v => (double)v).ToArray();
                double exact = xd.Sum();
                Assert.Equal(exact, PairwiseSum.Sum(xf));
                Assert.Equal(exact, PairwiseSum.Sum(xd));
            }
            Assert.True(double.IsNaN(PairwiseSum.Sum([1f, float.NaN, 2f])));
            Assert.Equal(64.0 * float.MaxValue, PairwiseSum.Sum(Enumerable.Repeat(float.MaxValue, 64).ToArray()));
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }
}
