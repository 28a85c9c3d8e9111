namespace Batchwise.Kernels.Sorting;

/// <summary>
/// The two buffers of a sort that makes passes: each pass reads <see cref="Source"/> and writes
/// <see cref="Destination"/>, then <see cref="Flip"/> swaps their roles; <see cref="Finish"/> leaves
/// the result in the items whichever buffer the last pass wrote.
/// </summary>
internal ref struct PingPong<TItem>
{
    private readonly Span<TItem> _items;
    private bool _inItems;

    /// <summary>Starts with <paramref name="items"/> as the source and as much of <paramref name="buffer"/> as the destination.</summary>
    public PingPong(Span<TItem> items, Span<TItem> buffer)
    {
        _items = items;
        _inItems = true;
        Source = items;
        Destination = buffer[..items.Length];
    }

    /// <summary>What the next pass reads.</summary>
    public Span<TItem> Source { get; private set; }

    /// <summary>What the next pass writes.</summary>
    public Span<TItem> Destination { get; private set; }

    /// <summary>After a pass: its output is the next pass's input.</summary>
    public void Flip()
    {
        Span<TItem> written = Destination;
        Destination = Source;
        Source = written;
        _inItems = !_inItems;
    }

    /// <summary>Copies the last pass's output into the items, unless it is there already.</summary>
    public readonly void Finish()
    {
        if (!_inItems)
        {
            Source.CopyTo(_items);
        }
    }
}
