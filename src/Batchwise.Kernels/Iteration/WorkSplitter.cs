using System.Runtime.ExceptionServices;
using Batchwise.Kernels.Threading;

namespace Batchwise.Kernels.Iteration;

/// <summary>
/// Decides when a memory-bound loop is worth spreading over the cores, and splits it over
/// <see cref="WorkerPool"/> (so the thread cap holds). Below the threshold the caller's thread does
/// everything: waking a worker costs microseconds, which small tensors cannot repay.
/// </summary>
public static unsafe class WorkSplitter
{
    /// <summary>
    /// Elements below which element-wise work stays on one thread: 128 Ki elements take tens of
    /// microseconds to stream, enough to repay waking a worker and sharing the cache lines.
    /// </summary>
    public const long ParallelThreshold = 1 << 17;

    /// <summary>Number of workers to use for <paramref name="elements"/> elements of streaming work (at most the thread cap).</summary>
    public static int WorkersFor(long elements)
    {
        if (elements < ParallelThreshold)
        {
            return 1;
        }
        return (int)Math.Min(WorkerPool.MaxDegree, Math.Max(1, elements / (ParallelThreshold / 2)));
    }

    /// <summary>
    /// Runs <paramref name="body"/>(worker, start, end) over [0, count) split into at most
    /// <paramref name="workers"/> contiguous ranges; worker numbers are 0-based and distinct. The ranges
    /// run on the worker pool; the first exception a range throws is rethrown here once all have ended.
    /// </summary>
    public static void For(long count, int workers, Action<int, long, long> body)
    {
        if (workers <= 1 || count < 2)
        {
            body(0, 0, count);
            return;
        }
        var job = new Job { Body = body, Count = count };
        // The job lives on this stack frame until Run returns, so the pointer stays valid and the
        // delegate stays reachable.
        WorkerPool.Run(&Part, Unsafe.AsPointer(ref job), (int)Math.Min(workers, count));
        job.Failure?.Throw();
    }

    private struct Job
    {
        public Action<int, long, long> Body;
        public long Count;
        public ExceptionDispatchInfo? Failure;
    }

    private static void Part(void* state, int part, int parts)
    {
        ref Job job = ref Unsafe.AsRef<Job>(state);
        try
        {
            job.Body(part, job.Count * part / parts, job.Count * (part + 1) / parts);
        }
        catch (Exception e)
        {
            // A worker thread must not die with an exception; the caller rethrows it.
            Interlocked.CompareExchange(ref job.Failure, ExceptionDispatchInfo.Capture(e), null);
        }
    }
}
