using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Batchwise.IO;

/// <summary>
/// Turns stored bytes into elements of the type they load as: byte swaps for the other byte order,
/// half to float, bool bytes normalised to 0/1. Reads chunk-wise, so no buffer is ever sized by an
/// untrusted number before the bytes have arrived.
/// </summary>
internal static class NpyCodec
{
    /// <summary>Bytes decoded per chunk (a multiple of every item size).</summary>
    internal const int ChunkBytes = 1 << 16;

    /// <summary>Elements allocated up front when the stream cannot say how long it is.</summary>
    private const int InitialUnknownCapacityBytes = 1 << 16;

    /// <summary>
    /// Reads <c>header.ElementCount</c> elements from the stream into a new array of the load type.
    /// <paramref name="available"/> is how many bytes the stream is known to hold (a seekable stream's
    /// rest when null); with it the array is allocated once, without it it grows as the bytes arrive.
    /// </summary>
    /// <exception cref="InvalidDataException">The stream ends before the data does.</exception>
    /// <exception cref="NotSupportedException">More elements than a .NET array holds.</exception>
    public static Array ReadElements(Stream stream, NpyHeader header, long? available = null) => header.DType.ClrType switch
    {
        Type t when t == typeof(float) => ReadElements<float>(stream, header, available),
        Type t when t == typeof(double) => ReadElements<double>(stream, header, available),
        Type t when t == typeof(int) => ReadElements<int>(stream, header, available),
        Type t when t == typeof(long) => ReadElements<long>(stream, header, available),
        Type t when t == typeof(sbyte) => ReadElements<sbyte>(stream, header, available),
        Type t when t == typeof(byte) => ReadElements<byte>(stream, header, available),
        Type t when t == typeof(short) => ReadElements<short>(stream, header, available),
        Type t when t == typeof(ushort) => ReadElements<ushort>(stream, header, available),
        Type t when t == typeof(uint) => ReadElements<uint>(stream, header, available),
        Type t when t == typeof(ulong) => ReadElements<ulong>(stream, header, available),
        _ => ReadElements<bool>(stream, header, available),
    };

    private static T[] ReadElements<T>(Stream stream, NpyHeader header, long? available) where T : unmanaged
    {
        long count = header.ElementCount;
        int itemSize = header.DType.ItemSize;
        long? left = available ?? (stream.CanSeek ? stream.Length - stream.Position : null);
        if (left < header.DataLength)
        {
            throw Truncated(header, left.Value);
        }
        if (count > Array.MaxLength)
        {
            throw new NotSupportedException($".npy: shape {header.ShapeString} has {count} elements, more than a .NET array holds; use Npy.Map to read it in parts");
        }
        int total = (int)count;
        // A stream known to hold the data gets its array at once; otherwise it grows as the bytes arrive.
        int capacity = left is not null ? total : Math.Min(total, InitialUnknownCapacityBytes / itemSize);
        T[] result = GC.AllocateUninitializedArray<T>(capacity);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int done = 0;
            while (done < total)
            {
                int chunk = Math.Min(total - done, ChunkBytes / itemSize);
                int bytes = chunk * itemSize;
                int read = stream.ReadAtLeast(buffer.AsSpan(0, bytes), bytes, throwOnEndOfStream: false);
                if (read < bytes)
                {
                    throw Truncated(header, (long)done * itemSize + read);
                }
                if (done + chunk > result.Length)
                {
                    Array.Resize(ref result, (int)Math.Min(total, Math.Max((long)result.Length * 2, done + chunk)));
                }
                Decode(buffer.AsSpan(0, bytes), header.DType, result.AsSpan(done, chunk));
                done += chunk;
            }
            return result;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static InvalidDataException Truncated(NpyHeader header, long available) =>
        new($".npy: truncated data: shape {header.ShapeString} of {header.DType.Descr} needs {header.DataLength} bytes but only {available} follow the header");

    /// <summary>Decodes <paramref name="source"/> (stored bytes) into <paramref name="destination"/> (load type).</summary>
    public static void Decode<T>(ReadOnlySpan<byte> source, NpyDType dtype, Span<T> destination) where T : unmanaged
    {
        switch (dtype.Type)
        {
            case NpyElementType.Bool:
                Span<byte> flags = MemoryMarshal.AsBytes(destination);
                for (int i = 0; i < flags.Length; i++)
                {
                    flags[i] = source[i] == 0 ? (byte)0 : (byte)1;
                }
                break;
            case NpyElementType.Float16:
                Span<float> floats = MemoryMarshal.Cast<T, float>(destination);
                ReadOnlySpan<ushort> halves = MemoryMarshal.Cast<byte, ushort>(source);
                for (int i = 0; i < floats.Length; i++)
                {
                    ushort bits = dtype.NeedsSwap ? BinaryPrimitives.ReverseEndianness(halves[i]) : halves[i];
                    floats[i] = (float)BitConverter.UInt16BitsToHalf(bits);
                }
                break;
            default:
                source.CopyTo(MemoryMarshal.AsBytes(destination));
                if (dtype.NeedsSwap)
                {
                    SwapInPlace(MemoryMarshal.AsBytes(destination), dtype.ItemSize);
                }
                break;
        }
    }

    /// <summary>Reverses the bytes of every 4- or 8-byte item (also used to write the other byte order).</summary>
    public static void SwapInPlace(Span<byte> bytes, int itemSize)
    {
        if (itemSize == 4)
        {
            Span<uint> items = MemoryMarshal.Cast<byte, uint>(bytes);
            BinaryPrimitives.ReverseEndianness(items, items);
        }
        else if (itemSize == 8)
        {
            Span<ulong> items = MemoryMarshal.Cast<byte, ulong>(bytes);
            BinaryPrimitives.ReverseEndianness(items, items);
        }
        else if (itemSize == 2)
        {
            Span<ushort> items = MemoryMarshal.Cast<byte, ushort>(bytes);
            BinaryPrimitives.ReverseEndianness(items, items);
        }
    }

    /// <summary>
    /// Converts loaded elements to <typeparamref name="T"/> as NumPy's <c>astype</c> does: floats to integers
    /// truncate toward zero (saturating, NaN to 0), anything to bool is "not zero", bool to numbers is 0 or 1.
    /// </summary>
    public static T[] Convert<T>(Array source) where T : unmanaged => source.GetType() switch
    {
        // Exact types, not patterns: the runtime lets a uint[] pass as an int[] (and byte[] as sbyte[]).
        Type t when t == typeof(float[]) => ConvertFrom<float, T>((float[])source),
        Type t when t == typeof(double[]) => ConvertFrom<double, T>((double[])source),
        Type t when t == typeof(int[]) => ConvertFrom<int, T>((int[])source),
        Type t when t == typeof(long[]) => ConvertFrom<long, T>((long[])source),
        Type t when t == typeof(sbyte[]) => ConvertFrom<sbyte, T>((sbyte[])source),
        Type t when t == typeof(byte[]) => ConvertFrom<byte, T>((byte[])source),
        Type t when t == typeof(short[]) => ConvertFrom<short, T>((short[])source),
        Type t when t == typeof(ushort[]) => ConvertFrom<ushort, T>((ushort[])source),
        Type t when t == typeof(uint[]) => ConvertFrom<uint, T>((uint[])source),
        Type t when t == typeof(ulong[]) => ConvertFrom<ulong, T>((ulong[])source),
        Type t when t == typeof(bool[]) => ConvertFrom<byte, T>(MemoryMarshal.Cast<bool, byte>((bool[])source).ToArray()),
        _ => throw new NotSupportedException($"cannot convert {source.GetType().Name}"),
    };

    private static T[] ConvertFrom<TFrom, T>(TFrom[] source)
        where TFrom : unmanaged, INumberBase<TFrom>
        where T : unmanaged => typeof(T) switch
        {
            Type t when t == typeof(float) => (T[])(object)Numeric<TFrom, float>(source),
            Type t when t == typeof(double) => (T[])(object)Numeric<TFrom, double>(source),
            Type t when t == typeof(int) => (T[])(object)Numeric<TFrom, int>(source),
            Type t when t == typeof(long) => (T[])(object)Numeric<TFrom, long>(source),
            Type t when t == typeof(Half) => (T[])(object)Numeric<TFrom, Half>(source),
            Type t when t == typeof(sbyte) => (T[])(object)Numeric<TFrom, sbyte>(source),
            Type t when t == typeof(byte) => (T[])(object)Numeric<TFrom, byte>(source),
            Type t when t == typeof(short) => (T[])(object)Numeric<TFrom, short>(source),
            Type t when t == typeof(ushort) => (T[])(object)Numeric<TFrom, ushort>(source),
            Type t when t == typeof(uint) => (T[])(object)Numeric<TFrom, uint>(source),
            Type t when t == typeof(ulong) => (T[])(object)Numeric<TFrom, ulong>(source),
            Type t when t == typeof(bool) => (T[])(object)Array.ConvertAll(source, static x => !TFrom.IsZero(x)),
            Type t => throw new NotSupportedException($".npy: cannot load elements as {t.Name}; use float, double, int, long or bool"),
        };

    private static TTo[] Numeric<TFrom, TTo>(TFrom[] source)
        where TFrom : unmanaged, INumberBase<TFrom>
        where TTo : unmanaged, INumberBase<TTo> => Array.ConvertAll(source, static x => TTo.CreateSaturating(x));
}
