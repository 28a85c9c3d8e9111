using Batchwise.Kernels.Linalg.Svd;
using Batchwise.LinearAlgebra.Decompositions;

namespace Batchwise;

public static partial class Linalg
{
    /// <summary>
    /// Singular value decomposition of each matrix of a (..., m, n) stack (<c>numpy.linalg.svd</c>):
    /// <c>a == U @ (S[..., None] * Vh)</c> with S descending, length k = min(m, n).
    /// </summary>
    /// <param name="a">The stack, at least 2-D.</param>
    /// <param name="fullMatrices">True: U is (..., m, m) and Vh (..., n, n); false: (..., m, k) and (..., k, n).</param>
    /// <remarks>One-sided Jacobi per matrix. Singular vectors are unique only up to sign (and within
    /// repeated singular values); those of zero singular values are completed to an orthonormal basis.</remarks>
    /// <exception cref="ShapeException">a has fewer than two dimensions.</exception>
    /// <exception cref="LinAlgException">A matrix holds a NaN or an infinity ("SVD did not converge", with its batch index).</exception>
    public static (Tensor<T> U, Tensor<T> S, Tensor<T> Vh) Svd<T>(Tensor<T> a, bool fullMatrices = true) where T : unmanaged, IFloatingPointIeee754<T>
    {
        (Tensor<T> u, Tensor<T> s, Tensor<T> vh) = SvdCore(a, vectors: true, fullMatrices, "svd");
        return (u, s, vh);
    }

    /// <summary>The singular values (descending) of each matrix (<c>numpy.linalg.svdvals</c>, or <c>svd(a, compute_uv=False)</c>).</summary>
    /// <exception cref="ShapeException">a has fewer than two dimensions.</exception>
    /// <exception cref="LinAlgException">A matrix holds a NaN or an infinity.</exception>
    public static Tensor<T> SvdVals<T>(Tensor<T> a) where T : unmanaged, IFloatingPointIeee754<T> => SvdCore(a, vectors: false, false, "svdvals").S;

    private static (Tensor<T> U, Tensor<T> S, Tensor<T> Vh) SvdCore<T>(Tensor<T> a, bool vectors, bool full, string operation) where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireMatrix(operation, a);
        int m = a.Shape[^2], n = a.Shape[^1], k = Math.Min(m, n);
        ReadOnlySpan<int> batch = a.Shape[..^2];
        Tensor<T> source = a.Contiguous();
        int count = BatchCount(a.Shape);
        int uCols = full ? m : k, vRows = full ? n : k;
        Tensor<T> s = Tensor<T>.Allocate(Concat(batch, k));
        Tensor<T> u = Tensor<T>.Allocate(vectors ? Concat(batch, m, uCols) : [0]);
        Tensor<T> vh = Tensor<T>.Allocate(vectors ? Concat(batch, vRows, n) : [0]);
        if (count == 0)
        {
            return (u, s, vh);
        }
        if (k == 0)
        {
            // No singular values; full bases are identities.
            if (vectors)
            {
                u.CopyFrom(Tensor.Eye<T>(m, uCols));
                vh.CopyFrom(Tensor.Eye<T>(vRows, n));
            }
            return (u, s, vh);
        }
        long failed;
        if (m <= SmallJacobiSvdBatch.MaxOrder && n <= SmallJacobiSvdBatch.MaxOrder)
        {
            failed = BatchRunner.Run<T>(count, 30L * m * n * k, SmallJacobiSvdBatch.ScratchSize<T>(m, n), (start, end, scratch) =>
            {
                long f = SmallJacobiSvdBatch.Decompose<T>(source.AsSpan()[(start * m * n)..], end - start, m, n, s.AsSpan()[(start * k)..],
                    vectors ? u.AsSpan()[(start * m * uCols)..] : Span<T>.Empty,
                    vectors ? vh.AsSpan()[(start * vRows * n)..] : Span<T>.Empty, full, scratch);
                return f < 0 ? -1 : start + f;
            });
        }
        else
        {
            failed = BatchRunner.ForEach<T>(count, 30L * m * n * k, JacobiSvd.ScratchSize(m, n), (i, scratch) =>
                JacobiSvd.Decompose<T>(source.AsSpan().Slice(i * m * n, m * n), m, n, s.AsSpan().Slice(i * k, k),
                    vectors ? u.AsSpan().Slice(i * m * uCols, m * uCols) : Span<T>.Empty,
                    vectors ? vh.AsSpan().Slice(i * vRows * n, vRows * n) : Span<T>.Empty, full, scratch));
        }
        // LAPACK fails on NaN and answers an infinity with NaN or zeros (NumPy's pinv of a matrix holding
        // an inf is all zeros): both are refused, so no finite answer comes from non-finite input.
        ThrowIfFailed(failed, "SVD did not converge: the matrix holds a NaN or an infinity");
        return (u, s, vh);
    }
}
