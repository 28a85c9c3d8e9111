namespace Batchwise.Tests.Tensors;

/// <summary>Views that repeat elements (stride 0 over an extent above 1) are read-only, as in NumPy.</summary>
public sealed class ReadOnlyViewTests
{
    [Fact]
    public void Assign_IntoBroadcastView_IsAValueError()
    {
        var view = Tensor.Zeros<float>(3).BroadcastTo(2, 3);
        var error = Assert.Throws<InvalidValueException>(() => view[.., 0..2] = Tensor.Ones<float>(2));
        Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Into_BroadcastView_IsAValueError()
    {
        var a = Tensor.Ones<float>(2, 3);
        Assert.Throws<InvalidValueException>(() => Tensor.Add(a, a, Tensor.Zeros<float>(3).BroadcastTo(2, 3)));
        Assert.Throws<InvalidValueException>(() => Tensor.MatMul(a, a.T, Tensor.Zeros<float>(2).BroadcastTo(2, 2)));
    }

    [Fact]
    public void Assign_IntoNewAxisView_IsAllowed()
    {
        // A NewAxis adds stride 0 on an extent-1 axis: no element repeats, so writing is fine.
        var t = Tensor.Zeros<float>(3);
        t[TensorIndex.NewAxis][0, 1] = Tensor.Scalar(5f);
        Assert.Equal([0f, 5f, 0f], t.ToArray());
    }
}
