namespace Batchwise.Tests.Operations;

/// <summary>Joins and splits by example: views, <c>into:</c> destinations, edge shapes and errors.</summary>
public class JoiningTests
{
    [Fact]
    public void Concatenate_KvCacheAppendOnAxisMinus2_JoinsBlocks()
    {
        Tensor<float> past = Tensor.Arange(2f * 3 * 5 * 4).Reshape(2, 3, 5, 4);
        Tensor<float> step = Tensor.Full(-1f, 2, 3, 1, 4);
        Tensor<float> cache = Tensor.Concatenate([past, step], -2);
        Assert.Equal([2, 3, 6, 4], cache.Shape.ToArray());
        Assert.Equal(past.ToArray(), cache[.., .., ..5].ToArray());
        Assert.All(cache[.., .., 5].ToArray(), v => Assert.Equal(-1f, v));
        Tensor<float> into = Tensor.Zeros<float>(2, 3, 6, 4);
        Assert.Same(into, Tensor.Concatenate([past, step], -2, into));
        Assert.Equal(cache.ToArray(), into.ToArray());
    }

    [Fact]
    public void Concatenate_IntoOverlappingAPiece_ReadsPiecesBeforeWriting()
    {
        Tensor<int> buffer = Tensor.Arange(6);
        Tensor.Concatenate([buffer[3..], buffer[..3]], 0, buffer);
        Assert.Equal([3, 4, 5, 0, 1, 2], buffer.ToArray());
    }

    [Fact]
    public void Concatenate_BadInputs_ThrowNumPyKinds()
    {
        Tensor<double> a = Tensor.Zeros<double>(2, 3);
        Assert.Throws<ShapeException>(() => Tensor.Concatenate([a, Tensor.Zeros<double>(2, 4)], 0));
        Assert.Throws<ShapeException>(() => Tensor.Concatenate([a, Tensor.Zeros<double>(3)], 0));
        Assert.Throws<ShapeException>(() => Tensor.Concatenate([Tensor.Scalar(1.0)], 0));
        Assert.Throws<AxisIndexException>(() => Tensor.Concatenate([a, a], 2));
        Assert.Throws<InvalidValueException>(() => Tensor.Concatenate(Array.Empty<Tensor<double>>(), 0));
        Assert.Throws<ShapeException>(() => Tensor.Concatenate([a, a], 0, Tensor.Zeros<double>(4, 2)));
        Assert.Equal([7], Tensor.Concatenate([Tensor.Scalar(1.0), a], null).Shape.ToArray());
        Assert.Equal([0, 3], Tensor.Concatenate([Tensor.Zeros<double>(0, 3), Tensor.Zeros<double>(0, 3)], 0).Shape.ToArray());
    }

    [Fact]
    public void Stack_ZeroDAndNegativeAxis_PlaceTheNewAxis()
    {
        Assert.Equal([1.0, 2.0], Tensor.Stack([Tensor.Scalar(1.0), Tensor.Scalar(2.0)]).ToArray());
        Tensor<int> a = Tensor.Arange(6).Reshape(2, 3);
        Tensor<int> s = Tensor.Stack([a, a + 10], -1);
        Assert.Equal([2, 3, 2], s.Shape.ToArray());
        Assert.Equal([0, 10, 1, 11], s.ToArray()[..4]);
        Assert.Throws<AxisIndexException>(() => Tensor.Stack([a, a], 3));
        Assert.Throws<ShapeException>(() => Tensor.Stack([a, a.T]));
    }

    [Fact]
    public void Split_PiecesAreViewsAndCutPointsClamp()
    {
        Tensor<int> x = Tensor.Arange(10);
        Tensor<int>[] pieces = Tensor.Split(x, [3, -2, 20, 5]);
        Assert.Equal([3, 5, 2, 0, 5], pieces.Select(p => p.Size).ToArray());
        pieces[1][0] = 99;
        Assert.Equal(99, x.GetItem(3));
        Assert.Throws<InvalidValueException>(() => Tensor.Split(x, 3));
        Assert.Throws<InvalidValueException>(() => Tensor.ArraySplit(x, 0));
        Assert.Equal([1, 1, 1, 0], Tensor.ArraySplit(Tensor.Arange(3), 4).Select(p => p.Size).ToArray());
        Assert.Throws<AxisIndexException>(() => Tensor.Split(x, 2, 1));
    }

    [Fact]
    public void FlipAndRoll_EdgeShapes_FollowNumPy()
    {
        Tensor<int> x = Tensor.Arange(6).Reshape(2, 3);
        Tensor<int> flipped = Tensor.Flip(x);
        Assert.True(flipped.SharesStorageWith(x));
        Assert.Equal([5, 4, 3, 2, 1, 0], flipped.ToArray());
        Assert.Equal(7, Tensor.Flip(Tensor.Scalar(7)).ToScalar());
        Assert.Throws<InvalidValueException>(() => Tensor.Flip(x, 0, -2));
        Assert.Equal([0, 3], Tensor.Roll(Tensor.Zeros<int>(0, 3), 2, 0).Shape.ToArray());
        Assert.Equal([4, 5, 0, 1, 2, 3], Tensor.Roll(x, 2).ToArray());
        Assert.Equal([2, 0, 1, 5, 3, 4], Tensor.Roll(x, 4, -1).ToArray());
        Assert.Throws<InvalidValueException>(() => Tensor.Roll(x, [1, 2, 3], [0, 1]));
    }

    [Fact]
    public void TileRepeatPad_ZeroDAndNegativeCounts_FollowNumPy()
    {
        Assert.Equal([2, 3], Tensor.Tile(Tensor.Scalar(1.5), 2, 3).Shape.ToArray());
        Assert.Equal([4], Tensor.Repeat(Tensor.Scalar(1.5), 4).Shape.ToArray());
        Assert.Throws<InvalidValueException>(() => Tensor.Tile(Tensor.Arange(3), -1));
        Assert.Throws<InvalidValueException>(() => Tensor.Repeat(Tensor.Arange(3), -1));
        Assert.Throws<ShapeException>(() => Tensor.Repeat(Tensor.Arange(3), [1, 2]));
        Assert.Throws<InvalidValueException>(() => Tensor.Pad(Tensor.Arange(3), [(-1, 0)]));
        Assert.Throws<InvalidValueException>(() => Tensor.Pad(Tensor.Arange(3), [(1, 0), (1, 0)]));
        Assert.Throws<InvalidValueException>(() => Tensor.Pad(Tensor.Zeros<int>(0), [(1, 0)], PadMode.Reflect));
        Tensor<float> padded = Tensor.Pad(Tensor.Ones<float>(2), [(1, 1)], PadMode.Constant, float.NegativeInfinity);
        Assert.Equal([float.NegativeInfinity, 1f, 1f, float.NegativeInfinity], padded.ToArray());
        Assert.Equal([5, 5, 5, 5], Tensor.Pad(Tensor.FromArray([5], 1), [(2, 1)], PadMode.Reflect).ToArray());
    }

    [Fact]
    public void TrilTriuDiag_BatchedAndOffsets_KeepTheRightElements()
    {
        Tensor<double> x = Tensor.Ones<double>(3, 2, 4);
        Tensor<double> lower = Tensor.Tril(x, 1);
        Assert.Equal([1.0, 1, 0, 0, 1, 1, 1, 0], lower[2].ToArray());
        Assert.Equal(x.ToArray(), (Tensor.Tril(x, -1) + Tensor.Triu(x)).ToArray());
        Assert.Throws<ShapeException>(() => Tensor.Tril(Tensor.Ones<double>(3)));
        Assert.Equal([0.0, 1, 0, 0, 0, 2, 0, 0, 0], Tensor.Diag(Tensor.FromArray([1.0, 2.0]), 1).ToArray());
        Assert.Equal([1.0, 5.0], Tensor.Diag(Tensor.Arange(6.0).Reshape(2, 3), 1).ToArray());
        Assert.Throws<InvalidValueException>(() => Tensor.Diag(Tensor.Ones<double>(2, 2, 2)));
    }

    [Fact]
    public void BroadcastArraysAndMeshgrid_ShapesFollowNumPy()
    {
        Tensor<int>[] b = Tensor.BroadcastArrays([Tensor.Arange(3), Tensor.Arange(2).Reshape(2, 1)]);
        Assert.All(b, t => Assert.Equal([2, 3], t.Shape.ToArray()));
        Assert.Throws<ShapeException>(() => Tensor.BroadcastArrays([Tensor.Arange(3), Tensor.Arange(2)]));
        Tensor<int>[] grid = Tensor.Meshgrid([Tensor.Arange(3), Tensor.Arange(2)]);
        Assert.Equal([2, 3], grid[0].Shape.ToArray());
        Assert.Equal([0, 1, 2, 0, 1, 2], grid[0].ToArray());
        Assert.Equal([0, 0, 0, 1, 1, 1], grid[1].ToArray());
        Assert.Throws<InvalidValueException>(() => Tensor.Meshgrid([Tensor.Arange(3)], "yx"));
    }
}
