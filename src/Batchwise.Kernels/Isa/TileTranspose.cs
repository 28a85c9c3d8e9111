namespace Batchwise.Kernels.Isa;

/// <summary>
/// Transposes square blocks in registers, 8 x 8 floats or 4 x 4 doubles at a time with AVX
/// unpack/shuffle/permute, so a block costs a few shuffles per element instead of one scalar move per
/// element. The batch linear-algebra kernels move matrices into their structure-of-arrays tiles with
/// it, fused attention its query block into Qᵀ. Partial blocks, other widths and other CPUs take the
/// callers' scalar loops.
/// </summary>
internal static class TileTranspose
{
    /// <summary>True when <see cref="Block"/> can move full tiles of <typeparamref name="T"/>.</summary>
    public static bool Accelerated<T>() =>
        Avx.IsSupported && Vector<T>.Count * Unsafe.SizeOf<T>() == 32 && (typeof(T) == typeof(float) || typeof(T) == typeof(double));

    /// <summary>
    /// Transposes the lanes x lanes block whose row r starts at <c>source + r·sourceStride</c> into the
    /// block whose row r starts at <c>destination + r·destinationStride</c> (strides in elements).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Block<T>(ref T source, nint sourceStride, ref T destination, nint destinationStride)
    {
        if (typeof(T) == typeof(float))
        {
            ref float s = ref Unsafe.As<T, float>(ref source);
            ref float d = ref Unsafe.As<T, float>(ref destination);
            Vector256<float> r0 = Vector256.LoadUnsafe(ref s), r1 = Vector256.LoadUnsafe(ref s, (nuint)sourceStride);
            Vector256<float> r2 = Vector256.LoadUnsafe(ref s, (nuint)(2 * sourceStride)), r3 = Vector256.LoadUnsafe(ref s, (nuint)(3 * sourceStride));
            Vector256<float> r4 = Vector256.LoadUnsafe(ref s, (nuint)(4 * sourceStride)), r5 = Vector256.LoadUnsafe(ref s, (nuint)(5 * sourceStride));
            Vector256<float> r6 = Vector256.LoadUnsafe(ref s, (nuint)(6 * sourceStride)), r7 = Vector256.LoadUnsafe(ref s, (nuint)(7 * sourceStride));
            Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
            Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
            Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
            Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
            Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref d);
            Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref d, (nuint)destinationStride);
            Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref d, (nuint)(2 * destinationStride));
            Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref d, (nuint)(3 * destinationStride));
            Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref d, (nuint)(4 * destinationStride));
            Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref d, (nuint)(5 * destinationStride));
            Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref d, (nuint)(6 * destinationStride));
            Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref d, (nuint)(7 * destinationStride));
        }
        else if (typeof(T) == typeof(double))
        {
            ref double s = ref Unsafe.As<T, double>(ref source);
            ref double d = ref Unsafe.As<T, double>(ref destination);
            Vector256<double> r0 = Vector256.LoadUnsafe(ref s), r1 = Vector256.LoadUnsafe(ref s, (nuint)sourceStride);
            Vector256<double> r2 = Vector256.LoadUnsafe(ref s, (nuint)(2 * sourceStride)), r3 = Vector256.LoadUnsafe(ref s, (nuint)(3 * sourceStride));
            Vector256<double> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
            Avx.Permute2x128(t0, t2, 0x20).StoreUnsafe(ref d);
            Avx.Permute2x128(t1, t3, 0x20).StoreUnsafe(ref d, (nuint)destinationStride);
            Avx.Permute2x128(t0, t2, 0x31).StoreUnsafe(ref d, (nuint)(2 * destinationStride));
            Avx.Permute2x128(t1, t3, 0x31).StoreUnsafe(ref d, (nuint)(3 * destinationStride));
        }
    }
}
