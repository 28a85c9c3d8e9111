using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Batchwise.Tensors.Recycling;

namespace Batchwise.Tests.Tensors.Recycling;

/// <summary>
/// The pool must reuse the array of a dead tensor, and must never hand out an array that anything can
/// still reach. Runs alone: another test allocating the same size class could take the array first.
/// </summary>
[Collection("BufferRecycling")]
public sealed class BufferRecyclingTests
{
    public BufferRecyclingTests()
    {
        CollectAndFinalize();
        BufferPool<float>.Clear(); // arrays other tests left behind would go out first
    }

    // 123,457 floats (~482 KiB): well above the pinned threshold, a size class no other test uses.
    private const int Length = 123_457;

    [Fact]
    public void Allocate_AfterTensorDied_ReusesItsArray()
    {
        WeakReference<float[]> array = ArrayOfDeadTensor(fill: 1f);
        CollectAndFinalize();

        Tensor<float> next = Tensor.Empty<float>(Length);

        Assert.True(array.TryGetTarget(out float[]? target));
        Assert.Same(target, next.Storage.Array);
    }

    [Fact]
    public void Zeros_OnARecycledArray_IsZero()
    {
        WeakReference<float[]> array = ArrayOfDeadTensor(fill: float.NaN);
        CollectAndFinalize();

        Tensor<float> zeros = Tensor.Zeros<float>(Length);

        Assert.True(array.TryGetTarget(out float[]? target));
        Assert.Same(target, zeros.Storage.Array);
        Assert.All(zeros.AsSpan().ToArray(), value => Assert.Equal(0f, value));
    }

    [Fact]
    public void Allocate_WhileASpanOfADeadTensorIsLive_NeverSharesItsArray()
    {
        Span<float> span = LiveSpanOfDeadTensor(fill: 1f);
        CollectAndFinalize();

        Tensor<float>[] others = [.. Enumerable.Range(0, 4).Select(_ => Tensor.Full(7f, Length))];

        Assert.All(span.ToArray(), value => Assert.Equal(1f, value));
        GC.KeepAlive(others);
    }

    [Fact]
    public void Allocate_WhileMemoryOfADeadTensorIsHeld_NeverSharesItsArray()
    {
        Memory<float> memory = MemoryOfDeadTensor(fill: 1f);
        CollectAndFinalize();

        Tensor<float>[] others = [.. Enumerable.Range(0, 4).Select(_ => Tensor.Full(7f, Length))];

        Assert.All(memory.ToArray(), value => Assert.Equal(1f, value));
        Assert.True(MemoryMarshal.TryGetArray<float>(memory, out ArraySegment<float> segment));
        Assert.All(others, other => Assert.NotSame(segment.Array, other.Storage.Array));
    }

    [Fact]
    public void Allocate_WhileAViewOfADeadTensorLives_NeverSharesItsArray()
    {
        Tensor<float> view = ViewOfDeadTensor(fill: 1f);
        CollectAndFinalize();

        Tensor<float> next = Tensor.Full(7f, Length);

        Assert.False(view.SharesStorageWith(next));
        Assert.Equal(1f, view.GetItem(0));
    }

    [Fact]
    public void Allocate_WithRecyclingOff_TakesAFreshArray()
    {
        bool wasEnabled = BufferRecycling.Enabled;
        try
        {
            WeakReference<float[]> array = ArrayOfDeadTensor(fill: 1f);
            BufferRecycling.Enabled = false;
            CollectAndFinalize();

            Tensor<float> next = Tensor.Empty<float>(Length);

            Assert.False(array.TryGetTarget(out float[]? target) && ReferenceEquals(target, next.Storage.Array));
        }
        finally
        {
            BufferRecycling.Enabled = wasEnabled;
        }
    }

    [Fact]
    public void Allocate_AboveTheLargestPooledSize_LeavesTheArrayToTheRuntime()
    {
        const int Huge = (32 << 20) / sizeof(float) + 1;
        WeakReference<float[]> array = ArrayOfDeadTensor(fill: 1f, Huge);
        CollectAndFinalize();

        Tensor<float> next = Tensor.Empty<float>(Huge);

        Assert.False(array.TryGetTarget(out float[]? target) && ReferenceEquals(target, next.Storage.Array));
    }

    [Fact]
    public void Allocate_ManyLiveTensors_LeasesNoMoreThanThePoolMayKeep()
    {
        // Past the cap arrays get no lease, so when they all die the runtime frees them at once
        // instead of the pool resurrecting arrays it has no room for.
        const int Floats = 1 << 20; // 4 MB each
        long before = BufferRecycling.LeasedBytes;
        var live = new List<Tensor<float>>();
        for (long total = 0; total <= BufferRecycling.CapacityBytes + (16 << 20); total += 4L * Floats)
        {
            live.Add(Tensor.Empty<float>(Floats));
            Assert.InRange(BufferRecycling.LeasedBytes, 0, BufferRecycling.CapacityBytes);
        }

        Assert.True(BufferRecycling.LeasedBytes > before, "the first arrays were leased");
        live.Clear();
        CollectAndFinalize();
        Assert.InRange(BufferRecycling.LeasedBytes, 0, before);
    }

    [Fact]
    public void MatMul_InALoop_GivesEveryResultItsOwnArrayAndTheRightValues()
    {
        // Results kept alive in a list must never share an array, even while the pool recycles.
        Tensor<float> a = Tensor.Randn<float>([64, 16, 16], seed: 1);
        Tensor<float> b = Tensor.Randn<float>([64, 16, 16], seed: 2);
        Tensor<float> expected = Tensor.MatMul(a, b);
        var kept = new List<Tensor<float>>();
        for (int step = 0; step < 40; step++)
        {
            Tensor<float> result = Tensor.MatMul(a * (step + 1), b);
            if (step % 4 == 0)
            {
                kept.Add(result);
            }
        }

        for (int i = 0; i < kept.Count; i++)
        {
            Assert.True(Tensor.AllClose(kept[i], expected * (4 * i + 1), rtol: 1e-5, atol: 1e-4));
            for (int j = 0; j < i; j++)
            {
                Assert.False(kept[i].SharesStorageWith(kept[j]));
            }
        }
    }

    [Fact]
    public void Allocate_FromSeveralThreadsWhileTensorsDie_NeverHandsOutALiveArray()
    {
        // Each thread keeps a few tensors filled with its own value while dropping many more, so the
        // pool recycles (and induces collections) all the time; a live tensor that ever shared its
        // array with another would show a foreign value.
        const int Threads = 4, Steps = 60;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, thread =>
        {
            var kept = new List<(float Value, Tensor<float> Tensor)>();
            for (int step = 0; step < Steps; step++)
            {
                float value = thread * 1000 + step;
                Tensor<float> tensor = Tensor.Full(value, Length + step % 3 * 4096);
                if (step % 5 == 0)
                {
                    kept.Add((value, tensor));
                }
                foreach ((float expected, Tensor<float> live) in kept)
                {
                    if (live.GetItem(0) != expected || live.GetItem(live.Size - 1) != expected)
                    {
                        failures.Add($"thread {thread}, step {step}: a tensor filled with {expected} now holds {live.GetItem(0)}");
                    }
                }
            }
        });

        Assert.Empty(failures);
    }

    [Fact]
    public void BytesBeforeCollecting_AfterFruitlessCollections_DoublesUpToAGigabyte()
    {
        try
        {
            BufferRecycling.NoteCollectionOutcome(fruitful: true);
            Assert.Equal(5, BufferRecycling.BytesBeforeCollecting(requestBytes: 5));

            BufferRecycling.NoteCollectionOutcome(fruitful: false);
            Assert.Equal(4L << 20, BufferRecycling.BytesBeforeCollecting(requestBytes: 5));
            BufferRecycling.NoteCollectionOutcome(fruitful: false);
            Assert.Equal(8L << 20, BufferRecycling.BytesBeforeCollecting(requestBytes: 5));
            Assert.Equal(9L << 20, BufferRecycling.BytesBeforeCollecting(requestBytes: 9L << 20));
            for (int i = 0; i < 20; i++)
            {
                BufferRecycling.NoteCollectionOutcome(fruitful: false);
            }
            Assert.Equal(1L << 30, BufferRecycling.BytesBeforeCollecting(requestBytes: 5));

            BufferRecycling.NoteCollectionOutcome(fruitful: true);
            Assert.Equal(5, BufferRecycling.BytesBeforeCollecting(requestBytes: 5));
        }
        finally
        {
            BufferRecycling.NoteCollectionOutcome(fruitful: true);
        }
    }

    [Fact]
    public void ShouldCollect_InSustainedLowLatencyMode_NeverAsks()
    {
        GCLatencyMode mode = GCSettings.LatencyMode;
        try
        {
            BufferRecycling.NoteCollectionOutcome(fruitful: true);
            // Far past any threshold, and worth any pause: 1 GiB (268 ms at 0.25 ns a byte) is not worth
            // the last induced collection's pause when earlier tests left a large heap behind.
            BufferRecycling.NoteLent(1L << 50);
            Assert.True(BufferRecycling.ShouldCollect(requestBytes: 1));

            GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;

            Assert.False(BufferRecycling.ShouldCollect(requestBytes: 1));
        }
        finally
        {
            GCSettings.LatencyMode = mode;
            BufferRecycling.Collect();
        }
    }

    [Theory]
    [InlineData(75, 1 << 20, true)] // a small heap's full collection against 256 pages
    [InlineData(262, 1 << 20, true)]
    [InlineData(263, 1 << 20, false)]
    [InlineData(5_000, 4 << 20, false)] // a large heap's collection against one 4 MB result
    [InlineData(5_000, 64 << 20, true)]
    public void IsWorthIt_ComparesThePauseWithAQuarterNanosecondPerByte(int pauseMicroseconds, int lentBytes, bool expected) =>
        Assert.Equal(expected, BufferRecycling.IsWorthIt(TimeSpan.FromMicroseconds(pauseMicroseconds), lentBytes));

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(21_266)]
    [InlineData(123_457)]
    [InlineData(1 << 20)]
    [InlineData((1 << 20) + 1)]
    [InlineData(1_600_016)]
    public void SizeClass_CoversTheRequestWithAtMostAQuarterSpare(int length)
    {
        int capacity = BufferPool<float>.SizeClass(length);

        Assert.InRange(capacity, length, length + (length + 3) / 4);
        Assert.Equal(capacity, BufferPool<float>.SizeClass(capacity));
    }

    private static void CollectAndFinalize()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    /// <summary>
    /// Follows the array without keeping it alive (a test holding it would rightly stop its reuse), and
    /// through its resurrection by the pool.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<float[]> ArrayOfDeadTensor(float fill, int length = Length) =>
        new(Tensor.Full(fill, length).Storage.Array, trackResurrection: true);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Span<float> LiveSpanOfDeadTensor(float fill) => Tensor.Full(fill, Length).AsSpan();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Memory<float> MemoryOfDeadTensor(float fill) => Tensor.Full(fill, Length).AsMemory();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Tensor<float> ViewOfDeadTensor(float fill) => Tensor.Full(fill, Length)[..10];
}

[CollectionDefinition("BufferRecycling", DisableParallelization = true)]
public sealed class BufferRecyclingCollection;
