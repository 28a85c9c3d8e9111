namespace Batchwise.Tests.Tensors;

/// <summary>Shape operations by example: when they are views, and their errors in NumPy's words.</summary>
public class ViewTests
{
    [Fact]
    public void Transpose_AxesAndT_PermuteAsNumPy()
    {
        Tensor<int> a = Tensor.Arange(24).Reshape(2, 3, 4);
        Assert.Equal([4, 3, 2], a.T.Shape.ToArray());
        Assert.Equal([3, 4, 2], a.Transpose(1, 2, 0).Shape.ToArray());
        Assert.Equal([3, 4, 2], a.Transpose(-2, -1, 0).Shape.ToArray());
        Assert.Equal(a.GetItem(1, 2, 3), a.Transpose(1, 2, 0).GetItem(2, 3, 1));
        Assert.Equal([2, 4, 3], a.MT.Shape.ToArray());
        Assert.Equal([4], Tensor.Arange(4).T.Shape.ToArray());
        Assert.Equal(0, Tensor.Scalar(1).T.Rank);
        Assert.True(a.T.SharesStorageWith(a));
    }

    [Fact]
    public void Transpose_BadPermutation_ThrowsValueOrAxisError()
    {
        Tensor<int> a = Tensor.Arange(6).Reshape(2, 3);
        Assert.Equal("axes don't match array: 3 axes given for an array of dimension 2", Assert.Throws<InvalidValueException>(() => a.Transpose(0, 1, 2)).Message);
        Assert.Equal("repeated axis in transpose", Assert.Throws<InvalidValueException>(() => a.Transpose(1, -1)).Message);
        Assert.Equal("axis 2 is out of bounds for array of dimension 2", Assert.Throws<AxisIndexException>(() => a.Transpose(0, 2)).Message);
        Assert.Equal("matrix transpose with ndim < 2 is undefined (shape (6,))", Assert.Throws<ShapeException>(() => Tensor.Arange(6).MT).Message);
    }

    [Fact]
    public void SwapAxesAndMoveAxis_MatchNumPy()
    {
        Tensor<int> a = Tensor.Zeros<int>(2, 3, 4, 5);
        Assert.Equal([2, 5, 4, 3], a.SwapAxes(1, -1).Shape.ToArray());
        Assert.Equal([3, 4, 5, 2], a.MoveAxis(0, -1).Shape.ToArray());
        Assert.Equal([5, 2, 3, 4], a.MoveAxis(-1, 0).Shape.ToArray());
        Assert.Equal([4, 5, 2, 3], a.MoveAxis([0, 1], [-2, -1]).Shape.ToArray());
        Assert.Equal([3, 2, 4, 5], a.MoveAxis([1, 0], [0, 1]).Shape.ToArray());
        Assert.Equal("axis 4 is out of bounds for array of dimension 4", Assert.Throws<AxisIndexException>(() => a.SwapAxes(0, 4)).Message);
        Assert.Equal("`source` and `destination` arguments must have the same number of elements", Assert.Throws<InvalidValueException>(() => a.MoveAxis([0, 1], [2])).Message);
        Assert.Equal("duplicate value in 'axis'", Assert.Throws<InvalidValueException>(() => a.MoveAxis([0, -4], [1, 2])).Message);
    }

    [Fact]
    public void Squeeze_ExtentOneAxes_AreRemovedAndOthersRefused()
    {
        Tensor<int> a = Tensor.Zeros<int>(1, 3, 1, 2);
        Assert.Equal([3, 2], a.Squeeze().Shape.ToArray());
        Assert.Equal([3, 1, 2], a.Squeeze(0).Shape.ToArray());
        Assert.Equal([1, 3, 2], a.Squeeze(-2).Shape.ToArray());
        Assert.Equal(0, Tensor.Zeros<int>(1, 1).Squeeze().Rank);
        var error = Assert.Throws<ShapeException>(() => a.Squeeze(1));
        Assert.Equal("cannot select an axis to squeeze out which has size not equal to one (axis 1 of shape (1,3,1,2))", error.Message);
        Assert.Throws<AxisIndexException>(() => a.Squeeze(4));
    }

    [Fact]
    public void ExpandDims_Positions_CountInTheResult()
    {
        Tensor<int> a = Tensor.Zeros<int>(3, 4);
        Assert.Equal([1, 3, 4], a.ExpandDims(0).Shape.ToArray());
        Assert.Equal([3, 4, 1], a.ExpandDims(-1).Shape.ToArray());
        Assert.Equal([3, 1, 4], a.Unsqueeze(1).Shape.ToArray());
        Assert.Equal([1, 3, 4, 1], a.ExpandDims(0, -1).Shape.ToArray());
        Assert.Equal([1, 1, 3, 4], a.ExpandDims(0, 1).Shape.ToArray());
        Assert.Equal("axis 4 is out of bounds for array of dimension 4", Assert.Throws<AxisIndexException>(() => a.ExpandDims(0, 4)).Message);
        Assert.Equal("duplicate value in 'axis'", Assert.Throws<InvalidValueException>(() => a.ExpandDims(1, -3)).Message);
    }

    [Fact]
    public void BroadcastTo_CompatibleShape_IsAStrideZeroView()
    {
        Tensor<int> row = Tensor.Arange(3);
        Tensor<int> b = row.BroadcastTo(2, 3);
        Assert.True(b.SharesStorageWith(row));
        Assert.Equal([0, 1], b.Strides.ToArray());
        Assert.Equal([0, 1, 2, 0, 1, 2], b.ToArray());
        Assert.Equal([0, 1, 2, 0, 1, 2], Tensor.Arange(3).Reshape(3, 1).BroadcastTo(3, 2).T.ToArray());
        Assert.Equal([0, 0], Tensor.Zeros<int>(1).BroadcastTo(0, 0).Shape.ToArray());
        var error = Assert.Throws<ShapeException>(() => row.BroadcastTo(4));
        Assert.Equal("operands could not be broadcast together with remapped shapes [original->remapped]: (3,) and requested shape (4,)", error.Message);
        Assert.Throws<ShapeException>(() => Tensor.Zeros<int>(2, 3).BroadcastTo(3));
        Assert.Throws<InvalidValueException>(() => row.BroadcastTo(-1, 3));
    }

    [Fact]
    public void Reshape_ViewWhenStridesAllowAndCopyOtherwise()
    {
        Tensor<int> a = Tensor.Arange(24).Reshape(2, 3, 4);
        Assert.True(a.Reshape(6, 4).SharesStorageWith(a));
        Assert.True(a.Reshape(-1).SharesStorageWith(a));
        Assert.True(a[TensorIndex.All, 1].Reshape(8).SharesStorageWith(a) is false);
        Assert.True(a[1].Reshape(4, 3).SharesStorageWith(a));
        Assert.True(a[TensorIndex.Ellipsis, TensorIndex.Slice(null, null, 2)].Reshape(2, 3, 2, 1).SharesStorageWith(a));
        Assert.True(a.T.Reshape(4, 6).SharesStorageWith(a) is false);
        Assert.True(a.T.Reshape(4, 3, 2).SharesStorageWith(a));
        Assert.Equal(a.T.ToArray(), a.T.Reshape(4, 6).ToArray());
        Assert.Equal([4, 6], a.Reshape(4, -1).Shape.ToArray());
        Assert.Equal([0, 5], Tensor.Zeros<int>(0, 3).Reshape(0, 5).Shape.ToArray());
        Assert.Equal(0, Tensor.Arange(1).Reshape().Rank);
        Assert.Equal([24], a.Ravel().Shape.ToArray());
        Assert.False(a.Flatten().SharesStorageWith(a));
        Assert.Same(a, a.Contiguous());
        Assert.False(a.Copy().SharesStorageWith(a));
    }

    [Fact]
    public void Reshape_Mismatch_ThrowsShapeOrValueError()
    {
        Tensor<int> a = Tensor.Arange(6);
        Assert.Equal("cannot reshape array of size 6 into shape (4,)", Assert.Throws<ShapeException>(() => a.Reshape(4)).Message);
        Assert.Equal("cannot reshape array of size 6 into shape (4,-1)", Assert.Throws<ShapeException>(() => a.Reshape(4, -1)).Message);
        Assert.Equal("can only specify one unknown dimension", Assert.Throws<InvalidValueException>(() => a.Reshape(-1, -1)).Message);
        Assert.Equal("negative dimensions not allowed in reshape to (-2,-3)", Assert.Throws<InvalidValueException>(() => a.Reshape(-2, -3)).Message);
        Assert.Throws<ShapeException>(() => Tensor.Zeros<int>(0, 3).Reshape(0, -1));
    }

    [Fact]
    public void Layout_OverflowingShapeProducts_AreShapeErrorsNotWrapArounds()
    {
        var error = Assert.Throws<ShapeException>(() => Tensor.Zeros<byte>(1 << 16, 1 << 16));
        Assert.StartsWith("array is too big: shape (65536,65536)", error.Message);
        Assert.Throws<ShapeException>(() => Tensor.Arange(1).Reshape(1).BroadcastTo(1 << 20, 1 << 20));
        Assert.Throws<ShapeException>(() => Tensor.Arange(4).Reshape(int.MaxValue, int.MaxValue, 0, -1));
    }
}
