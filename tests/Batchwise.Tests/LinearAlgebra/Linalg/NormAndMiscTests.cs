using static Batchwise.Tests.LinearAlgebra.Linalg.LinalgTestHelpers;
using L = Batchwise.Linalg;

namespace Batchwise.Tests.LinearAlgebra.Linalg;

public sealed class NormAndMiscTests
{
    private static readonly Tensor<double> s_matrix = Tensor.FromArray(new double[] { 1, -2, 3, -4, 5, -6 }, 2, 3);

    [Theory]
    [InlineData(null, 9.539392014169456)]
    [InlineData(2.0, 9.539392014169456)]
    [InlineData(1.0, 21.0)]
    [InlineData(double.PositiveInfinity, 6.0)]
    [InlineData(double.NegativeInfinity, 1.0)]
    [InlineData(0.0, 6.0)]
    [InlineData(3.0, 7.6116626110202)]
    public void Norm_VectorOrders_MatchNumPy(double? ord, double expected)
    {
        Tensor<double> v = s_matrix.Reshape(6);
        Assert.Equal(expected, L.Norm(v, ord is double p ? p : null).ToScalar(), 10);
    }

    [Fact]
    public void Norm_MatrixOrders_MatchNumPy()
    {
        Assert.Equal(9.539392014169456, L.Norm(s_matrix, NormOrder.Fro).ToScalar(), 10);
        Assert.Equal(9.0, L.Norm(s_matrix, 1.0).ToScalar(), 10);
        Assert.Equal(5.0, L.Norm(s_matrix, -1.0).ToScalar(), 10);
        Assert.Equal(15.0, L.Norm(s_matrix, double.PositiveInfinity).ToScalar(), 10);
        Assert.Equal(6.0, L.Norm(s_matrix, double.NegativeInfinity).ToScalar(), 10);
        Assert.Equal(9.508032000695724, L.Norm(s_matrix, 2.0).ToScalar(), 10);
        Assert.Equal(0.7728696356734846, L.Norm(s_matrix, -2.0).ToScalar(), 10);
        Assert.Equal(10.280901636369208, L.Norm(s_matrix, NormOrder.Nuc).ToScalar(), 10);
    }

    [Fact]
    public void Norm_AxesAndKeepDims()
    {
        Assert.Equal([4.123105625617661, 5.385164807134504, 6.708203932499369], L.Norm(s_matrix, null, 0).ToArray());
        Assert.Equal([1, 3], L.Norm(s_matrix, null, [0], keepDims: true).Shape.ToArray());
        Assert.Equal([1, 1], L.Norm(s_matrix, keepDims: true).Shape.ToArray());
        Tensor<double> stack = Tensor.Randn<double>([2, 3, 4], 1);
        Assert.Equal([3], L.Norm(stack, NormOrder.Fro, [0, 2]).Shape.ToArray());
        Assert.Equal([1, 3, 1], L.Norm(stack, NormOrder.Nuc, [2, 0], keepDims: true).Shape.ToArray());
    }

    [Fact]
    public void Norm_InvalidArguments()
    {
        Assert.Throws<InvalidValueException>(() => L.Norm(s_matrix, 3.0));
        Assert.Throws<InvalidValueException>(() => L.Norm(s_matrix.Reshape(6), NormOrder.Fro));
        Assert.Throws<InvalidValueException>(() => L.Norm(Tensor.Zeros<double>(2, 2, 2), 1.0));
        Assert.Throws<InvalidValueException>(() => L.Norm(s_matrix, null, [1, 1]));
        Assert.Throws<AxisIndexException>(() => L.Norm(s_matrix, null, 2));
    }

    [Fact]
    public void Pinv_OfInvertible_IsInverse_AndPenroseHoldsWhenRankDeficient()
    {
        Tensor<double> a = WellConditioned<double>([3], 4, 3);
        AssertClose(L.Inv(a), L.Pinv(a), 4, c: 500);
        Tensor<double> r = Tensor.Randn<double>([5, 3], 4);
        r[TensorIndex.Ellipsis, TensorIndex.At(1)].CopyFrom(Tensor.Zeros<double>(5));
        Tensor<double> p = L.Pinv(r);
        Assert.Equal([3, 5], p.Shape.ToArray());
        AssertClose(r, Tensor.MatMul(Tensor.MatMul(r, p), r), 5, c: 500);
        Assert.Equal([2L], L.MatrixRank(r.Unsqueeze(0)).ToArray());
    }

    [Fact]
    public void MatrixPower_ZeroNegativeAndPositive()
    {
        Tensor<double> a = WellConditioned<double>([2], 3, 8);
        AssertClose(Tensor.Eye<double>(3).BroadcastTo(2, 3, 3).Copy(), L.MatrixPower(Tensor.Ones<double>(2, 3, 3), 0), 3);
        AssertClose(Tensor.MatMul(Tensor.MatMul(a, a), a), L.MatrixPower(a, 3), 3, c: 500);
        AssertClose(Tensor.Eye<double>(3).BroadcastTo(2, 3, 3).Copy(), Tensor.MatMul(L.MatrixPower(a, -2), L.MatrixPower(a, 2)), 3, c: 500);
        Assert.Throws<LinAlgException>(() => L.MatrixPower(Tensor.Ones<double>(3, 3), -1));
    }

    [Fact]
    public void Lstsq_Batched_MatchesNormalEquations()
    {
        Tensor<double> a = Tensor.Randn<double>([4, 8, 3], 5);
        Tensor<double> b = Tensor.Randn<double>([4, 8, 2], 6);
        (Tensor<double> x, Tensor<double> residuals, Tensor<long> rank, Tensor<double> s) = L.Lstsq(a, b);
        Tensor<double> normal = L.Solve(Tensor.MatMul(a.MT, a), Tensor.MatMul(a.MT, b));
        AssertClose(normal, x, 8, c: 1000);
        Assert.Equal([4, 2], residuals.Shape.ToArray());
        Assert.All(rank.ToArray(), r => Assert.Equal(3L, r));
        Assert.Equal([4, 3], s.Shape.ToArray());
    }

    [Fact]
    public void Cross_AndMultiDot()
    {
        Tensor<double> x = Tensor.FromArray(new double[] { 1, 0, 0, 0, 1, 0 }, 2, 3);
        Tensor<double> y = Tensor.FromArray(new double[] { 0, 1, 0 }, 3);
        Assert.Equal([0.0, 0, 1, 0, 0, 0], L.Cross(x, y).ToArray());
        Tensor<double> a = Tensor.Randn<double>([4, 6], 1), b = Tensor.Randn<double>([6, 2], 2), c = Tensor.Randn<double>([2, 5], 3);
        AssertClose(Tensor.MatMul(Tensor.MatMul(a, b), c), L.MultiDot(a, b, c), 6);
        Tensor<double> v = Tensor.Randn<double>([5], 4);
        Assert.Equal([4], L.MultiDot(a, b, c, v).Shape.ToArray());
    }
}
