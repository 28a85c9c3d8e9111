namespace Batchwise.Kernels.Gemm.Dot;

/// <summary>
/// Software prefetch for the GEMV block kernels (<see cref="DotBlock8V256"/>, <see cref="DotBlock16V512"/>)
/// when their matrices come from memory (<see cref="GemmJob{T}.FromMemory"/>): each block of rows first
/// prefetches the block <see cref="DistanceBytes"/> ahead.
/// </summary>
/// <remarks>
/// A stack of small matrices streamed from memory starts a new page at every matrix, where the hardware
/// prefetcher stops; a few KB ahead hides that. In cache the prefetches only take load slots, hence the gate. Long rows give the hardware prefetcher runs
/// of its own, and a burst of hundreds of prefetches per block would only queue, hence
/// <see cref="MaxK"/>.
/// </remarks>
internal static unsafe class GemvPrefetch
{
    /// <summary>How far ahead of a block its lines are prefetched.</summary>
    public const int DistanceBytes = 8192;

    /// <summary>The longest rows that are prefetched.</summary>
    public const int MaxK = 256;

    /// <summary>
    /// Cache lines in a block of <paramref name="rows"/> float rows, or 0 when it is not prefetched: the
    /// job does not stream, or its rows do not lie end to end (so the block is not one run of memory).
    /// </summary>
    public static int Lines(in GemmJob<float> job, int rows) =>
        job.FromMemory && job.ARow == job.K && job.K <= MaxK && Sse.IsSupported ? (rows * job.K * sizeof(float) + 63) / 64 : 0;

    /// <summary>Prefetches <paramref name="lines"/> lines <see cref="DistanceBytes"/> past <paramref name="block"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Ahead(float* block, int lines)
    {
        byte* next = (byte*)block + DistanceBytes;
        for (int l = 0; l < lines; l++)
        {
            Sse.Prefetch0(next + l * 64);
        }
    }
}
