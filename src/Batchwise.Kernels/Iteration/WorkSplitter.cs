namespace Batchwise.Kernels.Iteration;

/// <summary>
/// Decides when a memory-bound loop is worth spreading over the cores, and splits it. Below the
/// threshold the caller's thread does everything: waking a worker costs microseconds, which small
/// tensors cannot repay.
/// </summary>
public static class WorkSplitter
{
    /// <summary>Elements below which element-wise work stays on one thread.</summary>
    public const long ParallelThreshold = 1 << 17;

    /// <summary>Number of workers to use for <paramref name="elements"/> elements of streaming work.</summary>
    public static int WorkersFor(long elements)
    {
        if (elements < ParallelThreshold)
        {
            return 1;
        }
        return (int)Math.Min(Environment.ProcessorCount, Math.Max(1, elements / (ParallelThreshold / 2)));
    }

    /// <summary>
    /// Runs <paramref name="body"/>(worker, start, end) over [0, count) split into at most
    /// <paramref name="workers"/> contiguous ranges; worker numbers are 0-based and distinct.
    /// </summary>
    public static void For(long count, int workers, Action<int, long, long> body)
    {
        if (workers <= 1 || count < 2)
        {
            body(0, 0, count);
            return;
        }
        workers = (int)Math.Min(workers, count);
        Parallel.For(0, workers, w => body(w, count * w / workers, count * (w + 1) / workers));
    }
}
