using Batchwise.NN;

namespace Batchwise.Tests.NN;

public sealed class LinearTests
{
    [Fact]
    public void Linear_HandChecked_AddsBiasToEachRow()
    {
        // x = [[1, 2]], W = [[1, 0], [0, 1], [1, 1]] (out 3, in 2), b = [10, 20, 30]:
        // x @ W.T = [[1, 2, 3]], plus b = [[11, 22, 33]].
        var x = Tensor.FromArray([1.0, 2.0], 1, 2);
        var w = Tensor.FromArray([1.0, 0, 0, 1, 1, 1], 3, 2);
        var b = Tensor.FromArray([10.0, 20, 30], 3);
        Assert.Equal([11.0, 22, 33], Functional.Linear(x, w, b).ToArray());
    }

    [Theory]
    [InlineData(new[] { 5 })]
    [InlineData(new[] { 4, 5 })]
    [InlineData(new[] { 2, 3, 5 })]
    [InlineData(new[] { 0, 5 })]
    public void Linear_AnyLeadingAxes_EqualsMatMulPlusBias(int[] shape)
    {
        var x = Tensor.Randn<double>(shape, seed: 1);
        var w = Tensor.Randn<double>([7, 5], seed: 2);
        var b = Tensor.Randn<double>([7], seed: 3);
        Tensor<double> expected = Tensor.MatMul(x, w.T) + b;
        Tensor<double> actual = Functional.Linear(x, w, b);
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        Assert.True(Tensor.AllClose(actual, expected, 1e-12, 1e-12));
    }

    [Fact]
    public void Linear_ZeroInFeatures_GivesTheBias()
    {
        var b = Tensor.FromArray([1f, 2f], 2);
        Assert.Equal([1f, 2f, 1f, 2f], Functional.Linear(Tensor.Zeros<float>(2, 0), Tensor.Zeros<float>(2, 0), b).ToArray());
    }

    [Fact]
    public void Linear_Mismatches_AreShapeErrors()
    {
        var x = Tensor.Zeros<float>(2, 3);
        Assert.Throws<ShapeException>(() => Functional.Linear(x, Tensor.Zeros<float>(4, 2)));
        Assert.Throws<ShapeException>(() => Functional.Linear(x, Tensor.Zeros<float>(4, 3), Tensor.Zeros<float>(3)));
        Assert.Throws<ShapeException>(() => Functional.Linear(Tensor.Scalar(1f), Tensor.Zeros<float>(4, 1)));
    }
}
