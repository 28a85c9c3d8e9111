using System.Numerics.Tensors;
using Batchwise.Kernels.Elementwise;
using Batchwise.Kernels.Isa;
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
    public static void LayerNorm<T>(T* source, T* destination, int rows, int rowLength, T* weight, T* bias, T eps)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        ForEachRow(source, destination, rows, rowLength, (x, d) => LayerNormRow(x, d, rowLength, weight, bias, eps));

    /// <summary><c>d = x / √(mean(x²) + eps) · w</c> per row (torch's <c>rms_norm</c>).</summary>
    public static void RmsNorm<T>(T* source, T* destination, int rows, int rowLength, T* weight, T eps)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        ForEachRow(source, destination, rows, rowLength, (x, d) => RmsNormRow(x, d, rowLength, weight, eps));

    /// <summary>A normalisation of one row, from x to d.</summary>
    private delegate void RowBody<T>(T* x, T* d) where T : unmanaged;

    /// <summary>
    /// Runs <paramref name="body"/> on every row, split over the cores. A result too large to stay in
    /// cache (<see cref="StreamingStores.WorthwhileForCopy{T}"/>) is made row by row in an L1 buffer and
    /// streamed out in one burst, so that writing it neither reads the destination first nor evicts the source.
    /// </summary>
    private static void ForEachRow<T>(T* source, T* destination, int rows, int rowLength, RowBody<T> body)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint ps = (nint)source, pd = (nint)destination;
        bool stream = source != destination
            && (long)rowLength * sizeof(T) <= StreamingStores.MaxStagedBytes
            && StreamingStores.WorthwhileForCopy<T>((long)rows * rowLength);
        ForRows(rows, rowLength, (start, end) =>
        {
            Span<byte> staging = stream ? stackalloc byte[rowLength * sizeof(T) + 63] : default;
            fixed (byte* pstaging = staging)
            {
                T* pstaged = StreamingStores.CacheLineAligned<T>(pstaging);
                for (long r = start; r < end; r++)
                {
                    T* row = (T*)pd + r * rowLength;
                    body((T*)ps + r * rowLength, stream ? pstaged : row);
                    if (stream)
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

    /// <summary>One row of <see cref="LayerNorm{T}"/> on the widest vector path enabled.</summary>
    private static void LayerNormRow<T>(T* x, T* d, int n, T* w, T* b, T eps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (VectorsFor<T>(n))
        {
            case VectorWidth.Vector512:
                LayerNormPasses<T, Vector512<T>, Vector512Ops<T>>.LayerNorm(x, d, n, w, b, eps);
                break;
            case VectorWidth.Vector256:
                LayerNormPasses<T, Vector256<T>, Vector256Ops<T>>.LayerNorm(x, d, n, w, b, eps);
                break;
            case VectorWidth.Vector128:
                LayerNormPasses<T, Vector128<T>, Vector128Ops<T>>.LayerNorm(x, d, n, w, b, eps);
                break;
            default:
                LayerNormPasses<T, T, ScalarOps<T>>.LayerNorm(x, d, n, w, b, eps);
                break;
        }
    }

    /// <summary>One row of <see cref="RmsNorm{T}"/> on the widest vector path enabled.</summary>
    private static void RmsNormRow<T>(T* x, T* d, int n, T* w, T eps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (VectorsFor<T>(n))
        {
            case VectorWidth.Vector512:
                LayerNormPasses<T, Vector512<T>, Vector512Ops<T>>.RmsNorm(x, d, n, w, eps);
                break;
            case VectorWidth.Vector256:
                LayerNormPasses<T, Vector256<T>, Vector256Ops<T>>.RmsNorm(x, d, n, w, eps);
                break;
            case VectorWidth.Vector128:
                LayerNormPasses<T, Vector128<T>, Vector128Ops<T>>.RmsNorm(x, d, n, w, eps);
                break;
            default:
                LayerNormPasses<T, T, ScalarOps<T>>.RmsNorm(x, d, n, w, eps);
                break;
        }
    }

    /// <summary>The widest enabled vector no longer than a row of <paramref name="n"/> (float and double only).</summary>
    private static VectorWidth VectorsFor<T>(int n) where T : unmanaged
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            return VectorWidth.Scalar;
        }
        return Vector512Ops<T>.IsEnabled && n >= Vector512<T>.Count ? VectorWidth.Vector512
            : Vector256Ops<T>.IsEnabled && n >= Vector256<T>.Count ? VectorWidth.Vector256
            : Vector128Ops<T>.IsEnabled && n >= Vector128<T>.Count ? VectorWidth.Vector128
            : VectorWidth.Scalar;
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
