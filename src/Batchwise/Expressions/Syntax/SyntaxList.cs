using System.Collections;

namespace Batchwise.Expressions;

/// <summary>
/// An immutable list of syntax elements with structural equality, so that syntax records that hold
/// lists compare by content.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class SyntaxList<T> : IReadOnlyList<T>, IEquatable<SyntaxList<T>>
    where T : SyntaxElement
{
    private readonly T[] _items;

    /// <summary>Creates a list holding a copy of <paramref name="items"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or one of its elements is null.</exception>
    public SyntaxList(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = items.ToArray();
        foreach (T item in _items)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
        }
    }

    /// <summary>The empty list.</summary>
    public static SyntaxList<T> Empty { get; } = new([]);

    /// <inheritdoc/>
    public int Count => _items.Length;

    /// <inheritdoc/>
    public T this[int index] => _items[index];

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <summary>True when both lists hold structurally equal elements in the same order.</summary>
    public bool Equals(SyntaxList<T>? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null && _items.AsSpan().SequenceEqual(other._items);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SyntaxList<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (T item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <summary>The elements as Python source, separated by <c>", "</c>.</summary>
    public override string ToString() => string.Join(", ", _items.Select(item => item.ToString()));

    /// <summary>Structural equality.</summary>
    public static bool operator ==(SyntaxList<T>? left, SyntaxList<T>? right) =>
        left is null ? right is null : left.Equals(right);

    /// <summary>Structural inequality.</summary>
    public static bool operator !=(SyntaxList<T>? left, SyntaxList<T>? right) => !(left == right);
}
