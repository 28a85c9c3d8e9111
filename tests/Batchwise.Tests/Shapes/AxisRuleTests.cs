using Batchwise.Shapes;

namespace Batchwise.Tests.Shapes;

public class AxisRuleTests
{
    [Theory]
    [InlineData(0, 2, 0)]
    [InlineData(1, 2, 1)]
    [InlineData(-1, 2, 1)]
    [InlineData(-2, 2, 0)]
    [InlineData(0, 1, 0)]
    public void Normalize_InRange_WrapsNegativesOnce(int axis, int rank, int expected)
    {
        Assert.Equal(expected, AxisRule.Normalize(axis, rank));
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(2, 2)]
    [InlineData(-3, 2)]
    [InlineData(0, 0)]
    public void Normalize_OutOfRange_ThrowsNumPysAxisError(int axis, int rank)
    {
        var error = Assert.Throws<AxisIndexException>(() => AxisRule.Normalize(axis, rank));
        Assert.Equal($"axis {axis} is out of bounds for array of dimension {rank}", error.Message);
        Assert.Equal(ErrorKind.Index, error.Kind);
    }

    [Fact]
    public void ToMask_RepeatsAndNegatives_AreResolved()
    {
        Assert.Equal([true, false, true], AxisRule.ToMask([0, -1], 3));
        Assert.Equal([false, false, false], AxisRule.ToMask([], 3));
        Assert.Equal("duplicate value in 'axis'", Assert.Throws<InvalidValueException>(() => AxisRule.ToMask([2, -1], 3)).Message);
        Assert.Throws<AxisIndexException>(() => AxisRule.ToMask([3], 3));
    }
}
