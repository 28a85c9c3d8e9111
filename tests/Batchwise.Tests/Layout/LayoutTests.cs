using Batchwise.Layouts;

namespace Batchwise.Tests.Layout;

/// <summary>The strided layout value: sizes, contiguity, reshape strides and loop nests built from it.</summary>
public class LayoutTests
{
    [Fact]
    public void SizeOf_ShapesWithZerosNegativesAndOverflow_FollowNumPy()
    {
        Assert.Equal(1, Layouts.Layout.SizeOf([]));
        Assert.Equal(24, Layouts.Layout.SizeOf([2, 3, 4]));
        Assert.Equal(0, Layouts.Layout.SizeOf([2, 0, 4]));
        Assert.Equal(Array.MaxLength, Layouts.Layout.SizeOf([Array.MaxLength]));
        Assert.Equal("negative dimensions are not allowed: (2,-1)", Assert.Throws<InvalidValueException>(() => Layouts.Layout.SizeOf([2, -1])).Message);
        Assert.StartsWith("array is too big: shape (65536,65536)", Assert.Throws<ShapeException>(() => Layouts.Layout.SizeOf([1 << 16, 1 << 16])).Message);
        Assert.Throws<ShapeException>(() => Layouts.Layout.SizeOf([int.MaxValue, int.MaxValue, int.MaxValue]));
        // A zero does not excuse the other extents, wherever it stands (their strides would overflow).
        Assert.Throws<ShapeException>(() => Layouts.Layout.SizeOf([1 << 20, 1 << 20, 0]));
        Assert.Throws<ShapeException>(() => Layouts.Layout.SizeOf([0, 1 << 20, 1 << 20]));
    }

    [Fact]
    public void RowMajor_StridesAndContiguity_AreNumPysInElements()
    {
        Layouts.Layout layout = Layouts.Layout.RowMajor([2, 3, 4]);
        Assert.Equal([12, 4, 1], layout.Strides.ToArray());
        Assert.Equal(0, layout.Offset);
        Assert.True(layout.IsRowMajorContiguous);
        Assert.Equal([1, 1, 1], Layouts.Layout.RowMajorStrides([0, 0, 0]));
        Assert.False(Tensor.Zeros<int>(2, 3).T.Layout.IsRowMajorContiguous);
        Assert.True(Tensor.Zeros<int>(1, 3).T.Layout.IsRowMajorContiguous);       // extent-1 strides do not matter
        Assert.True(Tensor.Zeros<int>(4, 3)[1..3].Layout.IsRowMajorContiguous);   // offset rows
        Assert.False(Tensor.Zeros<int>(4, 3)[.., ..2].Layout.IsRowMajorContiguous);
        Assert.True(Tensor.Zeros<int>(4, 0).T.Layout.IsRowMajorContiguous);
        Assert.False(Tensor.Arange(3)[TensorIndex.Slice(null, null, -1)].Layout.IsRowMajorContiguous);
    }

    [Fact]
    public void Views_OffsetsAndStrides_AreWhatNumPyReports()
    {
        Tensor<int> a = Tensor.Arange(24).Reshape(2, 3, 4);
        Tensor<int> v = a[1, TensorIndex.Slice(null, null, -1), TensorIndex.Slice(1, null, 2)];
        Assert.Equal([3, 2], v.Shape.ToArray());
        Assert.Equal([-4, 2], v.Strides.ToArray());
        Assert.Equal(12 + 8 + 1, v.Layout.Offset);
        Assert.Equal([0, 1], Tensor.Arange(3).BroadcastTo(2, 3).Strides.ToArray());
        Assert.Equal([1, 4, 12], a.T.Strides.ToArray());
    }

    [Fact]
    public void Nests_BroadcastAndContiguousOperands_CoalesceToOneRun()
    {
        // (4,5) + (5,) into (4,5): operand strides (5,1), (5,1), (0,1) do not coalesce (the row repeats).
        Tensor<float> d = Tensor.Zeros<float>(4, 5), a = Tensor.Zeros<float>(4, 5), row = Tensor.Zeros<float>(5);
        var nest = Nests.Build(d.Shape, d.Layout, a.Layout, row.Layout);
        Assert.Equal(2, nest.Rank);
        Assert.Equal(5, nest.InnerExtent);
        Assert.Equal(0, nest.Stride(2, 0));
        // All contiguous: one run of 20.
        nest = Nests.Build(d.Shape, d.Layout, a.Layout, a.Layout);
        Assert.Equal(1, nest.Rank);
        Assert.Equal(20, nest.InnerExtent);
        // A scalar broadcast everywhere also coalesces (stride 0 = 0 * extent).
        nest = Nests.Build(d.Shape, d.Layout, Tensor.Zeros<float>().Layout);
        Assert.Equal(1, nest.Rank);
        Assert.Equal(0, nest.Stride(1, 0));
        Assert.Equal(0, Nests.BroadcastStride(Tensor.Zeros<float>(1, 5).Layout, [4, 5], 0));
        Assert.Equal(1, Nests.BroadcastStride(Tensor.Zeros<float>(1, 5).Layout, [4, 5], 1));
        Assert.Equal(0, Nests.BroadcastStride(Tensor.Zeros<float>(5).Layout, [3, 4, 5], 1));
    }
}
