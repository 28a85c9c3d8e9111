using Batchwise.Shapes;

namespace Batchwise.Tests.Shapes;

/// <summary>
/// NumPy's broadcasting rule: a C# port of the shared conformance family <c>broadcast</c> and
/// <c>broadcast_to</c> (shapes in, shape or NumPy's error out).
/// </summary>
public class BroadcastRuleTests
{
    public static TheoryData<int[], int[], int[]?> BroadcastCases() => new()
    {
        { [2, 3], [3], [2, 3] },
        { [2, 3], [1], [2, 3] },
        { [2, 1], [1, 3], [2, 3] },
        { [5, 1, 4], [3, 1], [5, 3, 4] },
        { [], [2, 3], [2, 3] },
        { [], [], [] },
        { [0], [1], [0] },
        { [0, 3], [3], [0, 3] },
        { [1, 0], [4, 1], [4, 0] },
        { [2, 3], [4], null },
        { [0], [2], null },
        { [2, 1, 3], [4, 2], null },
        { [2, 1, 3], [4, 3], [2, 4, 3] },
        { [8, 1, 6, 1], [7, 1, 5], [8, 7, 6, 5] },
    };

    [Theory]
    [MemberData(nameof(BroadcastCases))]
    public void Broadcast_Table_MatchesNumPy(int[] a, int[] b, int[]? expected)
    {
        ReadOnlySpan<Dim> da = Tensor<int>.AsDims(a), db = Tensor<int>.AsDims(b);
        if (expected is null)
        {
            var error = Assert.Throws<ShapeException>(() => BroadcastRule.Broadcast(Tensor<int>.AsDims(a), Tensor<int>.AsDims(b)));
            Assert.Equal($"operands could not be broadcast together with shapes {ShapeText.Format(a)} {ShapeText.Format(b)}", error.Message);
            Assert.False(BroadcastRule.TryBroadcast(da, db, out _));
            return;
        }
        Assert.Equal(expected, Ints(BroadcastRule.Broadcast(da, db)));
        Assert.Equal(expected, Ints(BroadcastRule.Broadcast(db, da)));
        // The operation agrees with the rule.
        Assert.Equal(expected, (Tensor.Zeros<int>(a) + Tensor.Zeros<int>(b)).Shape.ToArray());
    }

    public static TheoryData<int[], int[], bool> BroadcastToCases() => new()
    {
        { [3], [2, 3], true },
        { [1], [0], true },
        { [], [4, 5], true },
        { [2, 1], [2, 7], true },
        { [2, 3], [3], false },
        { [3], [4], false },
        { [2], [2, 1], false },
        { [0], [1], false },
    };

    [Theory]
    [MemberData(nameof(BroadcastToCases))]
    public void CheckBroadcastTo_Table_MatchesNumPy(int[] shape, int[] target, bool ok)
    {
        if (ok)
        {
            BroadcastRule.CheckBroadcastTo(Tensor<int>.AsDims(shape), Tensor<int>.AsDims(target));
            Assert.Equal(target, Tensor.Zeros<int>(shape).BroadcastTo(target).Shape.ToArray());
        }
        else
        {
            var error = Assert.Throws<ShapeException>(() => BroadcastRule.CheckBroadcastTo(Tensor<int>.AsDims(shape), Tensor<int>.AsDims(target)));
            Assert.Equal($"operands could not be broadcast together with remapped shapes [original->remapped]: {ShapeText.Format(shape)} and requested shape {ShapeText.Format(target)}", error.Message);
        }
    }

    [Fact]
    public void ShapeText_Format_WritesNumPysTuples()
    {
        Assert.Equal("()", ShapeText.Format([]));
        Assert.Equal("(4,)", ShapeText.Format([4]));
        Assert.Equal("(2,3)", ShapeText.Format([2, 3]));
    }

    private static int[] Ints(Dim[] dims) => System.Runtime.InteropServices.MemoryMarshal.Cast<Dim, int>(dims).ToArray();
}
