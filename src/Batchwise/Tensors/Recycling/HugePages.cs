using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Batchwise.Kernels.Settings;

namespace Batchwise.Tensors.Recycling;

/// <summary>
/// Asks Linux to back the buffers of large tensors with 2 MB pages (transparent huge pages), as NumPy
/// does for its arrays of 4 MB and more.
/// </summary>
/// <remarks>
/// Why: with 4 KiB pages, a gather that touches a few thousand rows of a large table (an embedding, the
/// log-probs of a vocabulary) misses the TLB on nearly every row, and a fresh result faults in one small
/// page at a time. Many systems (Ubuntu's default, and the machines this was measured on) set transparent
/// huge pages to <c>madvise</c>, so memory gets them only when asked. The advice covers the 2 MB-aligned
/// inside of a freshly allocated array; it is only advice, so a kernel without huge pages, or one out of
/// them, leaves the array on small pages and nothing else changes. <c>BATCHWISE_HUGE_PAGES=0</c> or <c>BatchwiseSettings.HugePages</c> turns it off.
/// </remarks>
internal static unsafe partial class HugePages
{
    /// <summary>Arrays below this stay on small pages (NumPy's threshold): a 2 MB page would waste too much of a smaller one.</summary>
    public const long MinimumBytes = 4L << 20;

    private const long PageBytes = 2L << 20;
    private const int MadviseHugePage = 14; // MADV_HUGEPAGE

    /// <summary>Whether fresh large buffers are advised (<c>BATCHWISE_HUGE_PAGES=0</c> turns it off).</summary>
    public static bool Enabled { get; set; } = EnvironmentSettings.AtStartup.HugePages;

    /// <summary>Advises the whole 2 MB pages inside a new, pinned <paramref name="array"/>, before anything touches them.</summary>
    public static void Advise<T>(T[] array) where T : unmanaged
    {
        long bytes = (long)array.Length * sizeof(T);
        if (!Enabled || bytes < MinimumBytes || !OperatingSystem.IsLinux())
        {
            return;
        }
        (nint first, long length) = WholePagesInside((nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array)), bytes);
        if (length > 0)
        {
            try
            {
                _ = Madvise(first, (nuint)length, MadviseHugePage); // advice: a failure changes nothing
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                Enabled = false; // a C library without madvise: allocate as before
            }
        }
    }

    /// <summary>The start and length of the whole 2 MB pages inside [<paramref name="start"/>, start + <paramref name="bytes"/>).</summary>
    internal static (nint First, long Length) WholePagesInside(nint start, long bytes)
    {
        long first = (start + PageBytes - 1) & ~(PageBytes - 1);
        long end = (start + bytes) & ~(PageBytes - 1);
        return ((nint)first, Math.Max(0, end - first));
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
