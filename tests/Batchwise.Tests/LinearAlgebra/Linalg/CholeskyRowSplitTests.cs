using static Batchwise.Tests.LinearAlgebra.Linalg.LinalgTestHelpers;
using L = Batchwise.Linalg;

namespace Batchwise.Tests.LinearAlgebra.Linalg;

/// <summary>
/// The blocked Cholesky splits the rows of each block column over the cores, each range its own GEMM.
/// Every row sees the same operations in the same order however the rows are split, so the factor on
/// all threads equals the one on one thread exactly, and it reconstructs the matrix.
/// </summary>
[Collection("Alone")]
public sealed class CholeskyRowSplitTests
{
    [Theory]
    [InlineData(200)] // three blocks of 64 and a partial one of 8
    [InlineData(257)] // an order one past four blocks
    public void BlockedCholesky_OnAllThreads_EqualsOneThreadExactly(int n)
    {
        Tensor<double> a = Spd<double>([], n, 45);
        Tensor<float> af = Spd<float>([], n, 46);

        Tensor<double> l = L.Cholesky(a), u = L.Cholesky(a, upper: true);
        Tensor<float> lf = L.Cholesky(af);
        int saved = BatchwiseSettings.Threads;
        Tensor<double> l1;
        Tensor<float> lf1;
        try
        {
            BatchwiseSettings.Threads = 1;
            l1 = L.Cholesky(a);
            lf1 = L.Cholesky(af);
        }
        finally
        {
            BatchwiseSettings.Threads = saved;
        }

        Assert.Equal(l1.ToArray(), l.ToArray());
        Assert.Equal(lf1.ToArray(), lf.ToArray());
        AssertClose(a, Tensor.MatMul(l, l.MT), n);
        AssertClose(af, Tensor.MatMul(lf, lf.MT), n);
        AssertClose(l.MT.Copy(), u, n);
    }

    /// <summary>
    /// The blocked update negates its block, accumulates and negates back; exact zeros of the factor
    /// (here a diagonal matrix's) must come out +0, as NumPy's do, not −0.
    /// </summary>
    [Fact]
    public void BlockedCholesky_ExactZeros_ArePositiveZeros()
    {
        Tensor<double> l = L.Cholesky(Tensor.Eye<double>(200) * 4.0);
        Assert.All(l.ToArray(), v => Assert.False(v == 0 && double.IsNegative(v), "a -0 in the factor"));
        Assert.Equal((Tensor.Eye<double>(200) * 2.0).ToArray(), l.ToArray());
    }

    [Theory]
    [InlineData(3)]   // in the first diagonal block
    [InlineData(150)] // in a later block, after the row-split updates
    public void BlockedCholesky_IndefiniteAtColumn_Throws(int column)
    {
        Tensor<double> a = Spd<double>([], 200, 47);
        a.SetItem(-1e6, column, column);
        var error = Assert.Throws<LinAlgException>(() => L.Cholesky(a));
        Assert.StartsWith("Matrix is not positive definite", error.Message);
    }
}
