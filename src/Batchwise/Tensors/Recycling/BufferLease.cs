using System.Runtime;

namespace Batchwise.Tensors.Recycling;

/// <summary>
/// Notices when a pooled array has died and hands it back to <see cref="BufferPool{T}"/>.
/// </summary>
/// <remarks>
/// The lease is reachable only through a <see cref="DependentHandle"/> whose primary is the array: the
/// runtime keeps the lease alive exactly as long as anything else can reach the array — tensors, views,
/// spans and <c>ref</c>s on any thread's stack (interior pointers mark the whole array), <c>fixed</c>
/// pins, <see cref="Memory{T}"/> or a System.Numerics.Tensors tensor sharing it. Only when none is left
/// does the lease become unreachable; its finalizer then resurrects the array into the pool. So no code
/// that touches tensor memory needs a keep-alive discipline: a buffer is never reused while it can still
/// be read or written. (The same mechanism lets ConditionalWeakTable values refer to their keys.)
/// The one exception is the usual finalizer caveat: another object's finalizer must not read a tensor it
/// holds, since finalization order is unspecified.
/// </remarks>
internal sealed class BufferLease<T> where T : unmanaged
{
    private readonly T[] _array;
    private DependentHandle _handle;

    private BufferLease(T[] array) => _array = array;

    ~BufferLease()
    {
        _handle.Dispose();
        BufferPool<T>.Return(_array);
    }

    /// <summary>Starts watching <paramref name="array"/>: it returns to the pool once it is unreachable.</summary>
    public static BufferLease<T> Watch(T[] array)
    {
        var lease = new BufferLease<T>(array);
        lease._handle = new DependentHandle(array, lease);
        return lease;
    }

    /// <summary>
    /// Ends the lease early and hands the array straight back to the pool (a <see cref="TensorScope"/>
    /// released its tensor). The caller holds the lease, so its finalizer cannot be running meanwhile.
    /// </summary>
    public void ReturnNow()
    {
        GC.SuppressFinalize(this);
        _handle.Dispose();
        BufferPool<T>.Return(_array);
    }
}
