using Batchwise.Kernels.Gathering;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary>
    /// NumPy's <c>nonzero</c>: one int64 array per axis with the coordinates of the nonzero elements
    /// (true, ≠ 0, NaN; −0.0 is zero) in row-major order.
    /// </summary>
    /// <exception cref="ShapeException">x is 0-d (NumPy 2).</exception>
    public static Tensor<long>[] NonZero<T>(Tensor<T> x) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0)
        {
            ThrowHelper.Shape("Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead.");
        }
        long[] flat = FlatNonZero(x);
        var columns = new long[x.Rank][];
        var result = new Tensor<long>[x.Rank];
        for (int d = 0; d < x.Rank; d++)
        {
            columns[d] = new long[flat.Length];
            result[d] = FromArray(columns[d], flat.Length);
        }
        for (int i = 0; i < flat.Length; i++)
        {
            long p = flat[i];
            for (int d = x.Rank - 1; d >= 0; d--)
            {
                columns[d][i] = p % x.Shape[d];
                p /= x.Shape[d];
            }
        }
        return result;
    }

    /// <summary>NumPy's <c>argwhere</c>: the coordinates of the nonzero elements as one int64 array (N, rank).</summary>
    public static Tensor<long> ArgWhere<T>(Tensor<T> x) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        long[] flat = FlatNonZero(x);
        int rank = x.Rank;
        var data = new long[flat.Length * rank];
        for (int i = 0; i < flat.Length; i++)
        {
            long p = flat[i];
            for (int d = rank - 1; d >= 0; d--)
            {
                data[i * rank + d] = p % x.Shape[d];
                p /= x.Shape[d];
            }
        }
        return FromArray(data, flat.Length, rank);
    }

    /// <summary>NumPy's one-argument <c>where(mask)</c>: the same as <see cref="NonZero{T}"/>.</summary>
    /// <exception cref="ShapeException">The mask is 0-d.</exception>
    public static Tensor<long>[] Where(Tensor<bool> mask) => NonZero(mask);

    /// <summary>The row-major flat positions of x's nonzero elements: one counting pass, one recording pass.</summary>
    internal static long[] FlatNonZero<T>(Tensor<T> x) where T : unmanaged
    {
        Tensor<T> source = x.Contiguous();
        ReadOnlySpan<T> values = source.AsSpan();
        var positions = new long[NonZeroScan.Count(values)];
        NonZeroScan.Positions(values, 0, positions);
        return positions;
    }
}
