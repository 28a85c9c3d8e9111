using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Batchwise.Tensors.Recycling;

namespace Batchwise.Tests.Tensors.Recycling;

/// <summary>
/// Large tensor buffers are advised for 2 MB pages on Linux: the advice reaches the kernel (the mapping
/// of a fresh buffer carries the <c>hg</c> flag in <c>/proc/self/smaps</c>) for pooled and unpooled sizes,
/// and covers exactly the whole 2 MB pages inside the array. The setting's plumbing is tested with the
/// other settings (<c>BatchwiseSettingsTests</c>).
/// </summary>
[Collection("BufferRecycling")]
public sealed unsafe class HugePagesTests
{
    private const long Page = 2L << 20;

    [Theory]
    [InlineData(0x1000, 4L << 20, 0x200000, 2L << 20)]          // starts inside a page: the one whole page after it
    [InlineData(0x200000, 4L << 20, 0x200000, 4L << 20)]        // aligned: both pages
    [InlineData(0x200040, (4L << 20) - 64, 0x400000, 2L << 20)] // a header's worth past a boundary
    [InlineData(0x1000, Page, 0x200000, 0)]                     // no whole page inside
    public void WholePagesInside_IsTheAlignedInterior(long start, long bytes, long first, long length)
    {
        (nint gotFirst, long gotLength) = HugePages.WholePagesInside((nint)start, bytes);

        Assert.Equal(length, gotLength);
        if (length > 0)
        {
            Assert.Equal((nint)first, gotFirst);
        }
    }

    [Theory]
    [InlineData(1_500_007)]  // 6 MB: from the pool
    [InlineData(10_000_019)] // 40 MB: above the pool, straight from the runtime
    public void FreshLargeBuffer_IsAdvisedForHugePages(int length)
    {
        if (!HugePagesAvailable())
        {
            return; // not Linux, or a kernel without transparent huge pages: nothing to observe
        }
        BufferPool<float>.Clear();

        Tensor<float> tensor = Tensor.Empty<float>(length);

        nint middle = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(tensor.Storage.Array)) + (nint)length * 2;
        Assert.Contains("hg", VmFlagsOf(middle));
        GC.KeepAlive(tensor);
    }

    private static bool HugePagesAvailable() =>
        OperatingSystem.IsLinux() && File.Exists("/sys/kernel/mm/transparent_hugepage/enabled")
        && !File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled").Contains("[never]", StringComparison.Ordinal);

    /// <summary>The VmFlags of the mapping that holds <paramref name="address"/>.</summary>
    private static string[] VmFlagsOf(nint address)
    {
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long from)
                && long.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long to))
            {
                inside = address >= from && address < to;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }
        throw new InvalidOperationException($"no mapping holds 0x{address:x}");
    }
}
