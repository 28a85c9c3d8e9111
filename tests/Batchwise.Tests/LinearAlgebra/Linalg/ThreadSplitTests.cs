using static Batchwise.Tests.LinearAlgebra.Linalg.LinalgTestHelpers;
using L = Batchwise.Linalg;

namespace Batchwise.Tests.LinearAlgebra.Linalg;

/// <summary>
/// The blocked factorizations split their steps over the cores: the row-oriented steps of the LU,
/// triangular solves and inverse by columns, the Cholesky's GEMM steps by rows. Each column or row
/// sees the same operations in the same order however the work is split, so the results on all
/// threads equal those on one thread exactly, and they solve the system.
/// </summary>
[Collection("Alone")]
public sealed class ThreadSplitTests
{
    [Theory]
    [InlineData(200, 130)] // 130 right-hand sides: 17 column ranges, the last one partial
    [InlineData(257, 64)]  // an order one past four blocks
    public void BlockedSolveAndInverse_OnAllThreads_EqualOneThreadExactly(int n, int k)
    {
        Tensor<double> a = WellConditioned<double>([], n, 43);
        Tensor<double> b = Tensor.Randn<double>([n, k], 44);

        Tensor<double> x = L.Solve(a, b), inverse = L.Inv(a);
        (Tensor<double> x1, Tensor<double> inverse1) = OnOneThread(() => (L.Solve(a, b), L.Inv(a)));

        Assert.Equal(x1.ToArray(), x.ToArray());
        Assert.Equal(inverse1.ToArray(), inverse.ToArray());
        AssertClose(b, Tensor.MatMul(a, x), n);
        AssertClose(Tensor.Eye<double>(n), Tensor.MatMul(a, inverse), n);
    }

    [Theory]
    [InlineData(200)] // three blocks of 64 and a partial one of 8
    [InlineData(257)] // an order one past four blocks
    public void BlockedCholesky_OnAllThreads_EqualsOneThreadExactly(int n)
    {
        Tensor<double> a = Spd<double>([], n, 45);
        Tensor<float> af = Spd<float>([], n, 46);

        Tensor<double> l = L.Cholesky(a), u = L.Cholesky(a, upper: true);
        Tensor<float> lf = L.Cholesky(af);
        (Tensor<double> l1, Tensor<float> lf1) = OnOneThread(() => (L.Cholesky(a), L.Cholesky(af)));

        Assert.Equal(l1.ToArray(), l.ToArray());
        Assert.Equal(lf1.ToArray(), lf.ToArray());
        AssertClose(a, Tensor.MatMul(l, l.MT), n);
        AssertClose(af, Tensor.MatMul(lf, lf.MT), n);
        AssertClose(l.MT.Copy(), u, n);
    }

    private static TResult OnOneThread<TResult>(Func<TResult> compute)
    {
        int saved = BatchwiseSettings.Threads;
        try
        {
            BatchwiseSettings.Threads = 1;
            return compute();
        }
        finally
        {
            BatchwiseSettings.Threads = saved;
        }
    }
}
