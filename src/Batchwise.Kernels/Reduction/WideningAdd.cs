namespace Batchwise.Kernels.Reduction;

/// <summary>
/// <c>destination[i] = accumulator[i] + (double)x[i]</c>: a float row folded into double accumulators
/// (outer reductions of float sums), widened in registers; <c>TensorPrimitives</c> has no mixed-type add.
/// </summary>
public static class WideningAdd
{
    /// <summary>Adds the widened row; the spans have one length, destination may be accumulator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(ReadOnlySpan<double> accumulator, ReadOnlySpan<float> x, Span<double> destination)
    {
        int n = x.Length;
        ref double acc = ref MemoryMarshal.GetReference(accumulator);
        ref float source = ref MemoryMarshal.GetReference(x);
        ref double target = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (InstructionSet.UseVector512)
        {
            for (; i + Vector512<float>.Count <= n; i += Vector512<float>.Count)
            {
                (Vector512<double> lower, Vector512<double> upper) = Vector512.Widen(Vector512.LoadUnsafe(ref source, (nuint)i));
                (Vector512.LoadUnsafe(ref acc, (nuint)i) + lower).StoreUnsafe(ref target, (nuint)i);
                (Vector512.LoadUnsafe(ref acc, (nuint)(i + 8)) + upper).StoreUnsafe(ref target, (nuint)(i + 8));
            }
        }
        if (InstructionSet.UseVector256)
        {
            for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
            {
                (Vector256<double> lower, Vector256<double> upper) = Vector256.Widen(Vector256.LoadUnsafe(ref source, (nuint)i));
                (Vector256.LoadUnsafe(ref acc, (nuint)i) + lower).StoreUnsafe(ref target, (nuint)i);
                (Vector256.LoadUnsafe(ref acc, (nuint)(i + 4)) + upper).StoreUnsafe(ref target, (nuint)(i + 4));
            }
        }
        if (InstructionSet.UseVector128)
        {
            for (; i + Vector128<float>.Count <= n; i += Vector128<float>.Count)
            {
                (Vector128<double> lower, Vector128<double> upper) = Vector128.Widen(Vector128.LoadUnsafe(ref source, (nuint)i));
                (Vector128.LoadUnsafe(ref acc, (nuint)i) + lower).StoreUnsafe(ref target, (nuint)i);
                (Vector128.LoadUnsafe(ref acc, (nuint)(i + 2)) + upper).StoreUnsafe(ref target, (nuint)(i + 2));
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref target, i) = Unsafe.Add(ref acc, i) + Unsafe.Add(ref source, i);
        }
    }

    /// <summary>
    /// <c>accumulator[i] += (double)((x0[i] + x1[i]) + (x2[i] + x3[i]))</c>: four float rows added
    /// pairwise in float (two roundings per element, no growth with the row count) and widened once, so
    /// the double accumulators are read and written once per four rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add4(Span<double> accumulator, ReadOnlySpan<float> x0, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> x3)
    {
        int n = accumulator.Length;
        ref double acc = ref MemoryMarshal.GetReference(accumulator);
        ref float r0 = ref MemoryMarshal.GetReference(x0);
        ref float r1 = ref MemoryMarshal.GetReference(x1);
        ref float r2 = ref MemoryMarshal.GetReference(x2);
        ref float r3 = ref MemoryMarshal.GetReference(x3);
        int i = 0;
        if (InstructionSet.UseVector512)
        {
            for (; i + Vector512<float>.Count <= n; i += Vector512<float>.Count)
            {
                Vector512<float> sum = Vector512.LoadUnsafe(ref r0, (nuint)i) + Vector512.LoadUnsafe(ref r1, (nuint)i)
                    + (Vector512.LoadUnsafe(ref r2, (nuint)i) + Vector512.LoadUnsafe(ref r3, (nuint)i));
                (Vector512<double> lower, Vector512<double> upper) = Vector512.Widen(sum);
                (Vector512.LoadUnsafe(ref acc, (nuint)i) + lower).StoreUnsafe(ref acc, (nuint)i);
                (Vector512.LoadUnsafe(ref acc, (nuint)(i + 8)) + upper).StoreUnsafe(ref acc, (nuint)(i + 8));
            }
        }
        if (InstructionSet.UseVector256)
        {
            for (; i + Vector256<float>.Count <= n; i += Vector256<float>.Count)
            {
                Vector256<float> sum = Vector256.LoadUnsafe(ref r0, (nuint)i) + Vector256.LoadUnsafe(ref r1, (nuint)i)
                    + (Vector256.LoadUnsafe(ref r2, (nuint)i) + Vector256.LoadUnsafe(ref r3, (nuint)i));
                (Vector256<double> lower, Vector256<double> upper) = Vector256.Widen(sum);
                (Vector256.LoadUnsafe(ref acc, (nuint)i) + lower).StoreUnsafe(ref acc, (nuint)i);
                (Vector256.LoadUnsafe(ref acc, (nuint)(i + 4)) + upper).StoreUnsafe(ref acc, (nuint)(i + 4));
            }
        }
        if (InstructionSet.UseVector128)
        {
            for (; i + Vector128<float>.Count <= n; i += Vector128<float>.Count)
            {
                Vector128<float> sum = Vector128.LoadUnsafe(ref r0, (nuint)i) + Vector128.LoadUnsafe(ref r1, (nuint)i)
                    + (Vector128.LoadUnsafe(ref r2, (nuint)i) + Vector128.LoadUnsafe(ref r3, (nuint)i));
                (Vector128<double> lower, Vector128<double> upper) = Vector128.Widen(sum);
                (Vector128.LoadUnsafe(ref acc, (nuint)i) + lower).StoreUnsafe(ref acc, (nuint)i);
                (Vector128.LoadUnsafe(ref acc, (nuint)(i + 2)) + upper).StoreUnsafe(ref acc, (nuint)(i + 2));
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref acc, i) += Unsafe.Add(ref r0, i) + Unsafe.Add(ref r1, i) + (Unsafe.Add(ref r2, i) + Unsafe.Add(ref r3, i));
        }
    }
}
