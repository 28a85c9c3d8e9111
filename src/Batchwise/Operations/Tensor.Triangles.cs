using Batchwise.Kernels.Iteration;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary>
    /// The lower triangle of each matrix in the last two axes (NumPy's and PyTorch's <c>tril</c>): keeps
    /// the elements with <c>col − row ≤ k</c> and writes zero (the default of T) elsewhere; batched over
    /// the leading axes. Any k is allowed. NaN above the kept diagonal becomes 0.
    /// </summary>
    /// <exception cref="ShapeException">Fewer than two axes.</exception>
    public static Tensor<T> Tril<T>(Tensor<T> x, int k = 0) where T : unmanaged => Triangle(x, k, lower: true);

    /// <summary>
    /// The upper triangle of each matrix in the last two axes (<c>triu</c>): keeps <c>col − row ≥ k</c>
    /// and writes zero elsewhere; batched over the leading axes.
    /// </summary>
    /// <exception cref="ShapeException">Fewer than two axes.</exception>
    public static Tensor<T> Triu<T>(Tensor<T> x, int k = 0) where T : unmanaged => Triangle(x, k, lower: false);

    private static Tensor<T> Triangle<T>(Tensor<T> x, int k, bool lower) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 2)
        {
            ThrowHelper.Shape($"{(lower ? "tril" : "triu")}: input must be at least 2-D, not of shape {x.ShapeString}");
        }
        Tensor<T> source = x.Contiguous();
        Tensor<T> result = Tensor<T>.Allocate(x.Shape);
        int rows = x.Shape[^2], cols = x.Shape[^1];
        if (result.Size == 0)
        {
            return result;
        }
        long totalRows = (long)result.Size / cols;
        // Each row is one kept run and one cleared run, so the work is two block operations per row.
        WorkSplitter.For(totalRows, WorkSplitter.WorkersFor(result.Size), (_, start, end) =>
        {
            Span<T> from = source.AsSpan();
            Span<T> to = result.AsSpan();
            for (long r = start; r < end; r++)
            {
                int i = (int)(r % rows);
                long first = lower ? 0 : Math.Clamp((long)i + k, 0, cols);
                long stop = lower ? Math.Clamp((long)i + k + 1, 0, cols) : cols;
                Span<T> row = to.Slice((int)(r * cols), cols);
                from.Slice((int)(r * cols + first), (int)(stop - first)).CopyTo(row.Slice((int)first));
                row[..(int)first].Clear();
                row[(int)stop..].Clear();
            }
        });
        return result;
    }

    /// <summary>
    /// NumPy's <c>diag</c>: for a 1-D x of length n, the (n+|k|)×(n+|k|) matrix with x on diagonal k (above
    /// the main one for k &gt; 0) and zeros elsewhere; for a 2-D x, a copy of its diagonal k (empty past the edge).
    /// </summary>
    /// <exception cref="InvalidValueException">x is neither 1-D nor 2-D.</exception>
    public static Tensor<T> Diag<T>(Tensor<T> x, int k = 0) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 2)
        {
            return Diagonal(x, k).Copy();
        }
        if (x.Rank != 1)
        {
            ThrowHelper.Value($"diag: input must be 1- or 2-d, not of shape {x.ShapeString}");
        }
        int m = (int)Math.Min((long)x.Size + Math.Abs((long)k), int.MaxValue);
        Tensor<T> result = Zeros<T>(m, m);
        Diagonal(result, k).CopyFrom(x);
        return result;
    }

    /// <summary>NumPy's <c>diagflat</c>: <see cref="Diag{T}"/> of the flattened x (any rank).</summary>
    public static Tensor<T> DiagFlat<T>(Tensor<T> x, int k = 0) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        return Diag(x.Ravel(), k);
    }
}
