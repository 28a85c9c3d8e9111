using System.Globalization;

namespace Batchwise.Kernels.Settings;

/// <summary>
/// Every <c>BATCHWISE_*</c> environment variable the library honours, parsed in one place. The kernels
/// take their starting values from <see cref="AtStartup"/>, read once when the process first touches a
/// kernel, so no hot path ever asks the environment; <c>Batchwise.BatchwiseSettings</c> changes them
/// from code afterwards.
/// </summary>
/// <param name="Threads">
/// <c>BATCHWISE_THREADS</c>: the most threads one operation uses, the caller included; a positive
/// integer, clamped to the processor count. Unset or invalid: the processor count.
/// </param>
/// <param name="VectorWidth">
/// <c>BATCHWISE_ISA</c>: the widest vector path (<c>scalar</c>, <c>v128</c>, <c>v256</c>, <c>v512</c>
/// and their aliases); null when unset or not recognised (the hardware's widest).
/// </param>
/// <param name="GemmKc">
/// <c>BATCHWISE_GEMM_KC</c>: the GEMM depth block, a positive integer; null for the cache-derived value.
/// </param>
/// <param name="GemmMc"><c>BATCHWISE_GEMM_MC</c>: the GEMM row block, as for <paramref name="GemmKc"/>.</param>
/// <param name="GemmNc"><c>BATCHWISE_GEMM_NC</c>: the GEMM column block, as for <paramref name="GemmKc"/>.</param>
/// <param name="RecycleBuffers">
/// <c>BATCHWISE_RECYCLE</c>: false only when it is <c>0</c>; large tensor buffers are otherwise recycled.
/// </param>
/// <param name="HugePages">
/// <c>BATCHWISE_HUGE_PAGES</c>: false only when it is <c>0</c>; buffers of 4 MB and more are otherwise
/// advised to Linux for 2 MB pages.
/// </param>
/// <param name="TlbEntries">
/// <c>BATCHWISE_TLB_ENTRIES</c>: the entries of one core's second-level data TLB for 4 KiB pages that
/// gathers plan with, a positive integer; null for what CPUID reports.
/// </param>
/// <param name="ExpressionBlock">
/// <c>BATCHWISE_EXPRESSION_BLOCK</c>: the elements of one block when expressions run block by block, a
/// non-negative integer, 0 to evaluate every expression whole; null for the default.
/// </param>
internal sealed record EnvironmentSettings(
    int Threads, VectorWidth? VectorWidth, int? GemmKc, int? GemmMc, int? GemmNc, bool RecycleBuffers, bool HugePages, int? TlbEntries,
    int? ExpressionBlock)
{
    /// <summary>The variables as they were when the process first read them.</summary>
    public static EnvironmentSettings AtStartup { get; } = Read();

    /// <summary>Parses the variables as they are now.</summary>
    public static EnvironmentSettings Read() => new(
        Threads: PositiveInt("BATCHWISE_THREADS") is int threads
            ? Math.Min(threads, Environment.ProcessorCount)
            : Environment.ProcessorCount,
        VectorWidth: ParseWidth(Environment.GetEnvironmentVariable("BATCHWISE_ISA")),
        GemmKc: PositiveInt("BATCHWISE_GEMM_KC"),
        GemmMc: PositiveInt("BATCHWISE_GEMM_MC"),
        GemmNc: PositiveInt("BATCHWISE_GEMM_NC"),
        RecycleBuffers: Environment.GetEnvironmentVariable("BATCHWISE_RECYCLE")?.Trim() != "0",
        HugePages: Environment.GetEnvironmentVariable("BATCHWISE_HUGE_PAGES")?.Trim() != "0",
        TlbEntries: PositiveInt("BATCHWISE_TLB_ENTRIES"),
        ExpressionBlock: NonNegativeInt("BATCHWISE_EXPRESSION_BLOCK"));

    /// <summary>The vector width a <c>BATCHWISE_ISA</c> value names, or null when it names none.</summary>
    public static VectorWidth? ParseWidth(string? text) =>
        text?.Trim().ToLowerInvariant() switch
        {
            "scalar" or "none" => Kernels.VectorWidth.Scalar,
            "v128" or "vector128" or "sse" => Kernels.VectorWidth.Vector128,
            "v256" or "vector256" or "avx2" => Kernels.VectorWidth.Vector256,
            "v512" or "vector512" or "avx512" => Kernels.VectorWidth.Vector512,
            _ => null,
        };

    private static int? PositiveInt(string name) => NonNegativeInt(name) is int value && value > 0 ? value : null;

    private static int? NonNegativeInt(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 0
            ? value
            : null;
}
