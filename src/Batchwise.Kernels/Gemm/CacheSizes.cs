using System.Globalization;
using System.Runtime.Intrinsics.X86;

namespace Batchwise.Kernels.Gemm;

/// <summary>
/// The cache sizes the GEMM blocking is derived from, read once: Linux sysfs where it lists them, else the
/// CPUID cache descriptors, else typical x64 values (32 KiB L1d, 1 MiB L2, 32 MiB L3). Virtual machines
/// often hide both the sysfs entries and the descriptor leaves but keep AMD's older L1/L2 leaves, which
/// report the real per-core sizes; their L3 field is not trusted there, since a VM reports nonsense in it.
/// </summary>
internal static class CacheSizes
{
    // The largest size believed, so a bogus report cannot blow up a block size.
    private const long MostBytes = 64L * 1024 * 1024;

    /// <summary>Per-core L1 data cache size in bytes.</summary>
    public static readonly int L1Data = Detect(1, "Data", 32 * 1024);

    /// <summary>Per-core L2 cache size in bytes.</summary>
    public static readonly int L2 = Detect(2, "Unified", 1024 * 1024);

    /// <summary>Shared L3 cache size in bytes.</summary>
    public static readonly int L3 = Detect(3, "Unified", 32 * 1024 * 1024);

    private static int Detect(int level, string type, int fallback) =>
        (int)Math.Min(FromSysfs(level, type) ?? FromCpuid(level) ?? fallback, MostBytes);

    private static long? FromSysfs(int level, string type)
    {
        try
        {
            const string Root = "/sys/devices/system/cpu/cpu0/cache";
            if (!Directory.Exists(Root))
            {
                return null;
            }

            foreach (string dir in Directory.EnumerateDirectories(Root, "index*"))
            {
                string levelText = File.ReadAllText(Path.Combine(dir, "level")).Trim();
                string typeText = File.ReadAllText(Path.Combine(dir, "type")).Trim();
                if (levelText != level.ToString(CultureInfo.InvariantCulture) || typeText != type)
                {
                    continue;
                }

                string size = File.ReadAllText(Path.Combine(dir, "size")).Trim();
                long multiplier = size.EndsWith('K') ? 1024 : size.EndsWith('M') ? 1024 * 1024 : 1;
                if (long.TryParse(size.TrimEnd('K', 'M'), out long value) && value > 0)
                {
                    return value * multiplier;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    private static long? FromCpuid(int level)
    {
        if (!X86Base.IsSupported)
        {
            return null;
        }

        int maxStandard = X86Base.CpuId(0, 0).Eax;
        int maxExtended = X86Base.CpuId(unchecked((int)0x80000000), 0).Eax;
        long? described = null;
        if (maxStandard >= 4)
        {
            described = FromDescriptors(4, level);
        }

        if (described is null && (uint)maxExtended >= 0x8000001D)
        {
            described = FromDescriptors(unchecked((int)0x8000001D), level);
        }

        if (described is not null)
        {
            return described;
        }

        // AMD's older leaves: 0x80000005 ECX[31:24] is the L1d size in KiB, 0x80000006 ECX[31:16] the L2 size.
        long kib = level switch
        {
            1 when (uint)maxExtended >= 0x80000005 => (uint)X86Base.CpuId(unchecked((int)0x80000005), 0).Ecx >> 24,
            2 when (uint)maxExtended >= 0x80000006 => (uint)X86Base.CpuId(unchecked((int)0x80000006), 0).Ecx >> 16,
            _ => 0,
        };
        return kib > 0 ? kib * 1024 : null;
    }

    /// <summary>
    /// The data or unified cache of <paramref name="level"/> in the descriptor leaf (Intel's 4 or AMD's
    /// 0x8000001D, which share a layout): ways × partitions × line size × sets.
    /// </summary>
    private static long? FromDescriptors(int leaf, int level)
    {
        for (int index = 0; index < 16; index++)
        {
            (int eax, int ebx, int ecx, _) = X86Base.CpuId(leaf, index);
            int type = eax & 0x1F; // 0: no more caches, 1: data, 2: instruction, 3: unified
            if (type == 0)
            {
                break;
            }

            if (type != 2 && ((eax >> 5) & 7) == level)
            {
                long ways = ((ebx >> 22) & 0x3FF) + 1, partitions = ((ebx >> 12) & 0x3FF) + 1, line = (ebx & 0xFFF) + 1;
                return ways * partitions * line * ((uint)ecx + 1L);
            }
        }

        return null;
    }
}
