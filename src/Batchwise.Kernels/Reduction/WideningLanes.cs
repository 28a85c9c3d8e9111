namespace Batchwise.Kernels.Reduction;

/// <summary>
/// The register operations of the float sums that accumulate in double, one implementation per width
/// (<see cref="Widening128"/>, <see cref="Widening256"/>, <see cref="Widening512"/>): a float register
/// <typeparamref name="TF"/> of <see cref="Count"/> lanes widens to two double registers
/// <typeparamref name="TD"/>. <see cref="WideningAdd"/> and <see cref="PairwiseSum"/> are written once
/// over it; the JIT compiles one copy per width.
/// </summary>
internal interface IWideningLanes<TF, TD>
    where TF : struct
    where TD : struct
{
    /// <summary>Floats per float register; a double register holds half as many.</summary>
    static abstract int Count { get; }

    /// <summary>The float register at <c>source[index]</c>.</summary>
    static abstract TF Load(ref float source, int index);

    /// <summary>The double register at <c>source[index]</c>.</summary>
    static abstract TD Load(ref double source, int index);

    /// <summary>Writes the double register to <c>destination[index]</c>.</summary>
    static abstract void Store(TD value, ref double destination, int index);

    /// <summary><c>a + b</c> in float.</summary>
    static abstract TF Add(TF a, TF b);

    /// <summary><c>a + b</c> in double.</summary>
    static abstract TD Add(TD a, TD b);

    /// <summary>The lower and upper halves of <paramref name="x"/>'s lanes, widened to double.</summary>
    static abstract (TD Lower, TD Upper) Widen(TF x);

    /// <summary>The sum of <paramref name="x"/>'s lanes.</summary>
    static abstract double Sum(TD x);
}

/// <summary>128-bit registers.</summary>
internal readonly struct Widening128 : IWideningLanes<Vector128<float>, Vector128<double>>
{
    public static int Count => Vector128<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref float source, int index) => Vector128.LoadUnsafe(ref source, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load(ref double source, int index) => Vector128.LoadUnsafe(ref source, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<double> value, ref double destination, int index) => value.StoreUnsafe(ref destination, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector128<double> Lower, Vector128<double> Upper) Widen(Vector128<float> x) => Vector128.Widen(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector128<double> x) => Vector128.Sum(x);
}

/// <summary>256-bit registers.</summary>
internal readonly struct Widening256 : IWideningLanes<Vector256<float>, Vector256<double>>
{
    public static int Count => Vector256<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source, int index) => Vector256.LoadUnsafe(ref source, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ref double source, int index) => Vector256.LoadUnsafe(ref source, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> value, ref double destination, int index) => value.StoreUnsafe(ref destination, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<double> Lower, Vector256<double> Upper) Widen(Vector256<float> x) => Vector256.Widen(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector256<double> x) => Vector256.Sum(x);
}

/// <summary>512-bit registers.</summary>
internal readonly struct Widening512 : IWideningLanes<Vector512<float>, Vector512<double>>
{
    public static int Count => Vector512<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source, int index) => Vector512.LoadUnsafe(ref source, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ref double source, int index) => Vector512.LoadUnsafe(ref source, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> value, ref double destination, int index) => value.StoreUnsafe(ref destination, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector512<double> Lower, Vector512<double> Upper) Widen(Vector512<float> x) => Vector512.Widen(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector512<double> x) => Vector512.Sum(x);
}
