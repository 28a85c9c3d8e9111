using Batchwise.Kernels.Linalg.Lu;

namespace Batchwise.Kernels.Linalg;

/// <summary>
/// Triangular solves with many right-hand sides (LAPACK's trsm, left side) on row-major storage.
/// Orders from <see cref="LuKernels.BlockedThreshold"/> are blocked: each block row first takes the
/// contribution of the rows already solved in one GEMM, then is finished row by row.
/// Scratch: <c>n · BlockSize</c> elements for the blocked path.
/// </summary>
internal static class Triangular
{
    private const int Block = LuKernels.BlockSize;

    /// <summary>Solves <c>L·X = B</c> in place (B is n x k), L the lower triangle of <paramref name="t"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SolveLower<T>(ReadOnlySpan<T> t, int n, Span<T> b, int k, bool unitDiagonal, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (k == 1)
        {
            for (int i = 0; i < n; i++)
            {
                T x = b[i] - DenseBlas.Dot(t.Slice(i * n, i), b[..i]);
                b[i] = unitDiagonal ? x : x / t[i * n + i];
            }
            return;
        }
        int nb = n >= LuKernels.BlockedThreshold ? Block : Math.Max(n, 1);
        for (int b0 = 0; b0 < n; b0 += nb)
        {
            int w = Math.Min(nb, n - b0);
            if (b0 > 0)
            {
                Debug.Assert(scratch.Length >= w * b0);
                Span<T> negL = scratch[..(w * b0)];
                DenseBlas.CopyNegated(t[(b0 * n)..], n, w, b0, negL);
                DenseBlas.Gemm(w, k, b0, ref MemoryMarshal.GetReference(negL), b0, ref MemoryMarshal.GetReference(b), k, false, ref b[b0 * k], k, accumulate: true);
            }
            FinishBlockRows(t, n, b, k, b0, w, upper: false, unitDiagonal);
        }
    }

    /// <summary>Solves <c>U·X = B</c> in place (B is n x k), U the upper triangle of <paramref name="t"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SolveUpper<T>(ReadOnlySpan<T> t, int n, Span<T> b, int k, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (k == 1)
        {
            for (int i = n - 1; i >= 0; i--)
            {
                b[i] = (b[i] - DenseBlas.Dot(t.Slice(i * n + i + 1, n - i - 1), b[(i + 1)..n])) / t[i * n + i];
            }
            return;
        }
        int nb = n >= LuKernels.BlockedThreshold ? Block : Math.Max(n, 1);
        int blocks = (n + nb - 1) / nb;
        for (int blk = blocks - 1; blk >= 0; blk--)
        {
            int b0 = blk * nb;
            int w = Math.Min(nb, n - b0);
            int after = n - b0 - w;
            if (after > 0)
            {
                Debug.Assert(scratch.Length >= w * after);
                Span<T> negU = scratch[..(w * after)];
                DenseBlas.CopyNegated(t[(b0 * n + b0 + w)..], n, w, after, negU);
                DenseBlas.Gemm(w, k, after, ref MemoryMarshal.GetReference(negU), after, ref b[(b0 + w) * k], k, false, ref b[b0 * k], k, accumulate: true);
            }
            FinishBlockRows(t, n, b, k, b0, w, upper: true, unitDiagonal: false);
        }
    }

    /// <summary>
    /// Solves the diagonal block of rows [b0, b0 + w) row by row, once the rows outside it have been
    /// subtracted: forward for a lower triangle, backward for an upper one, the k columns split over the cores.
    /// </summary>
    private static unsafe void FinishBlockRows<T>(ReadOnlySpan<T> t, int n, Span<T> b, int k, int b0, int w, bool upper, bool unitDiagonal)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int tLength = t.Length, bLength = b.Length;
        fixed (T* pt = t, pb = b)
        {
            nint at = (nint)pt, ab = (nint)pb;
            DenseBlas.ForColumnRanges<T>(k, (long)w * w * k / 2, (c0, columns) =>
            {
                var tt = new ReadOnlySpan<T>((T*)at, tLength);
                var bb = new Span<T>((T*)ab, bLength);
                for (int step = 0; step < w; step++)
                {
                    int i = upper ? b0 + w - 1 - step : b0 + step;
                    Span<T> row = bb.Slice(i * k + c0, columns);
                    for (int p = upper ? i + 1 : b0; p < (upper ? b0 + w : i); p++)
                    {
                        DenseBlas.SubtractScaled(row, tt[i * n + p], bb.Slice(p * k + c0, columns));
                    }
                    if (!unitDiagonal)
                    {
                        Scale(row, T.One / tt[i * n + i]);
                    }
                }
            });
        }
    }

    /// <summary>
    /// Writes <c>L^-1</c> (n x n, row-major) for the unit lower triangle of <paramref name="t"/>:
    /// row i is <c>e_i - sum_{p&lt;i} L[i,p]·row p</c>, and only the nonzero prefix of each row is touched.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InvertUnitLower<T>(ReadOnlySpan<T> t, int n, Span<T> x, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        x[..(n * n)].Clear();
        int nb = n >= LuKernels.BlockedThreshold ? Block : Math.Max(n, 1);
        for (int b0 = 0; b0 < n; b0 += nb)
        {
            int w = Math.Min(nb, n - b0);
            if (b0 > 0)
            {
                Span<T> negL = scratch[..(w * b0)];
                DenseBlas.CopyNegated(t[(b0 * n)..], n, w, b0, negL);
                DenseBlas.Gemm(w, b0, b0, ref MemoryMarshal.GetReference(negL), b0, ref MemoryMarshal.GetReference(x), n, false, ref x[b0 * n], n, accumulate: false);
            }
            for (int i = b0; i < b0 + w; i++)
            {
                x[i * n + i] = T.One;
            }
            InvertBlockRows(t, n, x, b0, w);
        }
    }

    /// <summary>
    /// Rows [b0, b0 + w) of <c>L^-1</c> within their block: row i −= L[i,p] · row p for p in [b0, i),
    /// over the nonzero prefix of row p, the columns split over the cores.
    /// </summary>
    private static unsafe void InvertBlockRows<T>(ReadOnlySpan<T> t, int n, Span<T> x, int b0, int w) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int tLength = t.Length, xLength = x.Length;
        fixed (T* pt = t, px = x)
        {
            nint at = (nint)pt, ax = (nint)px;
            DenseBlas.ForColumnRanges<T>(b0 + w, (long)w * w * (b0 + w) / 2, (c0, columns) =>
            {
                var tt = new ReadOnlySpan<T>((T*)at, tLength);
                var xx = new Span<T>((T*)ax, xLength);
                for (int i = b0; i < b0 + w; i++)
                {
                    for (int p = Math.Max(b0, c0); p < i; p++)
                    {
                        int count = Math.Min(columns, p + 1 - c0);
                        DenseBlas.SubtractScaled(xx.Slice(i * n + c0, count), tt[i * n + p], xx.Slice(p * n + c0, count));
                    }
                }
            });
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scale<T>(Span<T> row, T factor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (row.Length == 1)
        {
            row[0] *= factor;
            return;
        }
        System.Numerics.Tensors.TensorPrimitives.Multiply(row, factor, row);
    }
}
