namespace Batchwise.IO;

/// <summary>One tensor's entry in a safetensors header: name, dtype, shape and where its bytes lie.</summary>
public sealed class SafeTensorInfo
{
    private readonly long[] _shape;

    internal SafeTensorInfo(string name, SafeTensorsDType dtype, long[] shape, long elementCount, long begin)
    {
        Name = name;
        DType = dtype;
        _shape = shape;
        ElementCount = elementCount;
        DataBegin = begin;
    }

    /// <summary>The tensor's name.</summary>
    public string Name { get; }

    /// <summary>The stored element type.</summary>
    public SafeTensorsDType DType { get; }

    /// <summary>The extent of each axis (64-bit, as the format allows).</summary>
    public ReadOnlySpan<long> Shape => _shape;

    /// <summary>Number of elements (1 for a 0-d tensor).</summary>
    public long ElementCount { get; }

    /// <summary>Start of the tensor's bytes, counted from the start of the data that follows the header.</summary>
    public long DataBegin { get; }

    /// <summary>End (exclusive) of the tensor's bytes, counted as <see cref="DataBegin"/>; the header was checked to agree.</summary>
    public long DataEnd => DataBegin + ElementCount * DType.ItemSize();

    /// <summary>The shape as NumPy prints it, e.g. <c>(2,3)</c>.</summary>
    public string ShapeString => _shape.Length == 1 ? $"({_shape[0]},)" : $"({string.Join(",", _shape)})";

    /// <summary>The shape as tensor extents.</summary>
    /// <exception cref="NotSupportedException">An axis or the element count is larger than a tensor holds.</exception>
    internal int[] TensorShape()
    {
        if (ElementCount > Array.MaxLength)
        {
            throw new NotSupportedException($"safetensors: '{Name}' of shape {ShapeString} has {ElementCount} elements, more than a tensor holds; use GetSpan on parts of it");
        }
        var shape = new int[_shape.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] = _shape[i] <= int.MaxValue ? (int)_shape[i] : throw new NotSupportedException($"safetensors: axis {i} of '{Name}' {ShapeString} is larger than a tensor axis can be");
        }
        return shape;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {DType.HeaderName()} {ShapeString} [{DataBegin}, {DataEnd})";
}
