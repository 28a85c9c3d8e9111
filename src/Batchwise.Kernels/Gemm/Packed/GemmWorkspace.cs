namespace Batchwise.Kernels.Gemm.Packed;

/// <summary>
/// Per-thread packing memory. Each thread (caller or worker) keeps one pinned buffer that only grows,
/// so repeated products allocate nothing after the first; the pinned-object heap keeps the address
/// stable and the GC frees it with the thread.
/// </summary>
internal static unsafe class GemmWorkspace
{
    private const int Alignment = 64;

    /// <summary>The smallest block kept per thread: most products' packed panels then fit the first one, so it is allocated once.</summary>
    private const long MinimumBytes = 256 * 1024;

    [ThreadStatic]
    private static byte[]? t_buffer;

    /// <summary>
    /// A 64-byte aligned block of at least <paramref name="bytes"/> bytes, valid on this thread until
    /// the next call.
    /// </summary>
    public static byte* Get(long bytes)
    {
        byte[]? buffer = t_buffer;
        if (buffer == null || buffer.Length < bytes + Alignment)
        {
            long size = Math.Max(bytes + Alignment, MinimumBytes);
            buffer = GC.AllocateUninitializedArray<byte>(checked((int)size), pinned: true);
            t_buffer = buffer;
        }

        byte* p = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (byte*)(((nuint)p + (Alignment - 1)) & ~(nuint)(Alignment - 1));
    }

    /// <summary>Rounds an element count up so that the next block stays 64-byte aligned.</summary>
    public static long Round<T>(long elements)
        where T : unmanaged
    {
        long bytes = elements * Unsafe.SizeOf<T>();
        return (bytes + Alignment - 1) / Alignment * Alignment;
    }
}
