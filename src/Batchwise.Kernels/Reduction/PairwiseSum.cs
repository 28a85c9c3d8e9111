namespace Batchwise.Kernels.Reduction;

/// <summary>
/// Σx of a contiguous run in double: blocks are summed by four vector accumulators (floats widened to
/// double in registers), and longer runs are halved at a block boundary and their halves added, so the
/// rounding error grows with log2(n / block) rather than n. A float sum is then rounded once, by the
/// caller: well inside NumPy's pairwise error, where one float lane set accumulating a long run drifts
/// by thousands of ulps.
/// </summary>
/// <remarks>
/// Widening costs nothing where sums are bound by memory, and some speed on data in cache, which the
/// short-row kernel (<see cref="ShortRows"/>) keeps in float for rows of up to 256 elements.
/// </remarks>
public static class PairwiseSum
{
    /// <summary>Elements per block: each accumulator lane sees at most 64 of them.</summary>
    public const int BlockLength = 2048;

    /// <summary>Σx of floats, accumulated in double.</summary>
    public static double Sum(ReadOnlySpan<float> x) => Pairwise(x);

    /// <summary>Σx.</summary>
    public static double Sum(ReadOnlySpan<double> x) => Pairwise(x);

    private static double Pairwise<T>(ReadOnlySpan<T> x) where T : unmanaged, INumberBase<T>
    {
        if (x.Length <= BlockLength)
        {
            return Block(x);
        }
        int half = Half(x.Length);
        return Pairwise(x[..half]) + Pairwise(x[half..]);
    }

    /// <summary>The cut of a run longer than one block: about the middle, on a block boundary.</summary>
    private static int Half(int length) => (length / BlockLength + 1) / 2 * BlockLength;

    /// <summary>Σx of one block (float or double): four double accumulators of the widest registers, then the tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Block<T>(ReadOnlySpan<T> x) where T : unmanaged, INumberBase<T>
    {
        ref T p = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        double total = 0;
        if (InstructionSet.UseVector512 && n >= 2 * Widening512.Count)
        {
            i = n - n % (2 * Widening512.Count);
            total = Registers<Widening512, Vector512<float>, Vector512<double>, T>(ref p, i);
        }
        else if (InstructionSet.UseVector256 && n >= 2 * Widening256.Count)
        {
            i = n - n % (2 * Widening256.Count);
            total = Registers<Widening256, Vector256<float>, Vector256<double>, T>(ref p, i);
        }
        else if (InstructionSet.UseVector128 && n >= 2 * Widening128.Count)
        {
            i = n - n % (2 * Widening128.Count);
            total = Registers<Widening128, Vector128<float>, Vector128<double>, T>(ref p, i);
        }
        for (; i < n; i++)
        {
            total += double.CreateTruncating(Unsafe.Add(ref p, i));
        }
        return total;
    }

    /// <summary>Σ p[0, end) in registers of one width: floats widened, doubles as they are.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Registers<TLanes, TF, TD, T>(ref T p, int end)
        where TLanes : IWideningLanes<TF, TD>
        where TF : struct
        where TD : struct
    {
        return typeof(T) == typeof(float)
            ? Widened<TLanes, TF, TD>(ref Unsafe.As<T, float>(ref p), end)
            : Doubles<TLanes, TF, TD>(ref Unsafe.As<T, double>(ref p), end);
    }

    /// <summary>Σ p[0, end) of floats in four double registers, two float registers (four double ones) per step; end is a whole number of steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Widened<TLanes, TF, TD>(ref float p, int end)
        where TLanes : IWideningLanes<TF, TD>
        where TF : struct
        where TD : struct
    {
        int w = TLanes.Count;
        TD a0 = default, a1 = default, a2 = default, a3 = default;
        for (int i = 0; i < end; i += 2 * w)
        {
            (TD l0, TD u0) = TLanes.Widen(TLanes.Load(ref p, i));
            (TD l1, TD u1) = TLanes.Widen(TLanes.Load(ref p, i + w));
            a0 = TLanes.Add(a0, l0);
            a1 = TLanes.Add(a1, u0);
            a2 = TLanes.Add(a2, l1);
            a3 = TLanes.Add(a3, u1);
        }
        return TLanes.Sum(TLanes.Add(TLanes.Add(a0, a1), TLanes.Add(a2, a3)));
    }

    /// <summary>Σ p[0, end) of doubles in four double registers, four loaded per step; end is a whole number of steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Doubles<TLanes, TF, TD>(ref double p, int end)
        where TLanes : IWideningLanes<TF, TD>
        where TF : struct
        where TD : struct
    {
        int w = TLanes.Count / 2;
        TD a0 = default, a1 = default, a2 = default, a3 = default;
        for (int i = 0; i < end; i += 4 * w)
        {
            a0 = TLanes.Add(a0, TLanes.Load(ref p, i));
            a1 = TLanes.Add(a1, TLanes.Load(ref p, i + w));
            a2 = TLanes.Add(a2, TLanes.Load(ref p, i + 2 * w));
            a3 = TLanes.Add(a3, TLanes.Load(ref p, i + 3 * w));
        }
        return TLanes.Sum(TLanes.Add(TLanes.Add(a0, a1), TLanes.Add(a2, a3)));
    }
}
