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
/// variant updates each block column with GEMMs (<c>A[j:, J] -= L[j:, :j]·L[J, :j]ᵀ</c>), then
/// factors the diagonal block and solves the rows below it. Both GEMM steps split the rows over the
/// cores the same way, so each core keeps working on the rows it wrote; results do not depend on the
/// number of threads.</para>
/// <para>A pivot that is zero or negative stops the factorization and its index is returned; a NaN pivot
/// does not: NaN propagates into the factor, as in NumPy.</para>
/// </remarks>
public static class CholeskyKernels
{
    private const int Block = LuKernels.BlockSize;

    /// <summary>Scratch elements <see cref="Factor"/> needs for an order-n matrix.</summary>
    public static int ScratchSize(int n) => n >= LuKernels.BlockedThreshold ? n * Block + Block * Block : 0;

    /// <summary>Factors in place.</summary>
    /// <returns>-1, or the first column whose pivot was not positive.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe int Factor<T>(Span<T> a, int n, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(a.Length >= n * n);
        int info = -1;
        if (n < LuKernels.BlockedThreshold)
        {
            info = FactorRows(a, n, 0, n, n);
        }
        else
        {
            Debug.Assert(scratch.Length >= ScratchSize(n));
            fixed (T* pa = a, ps = scratch)
            {
                // Scratch: the copied rows below the diagonal block (up to n x Block), then the inverse of that block.
                T* inverse = ps + n * Block;
                for (int j0 = 0; j0 < n && info < 0; j0 += Block)
                {
                    int w = Math.Min(Block, n - j0);
                    if (j0 > 0)
                    {
                        UpdateBlockColumn(pa, n, j0, w);
                    }
                    info = FactorRows(a, n, j0, w, j0 + w);
                    if (info < 0 && j0 + w < n)
                    {
                        InvertLower(a[(j0 * n + j0)..], n, w, new Span<T>(inverse, w * w));
                        SolveBelowDiagonal(pa, n, j0, w, ps, inverse);
                    }
                }
            }
        }
        for (int i = 0; i < n; i++)
        {
            a.Slice(i * n + i + 1, n - i - 1).Clear();
        }
        return info;
    }

    /// <summary>
    /// <c>A[j0:, J] -= L[j0:, :j0] · L[J, :j0]ᵀ</c> for the block column J = [j0, j0 + w), reading
    /// <c>L[J, :j0]</c> in place. The GEMM only adds, so the block is negated, added to and negated
    /// back: <c>0 − (−C + P)</c> rounds exactly as <c>C − P</c> (plain negation would turn the exact
    /// zeros of a sparse factor into −0), and the serial copy of a negated <c>L[J, :j0]</c> is gone. The rows are split over the cores, each range one single-threaded GEMM,
    /// so that a row is read and written by the thread that wrote it in <see cref="SolveBelowDiagonal"/>
    /// (a GEMM split its own way moved those lines between cores).
    /// </summary>
    private static unsafe void UpdateBlockColumn<T>(T* a, int n, int j0, int w) where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint pa = (nint)a;
        DenseBlas.ForRowRanges(n - j0, (long)(n - j0) * w * j0, (first, rows) =>
        {
            T* row = (T*)pa + (long)(j0 + first) * n;
            T* lBlock = (T*)pa + (long)j0 * n;
            Negate(row + j0, n, rows, w);
            DenseBlas.Gemm(rows, w, j0, ref *row, n, ref *lBlock, n, transposeB: true, ref row[j0], n, accumulate: true);
            Negate(row + j0, n, rows, w);
        });
    }

    /// <summary><c>x = 0 − x</c> over a block: −x, except that both zeros give +0.</summary>
    private static unsafe void Negate<T>(T* block, int ld, int rows, int columns) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < rows; i++)
        {
            var row = new Span<T>(block + (long)i * ld, columns);
            System.Numerics.Tensors.TensorPrimitives.Subtract(T.Zero, row, row);
        }
    }

    /// <summary>
    /// The rows below the diagonal block J: <c>L21 = A21 · L11⁻ᵀ</c>, one GEMM with the small inverse.
    /// Each range of rows is copied out (the GEMM writes where it reads) and multiplied by the thread
    /// that will update those rows in the next block columns.
    /// </summary>
    private static unsafe void SolveBelowDiagonal<T>(T* a, int n, int j0, int w, T* copies, T* inverse) where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint pa = (nint)a, pc = (nint)copies, pi = (nint)inverse;
        int below = j0 + w;
        DenseBlas.ForRowRanges(n - below, (long)(n - below) * w * w, (first, rows) =>
        {
            T* block = (T*)pa + (long)(below + first) * n + j0;
            T* copy = (T*)pc + (long)first * w;
            for (int i = 0; i < rows; i++)
            {
                new ReadOnlySpan<T>(block + (long)i * n, w).CopyTo(new Span<T>(copy + (long)i * w, w));
            }
            DenseBlas.Gemm(rows, w, w, ref *copy, w, ref *(T*)pi, w, transposeB: true, ref *block, n, accumulate: false);
        });
    }

    /// <summary>
    /// The inverse (w x w, packed) of the lower triangle of the w x w block at <paramref name="l"/> (row
    /// stride n), row by row: <c>X[i, c] = (δᵢ꜀ − Σ_{c≤p&lt;i} L[i,p]·X[p,c]) / L[i,i]</c>. The sums run a
    /// vector of columns at a time in registers (a row of axpys took one call per product row); summing
    /// and then subtracting from 0 rounds as subtracting term by term did.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InvertLower<T>(ReadOnlySpan<T> l, int n, int w, Span<T> inverse) where T : unmanaged, IFloatingPointIeee754<T>
    {
        inverse[..(w * w)].Clear();
        int lanes = Vector<T>.Count;
        for (int i = 0; i < w; i++)
        {
            T scale = T.One / l[i * n + i];
            int c = 0;
            if (Vector.IsHardwareAccelerated)
            {
                // Whole vectors of columns left of the diagonal; X[p, c..] is zero right of column p.
                for (; c + lanes <= i; c += lanes)
                {
                    Vector<T> sum = Vector<T>.Zero;
                    for (int p = c; p < i; p++)
                    {
                        sum += new Vector<T>(l[i * n + p]) * Vector.LoadUnsafe(ref inverse[p * w], (nuint)c);
                    }
                    ((Vector<T>.Zero - sum) * new Vector<T>(scale)).StoreUnsafe(ref inverse[i * w], (nuint)c);
                }
            }
            for (; c <= i; c++)
            {
                T x = c == i ? T.One : T.Zero;
                for (int p = c; p < i; p++)
                {
                    x -= l[i * n + p] * inverse[p * w + c];
                }
                inverse[i * w + c] = x * scale;
            }
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
