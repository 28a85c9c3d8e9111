using System.IO.Hashing;

namespace Batchwise.IO;

/// <summary>
/// Reads one .npz member and checks it as NumPy's zipfile does: the bytes must number what the zip
/// directory declares and hash to its CRC-32 (<see cref="System.IO.Compression.ZipArchive"/> checks
/// neither, so a flipped bit in a stored member loaded as a wrong value).
/// </summary>
internal sealed class NpzEntryStream : Stream
{
    private readonly Stream _inner;
    private readonly string _name;
    private readonly uint _expectedCrc;
    private readonly Crc32 _crc = new();
    private long _read;

    public NpzEntryStream(Stream inner, string name, long declaredLength, uint expectedCrc)
    {
        _inner = inner;
        _name = name;
        DeclaredLength = declaredLength;
        _expectedCrc = expectedCrc;
    }

    /// <summary>The uncompressed size the zip directory declares.</summary>
    public long DeclaredLength { get; }

    /// <summary>Bytes the member still holds, by its declaration.</summary>
    public long Remaining => DeclaredLength - _read;

    public override int Read(Span<byte> buffer)
    {
        int n = _inner.Read(buffer);
        _crc.Append(buffer[..n]);
        _read += n;
        if (_read > DeclaredLength)
        {
            throw new InvalidDataException($".npz entry '{_name}': more data than the {DeclaredLength} bytes the archive declares");
        }
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Reads what is left of the member, then checks its length and CRC-32.</summary>
    /// <exception cref="InvalidDataException">Trailing bytes after the array, a short member, or a bad CRC-32.</exception>
    public void VerifyToEnd()
    {
        Span<byte> rest = stackalloc byte[512];
        long trailing = 0;
        int n;
        while ((n = Read(rest)) > 0)
        {
            trailing += n;
        }
        if (_read != DeclaredLength)
        {
            throw new InvalidDataException($".npz entry '{_name}': {_read} bytes where the archive declares {DeclaredLength}");
        }
        if (_crc.GetCurrentHashAsUInt32() != _expectedCrc)
        {
            throw new InvalidDataException($".npz entry '{_name}': bad CRC-32 (the data is corrupt)");
        }
        if (trailing > 0)
        {
            throw new InvalidDataException($".npz entry '{_name}': {trailing} bytes after the array's data");
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
