using System.Numerics.Tensors;
using SysTensor = System.Numerics.Tensors.Tensor;

namespace Batchwise.Tests.Interop;

public class SystemTensorsInteropTests
{
    private static float[] Flatten(ReadOnlyTensorSpan<float> span)
    {
        var result = new float[span.FlattenedLength];
        span.FlattenTo(result);
        return result;
    }

    [Fact]
    public void ToSystemTensor_Contiguous_SharesMemory()
    {
        Tensor<float> t = Tensor.Arange(0f, 6f, 1f).Reshape(2, 3);
        System.Numerics.Tensors.Tensor<float> s = t.ToSystemTensor();
        Assert.Equal([2, 3], s.Lengths.ToArray().Select(x => (int)x));
        Assert.Equal(t.ToArray(), Flatten(s.AsReadOnlyTensorSpan()));
        s[[1, 2]] = 42f;
        Assert.Equal(42f, t.GetItem(1, 2));
    }

    [Fact]
    public void ToSystemTensor_TransposedSlicedAndBroadcastViews_ShareMemoryWithRightValues()
    {
        Tensor<float> t = Tensor.Arange(0f, 12f, 1f).Reshape(3, 4);
        foreach (Tensor<float> view in new[] { t.T, t[1..], t[.., 1..3], Tensor.Arange(0f, 3f, 1f).BroadcastTo(2, 3), t[1..2] })
        {
            System.Numerics.Tensors.Tensor<float> s = view.ToSystemTensor();
            Assert.Equal(view.Shape.ToArray(), s.Lengths.ToArray().Select(x => (int)x));
            Assert.Equal(view.ToArray(), Flatten(s.AsReadOnlyTensorSpan()));
        }
        System.Numerics.Tensors.Tensor<float> transposed = t.T.ToSystemTensor();
        transposed[[3, 0]] = -1f;
        Assert.Equal(-1f, t.GetItem(0, 3));
    }

    [Fact]
    public void ToSystemTensor_ReversedView_CopiesWithRightValues()
    {
        Tensor<double> t = Tensor.Arange(0.0, 5.0, 1.0);
        Tensor<double> reversed = t[TensorIndex.Slice(null, null, -1)];
        System.Numerics.Tensors.Tensor<double> s = reversed.ToSystemTensor();
        var values = new double[5];
        s.FlattenTo(values);
        Assert.Equal(reversed.ToArray(), values);
        Assert.Throws<InvalidOperationException>(() => reversed.AsTensorSpan());
        var fromReadOnly = new double[5];
        reversed.AsReadOnlyTensorSpan().FlattenTo(fromReadOnly);
        Assert.Equal(reversed.ToArray(), fromReadOnly);
    }

    [Fact]
    public void ToSystemTensor_ScalarAndEmpty_Work()
    {
        System.Numerics.Tensors.Tensor<int> scalar = Tensor.Scalar(9).ToSystemTensor();
        Assert.Equal(1, scalar.Rank);
        Assert.Equal(9, scalar[[0]]);
        System.Numerics.Tensors.Tensor<int> empty = Tensor.Zeros<int>(0, 3).ToSystemTensor();
        Assert.Equal([0, 3], empty.Lengths.ToArray().Select(x => (int)x));
        Assert.Equal(0, Tensor.Zeros<int>(0, 3).AsTensorSpan().FlattenedLength);
    }

    [Fact]
    public void AsTensorSpan_WritesThrough()
    {
        Tensor<long> t = Tensor.Zeros<long>(2, 2);
        TensorSpan<long> span = t.T.AsTensorSpan();
        span[[0, 1]] = 5;
        Assert.Equal(5L, t.GetItem(1, 0));
        span.Fill(3);
        Assert.Equal([3L, 3, 3, 3], t.ToArray());
    }

    [Fact]
    public void FromSystemTensor_DenseAndStrided_CopiesValuesAndShape()
    {
        float[] values = [0, 1, 2, 3, 4, 5];
        System.Numerics.Tensors.Tensor<float> dense = SysTensor.Create(values, [2, 3]);
        Tensor<float> a = dense.ToBatchwise();
        Assert.Equal([2, 3], a.Shape.ToArray());
        Assert.Equal(values, a.ToArray());

        System.Numerics.Tensors.Tensor<float> transposed = SysTensor.Create(values, 0, [3, 2], [1, 3]);
        Assert.Equal([0f, 3, 1, 4, 2, 5], Tensor.FromSystemTensor(transposed).ToArray());

        System.Numerics.Tensors.Tensor<float> broadcast = SysTensor.Create(values, 0, [2, 3], [0, 1]);
        Assert.Equal([0f, 1, 2, 0, 1, 2], broadcast.AsTensorSpan().ToBatchwise().ToArray());
        values[0] = 100;
        Assert.Equal(0f, a.GetItem(0, 0));
    }

    [Fact]
    public void RoundTrip_BatchwiseToSystemAndBack_PreservesEveryType()
    {
        Assert.Equal([1.5, 2.5], Tensor.FromArray([1.5, 2.5]).ToSystemTensor().ToBatchwise().ToArray());
        Assert.Equal([true, false], Tensor.FromArray([true, false]).ToSystemTensor().ToBatchwise().ToArray());
        Assert.Equal([1L, 2L, 3L, 4L], Tensor.FromArray([1L, 2L, 3L, 4L], 2, 2).ToSystemTensor().ToBatchwise().ToArray());
        Tensor<int> cube = Tensor.Arange(0, 24, 1).Reshape(2, 3, 4).Transpose(2, 0, 1);
        Tensor<int> back = cube.AsReadOnlyTensorSpan().ToBatchwise();
        Assert.Equal(cube.Shape.ToArray(), back.Shape.ToArray());
        Assert.Equal(cube.ToArray(), back.ToArray());
    }
}
