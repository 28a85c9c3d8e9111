namespace Batchwise.Kernels.Gathering;

/// <summary>
/// The common run of a gather along an axis: destination and index both contiguous, as when
/// <c>take_along_axis</c> picks one entry per row or torch's <c>gather</c> reads the last axis. With AVX2
/// it loads eight 4-byte or four 8-byte elements per gather instruction, the element offsets computed
/// in 32-bit lanes: they always fit, since every offset stays inside one tensor storage, whose length
/// is an int.
/// </summary>
internal static unsafe class ContiguousGather
{
    /// <summary>
    /// <c>destination[k] = data[k * dataStride + wrap(index[k]) * axisStride]</c> for the first whole
    /// vectors of [0, count); returns how many elements it did (the caller finishes the rest, and does
    /// everything where this machine, the element type or the index type has no vector form).
    /// </summary>
    /// <remarks>Assumptions: every index is in [-axisLength, axisLength), as validated by the caller.</remarks>
    public static int Run<T, TIndex>(T* destination, TIndex* index, T* data, nint dataStride, nint axisStride, long axisLength, int count)
        where T : unmanaged
        where TIndex : unmanaged
    {
        if (!Avx2.IsSupported || !InstructionSet.UseVector256
            || (typeof(TIndex) != typeof(long) && typeof(TIndex) != typeof(int))
            || dataStride != (int)dataStride || axisStride != (int)axisStride || axisLength > int.MaxValue)
        {
            return 0;
        }
        return sizeof(T) is 4 or 8 ? Gather(destination, index, data, (int)dataStride, (int)axisStride, (int)axisLength, count) : 0;
    }

    /// <summary>Eight elements per step: one 8-lane gather of 4-byte elements, or two 4-lane gathers of 8-byte ones.</summary>
    private static int Gather<T, TIndex>(T* destination, TIndex* index, T* data, int dataStride, int axisStride, int axisLength, int count)
        where T : unmanaged
        where TIndex : unmanaged
    {
        var rowOffsets = Vector256<int>.Indices * dataStride;
        var step = Vector256.Create(8 * dataStride);
        int k = 0;
        for (; k + 8 <= count; k += 8)
        {
            Vector256<int> offsets = Offsets(index + k, axisStride, axisLength) + rowOffsets;
            if (sizeof(T) == 4)
            {
                Avx2.GatherVector256((float*)data, offsets, 4).Store((float*)destination + k);
            }
            else
            {
                Avx2.GatherVector256((double*)data, offsets.GetLower(), 8).Store((double*)destination + k);
                Avx2.GatherVector256((double*)data, offsets.GetUpper(), 8).Store((double*)destination + k + 4);
            }

            rowOffsets += step;
        }
        return k;
    }

    /// <summary>Eight indices, negative ones wrapped, times the axis stride.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Offsets<TIndex>(TIndex* index, int axisStride, int axisLength) where TIndex : unmanaged
    {
        Vector256<int> i = typeof(TIndex) == typeof(long)
            ? Vector256.Narrow(Vector256.Load((long*)index), Vector256.Load((long*)index + 4))
            : Vector256.Load((int*)index);
        i += Vector256.ShiftRightArithmetic(i, 31) & Vector256.Create(axisLength);
        return i * axisStride;
    }
}
