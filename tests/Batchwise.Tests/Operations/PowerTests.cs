namespace Batchwise.Tests.Operations;

/// <summary>Integer powers: exact, by squaring, and NumPy's refusal of negative exponents.</summary>
public sealed class IntegerPowerTests
{
    [Fact]
    public void Pow_Integers_AreExactAndStayIntegers()
    {
        var x = Tensor.FromArray(new long[] { 2, -3, 0, 1, 7, -1 }, 6);
        var y = Tensor.FromArray(new long[] { 10, 3, 0, 100, 0, 5 }, 6);
        Assert.Equal([1024L, -27L, 1L, 1L, 1L, -1L], Tensor.Pow(x, y).ToArray());
        Assert.Equal([4, 9, 0], Tensor.Pow(Tensor.FromArray(new[] { 2, -3, 0 }, 3), 2).ToArray());
        // 3^39 fits in int64 (4052555153018976267); the naive double path would round it.
        Assert.Equal(4052555153018976267L, Tensor.Pow(Tensor.Scalar(3L), 39L).ToScalar());
        Assert.Equal([3, 0], Tensor.Pow(Tensor.Zeros<int>(3, 0), Tensor.Zeros<int>(1)).Shape.ToArray());
    }

    [Fact]
    public void Pow_IntegersToNegativePowers_AreValueErrors()
    {
        var x = Tensor.FromArray(new[] { 2, 3 }, 2);
        Assert.Throws<InvalidValueException>(() => Tensor.Pow(x, Tensor.FromArray(new[] { 1, -1 }, 2)));
        Assert.Throws<InvalidValueException>(() => Tensor.Pow(x, -2));
        // Floats accept them.
        Assert.Equal([0.5f, 1f / 3], Tensor.Pow(Tensor.FromArray(new[] { 2f, 3f }, 2), -1f).ToArray());
    }
}
