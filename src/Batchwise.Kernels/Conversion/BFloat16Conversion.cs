namespace Batchwise.Kernels.Conversion;

/// <summary>
/// bfloat16 ↔ float32 on spans of raw bits. A bfloat16 is the upper half of a float32, so widening is a
/// 16-bit shift (exact); narrowing rounds to nearest, ties to even, and keeps NaNs NaN (quieted, sign and
/// upper payload kept). The GEMM packing widens bf16 weights with <see cref="Widen"/>.
/// </summary>
public static class BFloat16Conversion
{
    /// <summary><c>destination[i] = float(bits[i] &lt;&lt; 16)</c>; the spans have one length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Widen(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException("destination is shorter than source", nameof(destination));
        }
        int n = source.Length;
        ref ushort s = ref MemoryMarshal.GetReference(source);
        ref uint d = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(destination));
        int i = 0;
        if (InstructionSet.UseVector512)
        {
            for (; i + Vector512<ushort>.Count <= n; i += Vector512<ushort>.Count)
            {
                (Vector512<uint> lower, Vector512<uint> upper) = Vector512.Widen(Vector512.LoadUnsafe(ref s, (nuint)i));
                Vector512.ShiftLeft(lower, 16).StoreUnsafe(ref d, (nuint)i);
                Vector512.ShiftLeft(upper, 16).StoreUnsafe(ref d, (nuint)(i + Vector512<uint>.Count));
            }
        }
        if (InstructionSet.UseVector256)
        {
            for (; i + Vector256<ushort>.Count <= n; i += Vector256<ushort>.Count)
            {
                (Vector256<uint> lower, Vector256<uint> upper) = Vector256.Widen(Vector256.LoadUnsafe(ref s, (nuint)i));
                Vector256.ShiftLeft(lower, 16).StoreUnsafe(ref d, (nuint)i);
                Vector256.ShiftLeft(upper, 16).StoreUnsafe(ref d, (nuint)(i + Vector256<uint>.Count));
            }
        }
        if (InstructionSet.UseVector128)
        {
            for (; i + Vector128<ushort>.Count <= n; i += Vector128<ushort>.Count)
            {
                (Vector128<uint> lower, Vector128<uint> upper) = Vector128.Widen(Vector128.LoadUnsafe(ref s, (nuint)i));
                Vector128.ShiftLeft(lower, 16).StoreUnsafe(ref d, (nuint)i);
                Vector128.ShiftLeft(upper, 16).StoreUnsafe(ref d, (nuint)(i + Vector128<uint>.Count));
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = (uint)Unsafe.Add(ref s, i) << 16;
        }
    }

    /// <summary>
    /// <c>destination[i]</c> = the bfloat16 nearest <c>source[i]</c> (ties to even; overflow to ±inf; NaN stays
    /// NaN). The spans have one length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Narrow(ReadOnlySpan<float> source, Span<ushort> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException("destination is shorter than source", nameof(destination));
        }
        int n = source.Length;
        ref uint s = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(source));
        ref ushort d = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (InstructionSet.UseVector512)
        {
            for (; i + Vector512<ushort>.Count <= n; i += Vector512<ushort>.Count)
            {
                Vector512<uint> lower = Round(Vector512.LoadUnsafe(ref s, (nuint)i));
                Vector512<uint> upper = Round(Vector512.LoadUnsafe(ref s, (nuint)(i + Vector512<uint>.Count)));
                Vector512.Narrow(lower, upper).StoreUnsafe(ref d, (nuint)i);
            }
        }
        if (InstructionSet.UseVector256)
        {
            for (; i + Vector256<ushort>.Count <= n; i += Vector256<ushort>.Count)
            {
                Vector256<uint> lower = Round(Vector256.LoadUnsafe(ref s, (nuint)i));
                Vector256<uint> upper = Round(Vector256.LoadUnsafe(ref s, (nuint)(i + Vector256<uint>.Count)));
                Vector256.Narrow(lower, upper).StoreUnsafe(ref d, (nuint)i);
            }
        }
        if (InstructionSet.UseVector128)
        {
            for (; i + Vector128<ushort>.Count <= n; i += Vector128<ushort>.Count)
            {
                Vector128<uint> lower = Round(Vector128.LoadUnsafe(ref s, (nuint)i));
                Vector128<uint> upper = Round(Vector128.LoadUnsafe(ref s, (nuint)(i + Vector128<uint>.Count)));
                Vector128.Narrow(lower, upper).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = Round(Unsafe.Add(ref s, i));
        }
    }

    /// <summary>The bfloat16 bits nearest the float32 with <paramref name="bits"/> (ties to even, NaN quieted).</summary>
    public static ushort Round(uint bits)
    {
        if ((bits & 0x7FFF_FFFFu) > 0x7F80_0000u)
        {
            return (ushort)((bits >> 16) | 0x0040u);
        }
        // Adding 0x7FFF plus the kept part's lowest bit carries into the kept half exactly when the dropped
        // half is above one half, or one half with an odd kept part; a carry out of the mantissa is the
        // correct next binade (or infinity).
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }

    // The vector forms of Round leave the result in the low 16 bits of each lane for Narrow.
    private static Vector512<uint> Round(Vector512<uint> bits)
    {
        Vector512<uint> rounded = (bits + Vector512.Create(0x7FFFu) + ((bits >> 16) & Vector512<uint>.One)) >> 16;
        Vector512<uint> isNaN = Vector512.GreaterThan(bits & Vector512.Create(0x7FFF_FFFFu), Vector512.Create(0x7F80_0000u));
        return Vector512.ConditionalSelect(isNaN, (bits >> 16) | Vector512.Create(0x0040u), rounded);
    }

    private static Vector256<uint> Round(Vector256<uint> bits)
    {
        Vector256<uint> rounded = (bits + Vector256.Create(0x7FFFu) + ((bits >> 16) & Vector256<uint>.One)) >> 16;
        Vector256<uint> isNaN = Vector256.GreaterThan(bits & Vector256.Create(0x7FFF_FFFFu), Vector256.Create(0x7F80_0000u));
        return Vector256.ConditionalSelect(isNaN, (bits >> 16) | Vector256.Create(0x0040u), rounded);
    }

    private static Vector128<uint> Round(Vector128<uint> bits)
    {
        Vector128<uint> rounded = (bits + Vector128.Create(0x7FFFu) + ((bits >> 16) & Vector128<uint>.One)) >> 16;
        Vector128<uint> isNaN = Vector128.GreaterThan(bits & Vector128.Create(0x7FFF_FFFFu), Vector128.Create(0x7F80_0000u));
        return Vector128.ConditionalSelect(isNaN, (bits >> 16) | Vector128.Create(0x0040u), rounded);
    }
}
