using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Batchwise.Kernels.Threading;

namespace Batchwise.LinearAlgebra.Decompositions;

/// <summary>Work on matrices [start, end) of a batch with a per-worker scratch; returns -1 or the first failing index.</summary>
internal delegate long RangeKernel<T>(int start, int end, Span<T> scratch);

/// <summary>Work on one matrix of a batch; returns false when that matrix fails (singular, not positive definite).</summary>
internal delegate bool MatrixKernel<T>(int index, Span<T> scratch);

/// <summary>
/// Spreads a batch of independent matrix problems over the worker pool (so the thread cap holds): the
/// batch is cut into one contiguous range per thread, each range rents one scratch buffer for its whole
/// length (no allocation per matrix), and the smallest failing batch index wins, as if the batch ran in order.
/// </summary>
internal static unsafe class BatchRunner
{
    /// <summary>
    /// Below this many flops in total a batch stays on the calling thread: 128 Ki flops take tens of
    /// microseconds, about what waking a worker and renting its scratch costs.
    /// </summary>
    private const long ParallelFlops = 1 << 17;

    public static long Run<T>(int count, long flopsPerMatrix, int scratchLength, RangeKernel<T> kernel)
    {
        if (count <= 0)
        {
            return -1;
        }
        int workers = Math.Min(WorkerPool.MaxDegree, count);
        if (workers <= 1 || count * Math.Max(flopsPerMatrix, 1) < ParallelFlops)
        {
            return RunRange(0, count, scratchLength, kernel);
        }
        var job = new Job<T> { Kernel = kernel, Count = count, ScratchLength = scratchLength, First = long.MaxValue };
        // The job lives on this stack frame until Run returns, so the pointer stays valid and the
        // delegate stays reachable.
        WorkerPool.Run(&Part<T>, Unsafe.AsPointer(ref job), workers);
        job.Failure?.Throw();
        return job.First == long.MaxValue ? -1 : job.First;
    }

    /// <summary>One matrix at a time; a range stops at its first failure (later ones cannot be first).</summary>
    public static long ForEach<T>(int count, long flopsPerMatrix, int scratchLength, MatrixKernel<T> kernel) =>
        Run<T>(count, flopsPerMatrix, scratchLength, (start, end, scratch) =>
        {
            for (int i = start; i < end; i++)
            {
                if (!kernel(i, scratch))
                {
                    return i;
                }
            }
            return -1;
        });

    private struct Job<T>
    {
        public RangeKernel<T> Kernel;
        public int Count;
        public int ScratchLength;
        public long First;
        public ExceptionDispatchInfo? Failure;
    }

    private static void Part<T>(void* state, int part, int parts)
    {
        ref Job<T> job = ref Unsafe.AsRef<Job<T>>(state);
        int start = (int)((long)job.Count * part / parts), end = (int)((long)job.Count * (part + 1) / parts);
        try
        {
            long failed = RunRange(start, end, job.ScratchLength, job.Kernel);
            if (failed >= 0)
            {
                long seen;
                while (failed < (seen = Interlocked.Read(ref job.First)) && Interlocked.CompareExchange(ref job.First, failed, seen) != seen)
                {
                }
            }
        }
        catch (Exception e)
        {
            // A worker thread must not die with an exception; the caller rethrows it.
            Interlocked.CompareExchange(ref job.Failure, ExceptionDispatchInfo.Capture(e), null);
        }
    }

    private static long RunRange<T>(int start, int end, int scratchLength, RangeKernel<T> kernel)
    {
        T[]? rented = scratchLength > 0 ? ArrayPool<T>.Shared.Rent(scratchLength) : null;
        try
        {
            return kernel(start, end, rented is null ? Span<T>.Empty : rented.AsSpan(0, scratchLength));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<T>.Shared.Return(rented);
            }
        }
    }
}
