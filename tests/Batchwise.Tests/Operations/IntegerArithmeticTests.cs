namespace Batchwise.Tests.Operations;

/// <summary>NumPy's integer rules in the library API: result types of reductions, floor division and remainder signs, wrap-around.</summary>
public sealed class IntegerArithmeticTests
{
    [Fact]
    public void Sum_Int32_AccumulatesAndReturnsInt64()
    {
        Tensor<int> x = Tensor.Full(int.MaxValue, 4);
        Tensor<long> total = Tensor.Sum(x);
        Assert.Equal(4L * int.MaxValue, total.ToScalar());
        Assert.Equal([2], Tensor.Sum(Tensor.Full(1, 2, 3), 1).Shape.ToArray());
    }

    [Fact]
    public void MeanVarStd_OfIntegers_AreFloat64()
    {
        Tensor<long> x = Tensor.FromArray(new long[] { 1, 2, 3, 4 }, 2, 2);
        Assert.Equal(2.5, Tensor.Mean(x).ToScalar());
        Assert.Equal([1.5, 3.5], Tensor.Mean(x, [1]).ToArray());
        Assert.Equal([4.0, 4.0], Tensor.Var(Tensor.FromArray(new[] { 1, 3, 5, 7 }, 2, 2), [0]).ToArray());
        Assert.Equal([Math.Sqrt(2.0), Math.Sqrt(2.0)], Tensor.Std(x, [0], ddof: 1).ToArray());
    }

    [Theory]
    [InlineData(7, 2, 3, 1)]
    [InlineData(-7, 2, -4, 1)]
    [InlineData(7, -2, -4, -1)]
    [InlineData(-7, -2, 3, -1)]
    [InlineData(6, 3, 2, 0)]
    [InlineData(5, 0, 0, 0)]
    public void FloorDivideAndRemainder_Int64_FollowPython(long a, long b, long quotient, long remainder)
    {
        Tensor<long> x = Tensor.Scalar(a), y = Tensor.Scalar(b);
        Assert.Equal(quotient, Tensor.FloorDivide(x, y).ToScalar());
        Assert.Equal(remainder, Tensor.Remainder(x, y).ToScalar());
    }

    [Fact]
    public void FloorDivideAndRemainder_Floats_FollowPython()
    {
        Tensor<double> x = Tensor.FromArray(new[] { 7.5, -7.5, 1.0, -0.0 }), y = Tensor.FromArray(new[] { 2.0, 2.0, 0.0, 3.0 });
        Assert.Equal([3.0, -4.0, double.PositiveInfinity, -0.0], Tensor.FloorDivide(x, y).ToArray());
        Assert.Equal([1.5, 0.5], Tensor.Remainder(x, y).ToArray()[..2]);
    }

    [Fact]
    public void Arithmetic_Int32_WrapsAround()
    {
        Tensor<int> x = Tensor.Full(int.MaxValue, 2);
        Assert.Equal([int.MinValue, int.MinValue], (x + 1).ToArray());
        Assert.Equal([3.5], Tensor.TrueDivide(Tensor.FromArray(new[] { 7 }), Tensor.FromArray(new[] { 2 })).ToArray());
    }
}
