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
            i = Add<Widening512, Vector512<float>, Vector512<double>>(ref acc, ref source, ref target, i, n);
        }
        if (InstructionSet.UseVector256)
        {
            i = Add<Widening256, Vector256<float>, Vector256<double>>(ref acc, ref source, ref target, i, n);
        }
        if (InstructionSet.UseVector128)
        {
            i = Add<Widening128, Vector128<float>, Vector128<double>>(ref acc, ref source, ref target, i, n);
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
            i = Add4<Widening512, Vector512<float>, Vector512<double>>(ref acc, ref r0, ref r1, ref r2, ref r3, i, n);
        }
        if (InstructionSet.UseVector256)
        {
            i = Add4<Widening256, Vector256<float>, Vector256<double>>(ref acc, ref r0, ref r1, ref r2, ref r3, i, n);
        }
        if (InstructionSet.UseVector128)
        {
            i = Add4<Widening128, Vector128<float>, Vector128<double>>(ref acc, ref r0, ref r1, ref r2, ref r3, i, n);
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref acc, i) += Unsafe.Add(ref r0, i) + Unsafe.Add(ref r1, i) + (Unsafe.Add(ref r2, i) + Unsafe.Add(ref r3, i));
        }
    }

    /// <summary><see cref="Add(ReadOnlySpan{double}, ReadOnlySpan{float}, Span{double})"/> from element i on, one register width; returns where it stopped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Add<TLanes, TF, TD>(ref double acc, ref float source, ref double target, int i, int n)
        where TLanes : IWideningLanes<TF, TD>
        where TF : struct
        where TD : struct
    {
        for (; i + TLanes.Count <= n; i += TLanes.Count)
        {
            AddWidened<TLanes, TF, TD>(TLanes.Load(ref source, i), ref acc, ref target, i);
        }
        return i;
    }

    /// <summary><see cref="Add4"/> from element i on, one register width; returns where it stopped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Add4<TLanes, TF, TD>(ref double acc, ref float r0, ref float r1, ref float r2, ref float r3, int i, int n)
        where TLanes : IWideningLanes<TF, TD>
        where TF : struct
        where TD : struct
    {
        for (; i + TLanes.Count <= n; i += TLanes.Count)
        {
            TF sum = TLanes.Add(TLanes.Add(TLanes.Load(ref r0, i), TLanes.Load(ref r1, i)),
                TLanes.Add(TLanes.Load(ref r2, i), TLanes.Load(ref r3, i)));
            AddWidened<TLanes, TF, TD>(sum, ref acc, ref acc, i);
        }
        return i;
    }

    /// <summary><c>target[i..] = acc[i..] + (double)x</c> for one float register x (two double registers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddWidened<TLanes, TF, TD>(TF x, ref double acc, ref double target, int i)
        where TLanes : IWideningLanes<TF, TD>
        where TF : struct
        where TD : struct
    {
        int half = TLanes.Count / 2;
        (TD lower, TD upper) = TLanes.Widen(x);
        TLanes.Store(TLanes.Add(TLanes.Load(ref acc, i), lower), ref target, i);
        TLanes.Store(TLanes.Add(TLanes.Load(ref acc, i + half), upper), ref target, i + half);
    }
}
