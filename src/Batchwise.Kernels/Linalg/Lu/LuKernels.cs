using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Batchwise.Kernels.Linalg.Lu;

/// <summary>
/// LU factorization with partial (row) pivoting of one row-major n x n matrix, <c>P·A = L·U</c>, and
/// what is built on it: solve, inverse and determinant. L is unit lower triangular and shares the
/// storage with U, as in LAPACK's getrf; <c>pivots[k]</c> is the row swapped with row k at step k.
/// </summary>
/// <remarks>
/// <para>Orders below <see cref="BlockedThreshold"/> run the unblocked right-looking algorithm whose
/// row updates are vectorised axpys. Larger orders run the right-looking blocked algorithm: a panel of
/// <see cref="BlockSize"/> columns is factored unblocked, the block row of U is a unit-lower triangular
/// solve, and the trailing matrix is updated by one GEMM (<c>A22 -= L21·U12</c>) on the BLIS engine,
/// where almost all the flops go.</para>
/// <para>A zero pivot (an exactly singular matrix, as LAPACK defines it) does not stop the
/// factorization: the column is skipped and its index is returned, so determinants still come out 0.</para>
/// <para>Scratch: <see cref="ScratchSize"/> elements; nothing is allocated here.</para>
/// </remarks>
public static class LuKernels
{
    /// <summary>Panel width of the blocked algorithm: 64 columns keep a panel row in a few cache lines
    /// and give the GEMM a k-dimension long enough to run near its peak.</summary>
    public const int BlockSize = 64;

    /// <summary>Orders from which the blocked algorithm (and blocked triangular solves) are used.</summary>
    public const int BlockedThreshold = 128;

    /// <summary>Scratch elements the factor, solve and inverse of an order-n matrix need.</summary>
    public static int ScratchSize(int n) => n >= BlockedThreshold ? n * BlockSize : 0;

    /// <summary>Factors <paramref name="a"/> (n x n, row-major, overwritten by L and U) in place.</summary>
    /// <returns>-1, or the first step whose pivot was exactly zero (the matrix is singular).</returns>
    public static int Factor<T>(Span<T> a, int n, Span<int> pivots, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(a.Length >= n * n && pivots.Length >= n);
        if (n < BlockedThreshold)
        {
            return FactorPanel(a, n, 0, n, pivots);
        }
        Debug.Assert(scratch.Length >= ScratchSize(n));
        int info = -1;
        for (int k0 = 0; k0 < n; k0 += BlockSize)
        {
            int w = Math.Min(BlockSize, n - k0);
            int panelInfo = FactorPanel(a, n, k0, w, pivots);
            if (info < 0)
            {
                info = panelInfo;
            }
            int rest = n - k0 - w;
            if (rest == 0)
            {
                continue;
            }
            // U12 = L11^-1 · A12 (unit lower, row-oriented).
            for (int i = k0 + 1; i < k0 + w; i++)
            {
                Span<T> row = a.Slice(i * n + k0 + w, rest);
                for (int p = k0; p < i; p++)
                {
                    DenseBlas.SubtractScaled(row, a[i * n + p], a.Slice(p * n + k0 + w, rest));
                }
            }
            // A22 += (-L21) · U12 on the GEMM engine.
            Span<T> negL21 = scratch[..(rest * w)];
            DenseBlas.CopyNegated(a[((k0 + w) * n + k0)..], n, rest, w, negL21);
            DenseBlas.Gemm(rest, rest, w, ref MemoryMarshal.GetReference(negL21), w,
                ref a[k0 * n + k0 + w], n, false, ref a[(k0 + w) * n + k0 + w], n, accumulate: true);
        }
        return info;
    }

    /// <summary>
    /// Unblocked factorization of the panel of columns [c0, c0+w) over rows [c0, n); rows are swapped
    /// across their full length so that L to the left and A12 to the right follow the pivots.
    /// </summary>
    private static int FactorPanel<T>(Span<T> a, int n, int c0, int w, Span<int> pivots) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int info = -1;
        int end = c0 + w;
        for (int k = c0; k < end; k++)
        {
            int p = k;
            T max = T.Abs(a[k * n + k]);
            for (int i = k + 1; i < n; i++)
            {
                T v = T.Abs(a[i * n + k]);
                if (v > max)
                {
                    max = v;
                    p = i;
                }
            }
            pivots[k] = p;
            if (max == T.Zero)
            {
                if (info < 0)
                {
                    info = k;
                }
                continue;
            }
            DenseBlas.SwapRows(a, n, n, k, p);
            T inverse = T.One / a[k * n + k];
            int width = end - k - 1;
            ReadOnlySpan<T> pivotRow = a.Slice(k * n + k + 1, width);
            for (int i = k + 1; i < n; i++)
            {
                ref T l = ref a[i * n + k];
                l *= inverse;
                if (width > 0)
                {
                    DenseBlas.SubtractScaled(a.Slice(i * n + k + 1, width), l, pivotRow);
                }
            }
        }
        return info;
    }

    /// <summary>
    /// Solves <c>A·X = B</c> from the factors: <paramref name="b"/> (n x k, row-major) is overwritten by X.
    /// </summary>
    public static void Solve<T>(ReadOnlySpan<T> lu, int n, ReadOnlySpan<int> pivots, Span<T> b, int k, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < n; i++)
        {
            DenseBlas.SwapRows(b, k, k, i, pivots[i]);
        }
        Triangular.SolveLower(lu, n, b, k, unitDiagonal: true, scratch);
        Triangular.SolveUpper(lu, n, b, k, scratch);
    }

    /// <summary>
    /// The inverse from the factors, <c>A^-1 = U^-1 · L^-1 · P</c>: L^-1 is formed exploiting its lower
    /// triangular shape (n³/3 flops), U^-1 is applied by a blocked triangular solve, and P swaps columns.
    /// </summary>
    public static void Inverse<T>(ReadOnlySpan<T> lu, int n, ReadOnlySpan<int> pivots, Span<T> inverse, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Triangular.InvertUnitLower(lu, n, inverse, scratch);
        Triangular.SolveUpper(lu, n, inverse, n, scratch);
        for (int k = n - 1; k >= 0; k--)
        {
            int p = pivots[k];
            if (p != k)
            {
                for (int i = 0; i < n; i++)
                {
                    (inverse[i * n + k], inverse[i * n + p]) = (inverse[i * n + p], inverse[i * n + k]);
                }
            }
        }
    }

    /// <summary>det A = (-1)^swaps · prod(diag U).</summary>
    public static T Determinant<T>(ReadOnlySpan<T> lu, int n, ReadOnlySpan<int> pivots) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T det = T.One;
        for (int k = 0; k < n; k++)
        {
            det *= pivots[k] != k ? -lu[k * n + k] : lu[k * n + k];
        }
        return det;
    }

    /// <summary>sign and log|det A| from the factors (sign 0 and log -inf for a singular matrix).</summary>
    public static (T Sign, T LogAbsDet) LogDeterminant<T>(ReadOnlySpan<T> lu, int n, ReadOnlySpan<int> pivots) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sign = T.One;
        T log = T.Zero;
        for (int k = 0; k < n; k++)
        {
            T u = lu[k * n + k];
            if (pivots[k] != k)
            {
                sign = -sign;
            }
            if (u == T.Zero)
            {
                return (T.Zero, T.NegativeInfinity);
            }
            if (u < T.Zero)
            {
                sign = -sign;
            }
            log += T.Log(T.Abs(u));
        }
        return (sign, log);
    }
}
