using System.Buffers.Binary;
using System.Text;

namespace Batchwise.IO;

/// <summary>
/// The header of a .npy file: format version, dtype, memory order and shape, and where the data starts.
/// Layout of the file: the magic <c>\x93NUMPY</c>, a major and a minor version byte, the header length
/// (uint16 little-endian in version 1, uint32 in versions 2 and 3), the header (a Python dict literal,
/// latin-1 in versions 1 and 2, UTF-8 in version 3, padded with spaces and ending in a newline), then
/// the raw elements.
/// </summary>
public sealed class NpyHeader
{
    /// <summary>The six bytes every .npy file starts with.</summary>
    internal static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The largest header Batchwise reads (NumPy's own limit is 10,000 bytes unless told otherwise).</summary>
    internal const int MaxHeaderLength = 1 << 20;

    /// <summary>The most axes a header may declare: what a tensor can hold (NumPy 2 writes up to 64).</summary>
    internal const int MaxRank = Layouts.Layout.MaxRank;

    private readonly long[] _shape;

    internal NpyHeader(int majorVersion, NpyDType dtype, bool fortranOrder, long[] shape, long dataOffset)
    {
        MajorVersion = majorVersion;
        DType = dtype;
        FortranOrder = fortranOrder;
        _shape = shape;
        DataOffset = dataOffset;
        ElementCount = CheckedCount(shape, dtype.ItemSize);
    }

    /// <summary>The format version: 1, 2 or 3.</summary>
    public int MajorVersion { get; }

    /// <summary>The element type and byte order.</summary>
    public NpyDType DType { get; }

    /// <summary>True when the elements are stored in column-major (Fortran) order.</summary>
    public bool FortranOrder { get; }

    /// <summary>The extent of each axis, as the header declares it.</summary>
    public ReadOnlySpan<long> Shape => _shape;

    /// <summary>Number of elements (the product of the shape).</summary>
    public long ElementCount { get; }

    /// <summary>Bytes of element data: <c>ElementCount * DType.ItemSize</c>.</summary>
    public long DataLength => ElementCount * DType.ItemSize;

    /// <summary>Offset in the file of the first data byte (magic, version, length and header included).</summary>
    public long DataOffset { get; }

    /// <summary>The shape as NumPy prints it, e.g. <c>(2, 3)</c>.</summary>
    public string ShapeString => _shape.Length == 1 ? $"({_shape[0]},)" : $"({string.Join(", ", _shape)})";

    /// <inheritdoc/>
    public override string ToString() => $"npy v{MajorVersion}: {DType.Descr} {(FortranOrder ? "fortran" : "C")} order, shape {ShapeString}";

    /// <summary>
    /// Reads a header from the current position of <paramref name="stream"/>, leaving it at the first data
    /// byte. Reads nothing past the header.
    /// </summary>
    /// <exception cref="InvalidDataException">Bad magic, unknown version, a header length past the end of
    /// the stream or over 1 MiB, bad header syntax, missing or extra keys, an unsupported dtype, a negative or
    /// overflowing shape.</exception>
    public static NpyHeader Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> prefix = stackalloc byte[12];
        ReadFully(stream, prefix[..8], "the magic string and version");
        if (!prefix[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException($".npy: bad magic string {Convert.ToHexString(prefix[..6])}; a .npy file starts with 934E554D5059 (\\x93NUMPY)");
        }
        int major = prefix[6];
        int minor = prefix[7];
        if (major is < 1 or > 3 || minor != 0)
        {
            throw new InvalidDataException($".npy: unknown format version {major}.{minor}; Batchwise reads 1.0, 2.0 and 3.0");
        }
        long headerLength;
        int prefixLength;
        if (major == 1)
        {
            ReadFully(stream, prefix.Slice(8, 2), "the header length");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix.Slice(8, 2));
            prefixLength = 10;
        }
        else
        {
            ReadFully(stream, prefix.Slice(8, 4), "the header length");
            headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix.Slice(8, 4));
            prefixLength = 12;
        }
        if (headerLength > MaxHeaderLength)
        {
            throw new InvalidDataException($".npy: header length {headerLength} is over the {MaxHeaderLength}-byte limit");
        }
        if (stream.CanSeek && headerLength > stream.Length - stream.Position)
        {
            throw new InvalidDataException($".npy: header length {headerLength} runs past the end of the file ({stream.Length - stream.Position} bytes left)");
        }
        byte[] bytes = ReadBytes(stream, (int)headerLength, $"the {headerLength}-byte header");
        string text;
        try
        {
            text = major == 3 ? new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes) : Encoding.Latin1.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException(".npy: the version 3 header is not valid UTF-8");
        }
        var (descr, fortran, shape) = NpyHeaderParser.Parse(text);
        return new NpyHeader(major, NpyDType.Parse(descr), fortran, shape, prefixLength + headerLength);
    }

    /// <summary>Reads the header of the file at <paramref name="path"/> (and nothing else).</summary>
    /// <inheritdoc cref="Read(Stream)"/>
    public static NpyHeader Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
        return Read(stream);
    }

    /// <summary>
    /// The header bytes for a C- or Fortran-ordered array: version 1.0 unless the header is longer than
    /// 65535 bytes (then 2.0), padded with spaces so the data starts at a multiple of 64 bytes.
    /// </summary>
    internal static byte[] Format(NpyDType dtype, bool fortranOrder, ReadOnlySpan<long> shape)
    {
        var dict = new StringBuilder();
        dict.Append("{'descr': '").Append(dtype.Descr).Append("', 'fortran_order': ").Append(fortranOrder ? "True" : "False").Append(", 'shape': (");
        for (int i = 0; i < shape.Length; i++)
        {
            dict.Append(shape[i]).Append(shape.Length == 1 ? "," : i < shape.Length - 1 ? ", " : "");
        }
        dict.Append("), }");
        int major = dict.Length + 1 + 10 <= ushort.MaxValue ? 1 : 2;
        int prefixLength = major == 1 ? 10 : 12;
        int total = (prefixLength + dict.Length + 1 + 63) / 64 * 64;
        dict.Append(' ', total - prefixLength - dict.Length - 1).Append('\n');
        var result = new byte[total];
        Magic.CopyTo(result);
        result[6] = (byte)major;
        result[7] = 0;
        int headerLength = total - prefixLength;
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(8), (ushort)headerLength);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(8), (uint)headerLength);
        }
        Encoding.ASCII.GetBytes(dict.ToString(), result.AsSpan(prefixLength));
        return result;
    }

    private static long CheckedCount(ReadOnlySpan<long> shape, int itemSize)
    {
        long count = 1;
        bool empty = false;
        foreach (long d in shape)
        {
            if (d < 0)
            {
                throw new InvalidDataException($".npy: negative dimension {d} in the shape");
            }
            empty |= d == 0;
        }
        if (empty)
        {
            return 0;
        }
        long limit = long.MaxValue / itemSize;
        foreach (long d in shape)
        {
            if (count > limit / d)
            {
                throw new InvalidDataException($".npy: the shape ({string.Join(", ", shape.ToArray())}) has more elements than any file can hold (the product overflows)");
            }
            count *= d;
        }
        return count;
    }

    /// <summary>
    /// Reads exactly <paramref name="length"/> bytes. A stream that cannot say its length gets a buffer that
    /// grows as bytes arrive, so a lying length costs no more than the bytes really there.
    /// </summary>
    internal static byte[] ReadBytes(Stream stream, int length, string what)
    {
        const int Step = 1 << 16;
        if (stream.CanSeek || length <= Step)
        {
            var bytes = new byte[length];
            ReadFully(stream, bytes, what);
            return bytes;
        }
        var buffer = new MemoryStream();
        Span<byte> chunk = stackalloc byte[4096];
        while (buffer.Length < length)
        {
            int want = (int)Math.Min(chunk.Length, length - buffer.Length);
            int read = stream.ReadAtLeast(chunk[..want], want, throwOnEndOfStream: false);
            buffer.Write(chunk[..read]);
            if (read < want)
            {
                throw new InvalidDataException($".npy: the file ends inside {what} ({buffer.Length} of {length} bytes)");
            }
        }
        return buffer.ToArray();
    }

    internal static void ReadFully(Stream stream, Span<byte> buffer, string what)
    {
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
        {
            throw new InvalidDataException($".npy: the file ends inside {what} ({read} of {buffer.Length} bytes)");
        }
    }
}
