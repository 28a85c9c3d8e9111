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
    /// A fresh large tensor's elements start where the rule says, inside its array. Where the runtime
    /// put two arrays lined up modulo 64 MB (it starts large arrays at the same offset into 32 MB
    /// regions, so about every other pair is), their elements must not be: checked for every such pair
    /// the allocations produce. Which pairs those are is the runtime's choice; the rule itself is pinned
    /// down above, independent of it.
    /// </summary>
    [Fact]
    public void FreshLargeTensors_StartWhereTheRuleSays_AndLinedUpArraysDoNotStayLinedUp()
    {
        BufferPool<float>.Clear();
        const int length = 1 << 22;
        var tensors = Enumerable.Range(0, 6).Select(_ => Tensor.Empty<float>(length)).ToArray();

        long[] arrays = tensors.Select(ArrayAddress).ToArray();
        long[] starts = tensors.Select(DataAddress).ToArray();
        for (int i = 0; i < tensors.Length; i++)
        {
            Assert.Equal(StorageStart.StartIndex<float>(arrays[i], length), tensors[i].Storage.Start);
            Assert.Equal(0, starts[i] % StorageStart.Alignment);
            Assert.True(tensors[i].Storage.Start + length <= tensors[i].Storage.Array.Length);
            for (int j = 0; j < i; j++)
            {
                long blocks = (arrays[i] >> 26) - (arrays[j] >> 26);
                if (Modulo(arrays[i] - arrays[j]) is < 64 << 10 or > Block - (64 << 10) && blocks % StorageStart.Steps != 0)
                {
                    Assert.InRange(Modulo(starts[i] - starts[j]), StorageStart.StepBytes / 2, Block - StorageStart.StepBytes / 2);
                }
            }
        }
        GC.KeepAlive(tensors);
    }

    private static long Modulo(long difference) => (difference % Block + Block) % Block;

    private static long ArrayAddress(Tensor<float> tensor) =>
        (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(tensor.Storage.Array));

    private static long DataAddress(Tensor<float> tensor) => ArrayAddress(tensor) + tensor.Storage.Start * sizeof(float);
}
