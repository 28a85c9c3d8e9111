using Batchwise.Kernels.Elementwise;
using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Softmax;

/// <summary>
/// A finished softmax row in its staging buffer, still to be multiplied by its factor (1/Σ, or 1 when
/// the buffer holds the final values) and streamed out to the destination with non-temporal stores.
/// The next row's exponential pass streams it one pair of registers per step, so the stores drain
/// to memory while the exponentials are computed instead of in a burst of their own after each row.
/// </summary>
/// <remarks>
/// The elements before the destination's first cache-line boundary are written with plain stores when
/// the row is taken over; the pairs then start on that boundary, which the streaming store needs. The
/// caller calls <see cref="Finish"/> (whatever the pairs left) before it reuses the staging buffer, and
/// fences after its last row.
/// </remarks>
internal unsafe struct PendingRow<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T* _staged;
    private readonly T* _destination;
    private readonly T _factor;
    private readonly int _length;
    private int _next;

    public PendingRow(T* staged, T factor, T* destination, int length)
    {
        _staged = staged;
        _factor = factor;
        _destination = destination;
        _length = length;
        int head = StreamingStores.ElementsBeforeLine(destination, length);
        for (; _next < head; _next++)
        {
            destination[_next] = staged[_next] * factor;
        }
    }

    /// <summary>Streams the next two registers of the row, if that many are left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StreamPair<TVector, TOps>()
        where TOps : IVectorOps<TVector, T>
    {
        int w = TOps.Count;
        if (_next + 2 * w <= _length)
        {
            TVector f = TOps.Broadcast(_factor);
            TOps.StoreNonTemporal(TOps.Multiply(TOps.Load(_staged + _next), f), _destination + _next);
            TOps.StoreNonTemporal(TOps.Multiply(TOps.Load(_staged + _next + w), f), _destination + _next + w);
            _next += 2 * w;
        }
    }

    /// <summary>Writes what the pairs have not: the rest of the row, streamed where a register fits.</summary>
    public void Finish()
    {
        if (_staged == null || _next >= _length)
        {
            return;
        }
        T factor = _factor;
        StreamingStores.BinaryFromRegisters<T, T, MultiplyOperator<T>>(_staged + _next, 1, &factor, 0, _destination + _next, _length - _next);
        _next = _length;
    }
}
