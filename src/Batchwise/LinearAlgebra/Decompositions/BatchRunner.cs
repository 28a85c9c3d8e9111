using System.Buffers;

namespace Batchwise.LinearAlgebra.Decompositions;

/// <summary>Work on matrices [start, end) of a batch with a per-worker scratch; returns -1 or the first failing index.</summary>
internal delegate long RangeKernel<T>(int start, int end, Span<T> scratch);

/// <summary>Work on one matrix of a batch; returns false when that matrix fails (singular, not positive definite).</summary>
internal delegate bool MatrixKernel<T>(int index, Span<T> scratch);

/// <summary>
/// Spreads a batch of independent matrix problems over the cores: the batch is cut into one
/// contiguous range per worker, each worker rents one scratch buffer for its whole range (no
/// allocation per matrix), and the smallest failing batch index wins, as if the batch ran in order.
/// </summary>
internal static class BatchRunner
{
    /// <summary>Below this many flops in total a batch stays on the calling thread.</summary>
    private const long ParallelFlops = 1 << 17;

    public static long Run<T>(int count, long flopsPerMatrix, int scratchLength, RangeKernel<T> kernel)
    {
        if (count <= 0)
        {
            return -1;
        }
        int workers = Math.Min(Environment.ProcessorCount, count);
        if (workers <= 1 || count * Math.Max(flopsPerMatrix, 1) < ParallelFlops)
        {
            return RunRange(0, count, scratchLength, kernel);
        }
        long first = long.MaxValue;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            int start = (int)((long)count * w / workers), end = (int)((long)count * (w + 1) / workers);
            long failed = RunRange(start, end, scratchLength, kernel);
            if (failed >= 0)
            {
                long seen;
                while (failed < (seen = Interlocked.Read(ref first)) && Interlocked.CompareExchange(ref first, failed, seen) != seen)
                {
                }
            }
        });
        return first == long.MaxValue ? -1 : first;
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
