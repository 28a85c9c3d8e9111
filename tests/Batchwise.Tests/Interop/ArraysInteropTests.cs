using System.Buffers;

namespace Batchwise.Tests.Interop;

public class ArraysInteropTests
{
    [Fact]
    public void ToMultiDimensionalArray_MatrixAndTransposedView_MatchIndexing()
    {
        Tensor<int> t = Tensor.Arange(0, 6, 1).Reshape(2, 3);
        int[,] a = t.ToArray2D();
        Assert.Equal(5, a[1, 2]);
        int[,] at = t.T.ToArray2D();
        Assert.Equal(3, at.GetLength(0));
        Assert.Equal(5, at[2, 1]);
        Tensor<int> back = Tensor.FromArray<int>(at);
        Assert.Equal(t.T.ToArray(), back.ToArray());
        double[,,] cube = Tensor.Arange(0.0, 24.0, 1.0).Reshape(2, 3, 4).ToArray3D();
        Assert.Equal(23.0, cube[1, 2, 3]);
        Assert.IsType<float[]>(Tensor.Arange(0f, 3f, 1f).ToMultiDimensionalArray());
        Assert.Empty(Tensor.Zeros<float>(0, 2).ToArray2D());
        Assert.Throws<ShapeException>(() => t.ToArray3D());
        Assert.Throws<InvalidOperationException>(() => Tensor.Scalar(1).ToMultiDimensionalArray());
    }

    [Fact]
    public void FromSpan_Copies()
    {
        float[] data = [1, 2, 3, 4];
        Tensor<float> t = Tensor.FromSpan<float>(data.AsSpan(), 2, 2);
        data[0] = 9;
        Assert.Equal(1f, t.GetItem(0, 0));
        Assert.Throws<ShapeException>(() => Tensor.FromSpan<float>(data.AsSpan(), 3));
    }

    [Fact]
    public void FromMemory_ArrayBackedSlice_SharesMemory()
    {
        double[] data = [0, 1, 2, 3, 4, 5, 6, 7];
        Tensor<double> t = Tensor.FromMemory(data.AsMemory(2, 6), 2, 3);
        Assert.Equal([2.0, 3, 4, 5, 6, 7], t.ToArray());
        data[7] = -1;
        Assert.Equal(-1.0, t.GetItem(1, 2));
        t.SetItem(10, 0, 0);
        Assert.Equal(10.0, data[2]);
    }

    [Fact]
    public void FromMemory_NativeBackedMemory_Copies()
    {
        using var owner = new NativeOwner(4);
        owner.Memory.Span.Fill(2);
        Tensor<int> t = Tensor.FromMemory(owner.Memory, 2, 2);
        owner.Memory.Span[0] = 7;
        Assert.Equal([2, 2, 2, 2], t.ToArray());
    }

    [Fact]
    public void AsMemoryAndCopyTo_ContiguousShareAndViewsGather()
    {
        Tensor<long> t = Tensor.Arange(0L, 6L, 1L).Reshape(2, 3);
        Memory<long> memory = t.AsMemory();
        memory.Span[4] = 40;
        Assert.Equal(40L, t.GetItem(1, 1));
        Assert.Throws<InvalidOperationException>(() => t.T.AsMemory());
        var gathered = new long[6];
        t.T.CopyTo(gathered);
        Assert.Equal([0L, 3, 1, 40, 2, 5], gathered);
        Assert.Throws<ArgumentException>(() => t.CopyTo(new long[5]));
        Assert.Equal([3L, 40, 5], t[1..].AsMemory().ToArray());
    }

    /// <summary>Memory that is not an array, as native buffers are.</summary>
    private sealed class NativeOwner(int length) : MemoryManager<int>
    {
        private readonly int[] _hidden = new int[length];

        public override Span<int> GetSpan() => _hidden;

        public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
