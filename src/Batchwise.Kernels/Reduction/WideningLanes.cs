using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Reduction;

/// <summary>
/// The register operations of the float sums that accumulate in double, for one width
/// (<see cref="WideningLanes{TF, TD, TFOps, TDOps}"/>): a float register
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

/// <summary>
/// The widening lanes of one register width, from that width's float and double register operations
/// (<see cref="Vector128Ops{T}"/>, <see cref="Vector256Ops{T}"/> or <see cref="Vector512Ops{T}"/>).
/// </summary>
internal readonly struct WideningLanes<TF, TD, TFOps, TDOps> : IWideningLanes<TF, TD>
    where TF : unmanaged
    where TD : unmanaged
    where TFOps : struct, IVectorOps<TF, float>, IWidenOps<TF, TD>
    where TDOps : struct, IVectorOps<TD, double>
{
    public static int Count => TFOps.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF Load(ref float source, int index) => TFOps.Load(ref source, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Load(ref double source, int index) => TDOps.Load(ref source, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(TD value, ref double destination, int index) => TDOps.Store(value, ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TF Add(TF a, TF b) => TFOps.Add(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TD Add(TD a, TD b) => TDOps.Add(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (TD Lower, TD Upper) Widen(TF x) => TFOps.Widen(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(TD x) => TDOps.Sum(x);
}
