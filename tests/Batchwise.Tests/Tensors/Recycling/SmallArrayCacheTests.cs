using Batchwise.Tensors.Recycling;

namespace Batchwise.Tests.Tensors.Recycling;

/// <summary>
/// A scope hands a released small tensor's gen-0 array to the next small tensor of the same length made
/// on its thread, and never one that can still be reached: kept, exported, or of another length. The
/// cache is per thread, so other tests running meanwhile cannot take these arrays; the collection is
/// the pool tests' because one test switches recycling off.
/// </summary>
[Collection("BufferRecycling")]
public sealed class SmallArrayCacheTests
{
    // 1,111 floats (4,444 bytes): below the pinned threshold, above the cache's minimum, a length no other test uses.
    private const int Length = 1_111;

    public SmallArrayCacheTests() => SmallArrayCache<float>.Clear();

    [Fact]
    public void ReleasedSmallArray_GoesToTheNextTensorOfItsLength()
    {
        float[] released;
        using (TensorScope.Begin())
        {
            released = Tensor.Full(3f, Length).Storage.Array;
        }

        Tensor<float> next = Tensor.Empty<float>(Length);

        Assert.Same(released, next.Storage.Array);
        Assert.Equal(3f, next.GetItem(Length - 1)); // uninitialised: the old values are still there
    }

    [Fact]
    public void RecycledArray_IsClearedForZeros()
    {
        using (TensorScope.Begin())
        {
            _ = Tensor.Full(3f, Length);
        }

        Tensor<float> zeros = Tensor.Zeros<float>(Length);

        Assert.All(zeros.AsSpan().ToArray(), value => Assert.Equal(0f, value));
    }

    [Fact]
    public void ReleasedTensor_StillThrows_AfterItsArrayWasReused()
    {
        Tensor<float> released;
        using (TensorScope.Begin())
        {
            released = Tensor.Full(3f, Length);
        }

        Tensor<float> next = Tensor.Full(4f, Length);

        Assert.Throws<ObjectDisposedException>(() => released.GetItem(0));
        Assert.Equal(4f, next.GetItem(0));
    }

    [Fact]
    public void OtherLengths_KeptAndExportedTensors_AreNeverHandedOut()
    {
        Tensor<float> kept;
        Memory<float> memory;
        float[] exportedArray;
        using (TensorScope scope = TensorScope.Begin())
        {
            kept = scope.Keep(Tensor.Full(5f, Length));
            Tensor<float> exported = Tensor.Full(8f, Length);
            exportedArray = exported.Storage.Array;
            memory = exported.AsMemory();
            _ = Tensor.Full(6f, Length + 1);
        }

        Tensor<float> next = Tensor.Full(7f, Length);

        Assert.NotSame(kept.Storage.Array, next.Storage.Array);
        Assert.NotSame(exportedArray, next.Storage.Array);
        Assert.All(kept.AsSpan().ToArray(), value => Assert.Equal(5f, value));
        Assert.All(memory.ToArray(), value => Assert.Equal(8f, value));
    }

    [Fact]
    public void ArraysBelowTheMinimum_AreLeftToTheCollector()
    {
        int shortLength = SmallArrayCache<float>.MinimumBytes / sizeof(float) - 1;
        float[] released;
        using (TensorScope.Begin())
        {
            released = Tensor.Full(3f, shortLength).Storage.Array;
        }

        Assert.NotSame(released, Tensor.Empty<float>(shortLength).Storage.Array);
    }

    [Fact]
    public void FullCache_DropsTheOldestArray()
    {
        var released = new float[SmallArrayCache<float>.Slots + 1][];
        using (TensorScope.Begin())
        {
            for (int i = 0; i < released.Length; i++)
            {
                released[i] = Tensor.Empty<float>(Length + i).Storage.Array;
            }
        }

        Assert.NotSame(released[0], Tensor.Empty<float>(Length).Storage.Array);
        for (int i = released.Length - 1; i >= 1; i--)
        {
            Assert.Same(released[i], Tensor.Empty<float>(Length + i).Storage.Array);
        }
    }

    [Fact]
    public void RecyclingOff_LeavesReleasedArraysToTheCollector()
    {
        bool wasEnabled = BufferRecycling.Enabled;
        try
        {
            BufferRecycling.Enabled = false;
            float[] released;
            using (TensorScope.Begin())
            {
                released = Tensor.Full(3f, Length).Storage.Array;
            }

            Assert.NotSame(released, Tensor.Empty<float>(Length).Storage.Array);
        }
        finally
        {
            BufferRecycling.Enabled = wasEnabled;
        }
    }

    [Fact]
    public void AnotherThread_DoesNotSeeThisThreadsArrays()
    {
        float[] released;
        using (TensorScope.Begin())
        {
            released = Tensor.Full(3f, Length).Storage.Array;
        }

        float[]? taken = null;
        var other = new Thread(() => taken = Tensor.Empty<float>(Length).Storage.Array);
        other.Start();
        other.Join();

        Assert.NotSame(released, taken);
        Assert.Same(released, Tensor.Empty<float>(Length).Storage.Array);
    }
}
