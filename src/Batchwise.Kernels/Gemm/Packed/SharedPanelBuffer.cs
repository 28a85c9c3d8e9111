namespace Batchwise.Kernels.Gemm.Packed;

/// <summary>
/// The packed B panels that every thread of one large product reads (<see cref="GemmDriver{T, TKernel}.RunShared"/>).
/// One buffer is kept between calls, because a fresh multi-megabyte buffer would fault in its pages on every
/// call; a call that finds it taken (two large products on different threads at once) allocates its own.
/// </summary>
internal static unsafe class SharedPanelBuffer
{
    /// <summary>
    /// Most bytes of packed B one round of a shared product holds (whole KC x NC blocks; at least one).
    /// 8 MB keeps a 1024 x 1024 float B in one round and stays in a 32 MB L3 beside the operands.
    /// Settable so tests can force many rounds.
    /// </summary>
    internal static long BudgetBytes = 8L * 1024 * 1024;

    private const int Alignment = 64;

    private static byte[]? s_cached;

    /// <summary>Takes a pinned buffer of at least <paramref name="bytes"/> bytes; hand it back with <see cref="Return"/>.</summary>
    public static byte[] Rent(long bytes)
    {
        byte[]? buffer = Interlocked.Exchange(ref s_cached, null);
        if (buffer == null || buffer.Length < bytes + Alignment)
        {
            buffer = GC.AllocateUninitializedArray<byte>(checked((int)(bytes + Alignment)), pinned: true);
        }

        return buffer;
    }

    /// <summary>Keeps <paramref name="buffer"/> for the next call (the larger of two returned at once).</summary>
    public static void Return(byte[] buffer)
    {
        byte[]? previous = Interlocked.Exchange(ref s_cached, buffer);
        if (previous != null && previous.Length > buffer.Length)
        {
            Interlocked.CompareExchange(ref s_cached, previous, buffer);
        }
    }

    /// <summary>The buffer's first 64-byte aligned address.</summary>
    public static byte* Aligned(byte[] buffer)
    {
        byte* p = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (byte*)(((nuint)p + (Alignment - 1)) & ~(nuint)(Alignment - 1));
    }
}
