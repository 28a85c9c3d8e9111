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
    public static double Sum(ReadOnlySpan<float> x)
    {
        if (x.Length <= BlockLength)
        {
            return Block(x);
        }
        int half = Half(x.Length);
        return Sum(x[..half]) + Sum(x[half..]);
    }

    /// <summary>Σx.</summary>
    public static double Sum(ReadOnlySpan<double> x)
    {
        if (x.Length <= BlockLength)
        {
            return Block(x);
        }
        int half = Half(x.Length);
        return Sum(x[..half]) + Sum(x[half..]);
    }

    /// <summary>The cut of a run longer than one block: about the middle, on a block boundary.</summary>
    private static int Half(int length) => (length / BlockLength + 1) / 2 * BlockLength;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Block(ReadOnlySpan<float> x)
    {
        ref float p = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        double total = 0;
        if (InstructionSet.UseVector512 && n >= 2 * Vector512<float>.Count)
        {
            Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i + 2 * Vector512<float>.Count <= n; i += 2 * Vector512<float>.Count)
            {
                (Vector512<double> l0, Vector512<double> u0) = Vector512.Widen(Vector512.LoadUnsafe(ref p, (nuint)i));
                (Vector512<double> l1, Vector512<double> u1) = Vector512.Widen(Vector512.LoadUnsafe(ref p, (nuint)(i + Vector512<float>.Count)));
                a0 += l0;
                a1 += u0;
                a2 += l1;
                a3 += u1;
            }
            total = Vector512.Sum(a0 + a1 + (a2 + a3));
        }
        else if (InstructionSet.UseVector256 && n >= 2 * Vector256<float>.Count)
        {
            Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i + 2 * Vector256<float>.Count <= n; i += 2 * Vector256<float>.Count)
            {
                (Vector256<double> l0, Vector256<double> u0) = Vector256.Widen(Vector256.LoadUnsafe(ref p, (nuint)i));
                (Vector256<double> l1, Vector256<double> u1) = Vector256.Widen(Vector256.LoadUnsafe(ref p, (nuint)(i + Vector256<float>.Count)));
                a0 += l0;
                a1 += u0;
                a2 += l1;
                a3 += u1;
            }
            total = Vector256.Sum(a0 + a1 + (a2 + a3));
        }
        else if (InstructionSet.UseVector128 && n >= 2 * Vector128<float>.Count)
        {
            Vector128<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i + 2 * Vector128<float>.Count <= n; i += 2 * Vector128<float>.Count)
            {
                (Vector128<double> l0, Vector128<double> u0) = Vector128.Widen(Vector128.LoadUnsafe(ref p, (nuint)i));
                (Vector128<double> l1, Vector128<double> u1) = Vector128.Widen(Vector128.LoadUnsafe(ref p, (nuint)(i + Vector128<float>.Count)));
                a0 += l0;
                a1 += u0;
                a2 += l1;
                a3 += u1;
            }
            total = Vector128.Sum(a0 + a1 + (a2 + a3));
        }
        for (; i < n; i++)
        {
            total += Unsafe.Add(ref p, i);
        }
        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Block(ReadOnlySpan<double> x)
    {
        ref double p = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        double total = 0;
        if (InstructionSet.UseVector512 && n >= 4 * Vector512<double>.Count)
        {
            Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i + 4 * Vector512<double>.Count <= n; i += 4 * Vector512<double>.Count)
            {
                a0 += Vector512.LoadUnsafe(ref p, (nuint)i);
                a1 += Vector512.LoadUnsafe(ref p, (nuint)(i + Vector512<double>.Count));
                a2 += Vector512.LoadUnsafe(ref p, (nuint)(i + 2 * Vector512<double>.Count));
                a3 += Vector512.LoadUnsafe(ref p, (nuint)(i + 3 * Vector512<double>.Count));
            }
            total = Vector512.Sum(a0 + a1 + (a2 + a3));
        }
        else if (InstructionSet.UseVector256 && n >= 4 * Vector256<double>.Count)
        {
            Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i + 4 * Vector256<double>.Count <= n; i += 4 * Vector256<double>.Count)
            {
                a0 += Vector256.LoadUnsafe(ref p, (nuint)i);
                a1 += Vector256.LoadUnsafe(ref p, (nuint)(i + Vector256<double>.Count));
                a2 += Vector256.LoadUnsafe(ref p, (nuint)(i + 2 * Vector256<double>.Count));
                a3 += Vector256.LoadUnsafe(ref p, (nuint)(i + 3 * Vector256<double>.Count));
            }
            total = Vector256.Sum(a0 + a1 + (a2 + a3));
        }
        else if (InstructionSet.UseVector128 && n >= 4 * Vector128<double>.Count)
        {
            Vector128<double> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i + 4 * Vector128<double>.Count <= n; i += 4 * Vector128<double>.Count)
            {
                a0 += Vector128.LoadUnsafe(ref p, (nuint)i);
                a1 += Vector128.LoadUnsafe(ref p, (nuint)(i + Vector128<double>.Count));
                a2 += Vector128.LoadUnsafe(ref p, (nuint)(i + 2 * Vector128<double>.Count));
                a3 += Vector128.LoadUnsafe(ref p, (nuint)(i + 3 * Vector128<double>.Count));
            }
            total = Vector128.Sum(a0 + a1 + (a2 + a3));
        }
        for (; i < n; i++)
        {
            total += Unsafe.Add(ref p, i);
        }
        return total;
    }
}
