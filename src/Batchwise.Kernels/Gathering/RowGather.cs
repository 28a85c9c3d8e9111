using Batchwise.Kernels.Elementwise;

namespace Batchwise.Kernels.Gathering;

/// <summary>
/// <c>take</c> along one axis of a contiguous source seen as (outer, n, inner): output row (o, j) is
/// source row (o, index[j]), a block of <c>inner</c> elements. Embedding lookups, <c>index_select</c>
/// and <c>take</c> are all this loop, so whole rows move as memory copies.
/// </summary>
/// <remarks>
/// Assumptions: source is (outer·n·inner) contiguous elements, destination (outer·count·inner); every
/// index was validated (in [-n, n)); rows are numbered o·count + j and [start, end) is a range of them.
/// </remarks>
public static unsafe class RowGather
{
    /// <summary>
    /// Copies output rows [start, end), with non-temporal stores when <paramref name="stream"/> (the
    /// caller asks <see cref="StreamingStores.WorthwhileForCopy{T}"/>) and the vector path has them.
    /// </summary>
    public static void Rows<T, TIndex>(T* source, TIndex* index, int count, long n, long inner, T* destination, long start, long end, bool stream = false)
        where T : unmanaged
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        Debug.Assert(count > 0 && n > 0 && inner > 0 && 0 <= start && start <= end);
        if (inner == 1)
        {
            for (long r = start; r < end; r++)
            {
                long o = r / count;
                destination[r] = source[o * n + IndexCheck.Wrap(index[r - o * count], n)];
            }
            return;
        }
        stream &= StreamingStores.Available;
        long bytes = inner * sizeof(T);
        for (long r = start; r < end; r++)
        {
            long o = r / count;
            long row = o * n + IndexCheck.Wrap(index[r - o * count], n);
            if (stream)
            {
                StreamingStores.CopyLong((byte*)(source + row * inner), (byte*)(destination + r * inner), bytes);
            }
            else
            {
                Buffer.MemoryCopy(source + row * inner, destination + r * inner, bytes, bytes);
            }
        }
        if (stream)
        {
            Sse.StoreFence();
        }
    }
}
