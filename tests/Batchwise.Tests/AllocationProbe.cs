namespace Batchwise.Tests;

/// <summary>
/// Bytes an action allocates on the calling thread, measured in a window without a collection:
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> can jump across one (dotnet/coreclr#10207), and
/// other tests, and the tensor buffer pool, collect often.
/// </summary>
internal static class AllocationProbe
{
    public static long Measure(Action action, int attempts = 5)
    {
        long bytes = 0;
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            int collections = GC.CollectionCount(0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            if (GC.CollectionCount(0) == collections)
            {
                return bytes;
            }
        }

        return bytes;
    }
}
