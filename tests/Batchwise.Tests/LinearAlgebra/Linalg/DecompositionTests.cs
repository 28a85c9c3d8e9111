using System.Numerics;
using static Batchwise.Tests.LinearAlgebra.Linalg.LinalgTestHelpers;
using L = Batchwise.Linalg;

namespace Batchwise.Tests.LinearAlgebra.Linalg;

public sealed class DecompositionTests
{
    public static TheoryData<int> Orders() => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 17, 150];

    [Theory]
    [MemberData(nameof(Orders))]
    public void Cholesky_LTimesLT_IsA(int n)
    {
        int batch = n > 100 ? 1 : 13;
        Tensor<double> a = Spd<double>([batch], n, 5);
        Tensor<double> l = L.Cholesky(a);
        AssertClose(a, Tensor.MatMul(l, l.MT), n);
        Assert.All(Enumerable.Range(0, n * n).Where(e => e % n > e / n), e => Assert.Equal(0.0, l[TensorIndex.At(0)].ToArray()[e]));
        Tensor<double> u = L.Cholesky(a, upper: true);
        AssertClose(l.MT.Copy(), u, n);
        Tensor<float> af = Spd<float>([batch], n, 6);
        Tensor<float> lf = L.Cholesky(af);
        AssertClose(af, Tensor.MatMul(lf, lf.MT), n);
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

    [Theory]
    [InlineData(4)]
    [InlineData(20)]
    public void Cholesky_IndefiniteMatrixInBatch_NamesItsIndex(int n)
    {
        Tensor<float> a = Spd<float>([300], n, 7);
        a[TensorIndex.At(211)].CopyFrom(-Tensor.Eye<float>(n));
        var error = Assert.Throws<LinAlgException>(() => L.Cholesky(a));
        Assert.Equal(211, error.BatchIndex);
        Assert.StartsWith("Matrix is not positive definite", error.Message);
    }

    [Theory]
    [InlineData(3, 10)]  // the small kernel factors two tiles of 8 (float, 256-bit) or 4 side by side: the first wins
    [InlineData(10, 3)]
    [InlineData(9, 17)]
    [InlineData(14, 14)]
    public void Cholesky_TwoIndefiniteMatrices_NamesTheFirst(int bad, int alsoBad)
    {
        foreach (int n in new[] { 2, 8 })
        {
            Tensor<float> a = Spd<float>([18], n, 8);
            a[TensorIndex.At(bad)].CopyFrom(-Tensor.Eye<float>(n));
            a[TensorIndex.At(alsoBad)].CopyFrom(-Tensor.Eye<float>(n));
            var error = Assert.Throws<LinAlgException>(() => L.Cholesky(a));
            Assert.Equal(Math.Min(bad, alsoBad), error.BatchIndex);
            Tensor<double> d = Spd<double>([18], n, 9);
            d[TensorIndex.At(alsoBad)].CopyFrom(-Tensor.Eye<double>(n));
            Assert.Equal(alsoBad, Assert.Throws<LinAlgException>(() => L.Cholesky(d)).BatchIndex);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(25)]
    public void Eigh_ReconstructsA_VectorsOrthonormal_Ascending(int n)
    {
        Tensor<double> a = Symmetric<double>([4], n, 9);
        (Tensor<double> w, Tensor<double> v) = L.Eigh(a);
        AssertClose(a, Tensor.MatMul(v * w.Unsqueeze(-2), v.MT), n);
        AssertClose(Tensor.Eye<double>(n).BroadcastTo(4, n, n).Copy(), Tensor.MatMul(v.MT, v), n);
        double[] values = w.ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            if (i % n != 0)
            {
                Assert.True(values[i - 1] <= values[i]);
            }
        }
        Tensor<float> af = Symmetric<float>([4], n, 10);
        (Tensor<float> wf, Tensor<float> vf) = L.Eigh(af);
        AssertClose(af, Tensor.MatMul(vf * wf.Unsqueeze(-2), vf.MT), n);
        AssertClose(wf, L.EigvalsH(af), n);
    }

    [Fact]
    public void Eigh_ReadsOnlyTheChosenTriangle()
    {
        Tensor<double> a = Symmetric<double>([], 5, 3);
        Tensor<double> lowerOnly = a.Copy();
        Tensor<double> garbage = Tensor.Randn<double>([5, 5], 4);
        for (int i = 0; i < 5; i++)
        {
            for (int j = i + 1; j < 5; j++)
            {
                lowerOnly.SetItem(garbage.GetItem(i, j), i, j);
            }
        }
        AssertClose(L.EigvalsH(a), L.EigvalsH(lowerOnly), 5);
        AssertClose(L.EigvalsH(a), L.EigvalsH(lowerOnly.MT.Copy(), "U"), 5);
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(3, 5)]
    [InlineData(4, 4)]
    [InlineData(16, 16)]
    [InlineData(1, 6)]
    [InlineData(30, 7)]
    public void Svd_ReconstructsA_Orthonormal_Descending(int m, int n)
    {
        int k = Math.Min(m, n);
        Tensor<double> a = Tensor.Randn<double>([3, m, n], 17);
        (Tensor<double> u, Tensor<double> s, Tensor<double> vh) = L.Svd(a, fullMatrices: false);
        AssertClose(a, Tensor.MatMul(u * s.Unsqueeze(-2), vh), Math.Max(m, n));
        AssertClose(Tensor.Eye<double>(k).BroadcastTo(3, k, k).Copy(), Tensor.MatMul(u.MT, u), Math.Max(m, n));
        AssertClose(Tensor.Eye<double>(k).BroadcastTo(3, k, k).Copy(), Tensor.MatMul(vh, vh.MT), Math.Max(m, n));
        (Tensor<double> uf, _, Tensor<double> vhf) = L.Svd(a, fullMatrices: true);
        AssertClose(Tensor.Eye<double>(m).BroadcastTo(3, m, m).Copy(), Tensor.MatMul(uf.MT, uf), Math.Max(m, n));
        AssertClose(Tensor.Eye<double>(n).BroadcastTo(3, n, n).Copy(), Tensor.MatMul(vhf, vhf.MT), Math.Max(m, n));
        AssertClose(s, L.SvdVals(a), Math.Max(m, n));
        double[] values = s.ToArray();
        for (int i = 1; i < values.Length; i++)
        {
            if (i % k != 0)
            {
                Assert.True(values[i - 1] >= values[i]);
            }
        }
    }

    [Fact]
    public void Svd_RankDeficient_CompletesTheBasis()
    {
        Tensor<double> a = Tensor.Zeros<double>(4, 3);
        a.SetItem(2.0, 0, 0);
        (Tensor<double> u, Tensor<double> s, Tensor<double> vh) = L.Svd(a);
        Assert.Equal([2.0, 0.0, 0.0], s.ToArray());
        AssertClose(Tensor.Eye<double>(4), Tensor.MatMul(u.MT, u), 4);
        AssertClose(Tensor.Eye<double>(3), Tensor.MatMul(vh, vh.MT), 4);
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(3, 5)]
    [InlineData(6, 6)]
    public void Qr_QTimesR_IsA_AndQIsOrthonormal(int m, int n)
    {
        int k = Math.Min(m, n);
        Tensor<float> a = Tensor.Randn<float>([2, 3, m, n], 23);
        (Tensor<float>? q, Tensor<float> r) = L.Qr(a);
        AssertClose(a, Tensor.MatMul(q!, r), Math.Max(m, n));
        AssertClose(Tensor.Eye<float>(k).BroadcastTo(2, 3, k, k).Copy(), Tensor.MatMul(q!.MT, q), m);
        (Tensor<float>? qc, Tensor<float> rc) = L.Qr(a, QrMode.Complete);
        Assert.Equal([2, 3, m, m], qc!.Shape.ToArray());
        AssertClose(a, Tensor.MatMul(qc, rc), Math.Max(m, n));
        (Tensor<float>? none, Tensor<float> ronly) = L.Qr(a, QrMode.R);
        Assert.Null(none);
        AssertClose(Tensor.Abs(r), Tensor.Abs(ronly), m);
    }
}
