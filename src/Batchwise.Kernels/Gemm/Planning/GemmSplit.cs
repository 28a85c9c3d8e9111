using Batchwise.Kernels.Gemm.Rows;
using Batchwise.Kernels.Iteration;

namespace Batchwise.Kernels.Gemm.Planning;

/// <summary>How a planned product is cut across threads: over the batch, or over rows or columns of each item.</summary>
internal static class GemmSplit
{
    /// <summary>
    /// Products below this many multiply-adds (m*n*k summed over the batch) stay on the calling thread:
    /// 32 Ki multiply-adds take a few microseconds, about what a fork-join costs.
    /// </summary>
    internal const long ParallelThreshold = 1 << 15;

    /// <summary>The least work of a batch part: 2^18 multiply-adds, a few microseconds on one core.</summary>
    private const long MinPartWork = 1L << 18;

    /// <summary>
    /// Multiply-adds per item below which a batch as long as the threads is split by items rather than
    /// within items: such items are too short for a split inside them to pay.
    /// </summary>
    private const long SmallItemWork = 1 << 16;

    /// <summary>
    /// Multiply-adds of a whole batch below which it is cut into one equal part per thread rather than
    /// guided parts: a short call gains more from each thread finding its half in cache than from balancing.
    /// </summary>
    private const long ShortCallWork = 1L << 22;

    /// <summary>Multiply-adds from which a single product packs B once for all threads (tens of microseconds of work).</summary>
    private const long SharedBWork = 1L << 22;

    /// <summary>B bytes from which packing it once instead of once per thread pays (half of a 512 KiB L2).</summary>
    private const long SharedBMinBytes = 256 * 1024;

    /// <summary>Items per block of the kernels that run sixteen small items at a time.</summary>
    private const int SmallItemBlock = 16;

    /// <summary>Sets the job's split fields (<see cref="GemmJob{T}.Parts"/> and the rest) for <paramref name="threads"/>.</summary>
    public static void Plan<T>(ref GemmJob<T> job, int threads)
        where T : unmanaged
    {
        job.SplitBatch = false;
        job.SplitColumns = false;
        job.SplitAlign = 1;
        job.Parts = 1;
        long itemWork = (long)job.M * job.N * job.K;
        long count = job.BatchCount;
        if (threads <= 1 || itemWork * count < ParallelThreshold)
        {
            return;
        }

        if (count >= threads && (count >= 4 * threads || count % threads == 0 || itemWork < SmallItemWork))
        {
            SplitBatch(ref job, threads);
            return;
        }

        if (LongGevm.Fits(job))
        {
            return; // it splits itself, by depth
        }

        if (job.Kind == GemmKind.Dot)
        {
            if (count > 1)
            {
                SplitBatch(ref job, threads);
            }

            return;
        }

        // The packed driver splits rows when there are enough: each worker then packs only its own
        // rows of A and re-packs all of B. When B is at least twice as wide as A is tall (a linear
        // layer, 256 x 512 @ 512 x 1024), splitting columns repacks the smaller operand instead.
        bool packed = job.Kind == GemmKind.Packed;
        job.SplitColumns = packed
            ? (job.M < 96 * threads || job.N >= 2 * job.M) && job.N > job.M
            : job.Kind != GemmKind.Gemv && job.N >= job.M;
        job.SplitAlign = packed ? (job.SplitColumns ? 64 : 6) : (job.SplitColumns ? 16 : 4);
        int extent = job.SplitColumns ? job.N : job.M;
        job.Parts = Math.Min(threads, (extent + job.SplitAlign - 1) / job.SplitAlign);
    }

    /// <summary>
    /// Whether one large packed product split by rows packs B once for all threads and lets them claim
    /// rows piece by piece, rather than every thread packing all of a B that spills L2.
    /// </summary>
    public static bool PacksBOnce<T>(in GemmJob<T> job)
        where T : unmanaged =>
        job.Kind == GemmKind.Packed && job.Parts > 1 && !job.SplitBatch && !job.SplitColumns && job.BatchCount == 1
        && (long)job.M * job.N * job.K >= SharedBWork && (long)job.K * job.N * Unsafe.SizeOf<T>() > SharedBMinBytes;

    /// <summary>Rows [start, end) or columns of part <paramref name="part"/> of a split within items.</summary>
    public static (int Start, int End) Blocks<T>(in GemmJob<T> job, int part, int parts)
        where T : unmanaged
    {
        int extent = job.SplitColumns ? job.N : job.M;
        int blocks = (extent + job.SplitAlign - 1) / job.SplitAlign;
        int start = (int)((long)blocks * part / parts) * job.SplitAlign;
        int end = Math.Min(extent, (int)((long)blocks * (part + 1) / parts) * job.SplitAlign);
        return (start, end);
    }

    /// <summary>
    /// Short calls: one part per thread, so repeated calls find each half in the same core's L2.
    /// Longer ones: guided parts, claimed dynamically, so a thread slowed by another process on its
    /// core takes fewer of them, and the last parts are small; none below <see cref="MinPartWork"/>.
    /// </summary>
    private static void SplitBatch<T>(ref GemmJob<T> job, int threads)
        where T : unmanaged
    {
        long itemWork = Math.Max(1L, (long)job.M * job.N * job.K);
        long count = job.BatchCount;
        // Small items go to kernels that run sixteen at a time: whole blocks per part once a thread has 64 or more.
        long align = itemWork <= GemmPlanner.SmallOrder * GemmPlanner.SmallOrder * GemmPlanner.SmallOrder
            && count >= 64L * threads ? SmallItemBlock : 1;
        job.SplitBatch = true;
        job.BatchParts = itemWork * count < ShortCallWork
            ? WorkParts.Equal(count, threads, align)
            : WorkParts.Guided(count, threads, (MinPartWork + itemWork - 1) / itemWork, align);
        job.Parts = job.BatchParts.Count;
    }
}
