namespace Batchwise.Kernels.Isa;

/// <summary>
/// AVX (and AVX-512) masked loads and stores for float or double vectors: lanes past <c>count</c> are neither read
/// nor written (nor faulted on), so a kernel can finish a row without touching what lies after it.
/// </summary>
/// <remarks>Assumptions: T is float or double; AVX is supported (callers check <c>Avx.IsSupported</c>).</remarks>
internal static unsafe class MaskedAccess
{
    public static Vector256<T> Mask256<T>(int count)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            return Vector256.LessThan(Vector256<long>.Indices, Vector256.Create((long)count)).As<long, T>();
        }

        return Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).As<int, T>();
    }

    public static Vector128<T> Mask128<T>(int count)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            return Vector128.LessThan(Vector128<long>.Indices, Vector128.Create((long)count)).As<long, T>();
        }

        return Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(count)).As<int, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MaskLoad<T>(T* p, Vector256<T> mask)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            return Avx.MaskLoad((double*)p, mask.AsDouble()).As<double, T>();
        }

        return Avx.MaskLoad((float*)p, mask.AsSingle()).As<float, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MaskLoad<T>(T* p, Vector128<T> mask)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            return Avx.MaskLoad((double*)p, mask.AsDouble()).As<double, T>();
        }

        return Avx.MaskLoad((float*)p, mask.AsSingle()).As<float, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MaskStore<T>(T* p, Vector256<T> mask, Vector256<T> value)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            Avx.MaskStore((double*)p, mask.AsDouble(), value.AsDouble());
            return;
        }

        Avx.MaskStore((float*)p, mask.AsSingle(), value.AsSingle());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MaskStore<T>(T* p, Vector128<T> mask, Vector128<T> value)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            Avx.MaskStore((double*)p, mask.AsDouble(), value.AsDouble());
            return;
        }

        Avx.MaskStore((float*)p, mask.AsSingle(), value.AsSingle());
    }

    public static Vector512<T> Mask512<T>(int count)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            return Vector512.LessThan(Vector512<long>.Indices, Vector512.Create((long)count)).As<long, T>();
        }

        return Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).As<int, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MaskLoad<T>(T* p, Vector512<T> mask)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            return Avx512F.MaskLoad((double*)p, mask.AsDouble(), Vector512<double>.Zero).As<double, T>();
        }

        return Avx512F.MaskLoad((float*)p, mask.AsSingle(), Vector512<float>.Zero).As<float, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MaskStore<T>(T* p, Vector512<T> mask, Vector512<T> value)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            Avx512F.MaskStore((double*)p, mask.AsDouble(), value.AsDouble());
            return;
        }

        Avx512F.MaskStore((float*)p, mask.AsSingle(), value.AsSingle());
    }
}
