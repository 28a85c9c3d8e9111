using System.IO.Compression;

namespace Batchwise.IO;

/// <summary>
/// NumPy's .npz format: a zip archive with one .npy file per array (entry <c>name.npy</c>), stored
/// (<c>np.savez</c>) or deflated (<c>np.savez_compressed</c>).
/// </summary>
public static class Npz
{
    /// <summary>
    /// Opens an archive for lazy reading: only the zip directory is read now; an array is read when asked
    /// for by name. Dispose the result to close the file.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a zip archive.</exception>
    public static NpzArchive Load(string path)
    {
        FileStream stream = Npy.OpenRead(path);
        try
        {
            return new NpzArchive(stream, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Opens an archive held in a seekable stream; the stream stays open unless <paramref name="leaveOpen"/> is false.</summary>
    /// <inheritdoc cref="Load(string)"/>
    public static NpzArchive Load(Stream stream, bool leaveOpen = false) => new(stream, leaveOpen);

    /// <summary>Writes tensors of one element type to an uncompressed archive (as <c>np.savez</c>), replacing any file.</summary>
    /// <exception cref="ArgumentException">A name is empty or repeated.</exception>
    public static void Save<T>(string path, params ReadOnlySpan<(string Name, Tensor<T> Tensor)> entries) where T : unmanaged =>
        Write(path, compressed: false, entries);

    /// <summary>Writes tensors of one element type to a deflated archive (as <c>np.savez_compressed</c>), replacing any file.</summary>
    /// <inheritdoc cref="Save{T}(string, ReadOnlySpan{ValueTuple{string, Tensor{T}}})"/>
    public static void SaveCompressed<T>(string path, params ReadOnlySpan<(string Name, Tensor<T> Tensor)> entries) where T : unmanaged =>
        Write(path, compressed: true, entries);

    /// <summary>Creates an archive to which tensors of any element type are added one by one; dispose it to finish the file.</summary>
    public static NpzWriter Create(string path, bool compressed = false) =>
        new(new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None), compressed, leaveOpen: false);

    /// <summary>Creates an archive in a stream; dispose the writer to finish it.</summary>
    public static NpzWriter Create(Stream stream, bool compressed = false, bool leaveOpen = false) => new(stream, compressed, leaveOpen);

    private static void Write<T>(string path, bool compressed, ReadOnlySpan<(string Name, Tensor<T> Tensor)> entries) where T : unmanaged
    {
        using NpzWriter writer = Create(path, compressed);
        foreach (var (name, tensor) in entries)
        {
            writer.Add(name, tensor);
        }
    }
}

/// <summary>
/// An open .npz archive read lazily: each array is read from the zip when asked for. Not thread-safe (one
/// reader at a time, as the underlying <see cref="ZipArchive"/>).
/// </summary>
public sealed class NpzArchive : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.Ordinal);
    private readonly long _archiveLength;

    internal NpzArchive(Stream stream, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen);
        _archiveLength = stream.Length;
        foreach (ZipArchiveEntry entry in _zip.Entries)
        {
            string name = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
            if (!_entries.TryAdd(name, entry))
            {
                _zip.Dispose();
                throw new InvalidDataException($".npz: the archive holds '{name}' twice");
            }
        }
        Names = [.. _entries.Keys];
    }

    /// <summary>The array names (entry names without <c>.npy</c>), in archive order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Whether the archive holds an array called <paramref name="name"/>.</summary>
    public bool Contains(string name) => _entries.ContainsKey(name);

    /// <summary>Reads one array's header only.</summary>
    /// <exception cref="KeyNotFoundException">No such array.</exception>
    /// <exception cref="InvalidDataException">The entry is not a valid .npy file, or the zip data is corrupt.</exception>
    public NpyHeader ReadHeader(string name)
    {
        using NpzEntryStream stream = OpenEntry(name);
        return Guard(name, () => NpyHeader.Read(stream));
    }

    /// <summary>Reads one array, checking the member's size and CRC-32 as NumPy does.</summary>
    /// <exception cref="KeyNotFoundException">No such array.</exception>
    /// <exception cref="InvalidDataException">The entry is not a valid .npy file, the zip data is corrupt,
    /// its CRC-32 does not match, or it declares more than deflate can expand its compressed size to.</exception>
    /// <exception cref="NotSupportedException">More elements than a tensor holds.</exception>
    public NpyArray Read(string name)
    {
        using NpzEntryStream stream = OpenEntry(name);
        return Guard(name, () =>
        {
            NpyArray array = Npy.Read(stream);
            stream.VerifyToEnd();
            return array;
        });
    }

    /// <summary>Reads one array as a tensor of <typeparamref name="T"/>; see <see cref="Npy.Load{T}(Stream, bool)"/>.</summary>
    /// <exception cref="InvalidCastException">The stored type is not <typeparamref name="T"/> and <paramref name="convert"/> is false.</exception>
    /// <inheritdoc cref="Read(string)"/>
    public Tensor<T> Load<T>(string name, bool convert = false) where T : unmanaged => Read(name).ToTensor<T>(convert);

    /// <summary>Reads one array (same as <see cref="Read(string)"/>).</summary>
    public NpyArray this[string name] => Read(name);

    /// <summary>Deflate expands at most 1032:1; a member declaring more than that is not a deflate stream.</summary>
    private const long MaxDeflateRatio = 1032;

    private NpzEntryStream OpenEntry(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_entries.TryGetValue(name, out ZipArchiveEntry? entry))
        {
            throw new KeyNotFoundException($".npz: no array '{name}'; the archive holds {string.Join(", ", Names.Select(n => $"'{n}'"))}");
        }
        if (entry.CompressedLength > _archiveLength)
        {
            throw new InvalidDataException($".npz entry '{name}': declares {entry.CompressedLength} compressed bytes in a {_archiveLength}-byte archive");
        }
        if (entry.Length > Math.Max(entry.CompressedLength, 1) * MaxDeflateRatio)
        {
            throw new InvalidDataException($".npz entry '{name}': declares {entry.Length} bytes from {entry.CompressedLength} compressed, more than deflate can expand to");
        }
        return new NpzEntryStream(Guard(name, entry.Open), name, entry.Length, entry.Crc32);
    }

    /// <summary>Adds the entry name to zip-level errors, and turns the ones System.IO.Compression raises as other types into <see cref="InvalidDataException"/>.</summary>
    private static TResult Guard<TResult>(string name, Func<TResult> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($".npz entry '{name}': {e.Message}", e);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw new InvalidDataException($".npz entry '{name}': the zip data is corrupt: {e.Message}", e);
        }
    }

    /// <summary>Closes the archive.</summary>
    public void Dispose() => _zip.Dispose();
}

/// <summary>Writes a .npz archive one tensor at a time; dispose it to write the zip directory.</summary>
public sealed class NpzWriter : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly CompressionLevel _level;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    internal NpzWriter(Stream stream, bool compressed, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen);
        _level = compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression;
    }

    /// <summary>Adds <paramref name="tensor"/> as entry <c>name.npy</c>, written as <see cref="Npy.Save{T}(Stream, Tensor{T})"/> does.</summary>
    /// <exception cref="ArgumentException">The name is empty or already used.</exception>
    public NpzWriter Add<T>(string name, Tensor<T> tensor) where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_names.Add(name))
        {
            throw new ArgumentException($".npz: the name '{name}' is already in the archive", nameof(name));
        }
        ZipArchiveEntry entry = _zip.CreateEntry(name + ".npy", _level);
        using Stream stream = entry.Open();
        Npy.Save(stream, tensor);
        return this;
    }

    /// <summary>Finishes the archive.</summary>
    public void Dispose() => _zip.Dispose();
}
