using System.Numerics.Tensors;
using Batchwise.Kernels.Elementwise;
using Batchwise.Kernels.Iteration;

namespace Batchwise.Kernels.Normalization;

/// <summary>
/// Fused layer, RMS and group normalisation of contiguous rows: each row is read from memory once and
/// written once; the statistics passes and the scaling pass run over the row while it is in cache.
/// </summary>
/// <remarks>
/// Assumptions: rows are contiguous and back to back (row r starts at r·rowLength); source and
/// destination either coincide or do not overlap; weight and bias, when not null, hold one value per
/// row element (per channel for group norm); memory is pinned for the call.
/// </remarks>
public static unsafe class NormRows
{
    /// <summary>
    /// <c>d = (x − mean)/√(var + eps) · w + b</c> per row, with the biased variance; mean and variance
    /// in two passes (not E[x²] − E[x]², which cancels).
    /// </summary>
    /// <remarks>
    /// A result too large to stay in cache (<see cref="StreamingStores.WorthwhileForCopy{T}"/>) is made
    /// row by row in an L1 buffer and streamed out, so that writing it neither reads the destination
    /// first nor evicts the source.
    /// </remarks>
    public static void LayerNorm<T>(T* source, T* destination, int rows, int rowLength, T* weight, T* bias, T eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint ps = (nint)source, pd = (nint)destination, pw = (nint)weight, pb = (nint)bias;
        bool stream = source != destination
            && (long)rowLength * sizeof(T) <= StreamingStores.MaxStagedBytes
            && StreamingStores.WorthwhileForCopy<T>((long)rows * rowLength);
        ForRows(rows, rowLength, (start, end) =>
        {
            var w = new ReadOnlySpan<T>((T*)pw, pw == 0 ? 0 : rowLength);
            var b = new ReadOnlySpan<T>((T*)pb, pb == 0 ? 0 : rowLength);
            Span<T> staged = stream ? stackalloc T[rowLength] : default;
            for (long r = start; r < end; r++)
            {
                var x = new ReadOnlySpan<T>((T*)ps + r * rowLength, rowLength);
                T* row = (T*)pd + r * rowLength;
                Span<T> d = stream ? staged : new Span<T>(row, rowLength);
                T scale = Center(x, d, eps);
                Affine(d, scale, w, b);
                if (stream)
                {
                    fixed (T* pstaged = staged)
                    {
                        StreamingStores.Copy((byte*)pstaged, (byte*)row, rowLength * sizeof(T));
                    }
                }
            }
            if (stream)
            {
                Sse.StoreFence();
            }
        });
    }

    /// <summary><c>d = x / √(mean(x²) + eps) · w</c> per row (torch's <c>rms_norm</c>).</summary>
    public static void RmsNorm<T>(T* source, T* destination, int rows, int rowLength, T* weight, T eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint ps = (nint)source, pd = (nint)destination, pw = (nint)weight;
        ForRows(rows, rowLength, (start, end) =>
        {
            var w = new ReadOnlySpan<T>((T*)pw, pw == 0 ? 0 : rowLength);
            T n = T.CreateTruncating(rowLength);
            for (long r = start; r < end; r++)
            {
                var x = new ReadOnlySpan<T>((T*)ps + r * rowLength, rowLength);
                var d = new Span<T>((T*)pd + r * rowLength, rowLength);
                T scale = T.One / T.Sqrt(TensorPrimitives.SumOfSquares(x) / n + eps);
                TensorPrimitives.Multiply(x, scale, d);
                if (!w.IsEmpty)
                {
                    TensorPrimitives.Multiply(d, w, d);
                }
            }
        });
    }

    /// <summary>
    /// Group norm: each row is one (sample, group) block of <paramref name="channels"/> × <paramref name="spatial"/>
    /// elements, normalised as a whole; then channel c of the block is scaled by w[c] and shifted by b[c],
    /// where the block of row r covers channels <c>(r mod groups)·channels …</c>.
    /// </summary>
    public static void GroupNorm<T>(T* source, T* destination, int rows, int groups, int channels, int spatial, T* weight, T* bias, T eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint ps = (nint)source, pd = (nint)destination, pw = (nint)weight, pb = (nint)bias;
        int rowLength = channels * spatial;
        ForRows(rows, rowLength, (start, end) =>
        {
            for (long r = start; r < end; r++)
            {
                var x = new ReadOnlySpan<T>((T*)ps + r * rowLength, rowLength);
                var d = new Span<T>((T*)pd + r * rowLength, rowLength);
                T scale = Center(x, d, eps);
                int firstChannel = (int)(r % groups) * channels;
                for (int c = 0; c < channels; c++)
                {
                    T w = pw == 0 ? T.One : ((T*)pw)[firstChannel + c];
                    T b = pb == 0 ? T.Zero : ((T*)pb)[firstChannel + c];
                    Span<T> plane = d.Slice(c * spatial, spatial);
                    TensorPrimitives.Multiply(plane, scale * w, plane);
                    TensorPrimitives.Add(plane, b, plane);
                }
            }
        });
    }

    /// <summary><c>d = x − mean(x)</c>; returns <c>1/√(var + eps)</c>.</summary>
    private static T Center<T>(ReadOnlySpan<T> x, Span<T> d, T eps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T n = T.CreateTruncating(x.Length);
        T mean = TensorPrimitives.Sum(x) / n;
        TensorPrimitives.Subtract(x, mean, d);
        return T.One / T.Sqrt(TensorPrimitives.SumOfSquares<T>(d) / n + eps);
    }

    /// <summary><c>d = d · scale · w + b</c>, with w and b optional (empty).</summary>
    private static void Affine<T>(Span<T> d, T scale, ReadOnlySpan<T> w, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (w.IsEmpty && b.IsEmpty)
        {
            TensorPrimitives.Multiply(d, scale, d);
        }
        else if (w.IsEmpty)
        {
            TensorPrimitives.MultiplyAdd(d, scale, b, d);
        }
        else
        {
            TensorPrimitives.Multiply(d, scale, d);
            if (b.IsEmpty)
            {
                TensorPrimitives.Multiply(d, w, d);
            }
            else
            {
                TensorPrimitives.MultiplyAdd(d, w, b, d);
            }
        }
    }

    private static void ForRows(int rows, int rowLength, Action<long, long> body)
    {
        if (rows == 0 || rowLength == 0)
        {
            return;
        }
        // About four passes over each element: weigh the work so small inputs stay on one core.
        int workers = WorkSplitter.WorkersFor((long)rows * rowLength * 4);
        WorkSplitter.For(rows, workers, (_, start, end) => body(start, end));
    }
}
