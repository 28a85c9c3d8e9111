namespace Batchwise.IO;

/// <summary>
/// One safetensors file mapped into memory read-only. Opening reads and validates only the header; a
/// tensor's bytes are paged in by the operating system when it is read, so a 500 MB checkpoint costs no
/// copy to open and only the tensors used are touched. <see cref="GetSpan{T}(string)"/> borrows a tensor's
/// elements in place; <see cref="GetTensor{T}(string, bool)"/> copies one tensor (converting when asked).
/// Dispose it to unmap the file; borrowed spans must not be used afterwards. Reading is thread-safe.
/// </summary>
public sealed unsafe class SafeTensorsFile : IDisposable
{
    private readonly Dictionary<string, SafeTensorInfo> _byName;
    private readonly MappedRegion _region;

    private SafeTensorsFile(string path, SafeTensorsHeader.Parsed header, MappedRegion region)
    {
        Path = path;
        Tensors = header.Tensors;
        Metadata = header.Metadata;
        DataOffset = header.DataOffset;
        _byName = new Dictionary<string, SafeTensorInfo>(header.Tensors.Count, StringComparer.Ordinal);
        foreach (SafeTensorInfo info in header.Tensors)
        {
            _byName.Add(info.Name, info);
        }
        _region = region;
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>Every tensor's entry, in header order.</summary>
    public IReadOnlyList<SafeTensorInfo> Tensors { get; }

    /// <summary>The tensors' names, in header order.</summary>
    public IEnumerable<string> Names => Tensors.Select(static t => t.Name);

    /// <summary>The header's <c>__metadata__</c> (string to string; empty when there is none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Where the data starts in the file: 8 plus the header length.</summary>
    public long DataOffset { get; }

    internal static SafeTensorsFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("safetensors: Batchwise reads safetensors only on little-endian machines");
        }
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        try
        {
            SafeTensorsHeader.Parsed header = SafeTensorsHeader.Read(stream, stream.Length);
            return new SafeTensorsFile(path, header, MappedRegion.Map(stream, header.DataOffset, header.DataLength));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>True when the file holds a tensor of that name.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The entry of the tensor <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No tensor of that name.</exception>
    public SafeTensorInfo GetInfo(string name) =>
        _byName.TryGetValue(name, out SafeTensorInfo? info) ? info : throw new KeyNotFoundException($"safetensors: {System.IO.Path.GetFileName(Path)} has no tensor '{name}'");

    /// <summary>
    /// The elements of <paramref name="name"/> in row-major order, in place in the mapped file (no copy).
    /// <typeparamref name="T"/> must be the dtype's own type (<see cref="SafeTensorsDTypes.ClrType"/>); BOOL tensors
    /// are refused (a stored byte other than 0 or 1 is no valid <see cref="bool"/>). Valid until disposal.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No tensor of that name.</exception>
    /// <exception cref="InvalidCastException"><typeparamref name="T"/> is not the stored type.</exception>
    /// <exception cref="InvalidOperationException">A BOOL tensor; use <see cref="GetTensor{T}(string, bool)"/>.</exception>
    /// <exception cref="NotSupportedException">More elements than a span holds.</exception>
    /// <exception cref="ObjectDisposedException">The file is unmapped.</exception>
    public ReadOnlySpan<T> GetSpan<T>(string name) where T : unmanaged
    {
        SafeTensorInfo info = GetInfo(name);
        CheckType<T>(info);
        if (info.DType == SafeTensorsDType.Bool)
        {
            throw new InvalidOperationException($"safetensors: '{name}' is BOOL, whose bytes need checking; use GetTensor<bool>");
        }
        if (info.ElementCount > int.MaxValue)
        {
            throw new NotSupportedException($"safetensors: '{name}' has {info.ElementCount} elements, more than a span holds");
        }
        return info.ElementCount == 0 ? [] : new ReadOnlySpan<T>(Start(info), (int)info.ElementCount);
    }

    /// <summary>
    /// The tensor <paramref name="name"/> copied into a new row-major tensor. <typeparamref name="T"/> must be
    /// the dtype's own type unless <paramref name="convert"/> is true, which allows <see cref="float"/> or
    /// <see cref="double"/> from any dtype (F16 and BF16 widen exactly; F64 to float rounds; BOOL gives 0 or 1).
    /// BOOL bytes other than 0 read as true.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No tensor of that name.</exception>
    /// <exception cref="InvalidCastException"><typeparamref name="T"/> is not the stored type and no conversion applies.</exception>
    /// <exception cref="NotSupportedException">More elements or a larger axis than a tensor holds.</exception>
    /// <exception cref="ObjectDisposedException">The file is unmapped.</exception>
    public Tensor<T> GetTensor<T>(string name, bool convert = false) where T : unmanaged
    {
        SafeTensorInfo info = GetInfo(name);
        if (typeof(T) != info.DType.ClrType() && !(convert && (typeof(T) == typeof(float) || typeof(T) == typeof(double))))
        {
            CheckType<T>(info);
        }
        int[] shape = info.TensorShape();
        Tensor<T> result = Tensor.Empty<T>(shape);
        if (info.ElementCount > 0)
        {
            SafeTensorsCodec.Decode(Start(info), info.DType, result.AsSpan());
        }
        return result;
    }

    private byte* Start(SafeTensorInfo info)
    {
        ObjectDisposedException.ThrowIf(_region.IsUnmapped, this);
        return _region.Start + info.DataBegin;
    }

    private static void CheckType<T>(SafeTensorInfo info)
    {
        if (typeof(T) != info.DType.ClrType())
        {
            throw new InvalidCastException($"safetensors: '{info.Name}' is {info.DType.HeaderName()}, which loads as {info.DType.ClrType().Name}, not {typeof(T).Name}");
        }
    }

    /// <summary>Unmaps the file.</summary>
    public void Dispose() => _region.Dispose();
}
