using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Batchwise.Tensors.Recycling;

namespace Batchwise.Tensors;

/// <summary>
/// The elements behind one or more tensors. Views share it; nothing ever reallocates it. Buffers at
/// the large-object threshold and above (where .NET would put them on the large object heap anyway)
/// come from the pinned object heap, their first element placed by <see cref="StorageStart"/>. Smaller ones are ordinary gen-0 arrays: putting them on the pinned heap would charge its
/// budget and trigger a full collection every few hundred kilobytes. Kernels pin with <c>fixed</c> for
/// the duration of a call either way, so no kernel relies on the address staying put between calls.
/// Large arrays are recycled once nothing can reach them any more (<see cref="BufferPool{T}"/>), so a
/// loop that makes a large result per step reuses warm memory as NumPy's malloc does; a storage made
/// inside a <see cref="TensorScope"/> goes back the moment the scope ends, a small one to its thread's
/// <see cref="SmallArrayCache{T}"/>.
/// </summary>
internal sealed class TensorStorage<T> : IReleasable where T : unmanaged
{
    /// <summary>
    /// Buffers smaller than this (in bytes) are ordinary gen-0 arrays (see the class remarks): the large
    /// object heap's default threshold. (Raising the runtime's threshold does not help: tens of
    /// megabytes in gen 0 are then copied by every compacting collection.)
    /// </summary>
    private const long PinnedThresholdBytes = 85_000;

    private T[]? _array;
    private readonly BufferLease<T>? _lease;
    private bool _exported;
    private bool _small; // a gen-0 array of exactly Length elements, for SmallArrayCache once released

    private TensorStorage(T[] array, int start, int length, BufferLease<T>? lease = null)
    {
        _array = array;
        Start = start;
        Length = length;
        _lease = lease;
    }

    /// <summary>The backing array; element 0 of the storage is <c>Array[Start]</c>.</summary>
    /// <exception cref="ObjectDisposedException">The <see cref="TensorScope"/> that made the storage has ended.</exception>
    public T[] Array => _array ?? throw Released();

    /// <inheritdoc/>
    public int KeptAtDepth { get; set; }

    /// <summary>
    /// The backing array, for a wrapper that may outlive the call (<see cref="Memory{T}"/>, a
    /// System.Numerics.Tensors tensor): a storage whose array has left the library is never recycled
    /// by its scope, only revoked, so that wrapper keeps seeing the tensor's last values.
    /// </summary>
    public T[] Export()
    {
        T[] array = Array;
        _exported = true;
        return array;
    }

    /// <summary>Index in <see cref="Array"/> of the storage's first element.</summary>
    public int Start { get; }

    /// <summary>Number of usable elements.</summary>
    public int Length { get; }

    /// <summary>A reference to storage element <paramref name="index"/>.</summary>
    public ref T this[int index] => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Array), Start + index);

    /// <summary>The usable elements as a span.</summary>
    public Span<T> Span => Array.AsSpan(Start, Length);

    /// <summary>Allocates storage for <paramref name="length"/> elements, zeroed when asked.</summary>
    public static unsafe TensorStorage<T> Allocate(int length, bool zeroed)
    {
        long bytes = (long)length * sizeof(T);
        if (bytes < PinnedThresholdBytes)
        {
            T[]? recycled = SmallArrayCache<T>.TryTake(length);
            if (recycled is not null && zeroed)
            {
                recycled.AsSpan().Clear();
            }
            T[] small = recycled ?? (zeroed ? new T[length] : GC.AllocateUninitializedArray<T>(length));
            return TensorScope.Track(new TensorStorage<T>(small, 0, length) { _small = true });
        }
        int slack = StorageStart.SlackElements<T>(length);
        bool recycle = BufferRecycling.Covers(bytes);
        T[] array;
        BufferLease<T>? lease = null;
        if (recycle)
        {
            array = BufferPool<T>.Rent(length + slack, out lease);
        }
        else
        {
            array = zeroed
                ? GC.AllocateArray<T>(length + slack, pinned: true)
                : GC.AllocateUninitializedArray<T>(length + slack, pinned: true);
            HugePages.Advise(array); // pages the runtime already touched stay small until the kernel merges them
        }
        int start = StorageStart.StartIndex<T>((nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array)), length);
        if (zeroed && recycle)
        {
            array.AsSpan(start, length).Clear(); // pooled arrays come uninitialised, recycled or not
        }
        return TensorScope.Track(new TensorStorage<T>(array, start, length, lease));
    }

    /// <summary>Wraps an existing array without copying (not aligned, not pinned, never recycled).</summary>
    public static TensorStorage<T> Wrap(T[] array) => new(array, 0, array.Length) { _exported = true };

    /// <summary>
    /// Revokes the storage (every later access throws) and hands its array straight back, warm, to the
    /// pool (large) or this thread's <see cref="SmallArrayCache{T}"/> (small), unless it was exported.
    /// Called by the scope that made it, on the scope's thread; idempotent.
    /// </summary>
    void IReleasable.Release()
    {
        T[]? array = Interlocked.Exchange(ref _array, null);
        if (array is null || _exported)
        {
            return;
        }
        if (_lease is not null)
        {
            _lease.ReturnNow();
        }
        else if (_small)
        {
            SmallArrayCache<T>.Return(array);
        }
    }

    private static ObjectDisposedException Released() =>
        new(nameof(Tensor<T>), "this tensor's storage was made inside a TensorScope that has ended; call scope.Keep(tensor) to use a tensor after its scope");
}
