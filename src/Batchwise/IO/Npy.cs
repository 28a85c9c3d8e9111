using System.Runtime.InteropServices;

namespace Batchwise.IO;

/// <summary>
/// NumPy's .npy format: reads versions 1.0, 2.0 and 3.0 with dtypes <c>f2 f4 f8 i4 i8</c> in either byte
/// order and <c>b1</c>, C or Fortran order; writes version 1.0 (2.0 when the header needs more than 64 KiB),
/// little-endian, data aligned to 64 bytes. Hostile files raise <see cref="InvalidDataException"/> saying what
/// is wrong; nothing is allocated for data that the file does not hold. Object arrays (pickles) are refused.
/// </summary>
public static class Npy
{
    /// <summary>Reads only the header of a file (dtype, order, shape).</summary>
    /// <exception cref="InvalidDataException">The header is malformed; see <see cref="NpyHeader.Read(Stream)"/>.</exception>
    public static NpyHeader ReadHeader(string path) => NpyHeader.Read(path);

    /// <summary>Reads a whole array from a stream positioned at the magic string; leaves it after the data.</summary>
    /// <exception cref="InvalidDataException">Malformed header, or the data is shorter than the shape needs.</exception>
    /// <exception cref="NotSupportedException">More elements than a .NET array holds, or an axis over <see cref="int.MaxValue"/>.</exception>
    public static NpyArray Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        NpyHeader header = NpyHeader.Read(stream);
        return new NpyArray(header, NpyCodec.ReadElements(stream, header));
    }

    /// <summary>Reads a whole array from a .npz member, whose declared size is checked before it is trusted.</summary>
    internal static NpyArray Read(NpzEntryStream stream)
    {
        NpyHeader header = NpyHeader.Read(stream);
        return new NpyArray(header, NpyCodec.ReadElements(stream, header, stream.Remaining));
    }

    /// <summary>Reads a whole .npy file.</summary>
    /// <inheritdoc cref="Read(Stream)"/>
    public static NpyArray Read(string path)
    {
        using var stream = OpenRead(path);
        return Read(stream);
    }

    /// <summary>
    /// Loads a tensor of <typeparamref name="T"/>. A file whose elements load as another type is refused
    /// unless <paramref name="convert"/> is true (then converted as <see cref="NpyArray.ToTensor{T}(bool)"/> says).
    /// Half precision files load as <see cref="float"/>. Fortran-ordered files give a strided view.
    /// </summary>
    /// <exception cref="InvalidDataException">Malformed or truncated file.</exception>
    /// <exception cref="InvalidCastException">The stored type is not <typeparamref name="T"/> and <paramref name="convert"/> is false.</exception>
    public static Tensor<T> Load<T>(Stream stream, bool convert = false) where T : unmanaged => Read(stream).ToTensor<T>(convert);

    /// <inheritdoc cref="Load{T}(Stream, bool)"/>
    public static Tensor<T> Load<T>(string path, bool convert = false) where T : unmanaged => Read(path).ToTensor<T>(convert);

    /// <summary>
    /// Opens a .npy file memory-mapped for reading parts of arrays larger than memory. Reads only the header
    /// now; see <see cref="NpyMappedArray"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">Malformed header, or a file shorter than its header says.</exception>
    public static NpyMappedArray Map(string path) => NpyMappedArray.Open(path);

    /// <summary>
    /// Writes <paramref name="tensor"/> as a .npy file (version 1.0, little-endian). A row-major contiguous
    /// tensor is written as it is; a column-major one (e.g. a transposed view) is written with
    /// <c>fortran_order: True</c> without copying; any other view is copied to row-major first.
    /// </summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no .npy dtype (see <see cref="NpyDType.Of{T}"/>).</exception>
    public static void Save<T>(Stream stream, Tensor<T> tensor) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensor);
        NpyDType dtype = NpyDType.Of<T>() with { IsBigEndian = !BitConverter.IsLittleEndian && typeof(T) != typeof(bool) };
        bool fortran = false;
        Tensor<T> source = tensor;
        if (!tensor.IsContiguous && tensor.Rank >= 2 && tensor.Transpose().IsContiguous)
        {
            fortran = true;
            source = tensor.Transpose();
        }
        else
        {
            source = tensor.Contiguous();
        }
        var shape = new long[tensor.Rank];
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] = tensor.Shape[i];
        }
        stream.Write(NpyHeader.Format(dtype, fortran, shape));
        stream.Write(MemoryMarshal.AsBytes(source.AsSpan()));
    }

    /// <summary>Writes a .npy file, replacing any file at <paramref name="path"/>.</summary>
    /// <inheritdoc cref="Save{T}(Stream, Tensor{T})"/>
    public static void Save<T>(string path, Tensor<T> tensor) where T : unmanaged
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        Save(stream, tensor);
    }

    internal static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
}
