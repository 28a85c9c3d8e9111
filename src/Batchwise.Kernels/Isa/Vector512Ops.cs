using System.Diagnostics.CodeAnalysis;

namespace Batchwise.Kernels.Isa;

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
    public static Vector512<T> Min(Vector512<T> a, Vector512<T> b) => Vector512.MinNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp(Vector512<T> x) => ExpFinish(ExpReduce(x, out Vector512<T> scale), scale);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ExpReduce(Vector512<T> x, out Vector512<T> scale)
    {
        if (typeof(T) == typeof(float))
        {
            Vector512<float> r = FastExp.Reduce<Vector512<float>, Vector512Ops<float>>(x.AsSingle(), out Vector512<float> s);
            scale = s.As<float, T>();
            return r.As<float, T>();
        }

        scale = Vector512<T>.Zero;
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ExpFinish(Vector512<T> reduced, Vector512<T> scale) =>
        typeof(T) == typeof(float)
            ? FastExp.Finish<Vector512<float>, Vector512Ops<float>>(reduced.AsSingle(), scale.AsSingle()).As<float, T>()
            : Vector512.Exp(reduced.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ZeroIfNegativeInfinity(Vector512<T> x) =>
        typeof(T) == typeof(float)
            ? Vector512.AndNot(x, Vector512.Equals(x, Vector512.Create(float.NegativeInfinity).As<float, T>()))
            : Vector512.AndNot(x, Vector512.Equals(x, Vector512.Create(double.NegativeInfinity).As<double, T>()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Round(Vector512<T> x) =>
        typeof(T) == typeof(float) ? Vector512.Round(x.AsSingle()).As<float, T>() : Vector512.Round(x.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> BroadcastBlock(T* source) => Avx512Ops.BroadcastVector128ToVector512((float*)source).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> PermuteInBlocks(Vector512<T> value, [ConstantExpected] byte control) =>
        Avx512Ops.Permute4x32(value.AsSingle(), control).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> PowerOfTwoEighths(Vector512<T> t) => Isa.PowerOfTwoEighths.Scale(t.AsInt32()).As<int, T>();

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
