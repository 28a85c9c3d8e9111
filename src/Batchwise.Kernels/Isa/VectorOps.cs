using System.Diagnostics.CodeAnalysis;

namespace Batchwise.Kernels.Isa;

/// <summary>128-bit registers (SSE / NEON).</summary>
internal readonly unsafe struct Vector128Ops<T> : IVectorOps<Vector128<T>, T>, IBlockOps<Vector128<T>, T>,
    IWidenOps<Vector128<float>, Vector128<double>>
    where T : unmanaged
{
    public static int Count => Vector128<T>.Count;

    public static bool IsEnabled => InstructionSet.UseVector128;

    public static Vector128<T> Zero => Vector128<T>.Zero;

    public static bool HasMaskedAccess => Avx.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(T* source) => Vector128.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, T* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref T source, nint index) => Vector128.LoadUnsafe(ref source, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, ref T destination, nint index) => value.StoreUnsafe(ref destination, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector128<double> Lower, Vector128<double> Upper) Widen(Vector128<float> x) => Vector128.Widen(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNonTemporal(Vector128<T> value, T* alignedDestination)
    {
        if (Sse2.IsSupported)
        {
            Sse2.StoreAlignedNonTemporal((byte*)alignedDestination, value.AsByte());
            return;
        }

        value.Store(alignedDestination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Fma(Vector128<T> a, Vector128<T> b, Vector128<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        return a * b + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Subtract(Vector128<T> a, Vector128<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Multiply(Vector128<T> a, Vector128<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Divide(Vector128<T> a, Vector128<T> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector128<T> value) => Vector128.Sum(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Max(Vector128<T> a, Vector128<T> b) => Vector128.MaxNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Exp(Vector128<T> x) =>
        typeof(T) == typeof(float)
            ? FastExp.Exp<Vector128<float>, Vector128Ops<float>>(x.AsSingle()).As<float, T>()
            : Vector128.Exp(x.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> ZeroIfNegativeInfinity(Vector128<T> x) =>
        typeof(T) == typeof(float)
            ? Vector128.AndNot(x, Vector128.Equals(x, Vector128.Create(float.NegativeInfinity).As<float, T>()))
            : Vector128.AndNot(x, Vector128.Equals(x, Vector128.Create(double.NegativeInfinity).As<double, T>()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Clamp(Vector128<T> x, Vector128<T> low, Vector128<T> high) => Vector128.MinNative(high, Vector128.MaxNative(low, x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Round(Vector128<T> x) =>
        typeof(T) == typeof(float) ? Vector128.Round(x.AsSingle()).As<float, T>() : Vector128.Round(x.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> BroadcastBlock(T* source) => Vector128.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> PermuteInBlocks(Vector128<T> value, [ConstantExpected] byte control) =>
        Avx.IsSupported
            ? Avx.Permute(value.AsSingle(), control).As<float, T>()
            : Vector128.Shuffle(value.AsSingle(), Vector128.Create(control & 3, (control >> 2) & 3, (control >> 4) & 3, control >> 6)).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Pow2(Vector128<T> n) =>
        typeof(T) == typeof(float)
            ? Vector128.ShiftLeft(Vector128.ConvertToInt32Native(n.AsSingle()) + Vector128.Create(127), 23).As<int, T>()
            : Vector128.ShiftLeft(Vector128.ConvertToInt64Native(n.AsDouble()) + Vector128.Create(1023L), 52).As<long, T>();

    public static Vector128<T> FirstLanes(int count) =>
        typeof(T) == typeof(double)
            ? Vector128.LessThan(Vector128<long>.Indices, Vector128.Create((long)count)).As<long, T>()
            : Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(count)).As<int, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LoadFirst(T* source, Vector128<T> mask) =>
        typeof(T) == typeof(double)
            ? Avx.MaskLoad((double*)source, mask.AsDouble()).As<double, T>()
            : Avx.MaskLoad((float*)source, mask.AsSingle()).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(Vector128<T> value, T* destination, Vector128<T> mask)
    {
        if (typeof(T) == typeof(double))
        {
            Avx.MaskStore((double*)destination, mask.AsDouble(), value.AsDouble());
            return;
        }

        Avx.MaskStore((float*)destination, mask.AsSingle(), value.AsSingle());
    }
}

/// <summary>256-bit registers (AVX2).</summary>
internal readonly unsafe struct Vector256Ops<T> : IVectorOps<Vector256<T>, T>, IBlockOps<Vector256<T>, T>,
    IWidenOps<Vector256<float>, Vector256<double>>
    where T : unmanaged
{
    public static int Count => Vector256<T>.Count;

    public static bool IsEnabled => InstructionSet.UseVector256;

    public static Vector256<T> Zero => Vector256<T>.Zero;

    public static bool HasMaskedAccess => Avx.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(T* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, T* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, nint index) => Vector256.LoadUnsafe(ref source, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination, nint index) => value.StoreUnsafe(ref destination, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<double> Lower, Vector256<double> Upper) Widen(Vector256<float> x) => Vector256.Widen(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNonTemporal(Vector256<T> value, T* alignedDestination)
    {
        if (Avx.IsSupported)
        {
            Avx.StoreAlignedNonTemporal((byte*)alignedDestination, value.AsByte());
            return;
        }

        value.Store(alignedDestination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Fma(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        return a * b + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Divide(Vector256<T> a, Vector256<T> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> value) => Vector256.Sum(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Max(Vector256<T> a, Vector256<T> b) => Vector256.MaxNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp(Vector256<T> x) =>
        typeof(T) == typeof(float)
            ? FastExp.Exp<Vector256<float>, Vector256Ops<float>>(x.AsSingle()).As<float, T>()
            : Vector256.Exp(x.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ZeroIfNegativeInfinity(Vector256<T> x) =>
        typeof(T) == typeof(float)
            ? Vector256.AndNot(x, Vector256.Equals(x, Vector256.Create(float.NegativeInfinity).As<float, T>()))
            : Vector256.AndNot(x, Vector256.Equals(x, Vector256.Create(double.NegativeInfinity).As<double, T>()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Clamp(Vector256<T> x, Vector256<T> low, Vector256<T> high) => Vector256.MinNative(high, Vector256.MaxNative(low, x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Round(Vector256<T> x) =>
        typeof(T) == typeof(float) ? Vector256.Round(x.AsSingle()).As<float, T>() : Vector256.Round(x.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> BroadcastBlock(T* source) => Avx.BroadcastVector128ToVector256((float*)source).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> PermuteInBlocks(Vector256<T> value, [ConstantExpected] byte control) =>
        Avx.Permute(value.AsSingle(), control).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Pow2(Vector256<T> n) =>
        typeof(T) == typeof(float)
            ? Vector256.ShiftLeft(Vector256.ConvertToInt32Native(n.AsSingle()) + Vector256.Create(127), 23).As<int, T>()
            : Vector256.ShiftLeft(Vector256.ConvertToInt64Native(n.AsDouble()) + Vector256.Create(1023L), 52).As<long, T>();

    public static Vector256<T> FirstLanes(int count) =>
        typeof(T) == typeof(double)
            ? Vector256.LessThan(Vector256<long>.Indices, Vector256.Create((long)count)).As<long, T>()
            : Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).As<int, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LoadFirst(T* source, Vector256<T> mask) =>
        typeof(T) == typeof(double)
            ? Avx.MaskLoad((double*)source, mask.AsDouble()).As<double, T>()
            : Avx.MaskLoad((float*)source, mask.AsSingle()).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(Vector256<T> value, T* destination, Vector256<T> mask)
    {
        if (typeof(T) == typeof(double))
        {
            Avx.MaskStore((double*)destination, mask.AsDouble(), value.AsDouble());
            return;
        }

        Avx.MaskStore((float*)destination, mask.AsSingle(), value.AsSingle());
    }
}

/// <summary>512-bit registers (AVX-512).</summary>
internal readonly unsafe struct Vector512Ops<T> : IVectorOps<Vector512<T>, T>, IBlockOps<Vector512<T>, T>,
    IWidenOps<Vector512<float>, Vector512<double>>
    where T : unmanaged
{
    public static int Count => Vector512<T>.Count;

    public static bool IsEnabled => InstructionSet.UseVector512;

    public static Vector512<T> Zero => Vector512<T>.Zero;

    public static bool HasMaskedAccess => Avx512F.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(T* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, T* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, nint index) => Vector512.LoadUnsafe(ref source, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination, nint index) => value.StoreUnsafe(ref destination, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector512<double> Lower, Vector512<double> Upper) Widen(Vector512<float> x) => Vector512.Widen(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNonTemporal(Vector512<T> value, T* alignedDestination) =>
        Avx512Ops.StoreAlignedNonTemporal((byte*)alignedDestination, value.AsByte());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Fma(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        return a * b + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Divide(Vector512<T> a, Vector512<T> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> value) => Vector512.Sum(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max(Vector512<T> a, Vector512<T> b) => Vector512.MaxNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp(Vector512<T> x) =>
        typeof(T) == typeof(float)
            ? FastExp.Exp<Vector512<float>, Vector512Ops<float>>(x.AsSingle()).As<float, T>()
            : Vector512.Exp(x.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ZeroIfNegativeInfinity(Vector512<T> x) =>
        typeof(T) == typeof(float)
            ? Vector512.AndNot(x, Vector512.Equals(x, Vector512.Create(float.NegativeInfinity).As<float, T>()))
            : Vector512.AndNot(x, Vector512.Equals(x, Vector512.Create(double.NegativeInfinity).As<double, T>()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Clamp(Vector512<T> x, Vector512<T> low, Vector512<T> high) => Vector512.MinNative(high, Vector512.MaxNative(low, x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Round(Vector512<T> x) =>
        typeof(T) == typeof(float) ? Vector512.Round(x.AsSingle()).As<float, T>() : Vector512.Round(x.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> BroadcastBlock(T* source) => Avx512Ops.BroadcastVector128ToVector512((float*)source).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> PermuteInBlocks(Vector512<T> value, [ConstantExpected] byte control) =>
        Avx512Ops.Permute4x32(value.AsSingle(), control).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Pow2(Vector512<T> n) =>
        typeof(T) == typeof(float)
            ? Vector512.ShiftLeft(Vector512.ConvertToInt32Native(n.AsSingle()) + Vector512.Create(127), 23).As<int, T>()
            : Vector512.ShiftLeft(Vector512.ConvertToInt64Native(n.AsDouble()) + Vector512.Create(1023L), 52).As<long, T>();

    public static Vector512<T> FirstLanes(int count) =>
        typeof(T) == typeof(double)
            ? Vector512.LessThan(Vector512<long>.Indices, Vector512.Create((long)count)).As<long, T>()
            : Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).As<int, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LoadFirst(T* source, Vector512<T> mask) =>
        typeof(T) == typeof(double)
            ? Avx512F.MaskLoad((double*)source, mask.AsDouble(), Vector512<double>.Zero).As<double, T>()
            : Avx512F.MaskLoad((float*)source, mask.AsSingle(), Vector512<float>.Zero).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(Vector512<T> value, T* destination, Vector512<T> mask)
    {
        if (typeof(T) == typeof(double))
        {
            Avx512F.MaskStore((double*)destination, mask.AsDouble(), value.AsDouble());
            return;
        }

        Avx512F.MaskStore((float*)destination, mask.AsSingle(), value.AsSingle());
    }
}
