using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Linalg.Lu;

/// <summary>
/// LU factorization with partial (row) pivoting of one row-major n x n matrix, <c>P·A = L·U</c>, and
/// what is built on it: solve, inverse and determinant. L is unit lower triangular and shares the
/// storage with U, as in LAPACK's getrf; <c>pivots[k]</c> is the row swapped with row k at step k.
/// </summary>
/// <remarks>
/// <para>Orders below <see cref="BlockedThreshold"/> run the unblocked right-looking algorithm whose
/// row updates are vectorised axpys. Larger orders run the right-looking blocked algorithm: a panel of
/// <see cref="BlockSize"/> columns is copied column-major (in register tiles) and factored there by
/// <see cref="ColumnMajorPanel"/> (contiguous pivot searches and updates, in slices of eight
/// columns), its row swaps are applied to the rest of the rows, the block row of U
/// is a unit-lower triangular solve, and the trailing matrix is updated by one GEMM
/// (<c>A22 -= L21·U12</c>) on the BLIS engine, where almost all the flops go.</para>
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
            int panelInfo = FactorPanelTransposed(a, n, k0, w, pivots, scratch);
            if (info < 0)
            {
                info = panelInfo;
            }
            int rest = n - k0 - w;
            if (rest == 0)
            {
                continue;
            }
            SwapAndSolveBlockRow(a, n, k0, w, pivots);
            // A22 += (-L21) · U12 on the GEMM engine.
            Span<T> negL21 = scratch[..(rest * w)];
            DenseBlas.CopyNegated(a[((k0 + w) * n + k0)..], n, rest, w, negL21);
            DenseBlas.Gemm(rest, rest, w, ref MemoryMarshal.GetReference(negL21), w,
                ref a[k0 * n + k0 + w], n, false, ref a[(k0 + w) * n + k0 + w], n, accumulate: true);
        }
        return info;
    }

    /// <summary>
    /// Factors the panel of columns [c0, c0+w) over rows [c0, n) in a column-major copy, where a pivot
    /// search, a column scaling and every rank-1 update run on contiguous memory (in row-major storage
    /// each would touch one cache line per row). The panel is written back, and its row swaps are then
    /// applied to the columns left of it (LAPACK's laswp); <see cref="SwapAndSolveBlockRow"/> applies
    /// them to the columns right of it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FactorPanelTransposed<T>(Span<T> a, int n, int c0, int w, Span<int> pivots, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = n - c0;
        Span<T> panel = scratch[..(m * w)];
        Transpose(ref a[c0 * n + c0], n, ref panel[0], m, m, w);
        int info = ColumnMajorPanel.Factor(panel, m, w, pivots.Slice(c0, w));
        if (info >= 0)
        {
            info += c0;
        }
        for (int j = 0; j < w; j++)
        {
            pivots[c0 + j] += c0;
        }
        Transpose(ref panel[0], m, ref a[c0 * n + c0], n, w, m);
        for (int k = c0; k < c0 + w; k++)
        {
            int p = pivots[k];
            if (p != k)
            {
                DenseBlas.SwapRows(a[..], n, c0, k, p);
            }
        }
        return info;
    }

    /// <summary>
    /// Writes the transpose of the rows x columns block at <paramref name="source"/> (row stride
    /// <paramref name="sourceStride"/>) to <paramref name="destination"/> (row stride
    /// <paramref name="destinationStride"/>): whole register tiles where the CPU has them, the edges
    /// element by element. One element at a time, the column-major side touched a new cache line per element.
    /// </summary>
    private static void Transpose<T>(ref T source, int sourceStride, ref T destination, int destinationStride, int rows, int columns)
        where T : unmanaged
    {
        // Without tiles, no row is covered by them and the element loop does everything.
        int lanes = TileTranspose.Accelerated<T>() ? Vector<T>.Count : 0;
        int fullRows = lanes > 0 ? rows / lanes * lanes : 0, fullColumns = lanes > 0 ? columns / lanes * lanes : 0;
        for (int i = 0; i < fullRows; i += lanes)
        {
            for (int j = 0; j < fullColumns; j += lanes)
            {
                TileTranspose.Block(ref Unsafe.Add(ref source, (nint)i * sourceStride + j), sourceStride,
                    ref Unsafe.Add(ref destination, (nint)j * destinationStride + i), destinationStride);
            }
        }
        for (int i = 0; i < rows; i++)
        {
            // Rows of whole tiles only miss their last columns; the rest miss everything.
            for (int j = i < fullRows ? fullColumns : 0; j < columns; j++)
            {
                Unsafe.Add(ref destination, (nint)j * destinationStride + i) = Unsafe.Add(ref source, (nint)i * sourceStride + j);
            }
        }
    }

    /// <summary>
    /// The block row right of the panel at <paramref name="k0"/>: the panel's row swaps, then
    /// <c>U12 = L11^-1 · A12</c> (unit lower, row-oriented), its columns split over the cores (the GEMM
    /// that follows runs there anyway).
    /// </summary>
    private static unsafe void SwapAndSolveBlockRow<T>(Span<T> a, int n, int k0, int w, ReadOnlySpan<int> pivots) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int first = k0 + w, length = a.Length;
        int[] swaps = pivots.Slice(k0, w).ToArray();
        fixed (T* pa = a)
        {
            nint address = (nint)pa;
            DenseBlas.ForColumnRanges<T>(n - first, (long)w * w * (n - first), (c0, columns) =>
            {
                var m = new Span<T>((T*)address, length);
                Span<T> right = m[(first + c0)..];
                for (int k = 0; k < w; k++)
                {
                    DenseBlas.SwapRows(right, n, columns, k0 + k, swaps[k]);
                }
                for (int i = k0 + 1; i < k0 + w; i++)
                {
                    Span<T> row = right.Slice(i * n, columns);
                    for (int p = k0; p < i; p++)
                    {
                        DenseBlas.SubtractScaled(row, m[i * n + p], right.Slice(p * n, columns));
                    }
                }
            });
        }
    }

    /// <summary>
    /// The partial pivot: the index i in [<paramref name="from"/>, <paramref name="to"/>) of the largest
    /// <c>|x[i·stride]|</c>, the first one on ties, and that magnitude.
    /// </summary>
    internal static int PivotIndex<T>(ReadOnlySpan<T> x, int stride, int from, int to, out T max) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int pivot = from;
        max = T.Abs(x[from * stride]);
        for (int i = from + 1; i < to; i++)
        {
            T v = T.Abs(x[i * stride]);
            if (v > max)
            {
                max = v;
                pivot = i;
            }
        }
        return pivot;
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
            // Column k of the row-major matrix: element i at a[k + i·n].
            int p = PivotIndex<T>(a[k..], n, k, n, out T max);
            pivots[k] = p;
            if (max == T.Zero)
            {
                info = info < 0 ? k : info;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Inverse<T>(ReadOnlySpan<T> lu, int n, ReadOnlySpan<int> pivots, Span<T> inverse, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Triangular.InvertUnitLower(lu, n, inverse, scratch);
        Triangular.SolveUpper(lu, n, inverse, n, scratch);
        // Column swaps in reverse pivot order, applied one row at a time so each row stays in cache.
        for (int i = 0; i < n; i++)
        {
            Span<T> row = inverse.Slice(i * n, n);
            for (int k = n - 1; k >= 0; k--)
            {
                int p = pivots[k];
                if (p != k)
                {
                    (row[k], row[p]) = (row[p], row[k]);
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
