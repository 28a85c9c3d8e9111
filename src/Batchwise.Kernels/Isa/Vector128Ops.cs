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
    public static Vector128<T> Min(Vector128<T> a, Vector128<T> b) => Vector128.MinNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Exp(Vector128<T> x) => ExpFinish(ExpReduce(x, out Vector128<T> scale), scale);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> ExpReduce(Vector128<T> x, out Vector128<T> scale)
    {
        if (typeof(T) == typeof(float))
        {
            Vector128<float> r = FastExp.Reduce<Vector128<float>, Vector128Ops<float>>(x.AsSingle(), out Vector128<float> s);
            scale = s.As<float, T>();
            return r.As<float, T>();
        }

        scale = Vector128<T>.Zero;
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> ExpFinish(Vector128<T> reduced, Vector128<T> scale) =>
        typeof(T) == typeof(float)
            ? FastExp.Finish<Vector128<float>, Vector128Ops<float>>(reduced.AsSingle(), scale.AsSingle()).As<float, T>()
            : Vector128.Exp(reduced.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> ZeroIfNegativeInfinity(Vector128<T> x) =>
        typeof(T) == typeof(float)
            ? Vector128.AndNot(x, Vector128.Equals(x, Vector128.Create(float.NegativeInfinity).As<float, T>()))
            : Vector128.AndNot(x, Vector128.Equals(x, Vector128.Create(double.NegativeInfinity).As<double, T>()));

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
    public static Vector128<T> PowerOfTwoEighths(Vector128<T> t) => Isa.PowerOfTwoEighths.Scale(t.AsInt32()).As<int, T>();

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
