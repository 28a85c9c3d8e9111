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
            for (int i = b0; i < b0 + w; i++)
            {
                Span<T> row = b.Slice(i * k, k);
                for (int p = b0; p < i; p++)
                {
                    DenseBlas.SubtractScaled(row, t[i * n + p], b.Slice(p * k, k));
                }
                if (!unitDiagonal)
                {
                    Scale(row, T.One / t[i * n + i]);
                }
            }
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
            for (int i = b0 + w - 1; i >= b0; i--)
            {
                Span<T> row = b.Slice(i * k, k);
                for (int p = i + 1; p < b0 + w; p++)
                {
                    DenseBlas.SubtractScaled(row, t[i * n + p], b.Slice(p * k, k));
                }
                Scale(row, T.One / t[i * n + i]);
            }
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
                for (int p = b0; p < i; p++)
                {
                    DenseBlas.SubtractScaled(x.Slice(i * n, p + 1), t[i * n + p], x.Slice(p * n, p + 1));
                }
            }
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
