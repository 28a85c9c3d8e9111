using System.Runtime.InteropServices;

namespace Batchwise.IO;

/// <summary>
/// A .npy file mapped into memory read-only, for arrays larger than memory would comfortably hold: opening
/// reads only the header; elements are paged in by the operating system as they are read. Read any range of
/// elements in file order (<see cref="CopyTo{T}(long, Span{T})"/>), borrow them without copying where the
/// stored bytes already are this machine's representation (<see cref="GetSpan{T}(long, int)"/>), take rows of a
/// C-ordered array as a tensor (<see cref="ReadRows{T}(long, int)"/>), or the whole array
/// (<see cref="ToTensor{T}(bool)"/>). Dispose it to unmap the file; spans from <see cref="GetSpan{T}(long, int)"/>
/// must not be used afterwards.
/// </summary>
public sealed unsafe class NpyMappedArray : IDisposable
{
    private readonly MappedRegion _region;

    private NpyMappedArray(NpyHeader header, MappedRegion region)
    {
        Header = header;
        _region = region;
    }

    /// <summary>The file's header.</summary>
    public NpyHeader Header { get; }

    /// <summary>The stored dtype.</summary>
    public NpyDType DType => Header.DType;

    /// <summary>The extent of each axis (64-bit: a mapped array may be larger than a tensor).</summary>
    public ReadOnlySpan<long> Shape => Header.Shape;

    /// <summary>Number of elements.</summary>
    public long ElementCount => Header.ElementCount;

    internal static NpyMappedArray Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        try
        {
            NpyHeader header = NpyHeader.Read(stream);
            long left = stream.Length - header.DataOffset;
            if (left < header.DataLength)
            {
                throw new InvalidDataException($".npy: truncated data: shape {header.ShapeString} of {header.DType.Descr} needs {header.DataLength} bytes but only {left} follow the header");
            }
            return new NpyMappedArray(header, MappedRegion.Map(stream, header.DataOffset, header.DataLength));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Copies elements <c>[start, start + destination.Length)</c> in file order (row-major, or column-major for
    /// a Fortran-ordered file) into <paramref name="destination"/>, byte-swapped and widened (half to float)
    /// as needed.
    /// </summary>
    /// <exception cref="InvalidCastException"><typeparamref name="T"/> is not the type the elements load as (<see cref="NpyDType.ClrType"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range runs outside the array.</exception>
    /// <exception cref="ObjectDisposedException">The file is unmapped.</exception>
    public void CopyTo<T>(long start, Span<T> destination) where T : unmanaged
    {
        CheckType<T>();
        CheckRange(start, destination.Length);
        int itemSize = DType.ItemSize;
        int perChunk = NpyCodec.ChunkBytes / itemSize;
        for (int done = 0; done < destination.Length; done += perChunk)
        {
            int n = Math.Min(perChunk, destination.Length - done);
            var source = new ReadOnlySpan<byte>(_region.Start + (start + done) * itemSize, n * itemSize);
            NpyCodec.Decode(source, DType, destination.Slice(done, n));
        }
    }

    /// <summary>
    /// Elements <c>[start, start + length)</c> in file order as a span over the mapped file, without copying.
    /// Only possible when the stored bytes are this machine's representation of <typeparamref name="T"/>:
    /// the number types in native byte order (not half, not bool). Valid until the array is disposed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stored bytes need decoding (other byte order, half, bool); use <see cref="CopyTo{T}(long, Span{T})"/>.</exception>
    /// <exception cref="InvalidCastException"><typeparamref name="T"/> is not the load type.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range runs outside the array.</exception>
    public ReadOnlySpan<T> GetSpan<T>(long start, int length) where T : unmanaged
    {
        CheckType<T>();
        if (DType.NeedsSwap || DType.Type is NpyElementType.Float16 or NpyElementType.Bool)
        {
            throw new InvalidOperationException($".npy: {DType.Descr} elements need decoding on this machine; use CopyTo");
        }
        CheckRange(start, length);
        return length == 0 ? [] : new ReadOnlySpan<T>(_region.Start + start * sizeof(T), length);
    }

    /// <summary>
    /// Rows <c>[start, start + count)</c> along axis 0 of a C-ordered array, copied into a new tensor of shape
    /// <c>(count, shape[1], ...)</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A Fortran-ordered or 0-d array (its rows are not contiguous in the file).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rows run outside axis 0.</exception>
    /// <exception cref="NotSupportedException">The rows hold more elements than a tensor can.</exception>
    /// <exception cref="InvalidCastException"><typeparamref name="T"/> is not the load type.</exception>
    public Tensor<T> ReadRows<T>(long start, int count) where T : unmanaged
    {
        if (Header.FortranOrder && Shape.Length > 1 || Shape.Length == 0)
        {
            throw new InvalidOperationException($".npy: ReadRows needs a C-ordered array of rank 1 or more; this one is {Header}");
        }
        if (start < 0 || count < 0 || start > Shape[0] - count)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"rows [{start}, {start + count}) are outside axis 0 of extent {Shape[0]}");
        }
        var shape = new int[Shape.Length];
        shape[0] = count;
        long rowSize = 1;
        for (int i = 1; i < shape.Length; i++)
        {
            shape[i] = Shape[i] <= int.MaxValue ? (int)Shape[i] : throw new NotSupportedException($"axis {i} of {Header.ShapeString} is larger than a tensor axis can be");
            rowSize *= Shape[i];
        }
        Tensor<T> result = Tensor.Empty<T>(shape);
        CopyTo(start * rowSize, result.AsSpan());
        return result;
    }

    /// <summary>The whole array as a new tensor, read chunk-wise; same conversion and order rules as <see cref="NpyArray.ToTensor{T}(bool)"/>.</summary>
    /// <exception cref="NotSupportedException">More elements than a tensor holds (read it with <see cref="ReadRows{T}(long, int)"/>).</exception>
    /// <exception cref="InvalidCastException"><typeparamref name="T"/> is not the load type and <paramref name="convert"/> is false.</exception>
    public Tensor<T> ToTensor<T>(bool convert = false) where T : unmanaged
    {
        if (ElementCount > Array.MaxLength)
        {
            throw new NotSupportedException($".npy: shape {Header.ShapeString} has {ElementCount} elements, more than a tensor holds; read it with ReadRows");
        }
        Array elements = DType.ClrType switch
        {
            Type t when t == typeof(float) => ReadAll<float>(),
            Type t when t == typeof(double) => ReadAll<double>(),
            Type t when t == typeof(int) => ReadAll<int>(),
            Type t when t == typeof(long) => ReadAll<long>(),
            Type t when t == typeof(sbyte) => ReadAll<sbyte>(),
            Type t when t == typeof(byte) => ReadAll<byte>(),
            Type t when t == typeof(short) => ReadAll<short>(),
            Type t when t == typeof(ushort) => ReadAll<ushort>(),
            Type t when t == typeof(uint) => ReadAll<uint>(),
            Type t when t == typeof(ulong) => ReadAll<ulong>(),
            _ => ReadAll<bool>(),
        };
        return new NpyArray(Header, elements).ToTensor<T>(convert);
    }

    private T[] ReadAll<T>() where T : unmanaged
    {
        T[] result = GC.AllocateUninitializedArray<T>((int)ElementCount);
        CopyTo(0, result.AsSpan());
        return result;
    }

    private void CheckType<T>() where T : unmanaged
    {
        if (typeof(T) != DType.ClrType)
        {
            throw new InvalidCastException($".npy: the file holds {DType.Name} ({DType.Descr}), which loads as {DType.ClrType.Name}, not {typeof(T).Name}");
        }
    }

    private void CheckRange(long start, int length)
    {
        ObjectDisposedException.ThrowIf(_region.IsUnmapped, this);
        if (start < 0 || length < 0 || start > ElementCount - length)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"elements [{start}, {start + length}) are outside the {ElementCount} of {Header.ShapeString}");
        }
    }

    /// <summary>Unmaps the file.</summary>
    public void Dispose() => _region.Dispose();
}
