using Batchwise.Kernels.Linalg.Eigh;
using Batchwise.LinearAlgebra.Decompositions;

namespace Batchwise;

public static partial class Linalg
{
    /// <summary>
    /// Eigenvalues (ascending) and orthonormal eigenvectors (as columns) of each symmetric matrix of a
    /// (..., n, n) stack (<c>numpy.linalg.eigh</c>): <c>a @ V == V * w[..., None, :]</c>.
    /// </summary>
    /// <param name="a">The stack; only one triangle is read.</param>
    /// <param name="uplo">"L" (default) reads the lower triangle, "U" the upper one.</param>
    /// <remarks>Cyclic Jacobi per matrix, accurate to high relative precision. The sign of each
    /// eigenvector is arbitrary, as in LAPACK.</remarks>
    /// <exception cref="ShapeException">a is not a stack of square matrices.</exception>
    /// <exception cref="InvalidValueException"><paramref name="uplo"/> is neither "L" nor "U".</exception>
    /// <exception cref="LinAlgException">The triangle read holds a NaN or an infinity ("Eigenvalues did not converge", with the batch index).</exception>
    public static (Tensor<T> Eigenvalues, Tensor<T> Eigenvectors) Eigh<T>(Tensor<T> a, string uplo = "L") where T : unmanaged, IFloatingPointIeee754<T>
    {
        (Tensor<T> w, Tensor<T>? v) = EighCore(a, uplo, vectors: true, "eigh");
        return (w, v!);
    }

    /// <summary>The eigenvalues (ascending) of each symmetric matrix (<c>numpy.linalg.eigvalsh</c>).</summary>
    /// <exception cref="ShapeException">a is not a stack of square matrices.</exception>
    /// <exception cref="InvalidValueException"><paramref name="uplo"/> is neither "L" nor "U".</exception>
    public static Tensor<T> EigvalsH<T>(Tensor<T> a, string uplo = "L") where T : unmanaged, IFloatingPointIeee754<T> =>
        EighCore(a, uplo, vectors: false, "eigvalsh").W;

    private static (Tensor<T> W, Tensor<T>? V) EighCore<T>(Tensor<T> a, string uplo, bool vectors, string operation) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = RequireSquare(operation, a);
        bool lower = uplo switch
        {
            "L" or "l" => true,
            "U" or "u" => false,
            _ => ThrowHelper.Value<bool>($"{operation}: UPLO argument must be 'L' or 'U', got '{uplo}'"),
        };
        Tensor<T> source = a.Contiguous();
        int count = BatchCount(a.Shape);
        Tensor<T> w = Tensor<T>.Allocate(a.Shape[..^1]);
        Tensor<T>? v = vectors ? Tensor<T>.Allocate(a.Shape) : null;
        if (count == 0 || n == 0)
        {
            return (w, v);
        }
        long failed;
        if (n <= SmallJacobiEighBatch.MaxOrder)
        {
            failed = BatchRunner.Run<T>(count, 20L * n * n * n, SmallJacobiEighBatch.ScratchSize<T>(n), (start, end, scratch) =>
            {
                long f = SmallJacobiEighBatch.Decompose(source.AsSpan()[(start * n * n)..], w.AsSpan()[(start * n)..],
                    vectors ? v!.AsSpan()[(start * n * n)..] : Span<T>.Empty, end - start, n, lower, scratch);
                return f < 0 ? -1 : start + f;
            });
        }
        else
        {
            failed = BatchRunner.ForEach<T>(count, 20L * n * n * n, n * n, (i, scratch) =>
            {
                source.AsSpan().Slice(i * n * n, n * n).CopyTo(scratch);
                return JacobiEigh.Decompose(scratch, n, lower, w.AsSpan().Slice(i * n, n), vectors ? v!.AsSpan().Slice(i * n * n, n * n) : Span<T>.Empty);
            });
        }
        // As NumPy does for NaN; LAPACK answers an infinity with NaN eigenvalues or an error, refused here too.
        ThrowIfFailed(failed, "Eigenvalues did not converge: the matrix holds a NaN or an infinity");
        return (w, v);
    }
}
