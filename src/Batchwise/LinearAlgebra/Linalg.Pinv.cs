namespace Batchwise;

public static partial class Linalg
{
    /// <summary>
    /// The Moore–Penrose pseudo-inverse of each matrix of a (..., m, n) stack (<c>numpy.linalg.pinv</c>):
    /// <c>V · diag(1/s) · Uᵀ</c> over the singular values above <c>rcond · max(s)</c>; result (..., n, m).
    /// </summary>
    /// <param name="a">The stack, at least 2-D.</param>
    /// <param name="rcond">Relative cutoff for small singular values (NumPy's default 1e-15).</param>
    /// <exception cref="ShapeException">a has fewer than two dimensions.</exception>
    public static Tensor<T> Pinv<T>(Tensor<T> a, double rcond = 1e-15) where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireMatrix("pinv", a);
        int m = a.Shape[^2], n = a.Shape[^1];
        if (a.Size == 0)
        {
            return Tensor.Zeros<T>(Concat(a.Shape[..^2], n, m));
        }
        (Tensor<T> u, Tensor<T> s, Tensor<T> vh) = Svd(a, fullMatrices: false);
        Tensor<T> inverse = InvertSingularValues(s, T.CreateTruncating(rcond));
        return Tensor.MatMul(vh.MT * inverse.Unsqueeze(-2), u.MT);
    }

    /// <summary>1/s where s &gt; cutoff · max(s) (per matrix), else 0.</summary>
    private static Tensor<T> InvertSingularValues<T>(Tensor<T> s, T rcond) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = s.Shape[^1];
        Tensor<T> result = Tensor<T>.Allocate(s.Shape);
        Span<T> src = s.AsSpan(), dst = result.AsSpan();
        for (int start = 0; start < src.Length; start += k)
        {
            T cutoff = rcond * src[start];
            for (int i = start; i < start + k; i++)
            {
                dst[i] = src[i] > cutoff ? T.One / src[i] : T.Zero;
            }
        }
        return result;
    }

    /// <summary>
    /// The rank of each matrix (<c>numpy.linalg.matrix_rank</c>): the number of singular values above
    /// <paramref name="tol"/>, by default <c>max(s) · max(m, n) · eps</c>. A 1-D input has rank 1 unless all zero.
    /// </summary>
    public static Tensor<long> MatrixRank<T>(Tensor<T> a, double? tol = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Rank < 2)
        {
            bool any = a.ToArray().Any(v => v != T.Zero);
            return Tensor.Scalar(any ? 1L : 0L);
        }
        int m = a.Shape[^2], n = a.Shape[^1], k = Math.Min(m, n);
        Tensor<T> s = SvdVals(a);
        Tensor<long> result = Tensor<long>.Allocate(a.Shape[..^2]);
        Span<T> sv = s.AsSpan();
        Span<long> output = result.AsSpan();
        for (int i = 0; i < output.Length; i++)
        {
            ReadOnlySpan<T> row = sv.Slice(i * k, k);
            T threshold = tol is double t ? T.CreateTruncating(t) : k == 0 ? T.Zero : row[0] * T.CreateTruncating(Math.Max(m, n)) * Epsilon<T>();
            long rank = 0;
            foreach (T v in row)
            {
                rank += v > threshold ? 1 : 0;
            }
            output[i] = rank;
        }
        return result;
    }

    /// <summary>
    /// Least-squares solution of <c>a @ x ≈ b</c> for each matrix of a (..., m, n) stack, batched (NumPy's
    /// <c>lstsq</c> takes one matrix only). b is a vector when 1-D (m,), else (..., m, k) with batch axes
    /// broadcast. Singular values below <c>rcond · max(s)</c> (default <c>eps · max(m, n)</c>) are dropped.
    /// </summary>
    /// <returns>x (..., n[, k]); the squared residual norms (..., [k]) when every matrix has full column
    /// rank n &lt; m, else an empty tensor; the ranks (...); the singular values (..., min(m, n)).</returns>
    /// <exception cref="ShapeException">a is not at least 2-D, or b's rows or batch axes do not match.</exception>
    public static (Tensor<T> X, Tensor<T> Residuals, Tensor<long> Rank, Tensor<T> SingularValues) Lstsq<T>(Tensor<T> a, Tensor<T> b, double? rcond = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireMatrix("lstsq", a);
        int m = a.Shape[^2], n = a.Shape[^1];
        bool vector = b.Rank == 1;
        if (b.Rank == 0 || (vector ? b.Shape[0] : b.Shape[^2]) != m)
        {
            ThrowHelper.Shape($"lstsq: incompatible dimensions: shapes {a.ShapeString} and {b.ShapeString}");
        }
        Tensor<T> rhs = vector ? b.Unsqueeze(-1) : b;
        double cutoff = rcond ?? double.CreateTruncating(Epsilon<T>()) * Math.Max(m, n);
        Tensor<T> pinv = Pinv(a, cutoff);
        Tensor<T> x = Tensor.MatMul(pinv, rhs);
        Tensor<T> s = SvdVals(a);
        Tensor<long> rank = MatrixRank(a, null);
        bool fullRank = m > n && rank.ToArray().All(r => r == n);
        Tensor<T> residuals;
        if (fullRank && x.Size > 0)
        {
            Tensor<T> r = Tensor.MatMul(a, x) - rhs;
            residuals = Tensor.Sum(r * r, -2);
            if (vector)
            {
                residuals = residuals.Squeeze(-1);
            }
        }
        else
        {
            residuals = Tensor<T>.Allocate([0]);
        }
        return (vector ? x.Squeeze(-1) : x, residuals, rank, s);
    }
}
