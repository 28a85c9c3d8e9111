using System.Numerics;
using static Batchwise.Tests.LinearAlgebra.Linalg.LinalgTestHelpers;
using L = Batchwise.Linalg;

namespace Batchwise.Tests.LinearAlgebra.Linalg;

public sealed class SolveInvDetTests
{
    public static TheoryData<int> Orders() => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 16, 33];

    [Theory]
    [MemberData(nameof(Orders))]
    public void Solve_Float_AxEqualsB(int n) => CheckSolve<float>(n);

    [Theory]
    [MemberData(nameof(Orders))]
    public void Solve_Double_AxEqualsB(int n) => CheckSolve<double>(n);

    private static void CheckSolve<T>(int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Tensor<T> a = WellConditioned<T>([3, 7], n, 11);
        Tensor<T> b = Tensor.Randn<T>([3, 7, n, 2], 12);
        Tensor<T> x = L.Solve(a, b);
        AssertClose(b, Tensor.MatMul(a, x), n);
    }

    [Fact]
    public void Solve_VectorB_BroadcastsOverBatch()
    {
        Tensor<double> a = WellConditioned<double>([5], 4, 3);
        Tensor<double> b = Tensor.Randn<double>([4], 4);
        Tensor<double> x = L.Solve(a, b);
        Assert.Equal([5, 4], x.Shape.ToArray());
        AssertClose(b.BroadcastTo(5, 4), Tensor.MatMul(a, x.Unsqueeze(-1)).Squeeze(-1), 4);
    }

    [Fact]
    public void Solve_NumPy2Rule_TwoDimensionalBIsAMatrixStack()
    {
        Tensor<double> a = WellConditioned<double>([2], 3, 3);
        Assert.Throws<ShapeException>(() => L.Solve(a, Tensor.Randn<double>([2, 3], 1)));
        Tensor<double> x = L.Solve(a, Tensor.Randn<double>([3, 1], 1));
        Assert.Equal([2, 3, 1], x.Shape.ToArray());
    }

    [Fact]
    public void Solve_BatchAxesBroadcast()
    {
        Tensor<float> a = WellConditioned<float>([4, 1], 3, 3);
        Tensor<float> b = Tensor.Randn<float>([5, 3, 2], 2);
        Tensor<float> x = L.Solve(a, b);
        Assert.Equal([4, 5, 3, 2], x.Shape.ToArray());
        AssertClose(b.BroadcastTo(4, 5, 3, 2), Tensor.MatMul(a, x), 3);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    public void Solve_OneSingularMatrixInALargeBatch_NamesItsIndex(int n)
    {
        Tensor<float> a = WellConditioned<float>([1000], n, 5);
        a[TensorIndex.At(637), TensorIndex.At(1)].CopyFrom(Tensor.Zeros<float>(n));
        var error = Assert.Throws<LinAlgException>(() => L.Solve(a, Tensor.Ones<float>(1000, n, 1)));
        Assert.Equal(637, error.BatchIndex);
        Assert.StartsWith("Singular matrix", error.Message);
        error = Assert.Throws<LinAlgException>(() => L.Inv(a));
        Assert.Equal(637, error.BatchIndex);
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public void Inv_TimesA_IsIdentity(int n)
    {
        Tensor<double> a = WellConditioned<double>([6], n, 21);
        AssertClose(Tensor.Eye<double>(n).BroadcastTo(6, n, n).Copy(), Tensor.MatMul(a, L.Inv(a)), n);
        Tensor<float> af = WellConditioned<float>([20], n, 22);
        AssertClose(Tensor.Eye<float>(n).BroadcastTo(20, n, n).Copy(), Tensor.MatMul(af, L.Inv(af)), n);
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public void Det_MatchesProductOfSlogDet_AndTheSmallPathMatchesLu(int n)
    {
        Tensor<double> a = WellConditioned<double>([9], n, 31);
        Tensor<double> det = L.Det(a);
        (Tensor<double> sign, Tensor<double> log) = L.SlogDet(a);
        AssertClose(det, sign * Tensor.Exp(log), n, c: 200);
        // det(A·B) = det A · det B links the batched small kernel to the general one through MatMul.
        Tensor<double> b = WellConditioned<double>([9], n, 32);
        AssertClose(det * L.Det(b), L.Det(Tensor.MatMul(a, b)), n, c: 500);
    }

    [Fact]
    public void Det_SingularAndEmptyCases()
    {
        Tensor<double> ones = Tensor.Ones<double>(2, 4, 4);
        Assert.Equal([0.0, 0.0], L.Det(ones).ToArray());
        (Tensor<double> sign, Tensor<double> log) = L.SlogDet(Tensor.Ones<double>(20, 20));
        Assert.Equal(0.0, sign.ToScalar());
        Assert.Equal(double.NegativeInfinity, log.ToScalar());
        Assert.Equal([1.0, 1.0, 1.0], L.Det(Tensor.Zeros<double>(3, 0, 0)).ToArray());
        Assert.Equal([0], L.Det(Tensor.Zeros<float>(0, 5, 5)).Shape.ToArray());
        Assert.Equal([0, 2, 2], L.Inv(Tensor.Zeros<float>(0, 2, 2)).Shape.ToArray());
        (sign, log) = L.SlogDet(Tensor.Zeros<double>(0, 0));
        Assert.Equal((1.0, 0.0), (sign.ToScalar(), log.ToScalar()));
    }

    [Fact]
    public void LargeOrder_BlockedPathsAgree()
    {
        int n = 200;
        Tensor<double> a = WellConditioned<double>([], n, 41);
        Tensor<double> b = Tensor.Randn<double>([n, 3], 42);
        AssertClose(b, Tensor.MatMul(a, L.Solve(a, b)), n);
        AssertClose(Tensor.Eye<double>(n), Tensor.MatMul(a, L.Inv(a)), n);
        (Tensor<double> sign, Tensor<double> log) = L.SlogDet(a);
        Assert.Equal(1.0, Math.Abs(sign.ToScalar()));
        Assert.True(double.IsFinite(log.ToScalar()));
    }

    /// <summary>
    /// Blocked LU panels are copied column-major in register tiles; orders that leave 3 or 5 rows past
    /// the last whole tile (of 8 floats or 4 doubles) check the element-by-element edges.
    /// </summary>
    [Theory]
    [InlineData(131)]
    [InlineData(205)]
    public void LargeOrder_PanelTileEdges_Solve(int n)
    {
        Tensor<double> a = WellConditioned<double>([], n, 48);
        Tensor<double> b = Tensor.Randn<double>([n, 2], 49);
        AssertClose(b, Tensor.MatMul(a, L.Solve(a, b)), n);
        Tensor<float> af = WellConditioned<float>([], n, 50);
        Tensor<float> bf = Tensor.Randn<float>([n, 2], 51);
        AssertClose(bf, Tensor.MatMul(af, L.Solve(af, bf)), n);
    }

    /// <summary>
    /// An exactly zero column inside a panel slice of the blocked LU: its step is skipped (no division
    /// by the zero pivot), the later columns of the slice and the slices after it still factor, and
    /// the determinant is exactly 0, as LAPACK's getrf reports it.
    /// </summary>
    [Fact]
    public void LargeOrder_ZeroColumnInsideAPanel_GivesZeroDeterminant()
    {
        int n = 150;
        Tensor<double> a = WellConditioned<double>([], n, 52);
        a[TensorIndex.All, TensorIndex.At(37)].CopyFrom(Tensor.Zeros<double>(n));
        Assert.Equal(0.0, L.Det(a).ToScalar());
        (Tensor<double> sign, Tensor<double> log) = L.SlogDet(a);
        Assert.Equal(0.0, sign.ToScalar());
        Assert.Equal(double.NegativeInfinity, log.ToScalar());
        Assert.StartsWith("Singular matrix", Assert.Throws<LinAlgException>(() => L.Inv(a)).Message);
    }

    [Fact]
    public void NonSquareOrLowRank_IsAShapeError()
    {
        Assert.Throws<ShapeException>(() => L.Inv(Tensor.Zeros<double>(2, 3)));
        Assert.Throws<ShapeException>(() => L.Det(Tensor.Zeros<double>(3)));
        Assert.Throws<ShapeException>(() => L.Cholesky(Tensor.Zeros<double>(2, 2, 3)));
        Assert.Throws<ShapeException>(() => L.Solve(Tensor.Zeros<double>(3, 3), Tensor.Zeros<double>(4)));
    }
}
