using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Batchwise.Kernels;

namespace Batchwise.Tests.Kernels;

/// <summary>
/// <see cref="Avx512Ops.Model"/>, the software form of the AVX-512 instructions that the hand-written
/// 512-bit kernels run on when the path is emulated: worked examples from Intel's definitions,
/// written out lane by lane, and on AVX-512 hardware the model against the instruction itself.
/// </summary>
public sealed unsafe class Avx512OpsTests
{
    private static readonly Vector512<float> Low = Vector512.Create(0f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    private static readonly Vector512<float> High = Low + Vector512.Create(100f);

    [Fact]
    public void Shuffle_TakesTwoLanesOfEachSourcePerBlock()
    {
        // 0b00_01_10_11: left lanes 3, 2, then right lanes 1, 0, in every 128-bit block.
        AssertLanes([3, 2, 101, 100, 7, 6, 105, 104, 11, 10, 109, 108, 15, 14, 113, 112],
            Avx512Ops.Model.Shuffle(Low, High, 0b00_01_10_11));
        AssertLanes([0, 0, 100, 100, 4, 4, 104, 104, 8, 8, 108, 108, 12, 12, 112, 112],
            Avx512Ops.Model.Shuffle(Low, High, 0));
    }

    [Fact]
    public void Shuffle4x128_TakesTwoBlocksOfEachSource()
    {
        // 0b01_00_11_10: left blocks 2, 3, then right blocks 0, 1.
        AssertLanes([8, 9, 10, 11, 12, 13, 14, 15, 100, 101, 102, 103, 104, 105, 106, 107],
            Avx512Ops.Model.Shuffle4x128(Low, High, 0b01_00_11_10));
        AssertLanes([12, 13, 14, 15, 0, 1, 2, 3, 112, 113, 114, 115, 100, 101, 102, 103],
            Avx512Ops.Model.Shuffle4x128(Low, High, 0b00_11_00_11));
    }

    [Fact]
    public void Permute4x32_PermutesWithinEachBlock()
    {
        AssertLanes([3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12], Avx512Ops.Model.Permute4x32(Low, 0b00_01_10_11));
        AssertLanes([1, 1, 1, 1, 5, 5, 5, 5, 9, 9, 9, 9, 13, 13, 13, 13], Avx512Ops.Model.Permute4x32(Low, 0x55));
    }

    [Fact]
    public void PermuteVar16x32_UsesTheLowFourIndexBits()
    {
        var indices = Vector512.Create(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        AssertLanes([15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0], Avx512Ops.Model.PermuteVar16x32(Low, indices));

        // Bits above the fourth are ignored: 16 -> 0, 17 -> 1, -1 -> 15, 0x7FFFFFF2 -> 2.
        indices = Vector512.Create(16, 17, -1, 0x7FFFFFF2, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4);
        AssertLanes([0, 1, 15, 2, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4], Avx512Ops.Model.PermuteVar16x32(Low, indices));
    }

    [Fact]
    public void PermuteVar16x32x2_FifthIndexBitPicksTheSource()
    {
        var indices = Vector512.Create(0, 16, 31, 15, 32, 48, 63, -1, 5, 21, 7, 23, 9, 25, 11, 27);
        AssertLanes([0, 100, 115, 15, 0, 100, 115, 115, 5, 105, 7, 107, 9, 109, 11, 111],
            Avx512Ops.Model.PermuteVar16x32x2(Low, indices, High));
    }

    [Fact]
    public void BroadcastVector128ToVector512_RepeatsFourFloats()
    {
        float* four = stackalloc float[] { 1, 2, 3, 4, 99 };
        AssertLanes([1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4], Avx512Ops.Model.BroadcastVector128ToVector512(four));
    }

    [Fact]
    public void MaskLoad_ReadsSetLanesAndMergesTheRest()
    {
        float* data = stackalloc float[16];
        for (int i = 0; i < 16; i++)
        {
            data[i] = 50 + i;
        }

        // Sign bit set -> read: all ones, and -0f (only the sign bit); clear -> merge: zero and +1f.
        Vector512<float> mask = Vector512.Create(-1, 0, -1, 0, 1, 0, -1, 0, -1, -1, -1, -1, 0, 0, 0, 0).AsSingle();
        mask = mask.WithElement(4, -0f).WithElement(5, 1f);
        AssertLanes([50, 101, 52, 103, 54, 105, 56, 107, 58, 59, 60, 61, 112, 113, 114, 115],
            Avx512Ops.Model.MaskLoad(data, mask, High));
    }

    [Fact]
    public void MaskLoad_NeverTouchesMaskedOffLanes()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the guard page below is made with Linux's mmap
        }

        // Five floats at the very end of a readable page, followed by an inaccessible page: the masked
        // lanes 5..15 lie on the guard page, so reading any of them would crash the test run.
        using var pages = new GuardedPages();
        float* five = (float*)(pages.Readable + GuardedPages.PageSize) - 5;
        for (int i = 0; i < 5; i++)
        {
            five[i] = i + 1;
        }

        Vector512<float> mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(5)).AsSingle();
        AssertLanes([1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], Avx512Ops.Model.MaskLoad(five, mask, Vector512<float>.Zero));
        AssertLanes([1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], Avx512Ops.MaskLoad(five, mask, Vector512<float>.Zero));
    }

    [Fact]
    public void StoreAlignedNonTemporal_StoresAndRejectsMisalignment()
    {
        byte* buffer = (byte*)NativeMemory.AlignedAlloc(128, 64);
        try
        {
            Vector512<byte> bytes = Vector512<byte>.Indices;
            Avx512Ops.Model.StoreAlignedNonTemporal(buffer + 64, bytes);
            Assert.True(Vector512.Load(buffer + 64) == bytes);
            Assert.Throws<InvalidOperationException>(() => Avx512Ops.Model.StoreAlignedNonTemporal(buffer + 4, bytes));
        }
        finally
        {
            NativeMemory.AlignedFree(buffer);
        }
    }

    /// <summary>Every control byte and random indices: the model and the hardware instruction agree.</summary>
    [Avx512Fact]
    public void Model_MatchesTheInstructions()
    {
        var rng = new Random(7);
        Vector512<float> left = RandomFloats(rng), right = RandomFloats(rng);
        // A control that is not a constant makes the JIT emit a table of the 256 immediate forms and
        // jump into it: every form of each instruction runs once.
#pragma warning disable CA1857 // deliberately not constant
        for (int c = 0; c < 256; c++)
        {
            byte control = (byte)c;
            AssertLanes(Avx512F.Shuffle(left, right, control), Avx512Ops.Model.Shuffle(left, right, control), $"Shuffle {c}");
            AssertLanes(Avx512F.Shuffle4x128(left, right, control), Avx512Ops.Model.Shuffle4x128(left, right, control), $"Shuffle4x128 {c}");
            AssertLanes(Avx512F.Permute4x32(left, control), Avx512Ops.Model.Permute4x32(left, control), $"Permute4x32 {c}");
        }
#pragma warning restore CA1857

        float* memory = stackalloc float[16];
        for (int round = 0; round < 100; round++)
        {
            Vector512<int> indices = Vector512.Create(rng.Next(), rng.Next(), rng.Next(), rng.Next(), rng.Next(), rng.Next(),
                rng.Next(), rng.Next(), rng.Next(), rng.Next(), rng.Next(), rng.Next(), rng.Next(), rng.Next(), rng.Next(), rng.Next());
            AssertLanes(Avx512F.PermuteVar16x32(left, indices), Avx512Ops.Model.PermuteVar16x32(left, indices), "PermuteVar16x32");
            AssertLanes(Avx512F.PermuteVar16x32x2(left, indices, right), Avx512Ops.Model.PermuteVar16x32x2(left, indices, right), "PermuteVar16x32x2");

            RandomFloats(rng).Store(memory);
            Vector512<float> mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(rng.Next(17))).AsSingle();
            AssertLanes(Avx512F.MaskLoad(memory, mask, right), Avx512Ops.Model.MaskLoad(memory, mask, right), "MaskLoad");
            AssertLanes(Avx512F.BroadcastVector128ToVector512(memory), Avx512Ops.Model.BroadcastVector128ToVector512(memory), "Broadcast");
        }
    }

    private static Vector512<float> RandomFloats(Random rng)
    {
        float* lanes = stackalloc float[16];
        for (int i = 0; i < 16; i++)
        {
            lanes[i] = (float)rng.NextDouble();
        }

        return Vector512.Load(lanes);
    }

    private static void AssertLanes(float[] expected, Vector512<float> actual) =>
        AssertLanes(Vector512.Create(expected), actual, "lanes");

    private static void AssertLanes(Vector512<float> expected, Vector512<float> actual, string what)
    {
        for (int i = 0; i < 16; i++)
        {
            // Bit patterns, so that a lane taken from the wrong place cannot pass by an equal value.
            Assert.True(BitConverter.SingleToInt32Bits(expected.GetElement(i)) == BitConverter.SingleToInt32Bits(actual.GetElement(i)),
                $"{what}: lane {i} is {actual.GetElement(i)}, expected {expected.GetElement(i)} (expected {expected}, got {actual})");
        }
    }

    /// <summary>A readable page followed by an inaccessible one (Linux mmap).</summary>
    private sealed class GuardedPages : IDisposable
    {
        public const int PageSize = 4096;
        private const int ProtRead = 1, ProtWrite = 2, MapPrivate = 2, MapAnonymous = 0x20;

        public GuardedPages()
        {
            Readable = (byte*)Mmap(null, 2 * PageSize, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
            Assert.True(Readable != (byte*)-1, "mmap failed");
            Assert.Equal(0, Mprotect(Readable + PageSize, PageSize, 0));
        }

        public byte* Readable { get; }

        public void Dispose() => Munmap(Readable, 2 * PageSize);

        [DllImport("libc", EntryPoint = "mmap")]
        private static extern void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

        [DllImport("libc", EntryPoint = "mprotect")]
        private static extern int Mprotect(void* address, nuint length, int protection);

        [DllImport("libc", EntryPoint = "munmap")]
        private static extern int Munmap(void* address, nuint length);
    }
}

/// <summary>A fact that runs only where the hardware has AVX-512F (reported as skipped elsewhere).</summary>
public sealed class Avx512FactAttribute : FactAttribute
{
    public Avx512FactAttribute()
    {
        if (!Avx512F.IsSupported)
        {
            Skip = "needs AVX-512F hardware";
        }
    }
}
