using Batchwise.Kernels.Linalg.Cholesky;
using Batchwise.LinearAlgebra.Decompositions;

namespace Batchwise;

public static partial class Linalg
{
    /// <summary>
    /// The Cholesky factor of each symmetric positive definite matrix of a (..., n, n) stack
    /// (<c>numpy.linalg.cholesky</c>): lower triangular L with <c>L @ L.mT == a</c>, or, when
    /// <paramref name="upper"/>, upper triangular U = Lᵀ with <c>U.mT @ U == a</c>.
    /// </summary>
    /// <remarks>Only the lower triangle is read (the upper one when <paramref name="upper"/>), as in
    /// NumPy; the other triangle of the result is zero. Empty stacks give empty results.</remarks>
    /// <exception cref="ShapeException">a is not a stack of square matrices.</exception>
    /// <exception cref="LinAlgException">"Matrix is not positive definite", with the failing batch index.</exception>
    public static Tensor<T> Cholesky<T>(Tensor<T> a, bool upper = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = RequireSquare("cholesky", a);
        int count = BatchCount(a.Shape);
        if (count == 0 || n == 0)
        {
            return Tensor<T>.Allocate(a.Shape);
        }
        long flops = (long)n * n * n / 3;
        long failed;
        Tensor<T> result;
        if (n <= SmallCholeskyBatch.MaxOrder)
        {
            // The upper factor of a is the transpose of the lower factor of aᵀ, which reads a's upper triangle.
            Tensor<T> source = (upper ? a.MT : a).Contiguous();
            result = Tensor<T>.Allocate(a.Shape);
            failed = BatchRunner.Run<T>(count, flops, SmallCholeskyBatch.ScratchSize<T>(n), (start, end, scratch) =>
            {
                long f = SmallCholeskyBatch.Factor(source.AsSpan()[(start * n * n)..], result.AsSpan()[(start * n * n)..], end - start, n, upper, scratch);
                return f < 0 ? -1 : start + f;
            });
        }
        else
        {
            Tensor<T> work = (upper ? a.MT : a).Copy();
            failed = BatchRunner.ForEach<T>(count, flops, CholeskyKernels.ScratchSize(n), (i, scratch) =>
                CholeskyKernels.Factor(work.AsSpan().Slice(i * n * n, n * n), n, scratch) < 0);
            result = upper ? work.MT.Copy() : work;
        }
        ThrowIfFailed(failed, "Matrix is not positive definite");
        return result;
    }
}
