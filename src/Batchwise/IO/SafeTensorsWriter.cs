using System.Runtime.InteropServices;

namespace Batchwise.IO;

/// <summary>
/// Collects tensors of any safetensors element type, then writes them as one file: the header (padded with
/// spaces so the data starts 8-byte aligned) and each tensor's row-major bytes in the order added.
/// The tensors are read when <see cref="Save(string, IReadOnlyDictionary{string, string}?)"/> runs.
/// </summary>
public sealed class SafeTensorsWriter
{
    private readonly List<(string Name, SafeTensorsDType DType, long[] Shape, Action<Stream> Write)> _entries = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Number of tensors added.</summary>
    public int Count => _entries.Count;

    /// <summary>Adds a tensor under <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is <c>__metadata__</c> or already added.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no safetensors dtype.</exception>
    public SafeTensorsWriter Add<T>(string name, Tensor<T> tensor) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tensor);
        SafeTensorsDType dtype = SafeTensorsDTypes.Of<T>();
        if (name == SafeTensorsHeader.MetadataKey)
        {
            throw new ArgumentException($"safetensors: '{SafeTensorsHeader.MetadataKey}' is reserved for the metadata", nameof(name));
        }
        if (!_names.Add(name))
        {
            throw new ArgumentException($"safetensors: a tensor named '{name}' was already added", nameof(name));
        }
        var shape = new long[tensor.Rank];
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] = tensor.Shape[i];
        }
        _entries.Add((name, dtype, shape, s => s.Write(MemoryMarshal.AsBytes(tensor.Contiguous().AsSpan()))));
        return this;
    }

    /// <summary>Writes the file, replacing any at <paramref name="path"/>.</summary>
    /// <exception cref="PlatformNotSupportedException">A big-endian machine.</exception>
    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        Save(stream, metadata);
    }

    /// <summary>Writes the file to a stream.</summary>
    /// <exception cref="PlatformNotSupportedException">A big-endian machine.</exception>
    public void Save(Stream stream, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("safetensors: Batchwise writes safetensors only on little-endian machines");
        }
        var layout = new List<(string, SafeTensorsDType, long[], long, long)>(_entries.Count);
        long offset = 0;
        foreach (var (name, dtype, shape, _) in _entries)
        {
            long bytes = dtype.ItemSize();
            foreach (long extent in shape)
            {
                bytes *= extent;
            }
            layout.Add((name, dtype, shape, offset, offset + bytes));
            offset += bytes;
        }
        stream.Write(SafeTensorsHeader.Format(layout, metadata));
        foreach (var entry in _entries)
        {
            entry.Write(stream);
        }
    }
}
