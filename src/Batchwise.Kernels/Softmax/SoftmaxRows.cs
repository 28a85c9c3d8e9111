using Batchwise.Kernels.Elementwise;
using Batchwise.Kernels.Isa;
using Batchwise.Kernels.Iteration;

namespace Batchwise.Kernels.Softmax;

/// <summary>
/// Softmax and log-softmax of contiguous rows, each row in a few passes that stay in cache
/// (<see cref="RowPasses{T, TVector, TOps}"/>). IEEE arithmetic gives NumPy/PyTorch's edge cases for
/// free: a row that is all −inf, holds +inf or holds NaN becomes all NaN (∞ − ∞ and NaN propagate), and
/// −inf entries become 0 (or −inf).
/// </summary>
/// <remarks>
/// Assumptions: rows are contiguous, <c>rowLength ≥ 1</c>, source and destination rows either
/// coincide or do not overlap, memory is pinned for the call. <c>safe</c> turns rows whose
/// maximum is −inf (every entry masked) into zeros instead of NaN (PyTorch's attention rule).
/// </remarks>
public static unsafe class SoftmaxRows
{
    /// <summary>
    /// Softmax of <paramref name="rows"/> rows of <paramref name="rowLength"/> elements. A large fresh
    /// destination (<paramref name="freshDestination"/>) has each row worked in one of two stack buffers
    /// and streamed out with non-temporal stores (which saves reading the destination's lines first)
    /// while the next row is worked in the other. While one row is worked on, the next is fetched from memory.
    /// </summary>
    public static void Softmax<T>(T* source, nint sourceRowStride, T* destination, nint destinationRowStride, int rows, int rowLength, bool log, bool safe, bool freshDestination = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int workers = WorkSplitter.WorkersFor((long)rows * rowLength * 8);
        bool stream = freshDestination && StreamingStores.Worthwhile<T>((long)rows * rowLength)
            && rowLength * sizeof(T) <= StreamingStores.MaxStagedBytes;
        nint ps = (nint)source, pd = (nint)destination;
        WorkSplitter.For(rows, workers, (_, start, end) =>
        {
            if (!stream)
            {
                for (long r = start; r < end; r++)
                {
                    T* next = r + 1 < end ? (T*)ps + (r + 1) * sourceRowStride : null;
                    WorkRow(new ReadOnlySpan<T>((T*)ps + r * sourceRowStride, rowLength), new Span<T>((T*)pd + r * destinationRowStride, rowLength), log, safe, next, null);
                }
                return;
            }

            Span<byte> staging = stackalloc byte[2 * StreamingStores.MaxStagedBytes + 63];
            fixed (byte* pstaging = staging)
            {
                T* staged = StreamingStores.CacheLineAligned<T>(pstaging);
                PendingRow<T> pending = default;
                for (long r = start; r < end; r++)
                {
                    T* work = staged + (r & 1) * (StreamingStores.MaxStagedBytes / sizeof(T));
                    T* next = r + 1 < end ? (T*)ps + (r + 1) * sourceRowStride : null;
                    T factor = WorkRow(new ReadOnlySpan<T>((T*)ps + r * sourceRowStride, rowLength), new Span<T>(work, rowLength), log, safe, next, &pending);
                    pending.Finish();
                    pending = new PendingRow<T>(work, factor, (T*)pd + r * destinationRowStride, rowLength);
                }
                pending.Finish();
            }
            System.Runtime.Intrinsics.X86.Sse.StoreFence();
        });
    }

    /// <summary>One row into <paramref name="d"/>, on the widest vector path enabled.</summary>
    public static void Row<T>(ReadOnlySpan<T> x, Span<T> d, bool log, bool safe)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        WorkRow(x, d, log, safe, prefetch: null, pending: null);

    /// <summary>
    /// One row into <paramref name="d"/>, on the widest vector path enabled; or, with
    /// <paramref name="pending"/>, worked in <paramref name="d"/> and left there to be multiplied by the
    /// factor returned, while the row *<paramref name="pending"/> holds is streamed out (the caller
    /// fences). <paramref name="prefetch"/>, when not null, is a row of the same length to fetch meanwhile.
    /// </summary>
    internal static T WorkRow<T>(ReadOnlySpan<T> x, Span<T> d, bool log, bool safe, T* prefetch, PendingRow<T>* pending)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Vector512Ops<T>.IsEnabled && x.Length >= Vector512<T>.Count)
        {
            return RowPasses<T, Vector512<T>, Vector512Ops<T>>.Row(x, d, log, safe, prefetch, pending);
        }
        if (Vector256Ops<T>.IsEnabled && x.Length >= Vector256<T>.Count)
        {
            return RowPasses<T, Vector256<T>, Vector256Ops<T>>.Row(x, d, log, safe, prefetch, pending);
        }
        if (Vector128Ops<T>.IsEnabled && x.Length >= Vector128<T>.Count)
        {
            return RowPasses<T, Vector128<T>, Vector128Ops<T>>.Row(x, d, log, safe, prefetch, pending);
        }
        return RowPasses<T, T, ScalarOps<T>>.Row(x, d, log, safe, prefetch, pending);
    }
}
