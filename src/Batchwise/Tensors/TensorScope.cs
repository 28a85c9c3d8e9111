using Batchwise.Tensors;

namespace Batchwise;

/// <summary>
/// Releases the tensors made inside it when it ends, so a loop that makes large temporaries reuses
/// their memory at once, warm in cache, as NumPy's reference counting frees an array the moment its
/// last name goes. <c>using (TensorScope.Begin()) { ... }</c>; a tensor that must outlive the scope
/// is passed to <see cref="Keep{T}(Tensor{T})"/>, which hands it to the enclosing scope (or to the
/// collector when there is none).
/// </summary>
/// <remarks>
/// A scope owns every storage allocated on its thread while it is the innermost scope there, views
/// included: a view of a tensor made inside shares its storage and dies with it, and a view made inside
/// of a tensor from outside lives on. Once the scope ends, any use of a released tensor throws
/// <see cref="ObjectDisposedException"/>, so a forgotten <see cref="Keep{T}(Tensor{T})"/> fails loudly
/// instead of reading memory another tensor now owns. Two things the scope cannot watch: a
/// <see cref="Span{T}"/> taken from a released tensor must not be used after the scope (as with
/// <see cref="System.Buffers.ArrayPool{T}"/>); and a tensor whose memory was handed out through
/// <c>AsMemory</c> or a System.Numerics.Tensors view is revoked but never recycled. Without any scope
/// the collector finds dead tensors as before (see <c>BufferPool</c>). Scopes nest, and must end on the
/// thread that began them, innermost first.
/// </remarks>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic]
    private static TensorScope? t_innermost;

    private readonly TensorScope? _outer;
    private readonly Thread _thread;

    // Made lazily: a scope around one small expression makes a storage or two and keeps one, so a
    // linear search of a short list costs less than hashing.
    private List<IReleasable>? _made;
    private List<IReleasable>? _kept;
    private bool _ended;

    private TensorScope(TensorScope? outer)
    {
        _outer = outer;
        _thread = Thread.CurrentThread;
    }

    /// <summary>Starts a scope on this thread, inside the current innermost one if any.</summary>
    public static TensorScope Begin() => t_innermost = new TensorScope(t_innermost);

    /// <summary>The number of storages this scope will release (for tests and diagnostics).</summary>
    internal int Count => _made?.Count ?? 0;

    /// <summary>
    /// Lets <paramref name="tensor"/> (and every view sharing its storage) outlive this scope: the
    /// enclosing scope takes it over, or, outermost, the collector. A tensor made outside is unaffected.
    /// </summary>
    /// <returns><paramref name="tensor"/>, for <c>return scope.Keep(result);</c>.</returns>
    /// <exception cref="ObjectDisposedException">The scope has ended, or the tensor was already released.</exception>
    public Tensor<T> Keep<T>(Tensor<T> tensor) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ObjectDisposedException.ThrowIf(_ended, this);
        _ = tensor.Storage.Array; // throws if an inner scope already released it
        MarkKept(tensor.Storage);
        return tensor;
    }

    /// <summary>Keeps every tensor in an expression's value: a tensor, a tuple (<c>object?[]</c>) or list of them, or a scalar.</summary>
    internal object? KeepAll(object? value)
    {
        switch (value)
        {
            case IStorageHolder holder:
                MarkKept(holder.Storage);
                break;
            case System.Collections.IEnumerable items and not string:
                foreach (object? item in items)
                {
                    KeepAll(item);
                }
                break;
        }
        return value;
    }

    private void MarkKept(IReleasable storage) => (_kept ??= []).Add(storage);

    /// <summary>Records a new storage with the innermost scope of this thread, if any.</summary>
    internal static TStorage Track<TStorage>(TStorage storage) where TStorage : IReleasable
    {
        if (t_innermost is TensorScope scope)
        {
            (scope._made ??= []).Add(storage);
        }
        return storage;
    }

    /// <summary>Releases every storage made in the scope and not kept; kept ones pass to the enclosing scope.</summary>
    /// <exception cref="InvalidOperationException">Called on another thread, or while an inner scope is still open.</exception>
    public void Dispose()
    {
        if (_ended)
        {
            return;
        }
        if (Thread.CurrentThread != _thread || t_innermost != this)
        {
            throw new InvalidOperationException("a TensorScope must end on the thread that began it, after every scope begun inside it");
        }
        _ended = true;
        t_innermost = _outer;
        if (_made is null)
        {
            return;
        }
        foreach (IReleasable storage in _made)
        {
            if (!IsKept(storage))
            {
                storage.Release();
            }
            else if (_outer is not null)
            {
                (_outer._made ??= []).Add(storage);
            }
        }
        _made = null;
        _kept = null;
    }

    private bool IsKept(IReleasable storage)
    {
        if (_kept is not null)
        {
            foreach (IReleasable kept in _kept)
            {
                if (ReferenceEquals(kept, storage))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
