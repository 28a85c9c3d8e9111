using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Batchwise.IO;

/// <summary>
/// Stored safetensors bytes (little-endian; this machine's order, checked on open) to elements: a copy
/// when the type is the stored one, else a widening to float or double in chunks that stay in cache.
/// </summary>
internal static unsafe class SafeTensorsCodec
{
    private const int ChunkElements = 16 * 1024;

    /// <summary>Decodes <c>destination.Length</c> elements of <paramref name="dtype"/> starting at <paramref name="source"/>.</summary>
    public static void Decode<T>(byte* source, SafeTensorsDType dtype, Span<T> destination) where T : unmanaged
    {
        int count = destination.Length;
        if (dtype == SafeTensorsDType.Bool)
        {
            var bytes = new ReadOnlySpan<byte>(source, count);
            for (int i = 0; i < count; i++)
            {
                destination[i] = typeof(T) == typeof(bool) ? Cast<bool, T>(bytes[i] != 0) : FromOne<T>(bytes[i] != 0);
            }
            return;
        }
        if (typeof(T) == dtype.ClrType())
        {
            new ReadOnlySpan<T>(source, count).CopyTo(destination);
            return;
        }
        // The stored type picks the widening once per call; each runs span-wide.
        delegate*<byte*, Span<T>, void> widen = dtype switch
        {
            SafeTensorsDType.U8 => &Widen<byte, T>,
            SafeTensorsDType.I8 => &Widen<sbyte, T>,
            SafeTensorsDType.I16 => &Widen<short, T>,
            SafeTensorsDType.I32 => &Widen<int, T>,
            SafeTensorsDType.I64 => &Widen<long, T>,
            SafeTensorsDType.F16 => &Widen<Half, T>,
            SafeTensorsDType.F32 => &Widen<float, T>,
            SafeTensorsDType.F64 => &Widen<double, T>,
            _ => &WidenBFloat16<T>,
        };
        widen(source, destination);
    }

    private static void Widen<TFrom, T>(byte* source, Span<T> destination)
        where TFrom : unmanaged, INumberBase<TFrom>
        where T : unmanaged
    {
        var from = new ReadOnlySpan<TFrom>(source, destination.Length);
        if (typeof(T) == typeof(float))
        {
            TensorPrimitives.ConvertTruncating(from, MemoryMarshal.Cast<T, float>(destination));
        }
        else
        {
            TensorPrimitives.ConvertTruncating(from, MemoryMarshal.Cast<T, double>(destination));
        }
    }

    private static void WidenBFloat16<T>(byte* source, Span<T> destination) where T : unmanaged
    {
        var from = new ReadOnlySpan<BFloat16>(source, destination.Length);
        if (typeof(T) == typeof(float))
        {
            BFloat16.ToSingle(from, MemoryMarshal.Cast<T, float>(destination));
            return;
        }
        Span<double> target = MemoryMarshal.Cast<T, double>(destination);
        float[] chunk = new float[Math.Min(ChunkElements, from.Length)];
        for (int done = 0; done < from.Length; done += chunk.Length)
        {
            int n = Math.Min(chunk.Length, from.Length - done);
            BFloat16.ToSingle(from.Slice(done, n), chunk);
            TensorPrimitives.ConvertTruncating<float, double>(chunk.AsSpan(0, n), target.Slice(done, n));
        }
    }

    private static T FromOne<T>(bool value) where T : unmanaged =>
        typeof(T) == typeof(float) ? Cast<float, T>(value ? 1f : 0f) : Cast<double, T>(value ? 1.0 : 0.0);

    private static TTo Cast<TFrom, TTo>(TFrom value) where TFrom : unmanaged where TTo : unmanaged =>
        System.Runtime.CompilerServices.Unsafe.As<TFrom, TTo>(ref value);
}
