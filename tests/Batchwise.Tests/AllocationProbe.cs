namespace Batchwise.Tests;

/// <summary>
/// Bytes an action allocates on the calling thread: the fewest of several runs, each in a window
/// without a collection. <see cref="GC.GetAllocatedBytesForCurrentThread"/> can jump when the
/// runtime retires the thread's allocation context, across a collection (dotnet/coreclr#10207) and,
/// rarely, without one (a fresh-clone CI run once saw 3,120 bytes from a loop that allocates
/// nothing); a real allocation shows in every run, such a jump in one. The action must be repeatable.
/// </summary>
internal static class AllocationProbe
{
    public static long Measure(Action action, int runs = 3, int attempts = 10)
    {
        long fewest = long.MaxValue, last = 0;
        int clean = 0;
        for (int attempt = 0; attempt < attempts && clean < runs; attempt++)
        {
            int collections = GC.CollectionCount(0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            last = GC.GetAllocatedBytesForCurrentThread() - before;
            if (GC.CollectionCount(0) == collections)
            {
                fewest = Math.Min(fewest, last);
                clean++;
            }
        }

        return clean > 0 ? fewest : last;
    }
}
