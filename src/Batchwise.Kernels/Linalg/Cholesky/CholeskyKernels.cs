using Batchwise.Kernels.Linalg.Lu;

namespace Batchwise.Kernels.Linalg.Cholesky;

/// <summary>
/// Cholesky factorization <c>A = L·Lᵀ</c> of one row-major symmetric positive definite n x n matrix,
/// in place. Only the lower triangle is read (NumPy's and LAPACK's UPLO='L'); the strict upper
/// triangle is zeroed on return.
/// </summary>
/// <remarks>
/// <para>Small orders run the row-oriented Cholesky–Banachiewicz loop, whose inner products are over
/// contiguous row prefixes. From <see cref="LuKernels.BlockedThreshold"/> a left-looking blocked
/// variant updates each block column with one GEMM (<c>A[j:, J] -= L[j:, :j]·L[J, :j]ᵀ</c>), then
/// factors the diagonal block and solves the rows below it.</para>
/// <para>A pivot that is zero or negative stops the factorization and its index is returned; a NaN pivot
/// does not: NaN propagates into the factor, as in NumPy.</para>
/// </remarks>
public static class CholeskyKernels
{
    private const int Block = LuKernels.BlockSize;

    /// <summary>Scratch elements <see cref="Factor"/> needs for an order-n matrix.</summary>
    public static int ScratchSize(int n) => n >= LuKernels.BlockedThreshold ? 2 * n * Block + Block * Block : 0;

    /// <summary>Factors in place.</summary>
    /// <returns>-1, or the first column whose pivot was not positive.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Factor<T>(Span<T> a, int n, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(a.Length >= n * n);
        int info = -1;
        if (n < LuKernels.BlockedThreshold)
        {
            info = FactorRows(a, n, 0, n, n);
        }
        else
        {
            for (int j0 = 0; j0 < n && info < 0; j0 += Block)
            {
                int w = Math.Min(Block, n - j0);
                if (j0 > 0)
                {
                    Span<T> negL = scratch[..(w * j0)];
                    DenseBlas.CopyNegated(a[(j0 * n)..], n, w, j0, negL);
                    DenseBlas.Gemm(n - j0, w, j0, ref a[j0 * n], n, ref MemoryMarshal.GetReference(negL), j0, transposeB: true,
                        ref a[j0 * n + j0], n, accumulate: true);
                }
                info = FactorRows(a, n, j0, w, j0 + w);
                if (info >= 0)
                {
                    break;
                }
                // Rows below the diagonal block: L21 = A21 · L11^-T, as one GEMM with the small inverse.
                int rest = n - j0 - w;
                if (rest > 0)
                {
                    Span<T> a21 = scratch[..(rest * w)];
                    Span<T> inverse = scratch.Slice(n * Block, w * w);
                    for (int i = 0; i < rest; i++)
                    {
                        a.Slice((j0 + w + i) * n + j0, w).CopyTo(a21.Slice(i * w, w));
                    }
                    InvertLower(a[(j0 * n + j0)..], n, w, inverse);
                    DenseBlas.Gemm(rest, w, w, ref MemoryMarshal.GetReference(a21), w, ref MemoryMarshal.GetReference(inverse), w, transposeB: true,
                        ref a[(j0 + w) * n + j0], n, accumulate: false);
                }
            }
        }
        for (int i = 0; i < n; i++)
        {
            a.Slice(i * n + i + 1, n - i - 1).Clear();
        }
        return info;
    }

    /// <summary>The inverse (w x w, packed) of the lower triangle of the w x w block at <paramref name="l"/> (row stride n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InvertLower<T>(ReadOnlySpan<T> l, int n, int w, Span<T> inverse) where T : unmanaged, IFloatingPointIeee754<T>
    {
        inverse[..(w * w)].Clear();
        for (int i = 0; i < w; i++)
        {
            Span<T> row = inverse.Slice(i * w, i + 1);
            row[i] = T.One;
            for (int p = 0; p < i; p++)
            {
                DenseBlas.SubtractScaled(row[..(p + 1)], l[i * n + p], inverse.Slice(p * w, p + 1));
            }
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, T.One / l[i * n + i], row);
        }
    }

    /// <summary>
    /// Cholesky–Banachiewicz on rows [r0, r1) and columns [c0, c0+w), where contributions of columns
    /// before c0 were already subtracted: <c>L[i,j] = (A[i,j] - L[i,c0:j]·L[j,c0:j]) / L[j,j]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FactorRows<T>(Span<T> a, int n, int c0, int w, int r1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = c0; i < r1; i++)
        {
            int last = Math.Min(i, c0 + w - 1);
            for (int j = c0; j <= last; j++)
            {
                T s = a[i * n + j] - DenseBlas.Dot(a.Slice(i * n + c0, j - c0), a.Slice(j * n + c0, j - c0));
                if (i == j)
                {
                    // A NaN pivot is not a failure: NaN propagates into the factor, as in NumPy.
                    if (s <= T.Zero)
                    {
                        return i;
                    }
                    a[i * n + i] = T.Sqrt(s);
                }
                else
                {
                    a[i * n + j] = s / a[j * n + j];
                }
            }
        }
        return -1;
    }
}
