using L = Batchwise.Linalg;

namespace Batchwise.Tests.LinearAlgebra.Linalg;

/// <summary>
/// NaN and ±inf in every linalg function: either a <see cref="LinAlgException"/> naming the batch element
/// or a result that carries the NaN, never a finite answer; the other matrices of the batch are
/// unaffected. Before, a 3 x 3 matrix with one NaN had a 2-norm of 0.556, rank 2 and a finite pinv.
/// </summary>
public sealed class NonFiniteInputTests
{
    /// <summary>Functions LAPACK reports as not converging: refused with the element's index.</summary>
    public static TheoryData<string, double> Refused()
    {
        var data = new TheoryData<string, double>();
        foreach (string name in new[] { "svd", "svdvals", "pinv", "matrix_rank", "lstsq", "norm2", "norm-2", "nuc", "eigh", "eigvalsh" })
        {
            foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            {
                data.Add(name, bad);
            }
        }
        return data;
    }

    /// <summary>Functions whose arithmetic carries a NaN through, as NumPy's do.</summary>
    public static TheoryData<string> Propagating() => ["solve", "inv", "det", "slogdet", "matrix_power-1", "matrix_power2", "cholesky", "qr", "fro", "norm1", "norminf"];

    [Theory]
    [MemberData(nameof(Refused))]
    public void SvdAndEighFamilies_NonFiniteElement_RaiseNamingIt(string function, double bad)
    {
        foreach (int n in new[] { 3, 20 })
        {
            Tensor<double> a = Batch(n, bad);
            var error = Assert.Throws<LinAlgException>(() => Evaluate(function, a));
            Assert.Equal(1, error.BatchIndex);
            Assert.Contains("did not converge", error.Message);
            var single = Assert.Throws<LinAlgException>(() => Evaluate(function, a.To<float>()));
            Assert.Equal(1, single.BatchIndex);
        }
    }

    [Theory]
    [MemberData(nameof(Propagating))]
    public void LuCholeskyQrAndSumNorms_NaNElement_CarryNaN_OthersUnaffected(string function)
    {
        foreach (int n in new[] { 3, 20 })
        {
            Tensor<double> clean = Batch(n, null);
            Tensor<double> dirty = Batch(n, double.NaN);
            Tensor<double>[] expected = Evaluate(function, clean);
            Tensor<double>[] actual = Evaluate(function, dirty);
            for (int part = 0; part < expected.Length; part++)
            {
                Assert.Contains(actual[part][TensorIndex.At(1)].ToArray(), double.IsNaN);
                foreach (int element in new[] { 0, 2 })
                {
                    Assert.Equal(expected[part][TensorIndex.At(element)].ToArray(), actual[part][TensorIndex.At(element)].ToArray());
                }
            }
        }
    }

    [Fact]
    public void Cholesky_NaNMatrix_GivesNaNNotAnError()
    {
        // NumPy returns the factor with NaN; before, this said "Matrix is not positive definite".
        var a = Tensor.FromArray(new double[] { 4, 2, 2, double.NaN }, 2, 2);
        double[] l = L.Cholesky(a).ToArray();
        Assert.Equal(2.0, l[0]);
        Assert.True(double.IsNaN(l[3]));
        Assert.True(double.IsNaN(L.Cholesky(Tensor.Full(float.NaN, 5, 3, 3)).ToArray()[0]));
    }

    [Fact]
    public void IssueExample_OneNaNIn3x3_NoFiniteNormRankOrPinv()
    {
        var b = Tensor.FromArray(new double[] { 1, 2, 3, 4, double.NaN, 6, 7, 8, 10 }, 3, 3);
        Assert.Throws<LinAlgException>(() => L.Norm(b, 2.0));
        Assert.Throws<LinAlgException>(() => L.MatrixRank(b));
        Assert.Throws<LinAlgException>(() => L.Pinv(b));
        Tensor<double> allNaN = Tensor.Full(double.NaN, 3, 3);
        Assert.Throws<LinAlgException>(() => L.Pinv(allNaN));
        Assert.Throws<LinAlgException>(() => L.Lstsq(allNaN, Tensor.Ones<double>([3])));
    }

    /// <summary>Three well-conditioned symmetric positive definite n x n matrices; element 1 gets <paramref name="bad"/> at (1, 1).</summary>
    private static Tensor<double> Batch(int n, double? bad)
    {
        Tensor<double> a = LinalgTestHelpers.Spd<double>([3], n, 71);
        if (bad is double value)
        {
            a[1, 1, 1] = value;
        }
        return a;
    }

    private static Tensor<T>[] Evaluate<T>(string function, Tensor<T> a) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int n = a.Shape[^1];
        return function switch
        {
            "svd" => [L.Svd(a).S],
            "svdvals" => [L.SvdVals(a)],
            "pinv" => [L.Pinv(a)],
            "matrix_rank" => [L.MatrixRank(a).To<T>()],
            "lstsq" => [L.Lstsq(a, Tensor.Ones<T>([3, n, 2])).X],
            "norm2" => [L.Norm(a, 2.0, [-2, -1])],
            "norm-2" => [L.Norm(a, -2.0, [-2, -1])],
            "nuc" => [L.Norm(a, NormOrder.Nuc, [-2, -1])],
            "fro" => [L.Norm(a, NormOrder.Fro, [-2, -1])],
            "norm1" => [L.Norm(a, 1.0, [-2, -1])],
            "norminf" => [L.Norm(a, double.PositiveInfinity, [-2, -1])],
            "eigh" => [L.Eigh(a).Eigenvalues],
            "eigvalsh" => [L.EigvalsH(a)],
            "solve" => [L.Solve(a, Tensor.Ones<T>([3, n, 2]))],
            "inv" => [L.Inv(a)],
            "det" => [L.Det(a)],
            "slogdet" => [L.SlogDet(a).LogAbsDet],
            "matrix_power-1" => [L.MatrixPower(a, -1)],
            "matrix_power2" => [L.MatrixPower(a, 2)],
            "cholesky" => [L.Cholesky(a)],
            "qr" => [L.Qr(a).Q!, L.Qr(a).R],
            _ => throw new ArgumentException(function),
        };
    }
}
