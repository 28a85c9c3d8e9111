namespace Batchwise.Tests.Tensors;

/// <summary>NumPy basic indexing by example, and its errors in NumPy's words.</summary>
public class IndexingTests
{
    private static Tensor<int> A234() => Tensor.Arange(24).Reshape(2, 3, 4);

    [Fact]
    public void Indexer_IntegersAndFromEnd_SelectElementsAndDropAxes()
    {
        Tensor<int> a = A234();
        Assert.Equal(23, a[1, 2, 3].ToScalar());
        Assert.Equal(23, a[-1, -1, -1].ToScalar());
        Assert.Equal(23, a[^1, ^1, ^1].ToScalar());
        Assert.Equal(0, a[1, 2, 3].Rank);
        Assert.Equal([12, 13, 14, 15], a[1, 0].ToArray());
        Assert.Equal([3, 4], a[1].Shape.ToArray());
        Assert.Equal(7, a.GetItem(0, 1, 3));
        Assert.Equal(7, a.GetItem(-2, -2, -1));
    }

    [Fact]
    public void Indexer_RangesAndSteppedSlices_FollowPythonSlicing()
    {
        Tensor<int> v = Tensor.Arange(10);
        Assert.Equal([2, 3, 4], v[2..5].ToArray());
        Assert.Equal([7, 8], v[^3..^1].ToArray());
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], v[..].ToArray());
        Assert.Equal([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], v[TensorIndex.Slice(null, null, -1)].ToArray());
        Assert.Equal([8, 5, 2], v[TensorIndex.Slice(-2, null, -3)].ToArray());
        Assert.Equal([1, 4, 7], v[TensorIndex.Slice(1, 8, 3)].ToArray());
        Assert.Equal([9, 7], v[TensorIndex.Slice(100, 6, -2)].ToArray());
        Assert.Equal([0, 1, 2], v[TensorIndex.Slice(-100, 3)].ToArray());
        Assert.Empty(v[TensorIndex.Slice(5, 2)].ToArray());
        Assert.Empty(v[TensorIndex.Slice(2, 5, -1)].ToArray());
        Assert.Empty(v[20..].ToArray());
        Assert.Equal([1], v[5..6].Shape.ToArray());
        Assert.Equal("1:3", TensorIndex.Slice(1, 3).ToString());
        Assert.Equal("::-1", TensorIndex.Slice(null, null, -1).ToString());
    }

    [Fact]
    public void Indexer_EllipsisAndNewAxis_ExpandAsInNumPy()
    {
        Tensor<int> a = A234();
        Assert.Equal([2, 3], a[TensorIndex.Ellipsis, 1].Shape.ToArray());
        Assert.Equal([1, 5, 9, 13, 17, 21], a[TensorIndex.Ellipsis, 1].ToArray());
        Assert.Equal([3], a[0, TensorIndex.Ellipsis, 2].Shape.ToArray());
        Assert.Equal([2, 3, 4], a[TensorIndex.Ellipsis].Shape.ToArray());
        Assert.Equal([2, 3, 4, 1], a[TensorIndex.Ellipsis, TensorIndex.NewAxis].Shape.ToArray());
        Assert.Equal([1, 2, 3, 4], a[TensorIndex.NewAxis].Shape.ToArray());
        Assert.Equal([2, 1, 4], a[TensorIndex.All, TensorIndex.NewAxis, 0].Shape.ToArray());
        Assert.Equal([4], a[1, 2, TensorIndex.Ellipsis].Shape.ToArray());
        // The GEMV recipe: r[..., None] turns a batch of vectors into a batch of column matrices.
        Tensor<double> r = Tensor.Ones<double>(5, 3);
        Assert.Equal([5, 3, 1], r[TensorIndex.Ellipsis, TensorIndex.NewAxis].Shape.ToArray());
        Tensor<int> s = Tensor.Scalar(4);
        Assert.Equal([1], s[TensorIndex.NewAxis].Shape.ToArray());
        Assert.Equal(4, s[TensorIndex.Ellipsis].ToScalar());
    }

    [Fact]
    public void Indexer_Getter_ReturnsAViewThatSharesStorage()
    {
        Tensor<int> a = A234();
        Tensor<int> view = a[1, TensorIndex.Slice(null, null, -1)];
        Assert.True(view.SharesStorageWith(a));
        view.SetItem(-5, 0, 0);
        Assert.Equal(-5, a.GetItem(1, 2, 0));
    }

    [Fact]
    public void Indexer_Setter_BroadcastsScalarsRowsAndColumns()
    {
        Tensor<double> m = Tensor.Zeros<double>(3, 4);
        m[1] = 5.0;
        m[TensorIndex.All, 0] = Tensor.FromArray([1.0, 2.0, 3.0], 3);
        m[2, 1..] = Tensor.FromArray([7.0, 8.0, 9.0], 3);
        m[TensorIndex.Slice(null, null, -2), ^1] = -1.0;
        Assert.Equal([1.0, 0, 0, -1, 2, 5, 5, 5, 3, 7, 8, -1], m.ToArray());
        Tensor<double> b = Tensor.Zeros<double>(2, 3);
        b[TensorIndex.Ellipsis] = Tensor.FromArray([1.0, 2.0], 2, 1);
        Assert.Equal([1.0, 1, 1, 2, 2, 2], b.ToArray());
        var error = Assert.Throws<ShapeException>(() => b[0] = Tensor.FromArray([1.0, 2.0], 2));
        Assert.Contains("(2,)", error.Message);
        Assert.Contains("(3,)", error.Message);
    }

    [Fact]
    public void Indexer_IntegerOutOfBounds_ThrowsNumPysIndexError()
    {
        Tensor<int> v = Tensor.Arange(3);
        var error = Assert.Throws<AxisIndexException>(() => v[5]);
        Assert.Equal("index 5 is out of bounds for axis 0 with size 3", error.Message);
        Assert.Equal(ErrorKind.Index, error.Kind);
        Assert.Equal("index -4 is out of bounds for axis 0 with size 3", Assert.Throws<AxisIndexException>(() => v[-4]).Message);
        Assert.Equal("index 3 is out of bounds for axis 1 with size 3", Assert.Throws<AxisIndexException>(() => A234()[0, 3]).Message);
        Assert.Equal("index 5 is out of bounds for axis 0 with size 3", Assert.Throws<AxisIndexException>(() => v.GetItem(5)).Message);
        Assert.Equal("index 0 is out of bounds for axis 0 with size 0", Assert.Throws<AxisIndexException>(() => Tensor.Zeros<int>(0)[0]).Message);
        Assert.Throws<AxisIndexException>(() => v[^4]);
        Assert.Throws<AxisIndexException>(() => v[^0]);
        Assert.Throws<AxisIndexException>(() => v[5] = 1);
    }

    [Fact]
    public void Indexer_TooManyIndicesOrTwoEllipses_ThrowsIndexError()
    {
        Tensor<int> m = Tensor.Arange(6).Reshape(2, 3);
        Assert.Equal("too many indices for array: array is 2-dimensional, but 3 were indexed", Assert.Throws<AxisIndexException>(() => m[0, 0, 0]).Message);
        Assert.Equal("too many indices for array: array is 0-dimensional, but 1 were indexed", Assert.Throws<AxisIndexException>(() => Tensor.Scalar(1)[0]).Message);
        Assert.Equal("an index can only have a single ellipsis ('...')", Assert.Throws<AxisIndexException>(() => m[TensorIndex.Ellipsis, 0, TensorIndex.Ellipsis]).Message);
        Assert.Throws<AxisIndexException>(() => m.GetItem(0));
        Assert.Throws<AxisIndexException>(() => m.GetItem(0, 0, 0));
    }

    [Fact]
    public void Indexer_StepZero_ThrowsValueError()
    {
        var error = Assert.Throws<InvalidValueException>(() => Tensor.Arange(5)[TensorIndex.Slice(null, null, 0)]);
        Assert.Equal("slice step cannot be zero", error.Message);
        Assert.Equal(ErrorKind.Value, error.Kind);
    }

    [Fact]
    public void ToScalar_NotOneElement_ThrowsValueError()
    {
        Assert.Equal(5, Tensor.Full(5, 1, 1).ToScalar());
        var error = Assert.Throws<InvalidValueException>(() => Tensor.Arange(3).ToScalar());
        Assert.Equal("can only convert an array of size 1 to a scalar; this one has shape (3,)", error.Message);
    }

    [Fact]
    public void AsSpan_NonContiguousView_ThrowsAndContiguousViewWorks()
    {
        Tensor<int> m = Tensor.Arange(6).Reshape(2, 3);
        Assert.Equal([3, 4, 5], m[1].AsSpan().ToArray());
        Assert.Throws<InvalidOperationException>(() => m.T.AsSpan());
        Assert.Equal(0, Tensor.Zeros<int>(0, 3).AsSpan().Length);
    }
}
