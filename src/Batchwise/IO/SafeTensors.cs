namespace Batchwise.IO;

/// <summary>
/// Hugging Face's safetensors format: an 8-byte little-endian header length, a JSON header naming each
/// tensor's dtype (F64 F32 F16 BF16 I64 I32 I16 I8 U8 BOOL), shape and byte range, then the raw little-endian
/// elements back to back. Reading maps the file (<see cref="SafeTensorsFile"/>), so nothing is copied until a
/// tensor is asked for. Hostile files raise <see cref="InvalidDataException"/> saying what is wrong: a length
/// past the end of the file or over 100 MB, invalid UTF-8 or JSON, duplicate names, an unknown dtype, byte
/// ranges that overlap, leave gaps or do not match dtype × shape, shapes whose element count overflows.
/// </summary>
public static class SafeTensors
{
    /// <summary>Opens one safetensors file, mapped; reads and validates only its header now.</summary>
    /// <exception cref="InvalidDataException">The file breaks the format (see the class remarks).</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static SafeTensorsFile Open(string path) => SafeTensorsFile.Open(path);

    /// <summary>
    /// Opens a checkpoint: a directory holding <c>model.safetensors.index.json</c> (sharded) or
    /// <c>model.safetensors</c>, an index file, or a single .safetensors file.
    /// </summary>
    /// <exception cref="InvalidDataException">A file breaks the format, or the index names a tensor its shard lacks or a shard outside its directory.</exception>
    /// <exception cref="FileNotFoundException">No checkpoint at <paramref name="path"/>, or a shard is missing.</exception>
    public static SafeTensorsCheckpoint OpenCheckpoint(string path) => SafeTensorsCheckpoint.Open(path);

    /// <summary>
    /// Writes tensors of one element type (in the dictionary's order) with optional <c>__metadata__</c>,
    /// replacing any file. Views are written row-major.
    /// </summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no safetensors dtype.</exception>
    /// <exception cref="ArgumentException">A name is <c>__metadata__</c>.</exception>
    public static void Save<T>(string path, IReadOnlyDictionary<string, Tensor<T>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var writer = new SafeTensorsWriter();
        foreach (KeyValuePair<string, Tensor<T>> entry in tensors)
        {
            writer.Add(entry.Key, entry.Value);
        }
        writer.Save(path, metadata);
    }

    /// <summary>
    /// Writes tensors of mixed element types: each value must be a <see cref="Tensor{TElement}"/> of bool, byte,
    /// sbyte, short, int, long, Half, BFloat16, float or double.
    /// </summary>
    /// <exception cref="ArgumentException">A value is not a tensor of a supported type, or a name is <c>__metadata__</c>.</exception>
    public static void Save(string path, IReadOnlyDictionary<string, object> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var writer = new SafeTensorsWriter();
        foreach (KeyValuePair<string, object> entry in tensors)
        {
            _ = entry.Value switch
            {
                Tensor<bool> t => writer.Add(entry.Key, t),
                Tensor<byte> t => writer.Add(entry.Key, t),
                Tensor<sbyte> t => writer.Add(entry.Key, t),
                Tensor<short> t => writer.Add(entry.Key, t),
                Tensor<int> t => writer.Add(entry.Key, t),
                Tensor<long> t => writer.Add(entry.Key, t),
                Tensor<Half> t => writer.Add(entry.Key, t),
                Tensor<BFloat16> t => writer.Add(entry.Key, t),
                Tensor<float> t => writer.Add(entry.Key, t),
                Tensor<double> t => writer.Add(entry.Key, t),
                _ => throw new ArgumentException($"safetensors: '{entry.Key}' is a {entry.Value?.GetType().Name ?? "null"}, not a tensor of a safetensors dtype", nameof(tensors)),
            };
        }
        writer.Save(path, metadata);
    }
}
