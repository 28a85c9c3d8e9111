using System.Runtime.Intrinsics.X86;
using Batchwise.Kernels.Settings;
using Batchwise.Kernels.Threading;

namespace Batchwise.Kernels.Gathering;

/// <summary>
/// How many pages one core can keep translated: the entries of its second-level data TLB for 4 KiB
/// pages, read once from CPUID (AMD's leaf 0x80000006, Intel's leaf 0x18), else 4,096.
/// </summary>
/// <remarks>
/// A gather whose elements each lie on a page of their own (one log-prob per row of a (8,256,8192)
/// tensor: 2,048 rows 32 KB apart) is bound by address translation once its pages outnumber the TLB,
/// even when every line it reads is cached: each element then costs a page walk, and in a virtual
/// machine a nested one. 4 KiB pages are counted even when the tensor sits on 2 MB pages, because a
/// guest's large page is translated in pieces as small as the host's, which the guest cannot see.
/// Split across cores, each core translates only its own share, so such a gather takes as many
/// workers as it needs for each share to fit in half a TLB (the other half is for the index, the
/// result, the stack and the code).
/// </remarks>
internal static class TlbReach
{
    // Where CPUID says nothing: a TLB as large as any measured (the Zen 5's), so that an unknown
    // machine splits only gathers that would overflow that one too.
    private const int Fallback = 4096;

    // AMD's field is 12 bits wide: a TLB of 4,096 entries cannot be told apart from a saturated 0xFFF.
    private const int SaturatedAmdField = 0xFFF;

    /// <summary>What CPUID reports (or <see cref="Fallback"/>), read once.</summary>
    public static int Detected { get; } = Detect();

    /// <summary>
    /// The entries gathers plan with: <c>BATCHWISE_TLB_ENTRIES</c> when set, else <see cref="Detected"/>;
    /// <c>BatchwiseSettings.TlbEntries</c> sets it from code.
    /// </summary>
    public static int Entries { get; set; } = EnvironmentSettings.AtStartup.TlbEntries ?? Detected;

    /// <summary>Distinct pages one worker's share of a scattered gather may touch.</summary>
    public static long PagesPerWorker => Math.Max(1, Entries / 2);

    /// <summary>Workers for a gather touching <paramref name="pages"/> distinct pages: each share within <see cref="PagesPerWorker"/>, at most the thread cap.</summary>
    public static int WorkersFor(long pages) =>
        pages <= PagesPerWorker ? 1 : (int)Math.Min(WorkerPool.MaxDegree, (pages + PagesPerWorker - 1) / PagesPerWorker);

    private static int Detect()
    {
        if (!X86Base.IsSupported)
        {
            return Fallback;
        }
        int maxStandard = X86Base.CpuId(0, 0).Eax;
        uint maxExtended = (uint)X86Base.CpuId(unchecked((int)0x80000000), 0).Eax;

        // AMD: 0x80000006 EBX[27:16] counts the L2 data TLB's 4 KiB entries (zero on Intel, where the leaf reports no TLBs).
        int amd = maxExtended >= 0x80000006 ? (X86Base.CpuId(unchecked((int)0x80000006), 0).Ebx >> 16) & 0xFFF : 0;
        if (amd > 0)
        {
            return amd == SaturatedAmdField ? 4096 : amd;
        }
        return (maxStandard >= 0x18 ? FromIntelLeaf() : null) ?? Fallback;
    }

    /// <summary>Intel's deterministic address translation leaf: the level-2 data or unified TLB that maps 4 KiB pages, ways × sets.</summary>
    private static int? FromIntelLeaf()
    {
        int subleaves = X86Base.CpuId(0x18, 0).Eax;
        for (int sub = 0; sub <= Math.Min(subleaves, 16); sub++)
        {
            (_, int ebx, int ecx, int edx) = X86Base.CpuId(0x18, sub);
            int type = edx & 0x1F; // 1: data, 2: instruction, 3: unified
            int level = (edx >> 5) & 7;
            bool smallPages = (ebx & 1) != 0;
            if (level == 2 && smallPages && (type == 1 || type == 3))
            {
                int ways = (ebx >> 16) & 0xFFFF;
                return ways * ecx > 0 ? ways * ecx : null;
            }
        }
        return null;
    }
}
