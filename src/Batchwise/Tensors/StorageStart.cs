namespace Batchwise.Tensors;

/// <summary>
/// Where the elements of a pinned tensor buffer start in their array: at the first 64-byte boundary
/// (a cache line, and one AVX-512 vector), and, in arrays of 4 MB and more, a further one of eight
/// steps of 256 KB, picked by the 64 MB block of the address space the array lies in.
/// </summary>
/// <remarks>
/// Why the steps: .NET starts a large pinned array at the same small offset into a 32 MB-aligned
/// region, so a result and its operands often lie a whole multiple of 64 MB apart. Some CPUs (AMD
/// Zen 2 among them) check a load against the stores in flight on the low address bits only: a
/// kernel that reads an operand in place while it writes a result lined up with it that way makes its
/// loads wait for stores they do not depend on. Steps larger than any operand a kernel reads in place
/// put any two arrays less than 512 MB apart out of line, as BLAS libraries offset (colour) their
/// packing buffers. Only address space is spent: the skipped pages are never touched.
/// </remarks>
internal static class StorageStart
{
    /// <summary>The alignment of every pinned buffer's first element, in bytes.</summary>
    public const int Alignment = 64;

    /// <summary>Arrays of at least this many bytes are staggered; smaller ones rarely start a region.</summary>
    public const long StaggeredFromBytes = 4L << 20;

    /// <summary>How many distinct starts there are.</summary>
    public const int Steps = 8;

    /// <summary>The distance between two starts: beyond the 64 KB a GEMM reads in place, with room to spare.</summary>
    public const int StepBytes = 256 << 10;

    /// <summary>Address bits below this one are the ones the loads are checked on (64 MB).</summary>
    private const int BlockShift = 26;

    /// <summary>The extra elements an array needs so that a buffer of <paramref name="length"/> elements fits after its start.</summary>
    public static unsafe int SlackElements<T>(int length) where T : unmanaged =>
        (Alignment + (Staggered<T>(length) ? (Steps - 1) * StepBytes : 0)) / sizeof(T);

    /// <summary>The index in an array at <paramref name="address"/> of a buffer of <paramref name="length"/> elements.</summary>
    public static unsafe int StartIndex<T>(long address, int length) where T : unmanaged
    {
        int toAlignment = (int)(-address & (Alignment - 1));
        int bytes = toAlignment + (Staggered<T>(length) ? Step(address + toAlignment) * StepBytes : 0);
        return bytes / sizeof(T);
    }

    /// <summary>Which of the <see cref="Steps"/> starts an array whose first aligned byte is at <paramref name="alignedAddress"/> takes.</summary>
    internal static int Step(long alignedAddress) => (int)((alignedAddress >> BlockShift) & (Steps - 1));

    private static unsafe bool Staggered<T>(int length) where T : unmanaged => (long)length * sizeof(T) >= StaggeredFromBytes;
}
