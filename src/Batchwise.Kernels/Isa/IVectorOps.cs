using System.Diagnostics.CodeAnalysis;

namespace Batchwise.Kernels.Isa;

/// <summary>
/// The vector operations the width-generic kernels use, one implementation per register width
/// (<see cref="ScalarOps{T}"/>, <see cref="Vector128Ops{T}"/>, <see cref="Vector256Ops{T}"/>,
/// <see cref="Vector512Ops{T}"/>). A kernel written once against this interface is generic over the
/// operator struct, so the JIT compiles one specialised copy per width and every call below becomes
/// one or a few instructions; the kernel itself exists once.
/// </summary>
/// <typeparam name="TVector">The register type (a Vector*&lt;T&gt;, or T itself for the scalar path).</typeparam>
/// <typeparam name="T">The element type, float or double.</typeparam>
internal unsafe interface IVectorOps<TVector, T>
    where T : unmanaged
{
    /// <summary>Lanes per register.</summary>
    static abstract int Count { get; }

    /// <summary>Whether this width runs on the current path (<see cref="InstructionSet"/>).</summary>
    static abstract bool IsEnabled { get; }

    /// <summary>All lanes 0.</summary>
    static abstract TVector Zero { get; }

    /// <summary>Reads <see cref="Count"/> elements (no alignment needed).</summary>
    static abstract TVector Load(T* source);

    /// <summary>Writes <see cref="Count"/> elements (no alignment needed).</summary>
    static abstract void Store(TVector value, T* destination);

    /// <summary>The register at <c>source[index]</c> of managed or unmanaged memory.</summary>
    static abstract TVector Load(ref T source, nint index);

    /// <summary>Writes the register to <c>destination[index]</c> of managed or unmanaged memory.</summary>
    static abstract void Store(TVector value, ref T destination, nint index);

    /// <summary>
    /// Writes a register to an address aligned to its size with a non-temporal (streaming) store, which
    /// skips reading the line first; for results far larger than the caches.
    /// </summary>
    static abstract void StoreNonTemporal(TVector value, T* alignedDestination);

    /// <summary>Every lane = <paramref name="value"/>.</summary>
    static abstract TVector Broadcast(T value);

    /// <summary><c>a·b + c</c>, fused where the hardware has FMA.</summary>
    static abstract TVector Fma(TVector a, TVector b, TVector c);

    /// <summary><c>a + b</c>.</summary>
    static abstract TVector Add(TVector a, TVector b);

    /// <summary><c>a − b</c>.</summary>
    static abstract TVector Subtract(TVector a, TVector b);

    /// <summary><c>a · b</c>.</summary>
    static abstract TVector Multiply(TVector a, TVector b);

    /// <summary><c>a / b</c>, an IEEE division.</summary>
    static abstract TVector Divide(TVector a, TVector b);

    /// <summary>The sum of the lanes.</summary>
    static abstract T Sum(TVector value);

    /// <summary>
    /// <c>max(a, b)</c>, the hardware instruction: a NaN in <paramref name="a"/> may be dropped, which
    /// callers accept where the NaN still reaches the result another way (the attention softmax's sum);
    /// one in <paramref name="b"/> is kept (x86 returns the second operand), as <see cref="FastExp"/> needs.
    /// </summary>
    static abstract TVector Max(TVector a, TVector b);

    /// <summary><c>min(a, b)</c>, the hardware instruction: a NaN in <paramref name="b"/> is kept, one in <paramref name="a"/> may be dropped.</summary>
    static abstract TVector Min(TVector a, TVector b);

    /// <summary><c>eˣ</c> per lane; <c>e^−∞ = 0</c>.</summary>
    static abstract TVector Exp(TVector x);

    /// <summary>
    /// The first half of <see cref="Exp"/>: <c>Exp(x) = ExpFinish(ExpReduce(x, out s), s)</c>, for loops
    /// that overlap one vector's polynomial with the next vector's reduction (<see cref="FastExp"/>).
    /// Where the exponential has no halves (double, scalar) the first returns x and the second is Exp.
    /// </summary>
    static abstract TVector ExpReduce(TVector x, out TVector scale);

    /// <summary>The second half of <see cref="Exp"/>; see <see cref="ExpReduce"/>.</summary>
    static abstract TVector ExpFinish(TVector reduced, TVector scale);

    /// <summary>Lanes equal to −∞ become 0, the others are kept.</summary>
    static abstract TVector ZeroIfNegativeInfinity(TVector x);

    /// <summary>Each lane rounded to the nearest integer, ties to even.</summary>
    static abstract TVector Round(TVector x);

    /// <summary>
    /// <c>2^(k/8)</c> per lane for lanes that hold <c>1.5·2²³ + k</c> (the float that rounding by adding
    /// 1.5·2²³ leaves), k an integer in [−1016, 1023]: the table entry <c>2^((k mod 8)/8)</c> with
    /// <c>k >> 3</c> added to its exponent field, +0 at k = −1016 (<see cref="FastExp"/>). Float lanes only.
    /// </summary>
    static abstract TVector PowerOfTwoEighths(TVector t);

    /// <summary>
    /// Whether <see cref="LoadFirst"/> and <see cref="StoreFirst"/> run in hardware (AVX masked moves),
    /// so a kernel may finish a row narrower than a register without touching what lies after it.
    /// </summary>
    static abstract bool HasMaskedAccess { get; }

    /// <summary>A mask of the first <paramref name="count"/> lanes (0 ≤ count ≤ <see cref="Count"/>).</summary>
    static abstract TVector FirstLanes(int count);

    /// <summary>Reads the lanes <paramref name="mask"/> selects; the others are 0 and their memory is not touched.</summary>
    static abstract TVector LoadFirst(T* source, TVector mask);

    /// <summary>Writes the lanes <paramref name="mask"/> selects; the other elements are not touched.</summary>
    static abstract void StoreFirst(TVector value, T* destination, TVector mask);
}

/// <summary>
/// The 128-bit-block operations of a register of floats, for kernels that keep one four-float row per
/// block (<see cref="Gemm.SmallStacks.Rows4x4{TVector, TOps}"/>); the vector widths implement it, a
/// scalar register has no blocks.
/// </summary>
internal unsafe interface IBlockOps<TVector, T>
    where TVector : unmanaged
    where T : unmanaged
{
    /// <summary>The four floats at <paramref name="source"/> in every 128-bit block (vbroadcastf128).</summary>
    static abstract TVector BroadcastBlock(T* source);

    /// <summary>Lane j of each 128-bit block becomes lane <c>(control &gt;&gt; 2j) &amp; 3</c> of that block (vpermilps).</summary>
    static abstract TVector PermuteInBlocks(TVector value, [ConstantExpected] byte control);
}

/// <summary>
/// A float register widened to two double registers of the same width, for the float sums that
/// accumulate in double (<see cref="Reduction.WideningLanes{TF, TD, TFOps, TDOps}"/>).
/// </summary>
internal interface IWidenOps<TF, TD>
    where TF : unmanaged
    where TD : unmanaged
{
    /// <summary>The lower and upper halves of <paramref name="x"/>'s lanes, widened to double.</summary>
    static abstract (TD Lower, TD Upper) Widen(TF x);
}
