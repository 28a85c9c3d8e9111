using Batchwise.Expressions;
using Batchwise.Tensors.Recycling;

namespace Batchwise.Tests.Tensors.Recycling;

/// <summary>
/// A scope must hand a released tensor's array straight back to the pool, keep what it is told to keep,
/// and make every later use of a released tensor throw. Runs alone with the other pool tests: a test
/// allocating the same size class could take the array first.
/// </summary>
[Collection("BufferRecycling")]
public sealed class TensorScopeTests
{
    // 77,777 floats (~304 KiB): above the pinned threshold, a size class no other test uses.
    private const int Length = 77_777;

    public TensorScopeTests()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        BufferPool<float>.Clear();
    }

    [Fact]
    public void Dispose_ReturnsTheArrayAtOnce_WithoutACollection()
    {
        float[] released;
        int collections = GC.CollectionCount(2);
        using (TensorScope.Begin())
        {
            released = Tensor.Full(3f, Length).Storage.Array;
        }

        Tensor<float> next = Tensor.Empty<float>(Length);

        Assert.Same(released, next.Storage.Array);
        Assert.Equal(3f, next.GetItem(Length - 1)); // the recycled array, still holding the old values
        Assert.Equal(collections, GC.CollectionCount(2));
    }

    [Fact]
    public void ReleasedTensor_AndItsViews_ThrowOnEveryUse()
    {
        Tensor<float> made, view;
        Tensor<float> small;
        using (TensorScope.Begin())
        {
            made = Tensor.Full(1f, Length);
            view = made[..10];
            small = Tensor.Full(1f, 4); // small arrays are ordinary gen-0 arrays, and released all the same
        }

        Assert.Throws<ObjectDisposedException>(() => made.GetItem(0));
        Assert.Throws<ObjectDisposedException>(() => view.AsSpan().ToArray());
        Assert.Throws<ObjectDisposedException>(() => view + 1f);
        Assert.Throws<ObjectDisposedException>(() => Tensor.Sum(small));
        Assert.Throws<ObjectDisposedException>(() => made.SetItem(2f, 0));
    }

    [Fact]
    public void Keep_LetsTheTensorAndItsViewsOutliveTheScope()
    {
        Tensor<float> kept, viewOfKept, other;
        using (TensorScope scope = TensorScope.Begin())
        {
            kept = scope.Keep(Tensor.Full(5f, Length));
            viewOfKept = kept[1..3];
            other = Tensor.Full(6f, Length);
        }

        Tensor<float> next = Tensor.Full(7f, Length);

        Assert.All(kept.AsSpan().ToArray(), value => Assert.Equal(5f, value));
        Assert.Equal([5f, 5f], viewOfKept.AsSpan().ToArray());
        Assert.NotSame(kept.Storage.Array, next.Storage.Array);
        Assert.Throws<ObjectDisposedException>(() => other.GetItem(0));
    }

    [Fact]
    public void ViewsMadeInside_OfATensorFromOutside_LiveOn()
    {
        Tensor<float> outside = Tensor.Full(2f, Length);
        Tensor<float> view;
        using (TensorScope.Begin())
        {
            view = outside[5..8];
        }

        Assert.Equal([2f, 2f, 2f], view.AsSpan().ToArray());
    }

    [Fact]
    public void KeptFromAnInnerScope_IsReleasedByTheOuterOne()
    {
        Tensor<float> kept;
        using (TensorScope outer = TensorScope.Begin())
        {
            using (TensorScope inner = TensorScope.Begin())
            {
                kept = inner.Keep(Tensor.Full(4f, Length));
            }
            Assert.Equal(4f, kept.GetItem(0));
            Assert.Equal(1, outer.Count);
        }

        Assert.Throws<ObjectDisposedException>(() => kept.GetItem(0));
    }

    [Fact]
    public void KeptByTheOuterScope_WhileAnInnerOneIsOpen_OutlivesBoth()
    {
        Tensor<float> kept, other;
        using (TensorScope outer = TensorScope.Begin())
        {
            using (TensorScope inner = TensorScope.Begin())
            {
                kept = outer.Keep(Tensor.Full(3f, Length));
                other = Tensor.Full(4f, Length);
                inner.Keep(other); // kept by the inner scope only: the outer one releases it
            }
            Assert.Equal(3f, kept.GetItem(0));
            Assert.Equal(4f, other.GetItem(0));
        }

        Assert.Equal(3f, kept.GetItem(Length - 1));
        Assert.Throws<ObjectDisposedException>(() => other.GetItem(0));
    }

    [Fact]
    public void KeptFromOutside_IsStillReleasedByTheScopeThatMadeIt()
    {
        Tensor<float> made;
        using (TensorScope outer = TensorScope.Begin())
        {
            made = Tensor.Full(5f, Length);
            using (TensorScope inner = TensorScope.Begin())
            {
                inner.Keep(made); // made outside the inner scope: keeping it there changes nothing
            }
            using (TensorScope.Begin())
            {
                Tensor.Full(6f, Length); // a later sibling scope releases only its own
            }
            Assert.Equal(5f, made.GetItem(0));
        }

        Assert.Throws<ObjectDisposedException>(() => made.GetItem(0));
    }

    [Fact]
    public void ExportedMemory_IsRevokedButNeverRecycled()
    {
        Memory<float> memory;
        float[] array;
        using (TensorScope.Begin())
        {
            Tensor<float> exported = Tensor.Full(8f, Length);
            array = exported.Storage.Array;
            memory = exported.AsMemory();
        }

        Tensor<float> next = Tensor.Full(9f, Length);

        Assert.NotSame(array, next.Storage.Array);
        Assert.All(memory.ToArray(), value => Assert.Equal(8f, value));
    }

    [Fact]
    public void Dispose_OutOfOrderOrOnAnotherThread_Throws()
    {
        TensorScope outer = TensorScope.Begin();
        TensorScope inner = TensorScope.Begin();

        Assert.Throws<InvalidOperationException>(outer.Dispose);
        Exception? fromOtherThread = null;
        var thread = new Thread(() => fromOtherThread = Record.Exception(inner.Dispose));
        thread.Start();
        thread.Join();
        Assert.IsType<InvalidOperationException>(fromOtherThread);

        inner.Dispose();
        outer.Dispose();
        outer.Dispose(); // a second Dispose does nothing
        Assert.Throws<ObjectDisposedException>(() => outer.Keep(Tensor.Zeros<float>(1)));
    }

    [Fact]
    public void ScopeEndedByAnException_StillReleases()
    {
        Tensor<float>? made = null;
        void FailInside()
        {
            using TensorScope scope = TensorScope.Begin();
            made = Tensor.Full(1f, Length);
            throw new InvalidOperationException("inside");
        }

        Assert.Throws<InvalidOperationException>(FailInside);

        Assert.Throws<ObjectDisposedException>(() => made!.GetItem(0));
    }

    [Fact]
    public void Evaluate_ReleasesItsTemporaries_AndKeepsTheResult()
    {
        Tensor<float> a = Tensor.Full(1f, Length), b = Tensor.Full(2f, Length);

        var result = (Tensor<float>)Expression.Evaluate("(a + b) * 2", ("a", a), ("b", b))!;
        Tensor<float> next = Tensor.Empty<float>(Length);

        Assert.Equal(6f, result.GetItem(Length - 1));
        Assert.NotSame(result.Storage.Array, next.Storage.Array);
        Assert.Equal(3f, next.GetItem(Length - 1)); // the temporary a + b, back in the pool at once
    }

    [Fact]
    public void Evaluate_KeepsEveryTensorOfATupleAndViewsOfTemporaries()
    {
        Tensor<float> a = Tensor.Full(1f, Length);

        var pair = (object?[])Expression.Evaluate("((a + 1)[:3], a * 3)", ("a", a))!;

        Assert.Equal([2f, 2f, 2f], ((Tensor<float>)pair[0]!).AsSpan().ToArray());
        Assert.Equal(3f, ((Tensor<float>)pair[1]!).GetItem(Length - 1));
    }
}
