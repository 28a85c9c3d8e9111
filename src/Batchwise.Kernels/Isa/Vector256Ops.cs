using System.Diagnostics.CodeAnalysis;

namespace Batchwise.Kernels.Isa;

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
    public static Vector256<T> Min(Vector256<T> a, Vector256<T> b) => Vector256.MinNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp(Vector256<T> x) => ExpFinish(ExpReduce(x, out Vector256<T> scale), scale);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ExpReduce(Vector256<T> x, out Vector256<T> scale)
    {
        if (typeof(T) == typeof(float))
        {
            Vector256<float> r = FastExp.Reduce<Vector256<float>, Vector256Ops<float>>(x.AsSingle(), out Vector256<float> s);
            scale = s.As<float, T>();
            return r.As<float, T>();
        }

        scale = Vector256<T>.Zero;
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ExpFinish(Vector256<T> reduced, Vector256<T> scale) =>
        typeof(T) == typeof(float)
            ? FastExp.Finish<Vector256<float>, Vector256Ops<float>>(reduced.AsSingle(), scale.AsSingle()).As<float, T>()
            : Vector256.Exp(reduced.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ZeroIfNegativeInfinity(Vector256<T> x) =>
        typeof(T) == typeof(float)
            ? Vector256.AndNot(x, Vector256.Equals(x, Vector256.Create(float.NegativeInfinity).As<float, T>()))
            : Vector256.AndNot(x, Vector256.Equals(x, Vector256.Create(double.NegativeInfinity).As<double, T>()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Round(Vector256<T> x) =>
        typeof(T) == typeof(float) ? Vector256.Round(x.AsSingle()).As<float, T>() : Vector256.Round(x.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> BroadcastBlock(T* source) => Avx.BroadcastVector128ToVector256((float*)source).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> PermuteInBlocks(Vector256<T> value, [ConstantExpected] byte control) =>
        Avx.Permute(value.AsSingle(), control).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> PowerOfTwoEighths(Vector256<T> t) => Isa.PowerOfTwoEighths.Scale(t.AsInt32()).As<int, T>();

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
