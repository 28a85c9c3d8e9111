using System.Globalization;

namespace Batchwise.Expressions;

/// <summary>
/// A dimension of the symbolic shape checker: a known size (<c>3</c>) or a name (<c>b1</c>, or a
/// derived name such as <c>n-1</c>). Two names are equal only when they are the same text, so the
/// checker assumes different names are different sizes, as a reader of the code would.
/// </summary>
public readonly struct SymbolicDim : IDimension<SymbolicDim>
{
    private SymbolicDim(int size, string? name)
    {
        Size = size;
        Name = name;
    }

    /// <summary>The size when known; -1 for a named dimension.</summary>
    public int Size { get; }

    /// <summary>The name, or null for a known size.</summary>
    public string? Name { get; }

    /// <summary>True when the size is a known number.</summary>
    public bool IsKnown => Name is null;

    /// <inheritdoc/>
    public static SymbolicDim One => new(1, null);

    /// <inheritdoc/>
    public bool IsOne => IsKnown && Size == 1;

    /// <inheritdoc/>
    public bool IsZero => IsKnown && Size == 0;

    /// <summary>A known size.</summary>
    public static SymbolicDim Of(int size) => new(size, null);

    /// <summary>A named size.</summary>
    public static SymbolicDim Named(string name) => new(-1, name);

    /// <summary>Parses <c>3</c> or <c>b1</c>.</summary>
    /// <exception cref="InvalidValueException">Neither a non-negative integer nor an identifier.</exception>
    public static SymbolicDim Parse(string text)
    {
        text = text.Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int size))
        {
            return Of(size);
        }
        if (text.Length == 0 || !(char.IsLetter(text[0]) || text[0] == '_') || !text.All(c => char.IsLetterOrDigit(c) || c == '_'))
        {
            throw new InvalidValueException($"'{text}' is not a dimension: use a non-negative integer or a name such as b1");
        }
        return Named(text);
    }

    /// <summary>Parses a comma-separated shape such as <c>b1,b2,m</c> (empty text is 0-d).</summary>
    public static SymbolicDim[] ParseShape(string text)
    {
        text = text.Trim().TrimStart('(').TrimEnd(')');
        return text.Length == 0 ? [] : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToArray();
    }

    /// <inheritdoc/>
    public bool Equals(SymbolicDim other) => Size == other.Size && Name == other.Name;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SymbolicDim other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Size, Name);

    /// <inheritdoc/>
    public override string ToString() => Name ?? Size.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The sum of dimensions, e.g. the concatenated axis of <c>(b,h,s,d)</c> and <c>(b,h,1,d)</c>:
    /// known sizes add up, names are kept in order (<c>s+1</c>), zeros vanish.
    /// </summary>
    /// <exception cref="ShapeException">The known sizes add up past the 32-bit range.</exception>
    public static SymbolicDim Sum(IEnumerable<SymbolicDim> dims)
    {
        long known = 0;
        var names = new List<string>();
        foreach (SymbolicDim d in dims)
        {
            if (d.IsKnown)
            {
                known += d.Size;
            }
            else
            {
                names.Add(d.Name!);
            }
        }
        if (names.Count == 0)
        {
            return known <= int.MaxValue ? Of((int)known) : throw new ShapeException($"a dimension of {known} is too large");
        }
        return Named(string.Join("+", names) + (known > 0 ? "+" + known.ToString(CultureInfo.InvariantCulture) : ""));
    }

    /// <summary>The product of dimensions, known when all are known, otherwise a name like <c>b1*b2</c>.</summary>
    public static SymbolicDim Product(IEnumerable<SymbolicDim> dims)
    {
        long known = 1;
        var names = new List<string>();
        foreach (SymbolicDim d in dims)
        {
            if (d.IsKnown)
            {
                known *= d.Size;
            }
            else
            {
                names.Add(d.Name!);
            }
        }
        if (known == 0)
        {
            return Of(0);
        }
        if (names.Count == 0)
        {
            return known <= int.MaxValue ? Of((int)known) : throw new ShapeException($"a dimension of {known} is too large");
        }
        if (known != 1)
        {
            names.Insert(0, known.ToString(CultureInfo.InvariantCulture));
        }
        return Named(string.Join('*', names));
    }
}
