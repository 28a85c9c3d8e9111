using Batchwise.Kernels.Settings;

namespace Batchwise.Kernels.Gemm;

/// <summary>
/// The one place GEMM block sizes come from. They follow the BLIS analytical model
/// (Low et al., "Analytical modeling is enough for high-performance BLIS", 2016):
/// <list type="bullet">
/// <item>KC: the packed KC x NR micro-panel of B is reused by every MR-row micro-panel of A in the
/// ir loop, so it should stay near L1. The model says half of L1, but each KC block also costs a
/// pass over C (load, add, store of every tile), so a panel of 4/3 of L1 does better: the L2
/// streamer refills the panel fast enough, and C traffic halves. Capped at 384.</item>
/// <item>MC: the packed MC x KC block of A is reused by every B micro-panel in the jr loop, so it
/// lives in L2; an eighth of L2 (256 rows on a 2 MiB L2) does as well as larger blocks and
/// leaves L2 to the B panel and C.</item>
/// <item>NC: the KC x NC panel of B is reused by every A block in the ic loop and lives in L3
/// (or in the rest of L2 when L3 is small); 4096 columns keep it a few MB at most.</item>
/// </list>
/// Cache sizes come from <see cref="CacheSizes"/>. <see cref="KcOverride"/>, <see cref="McOverride"/> and <see cref="NcOverride"/>
/// (<c>BATCHWISE_GEMM_KC</c>, <c>_MC</c>, <c>_NC</c>, or <c>BatchwiseSettings</c>) override KC, MC and NC
/// for tuning experiments on a new machine (bench/README.md).
/// </summary>
internal static class Blocking
{
    /// <summary>Per-core L1 data cache size in bytes.</summary>
    public static int L1Bytes => CacheSizes.L1Data;

    /// <summary>Per-core L2 cache size in bytes.</summary>
    public static int L2Bytes => CacheSizes.L2;

    /// <summary>Shared L3 cache size in bytes.</summary>
    public static int L3Bytes => CacheSizes.L3;

    /// <summary>A forced KC, or null for the cache-derived one.</summary>
    public static int? KcOverride { get; set; } = EnvironmentSettings.AtStartup.GemmKc;

    /// <summary>A forced MC (rounded down to a multiple of MR), or null for the cache-derived one.</summary>
    public static int? McOverride { get; set; } = EnvironmentSettings.AtStartup.GemmMc;

    /// <summary>A forced NC (rounded down to a multiple of NR), or null for the default.</summary>
    public static int? NcOverride { get; set; } = EnvironmentSettings.AtStartup.GemmNc;

    /// <summary>
    /// KC for a micro-kernel with NR columns of <typeparamref name="T"/>: a B micro-panel of up to twice
    /// L1, since it streams through L1 once per tile while a deeper panel amortises the tile's loads and
    /// stores of C over more steps (the 64-column AVX-512 panels gained from 256 to 384).
    /// </summary>
    public static int Kc<T>(int nr)
        where T : unmanaged
    {
        if (KcOverride is int forced)
        {
            return forced;
        }

        int kc = L1Bytes * 2 / (nr * Unsafe.SizeOf<T>());
        return Math.Clamp(kc / 8 * 8, 64, 384);
    }

    /// <summary>
    /// KC for a product of depth <paramref name="k"/>: <see cref="Kc{T}"/>, except that a depth up to
    /// a third past it runs as one block. Split, such a depth leaves a thin last block whose pass over
    /// C (a load and a store of every tile) costs about as much as its multiply-adds (the linear layer
    /// X (256, 512) @ W.T (512, 1024) would run 384 + 128 deep).
    /// </summary>
    public static int KcFor<T>(int nr, int k)
        where T : unmanaged
    {
        int kc = Kc<T>(nr);
        return k > kc && k <= kc + kc / 3 ? k : kc;
    }

    /// <summary>MC (a multiple of <paramref name="mr"/>) for the given KC.</summary>
    public static int Mc<T>(int mr, int kc)
        where T : unmanaged
    {
        if (McOverride is int forced)
        {
            return forced / mr * mr;
        }

        int mc = L2Bytes / 8 / (kc * Unsafe.SizeOf<T>());
        mc = Math.Clamp(mc, 4 * mr, 4096);
        return mc / mr * mr;
    }

    /// <summary>NC (a multiple of <paramref name="nr"/>).</summary>
    public static int Nc(int nr) => Math.Max(nr, (NcOverride ?? 4096) / nr * nr);
}
