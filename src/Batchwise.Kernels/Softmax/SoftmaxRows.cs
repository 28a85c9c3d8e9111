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
    /// destination (<paramref name="freshDestination"/>) has each row's exponentials made in a stack
    /// buffer and the normalised row streamed out with non-temporal stores, which saves reading the
    /// destination's lines first. While one row is worked on, the next is fetched from memory.
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
            Span<byte> staging = stream ? stackalloc byte[StreamingStores.MaxStagedBytes + 63] : default;
            fixed (byte* pstaging = staging)
            {
                T* staged = stream ? StreamingStores.CacheLineAligned<T>(pstaging) : null;
                for (long r = start; r < end; r++)
                {
                    var x = new ReadOnlySpan<T>((T*)ps + r * sourceRowStride, rowLength);
                    T* row = (T*)pd + r * destinationRowStride;
                    T* next = r + 1 < end ? (T*)ps + (r + 1) * sourceRowStride : null;
                    if (stream)
                    {
                        Row(x, new Span<T>(staged, rowLength), log, safe, streamTo: row, prefetch: next);
                    }
                    else
                    {
                        Row(x, new Span<T>(row, rowLength), log, safe, streamTo: null, prefetch: next);
                    }
                }
            }
            if (stream)
            {
                System.Runtime.Intrinsics.X86.Sse.StoreFence();
            }
        });
    }

    /// <summary>
    /// One row into <paramref name="d"/>, on the widest vector path enabled; or, with
    /// <paramref name="streamTo"/>, worked in <paramref name="d"/> and streamed out to it (the caller
    /// fences). <paramref name="prefetch"/>, when not null, is a row of the same length to fetch meanwhile.
    /// </summary>
    public static void Row<T>(ReadOnlySpan<T> x, Span<T> d, bool log, bool safe, T* streamTo = null, T* prefetch = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Vector512Ops<T>.IsEnabled && x.Length >= Vector512<T>.Count)
        {
            RowPasses<T, Vector512<T>, Vector512Ops<T>>.Row(x, d, log, safe, streamTo, prefetch);
        }
        else if (Vector256Ops<T>.IsEnabled && x.Length >= Vector256<T>.Count)
        {
            RowPasses<T, Vector256<T>, Vector256Ops<T>>.Row(x, d, log, safe, streamTo, prefetch);
        }
        else if (Vector128Ops<T>.IsEnabled && x.Length >= Vector128<T>.Count)
        {
            RowPasses<T, Vector128<T>, Vector128Ops<T>>.Row(x, d, log, safe, streamTo, prefetch);
        }
        else
        {
            RowPasses<T, T, ScalarOps<T>>.Row(x, d, log, safe, streamTo, prefetch);
        }
    }
}
