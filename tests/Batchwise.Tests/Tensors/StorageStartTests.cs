using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Batchwise.Tensors;
using Batchwise.Tensors.Recycling;

namespace Batchwise.Tests.Tensors;

/// <summary>
/// Where a pinned buffer's elements start in their array: 64-byte aligned, inside the array, and, for
/// buffers of 4 MB and more, staggered so that two large buffers never line up a multiple of 64 MB
/// apart (loads from one would wait on stores to the other on CPUs that compare low address bits).
/// </summary>
[Collection("BufferRecycling")]
public sealed unsafe class StorageStartTests
{
    private const long Block = 64L << 20;

    [Theory]
    [InlineData(0x7f00_0000_0010L, 30_000)]     // small: aligned only
    [InlineData(0x7f00_0000_0040L, 30_000)]     // small and already aligned: starts at 0
    [InlineData(0x7f00_0c00_0038L, 1 << 22)]    // large (16 MB of floats)
    [InlineData(0x7f00_1fff_fff8L, 1 << 20)]    // large (4 MB), just below a 64 MB boundary
    public void StartIndex_IsAlignedAndLeavesRoomForTheBuffer(long address, int length)
    {
        int start = StorageStart.StartIndex<float>(address, length);

        Assert.Equal(0, (address + start * sizeof(float)) % StorageStart.Alignment);
        Assert.InRange(start, 0, StorageStart.SlackElements<float>(length));
    }

    [Fact]
    public void SmallBuffers_AreOnlyAligned()
    {
        int length = (int)(StorageStart.StaggeredFromBytes / sizeof(double)) - 1;

        Assert.Equal(0, StorageStart.StartIndex<double>(0x7f00_0400_0000, length));
        Assert.Equal(StorageStart.Alignment / sizeof(double), StorageStart.SlackElements<double>(length));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(9)]
    public void LargeBuffersAWholeNumberOfBlocksApart_StartOutOfLine(int blocks)
    {
        const long first = 0x7f00_0200_0040;
        int length = 1 << 22;
        long second = first + blocks * Block;

        long a = first + StorageStart.StartIndex<float>(first, length) * sizeof(float);
        long b = second + StorageStart.StartIndex<float>(second, length) * sizeof(float);

        long apart = ((b - a) % Block + Block) % Block;
        Assert.InRange(apart, StorageStart.StepBytes, Block - StorageStart.StepBytes);
    }

    /// <summary>
    /// Fresh 16 MB tensors each start a region of the runtime's, whole multiples of 32 MB apart; none
    /// of them may line up with another modulo 64 MB (without the stagger, every other pair does).
    /// </summary>
    [Fact]
    public void FreshLargeTensors_NeverLineUpModulo64Megabytes()
    {
        BufferPool<float>.Clear();
        var tensors = Enumerable.Range(0, 6).Select(_ => Tensor.Empty<float>(1 << 22)).ToArray();

        long[] starts = tensors.Select(DataAddress).ToArray();
        for (int i = 0; i < starts.Length; i++)
        {
            Assert.Equal(0, starts[i] % StorageStart.Alignment);
            for (int j = 0; j < i; j++)
            {
                long apart = ((starts[i] - starts[j]) % Block + Block) % Block;
                if (Math.Abs(starts[i] - starts[j]) < StorageStart.Steps * Block)
                {
                    Assert.InRange(apart, StorageStart.StepBytes / 2, Block - StorageStart.StepBytes / 2);
                }
            }
        }
        GC.KeepAlive(tensors);
    }

    private static long DataAddress(Tensor<float> tensor) =>
        (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(tensor.Storage.Array)) + tensor.Storage.Start * sizeof(float);
}
