using System.Numerics;
using L = Batchwise.Linalg;

namespace Batchwise.Tests.LinearAlgebra.Linalg;

/// <summary>
/// Every decomposition and norm at the ends of the exponent range: the result for <c>A·2^k</c> must be
/// the result for <c>A</c> times the power of 2^k the function carries (singular values 2^k, inverses
/// 2^-k, ...). Before the power-of-two scaling, float32 entries ≳ 1e10 or ≲ 1e-30 gave the column norms
/// or zeros as singular values.
/// </summary>
public sealed class ExtremeScaleTests
{
    /// <summary>
    /// k for float64 (the issue's sweep, then out to where squares overflow or underflow) and for float32
    /// (entries and results stay normal).
    /// </summary>
    public static TheoryData<int> DoubleExponents() => [.. Enumerable.Range(-14, 29).Select(i => i * 10), -1000, -900, -600, -300, 300, 600, 900, 1000];

    public static TheoryData<int> SingleExponents() => [.. Enumerable.Range(-10, 22).Select(i => i * 10)];

    [Theory]
    [MemberData(nameof(DoubleExponents))]
    public void Decompositions_ScaleByPowerOfTwo_Double(int k) => SweepDecompositions<double>(k, cholesky: Math.Abs(k) <= 500);

    [Theory]
    [MemberData(nameof(SingleExponents))]
    public void Decompositions_ScaleByPowerOfTwo_Single(int k) => SweepDecompositions<float>(k, cholesky: Math.Abs(k) <= 50);

    [Fact]
    public void Svd_IssueExample_Float32At1e10_MatchesNumPy()
    {
        var m = Tensor.FromArray(new float[] { 3, 1, 1, 2 }, 2, 2) * 1e10f;
        float[] s = L.SvdVals(m).ToArray();
        // NumPy: [3.618e10, 1.382e10] (the column norms, 3.162e10 and 2.236e10, before the fix).
        Assert.Equal(3.618034e10, s[0], 3.618034e10 * 1e-6);
        Assert.Equal(1.381966e10, s[1], 1.381966e10 * 1e-6);
        Tensor<float> identity = Tensor.MatMul(L.Pinv(m), m);
        LinalgTestHelpers.AssertClose(Tensor.Eye<float>(2), identity, 2);
    }

    [Fact]
    public void Qr_HugeColumn_NormDoesNotOverflow()
    {
        // NumPy: R = [[-5e200]]; before the fix R was -inf and Q NaN.
        var a = Tensor.FromArray(new double[] { 3e200, 4e200 }, 2, 1);
        (Tensor<double>? q, Tensor<double> r) = L.Qr(a);
        Assert.Equal(-5e200, r.ToScalar(), 5e200 * 1e-15);
        Assert.Equal([-0.6, -0.8], q!.ToArray().Select(x => Math.Round(x, 12)));
    }

    [Theory]
    [InlineData(1e19f)]
    [InlineData(1e30f)]
    [InlineData(1e-30f)]
    public void EigvalsH_Float32AtExtremeScales_NotTheDiagonal(float scale)
    {
        var a = Tensor.FromArray(new float[] { 2, 1, 1, 2 }, 2, 2) * scale;
        float[] w = L.EigvalsH(a).ToArray();
        Assert.Equal(1.0, w[0] / scale, 1e-6);
        Assert.Equal(3.0, w[1] / scale, 1e-6);
    }

    [Fact]
    public void Svd_BatchOfLargeSmallMatrices_MatchesUnscaled()
    {
        // The (100,4,4) batch of the issue: up to 800x relative error at 1e10 in float32.
        Tensor<float> a = Tensor.Randn<float>([100, 4, 4], 31);
        Tensor<float> expected = L.SvdVals(a);
        foreach (float scale in new[] { 1e10f, 1e20f, 1e-20f, 1e-35f })
        {
            Tensor<float> s = L.SvdVals(a * scale) / scale;
            LinalgTestHelpers.AssertClose(expected, s, 4);
        }
    }

    private static void SweepDecompositions<T>(int k, bool cholesky) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int n in new[] { 3, 20 })
        {
            Tensor<T> a = LinalgTestHelpers.WellConditioned<T>([2], n, (ulong)(40 + n));
            Tensor<T> scaled = Scale(a, k);
            Tensor<T> tall = Tensor.Randn<T>([2, n + 2, n], (ulong)(50 + n));
            Tensor<T> scaledTall = Scale(tall, k);
            Tensor<T> b = Tensor.Randn<T>([2, n, 2], 7);

            AssertScaled("L.SvdVals(a)", L.SvdVals(a), L.SvdVals(scaled), k, n);
            AssertScaled("L.SvdVals(tall)", L.SvdVals(tall), L.SvdVals(scaledTall), k, n);
            AssertScaled("L.Svd(a).U", L.Svd(a).U, L.Svd(scaled).U, 0, n);
            AssertScaled("L.EigvalsH(a)", L.EigvalsH(a), L.EigvalsH(scaled), k, n);
            AssertScaled("L.Eigh(a).Eigenvectors", L.Eigh(a).Eigenvectors, L.Eigh(scaled).Eigenvectors, 0, n);
            AssertScaled("L.Qr(tall).R", L.Qr(tall).R, L.Qr(scaledTall).R, k, n);
            AssertScaled("L.Qr(tall).Q!", L.Qr(tall).Q!, L.Qr(scaledTall).Q!, 0, n);
            AssertScaled("L.Pinv(tall)", L.Pinv(tall), L.Pinv(scaledTall), -k, n);
            AssertScaled("L.Lstsq(tall", L.Lstsq(tall, Tensor.Randn<T>([2, n + 2, 2], 8)).X, L.Lstsq(scaledTall, Tensor.Randn<T>([2, n + 2, 2], 8)).X, -k, n);
            Assert.Equal(L.MatrixRank(tall).ToArray(), L.MatrixRank(scaledTall).ToArray());
            foreach (NormOrder ord in new NormOrder[] { 2.0, -2.0, NormOrder.Nuc, NormOrder.Fro, 1.0, double.PositiveInfinity })
            {
                AssertScaled("L.Norm(a", L.Norm(a, ord, [-2, -1]), L.Norm(scaled, ord, [-2, -1]), k, n);
            }
            AssertScaled("L.Inv(a)", L.Inv(a), L.Inv(scaled), -k, n);
            AssertScaled("L.Solve(a", L.Solve(a, b), L.Solve(scaled, b), -k, n);
            if (cholesky)
            {
                Tensor<T> spd = LinalgTestHelpers.Spd<T>([2], n, (ulong)(60 + n));
                AssertScaled("L.Cholesky(spd)", L.Cholesky(spd), L.Cholesky(Scale(spd, 2 * k)), k, n);
            }
        }
    }

    private static Tensor<T> Scale<T>(Tensor<T> a, int k) where T : unmanaged, IFloatingPointIeee754<T> =>
        Tensor.FromArray(a.ToArray().Select(x => T.ScaleB(x, k)).ToArray(), a.Shape.ToArray());

    /// <summary>actual == expected·2^k to a few ulps of each result's own largest entry.</summary>
    private static void AssertScaled<T>(string what, Tensor<T> expected, Tensor<T> actual, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Tensor<T> unscaled = Scale(actual, -k);
        Assert.All(actual.ToArray(), x => Assert.True(T.IsFinite(x), $"{what}: non-finite result {x} at 2^{k}"));
        try
        {
            LinalgTestHelpers.AssertClose(expected, unscaled, n, c: 4);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{what} at 2^{k}: {e.Message}");
        }
    }
}
