using Batchwise.Tensors;

namespace Batchwise;

/// <summary>
/// Releases the tensors made inside it when it ends, so a loop that makes temporaries reuses their
/// memory at once, warm in cache (large ones through the buffer pool, small ones through a cache on
/// the scope's thread), as NumPy's reference counting frees an array the moment its last name goes.
/// <c>using (TensorScope.Begin()) { ... }</c>; a tensor that must outlive the scope is passed to
/// <see cref="Keep{T}(Tensor{T})"/>, which hands it to the enclosing scope (or to the collector when
/// there is none).
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

    // Every storage made under an open scope of this thread, oldest first: a scope owns the entries
    // from its _start on. One list per thread, so beginning and ending a scope allocates nothing else.
    [ThreadStatic]
    private static List<IReleasable>? t_made;

    private readonly TensorScope? _outer;
    private readonly Thread _thread;
    private readonly int _start;
    private readonly int _depth;
    private bool _ended;

    private TensorScope(TensorScope? outer, int start)
    {
        _outer = outer;
        _thread = Thread.CurrentThread;
        _start = start;
        _depth = (outer?._depth ?? 0) + 1;
    }

    /// <summary>Starts a scope on this thread, inside the current innermost one if any.</summary>
    public static TensorScope Begin() => t_innermost = new TensorScope(t_innermost, t_made?.Count ?? 0);

    /// <summary>The number of storages this scope will release or hand on (for tests and diagnostics).</summary>
    internal int Count => _ended ? 0 : (t_made?.Count ?? 0) - _start;

    /// <summary>
    /// Lets <paramref name="tensor"/> (and every view sharing its storage) outlive this scope: the
    /// enclosing scope takes it over, or, outermost, the collector. A tensor made outside is unaffected.
    /// </summary>
    /// <returns><paramref name="tensor"/>, for <c>return scope.Keep(result);</c>.</returns>
    /// <exception cref="ObjectDisposedException">The scope has ended, or the tensor was already released.</exception>
    /// <exception cref="InvalidOperationException">Called on another thread than the scope's.</exception>
    public Tensor<T> Keep<T>(Tensor<T> tensor) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ObjectDisposedException.ThrowIf(_ended, this);
        RequireOwnThread();
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

    /// <summary>
    /// Marks a storage to survive every scope at this depth or deeper; the shallowest keeper wins, so a
    /// storage an outer scope keeps also outlives the inner scope that made it.
    /// </summary>
    private void MarkKept(IReleasable storage) =>
        storage.KeptAtDepth = storage.KeptAtDepth == 0 ? _depth : Math.Min(storage.KeptAtDepth, _depth);

    /// <summary>Records a new storage with the innermost scope of this thread, if any.</summary>
    internal static TStorage Track<TStorage>(TStorage storage) where TStorage : IReleasable
    {
        if (t_innermost is not null)
        {
            (t_made ??= []).Add(storage);
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
        RequireOwnThread();
        if (t_innermost != this)
        {
            throw new InvalidOperationException("a TensorScope must end after every scope begun inside it");
        }
        _ended = true;
        t_innermost = _outer;
        List<IReleasable>? made = t_made;
        if (made is null)
        {
            return;
        }
        int handedOn = _start;
        for (int i = _start; i < made.Count; i++)
        {
            // Kept here or by an enclosing scope: it survives this one. The enclosing scope releases it
            // unless the mark names that scope's depth or a shallower one (a deeper mark is stale).
            IReleasable storage = made[i];
            if (storage.KeptAtDepth == 0 || storage.KeptAtDepth > _depth)
            {
                storage.Release();
                continue;
            }
            if (_outer is not null)
            {
                made[handedOn++] = storage;
            }
        }
        made.RemoveRange(handedOn, made.Count - handedOn);
    }

    private void RequireOwnThread()
    {
        if (Thread.CurrentThread != _thread)
        {
            throw new InvalidOperationException("a TensorScope is used on the thread that began it");
        }
    }
}
