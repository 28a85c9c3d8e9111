using static Batchwise.Tests.LinearAlgebra.Linalg.LinalgTestHelpers;
using L = Batchwise.Linalg;

namespace Batchwise.Tests.LinearAlgebra.Linalg;

/// <summary>
/// The row-oriented steps of the blocked LU, triangular solves and inverse split their columns over
/// the cores. Each column sees the same operations in the same order however they are split, so the
/// results on all threads equal those on one thread exactly, and they solve the system.
/// </summary>
[Collection("Alone")]
public sealed class ColumnSplitTests
{
    [Theory]
    [InlineData(200, 130)] // 130 right-hand sides: 17 column ranges, the last one partial
    [InlineData(257, 64)]  // an order one past four blocks
    public void BlockedSolveAndInverse_OnAllThreads_EqualOneThreadExactly(int n, int k)
    {
        Tensor<double> a = WellConditioned<double>([], n, 43);
        Tensor<double> b = Tensor.Randn<double>([n, k], 44);

        Tensor<double> x = L.Solve(a, b), inverse = L.Inv(a);
        int saved = BatchwiseSettings.Threads;
        Tensor<double> x1, inverse1;
        try
        {
            BatchwiseSettings.Threads = 1;
            x1 = L.Solve(a, b);
            inverse1 = L.Inv(a);
        }
        finally
        {
            BatchwiseSettings.Threads = saved;
        }

        Assert.Equal(x1.ToArray(), x.ToArray());
        Assert.Equal(inverse1.ToArray(), inverse.ToArray());
        AssertClose(b, Tensor.MatMul(a, x), n);
        AssertClose(Tensor.Eye<double>(n), Tensor.MatMul(a, inverse), n);
    }
}
