namespace Batchwise;

/// <summary>
/// One item of a NumPy index: an integer (negative values wrap once), a slice with an optional
/// step (bounds clamp, steps may be negative), <see cref="Ellipsis"/>, <see cref="NewAxis"/>, or an
/// advanced item: an integer array (<see cref="Array(Tensor{long})"/>) or a boolean mask
/// (<see cref="Mask"/>). Converts implicitly from <see cref="int"/>, <see cref="Index"/> (<c>^1</c>),
/// <see cref="Range"/> (<c>1..^1</c>) and index or mask tensors, so <c>t[0, 1..3, Ellipsis, NewAxis]</c>
/// reads like <c>t[0, 1:3, ..., None]</c> and <c>t[ids]</c> or <c>t[mask]</c> like NumPy's.
/// </summary>
public readonly struct TensorIndex
{
    private TensorIndex(TensorIndexKind kind, Index integer, Index? start, Index? stop, int step, object? tensor = null)
    {
        Kind = kind;
        IndexTensor = tensor;
        Integer = integer;
        Start = start;
        Stop = stop;
        Step = step;
    }

    /// <summary>The index tensor of an advanced item: a <c>Tensor&lt;long&gt;</c>, <c>Tensor&lt;int&gt;</c> or <c>Tensor&lt;bool&gt;</c>.</summary>
    internal object? IndexTensor { get; }

    /// <summary>True for an integer array or a boolean mask (NumPy's advanced indexing).</summary>
    public bool IsAdvanced => Kind is TensorIndexKind.Array or TensorIndexKind.Mask;

    /// <summary>What the item is.</summary>
    public TensorIndexKind Kind { get; }

    /// <summary>The integer of an <see cref="TensorIndexKind.Integer"/> item.</summary>
    public Index Integer { get; }

    /// <summary>The slice's start; null means "from the beginning in the direction of the step".</summary>
    public Index? Start { get; }

    /// <summary>The slice's stop; null means "to the end in the direction of the step".</summary>
    public Index? Stop { get; }

    /// <summary>The slice's step (never 0 once resolved; 0 is rejected when the index is applied).</summary>
    public int Step { get; }

    /// <summary><c>...</c>: as many whole axes as needed to use every axis.</summary>
    public static TensorIndex Ellipsis { get; } = new(TensorIndexKind.Ellipsis, default, null, null, 1);

    /// <summary><c>None</c> / <c>np.newaxis</c>: inserts an axis of extent 1.</summary>
    public static TensorIndex NewAxis { get; } = new(TensorIndexKind.NewAxis, default, null, null, 1);

    /// <summary><c>:</c>, the whole axis.</summary>
    public static TensorIndex All { get; } = new(TensorIndexKind.Slice, default, null, null, 1);

    /// <summary>A Python slice <c>start:stop:step</c>; negative bounds count from the end.</summary>
    public static TensorIndex Slice(int? start, int? stop, int? step = null) =>
        new(TensorIndexKind.Slice, default, FromPython(start), FromPython(stop), step ?? 1);

    /// <summary>An integer index; negative values count from the end.</summary>
    public static TensorIndex At(int index) => new(TensorIndexKind.Integer, FromPython(index)!.Value, null, null, 1);

    /// <summary>An integer array: selects the positions it holds along one axis (negative values wrap once).</summary>
    public static TensorIndex Array(Tensor<long> indices) =>
        new(TensorIndexKind.Array, default, null, null, 1, indices ?? throw new ArgumentNullException(nameof(indices)));

    /// <summary>An integer array of int32 positions.</summary>
    public static TensorIndex Array(Tensor<int> indices) =>
        new(TensorIndexKind.Array, default, null, null, 1, indices ?? throw new ArgumentNullException(nameof(indices)));

    /// <summary>A boolean mask over as many axes as its rank: selects the positions of its true elements.</summary>
    public static TensorIndex Mask(Tensor<bool> mask) =>
        new(TensorIndexKind.Mask, default, null, null, 1, mask ?? throw new ArgumentNullException(nameof(mask)));

    /// <summary>An int64 index array as an item (<c>x[ids]</c>).</summary>
    public static implicit operator TensorIndex(Tensor<long> indices) => Array(indices);

    /// <summary>An int32 index array as an item.</summary>
    public static implicit operator TensorIndex(Tensor<int> indices) => Array(indices);

    /// <summary>A boolean mask as an item (<c>x[x &gt; 0]</c>).</summary>
    public static implicit operator TensorIndex(Tensor<bool> mask) => Mask(mask);

    public static implicit operator TensorIndex(int index) => At(index);

    public static implicit operator TensorIndex(Index index) => new(TensorIndexKind.Integer, index, null, null, 1);

    public static implicit operator TensorIndex(Range range) =>
        new(TensorIndexKind.Slice, default, range.Start.Equals(Index.Start) ? null : range.Start, range.End.Equals(Index.End) ? null : range.End, 1);

    private static Index? FromPython(int? value) => value switch
    {
        null => null,
        >= 0 => new Index(value.Value),
        _ => new Index(-(long)value.Value > int.MaxValue ? int.MaxValue : -value.Value, fromEnd: true),
    };

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        TensorIndexKind.Integer => Integer.IsFromEnd ? $"-{Integer.Value}" : Integer.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        TensorIndexKind.Ellipsis => "...",
        TensorIndexKind.NewAxis => "None",
        TensorIndexKind.Array or TensorIndexKind.Mask => $"array{ShapeOf(IndexTensor)}",
        _ => $"{Bound(Start)}:{Bound(Stop)}{(Step == 1 ? "" : ":" + Step)}",
    };

    private static string ShapeOf(object? tensor) => tensor switch
    {
        Tensor<long> t => t.ShapeString,
        Tensor<int> t => t.ShapeString,
        Tensor<bool> t => t.ShapeString,
        _ => "",
    };

    private static string Bound(Index? bound) => bound is Index b ? (b.IsFromEnd ? $"-{b.Value}" : $"{b.Value}") : "";
}

/// <summary>The kinds of <see cref="TensorIndex"/> item.</summary>
public enum TensorIndexKind
{
    /// <summary>Selects one position and removes the axis.</summary>
    Integer,
    /// <summary>Selects a strided range and keeps the axis.</summary>
    Slice,
    /// <summary>Stands for the axes no other item names.</summary>
    Ellipsis,
    /// <summary>Inserts an axis of extent 1.</summary>
    NewAxis,
    /// <summary>An integer array: gathers along one axis (advanced indexing; the result is a copy).</summary>
    Array,
    /// <summary>A boolean mask: gathers the true positions of as many axes as its rank (advanced indexing).</summary>
    Mask,
}
