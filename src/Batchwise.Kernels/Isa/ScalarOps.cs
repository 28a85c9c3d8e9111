namespace Batchwise.Kernels.Isa;

/// <summary>The scalar path: one lane, plain arithmetic, no hardware intrinsics.</summary>
internal readonly unsafe struct ScalarOps<T> : IVectorOps<T, T>
    where T : unmanaged, INumberBase<T>
{
    public static int Count => 1;

    public static bool IsEnabled => true;

    public static T Zero => T.Zero;

    public static bool HasMaskedAccess => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(T* source) => *source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T value, T* destination) => *destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(ref T source, nint index) => Unsafe.Add(ref source, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T value, ref T destination, nint index) => Unsafe.Add(ref destination, index) = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNonTemporal(T value, T* alignedDestination) => *alignedDestination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Broadcast(T value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Fma(T a, T b, T c) => a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Add(T a, T b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Subtract(T a, T b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Multiply(T a, T b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Divide(T a, T b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(T value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Max(T a, T b) => Extreme(a, b, largest: true);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Min(T a, T b) => Extreme(a, b, largest: false);

    /// <summary><c>max(a, b)</c> or <c>min(a, b)</c>, IEEE (a NaN either side gives NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Extreme(T a, T b, bool largest)
    {
        if (typeof(T) == typeof(float))
        {
            float fa = Unsafe.As<T, float>(ref a), fb = Unsafe.As<T, float>(ref b);
            float m = largest ? MathF.Max(fa, fb) : MathF.Min(fa, fb);
            return Unsafe.As<float, T>(ref m);
        }

        double da = double.CreateTruncating(a), db = double.CreateTruncating(b);
        return T.CreateTruncating(largest ? Math.Max(da, db) : Math.Min(da, db));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Exp(T x)
    {
        if (typeof(T) == typeof(float))
        {
            float e = MathF.Exp(Unsafe.As<T, float>(ref x));
            return Unsafe.As<float, T>(ref e);
        }

        double d = Math.Exp(double.CreateTruncating(x));
        return T.CreateTruncating(d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ExpReduce(T x, out T scale)
    {
        scale = T.Zero;
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ExpFinish(T reduced, T scale) => Exp(reduced);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ZeroIfNegativeInfinity(T x) => T.IsNegativeInfinity(x) ? T.Zero : x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Round(T x) => T.CreateTruncating(Math.Round(double.CreateTruncating(x)));

    public static T PowerOfTwoEighths(T t)
    {
        float scale = BitConverter.Int32BitsToSingle(Isa.PowerOfTwoEighths.Scale(Unsafe.As<T, int>(ref t)));
        return Unsafe.As<float, T>(ref scale);
    }

    public static T FirstLanes(int count) => count > 0 ? T.One : T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LoadFirst(T* source, T mask) => mask == T.Zero ? T.Zero : *source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(T value, T* destination, T mask)
    {
        if (mask != T.Zero)
        {
            *destination = value;
        }
    }
}
