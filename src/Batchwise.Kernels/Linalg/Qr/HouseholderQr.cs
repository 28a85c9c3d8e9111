namespace Batchwise.Kernels.Linalg.Qr;

/// <summary>
/// QR factorization <c>A = Q·R</c> of one row-major m x n matrix by Householder reflections, with
/// LAPACK's geqrf conventions: <c>H_k = I - tau_k·v_k·v_kᵀ</c>, v_k[k] = 1, R[k,k] = -sign(a)·‖x‖.
/// </summary>
/// <remarks>
/// The columns of A are kept as contiguous rows of an n x m work matrix (Aᵀ), so each reflector
/// is applied with contiguous dot products and axpys; Q is accumulated backwards from the identity,
/// touching only the columns a reflector can change. Scratch: <see cref="ScratchSize"/> elements.
/// </remarks>
public static class HouseholderQr
{
    /// <summary>Scratch elements for an m x n matrix with <paramref name="qColumns"/> columns of Q.</summary>
    public static int ScratchSize(int m, int n, int qColumns) => n * m + Math.Min(m, n) + qColumns * m;

    /// <summary>
    /// Writes R (<paramref name="rRows"/> x n, zero below the diagonal) and, unless <paramref name="q"/> is
    /// empty, Q (m x <paramref name="qColumns"/>), both row-major. The matrix is scaled by a power of two
    /// first (<see cref="MatrixScaling"/>) so that column norms can neither overflow nor underflow; NaN and
    /// infinities are not scaled and propagate, as in LAPACK.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Decompose<T>(ReadOnlySpan<T> a, int m, int n, Span<T> q, int qColumns, Span<T> r, int rRows, Span<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = Math.Min(m, n);
        Debug.Assert(scratch.Length >= ScratchSize(m, n, qColumns));
        Span<T> gt = scratch[..(n * m)];
        Span<T> tau = scratch.Slice(n * m, k);
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < m; i++)
            {
                gt[j * m + i] = a[i * n + j];
            }
        }
        if (!MatrixScaling.TryExponent(a[..(m * n)], out int exponent))
        {
            exponent = 0;
        }
        MatrixScaling.ScaleBy(gt, -exponent);
        for (int c = 0; c < k; c++)
        {
            Span<T> x = gt.Slice(c * m + c, m - c);
            T alpha = x[0];
            T tailNorm2 = DenseBlas.Dot<T>(x[1..], x[1..]);
            if (tailNorm2 == T.Zero)
            {
                tau[c] = T.Zero;
                continue;
            }
            T norm = T.Sqrt(alpha * alpha + tailNorm2);
            T beta = alpha >= T.Zero ? -norm : norm;
            tau[c] = (beta - alpha) / beta;
            System.Numerics.Tensors.TensorPrimitives.Multiply(x[1..], T.One / (alpha - beta), x[1..]);
            x[0] = T.One;
            for (int j = c + 1; j < n; j++)
            {
                Span<T> y = gt.Slice(j * m + c, m - c);
                DenseBlas.SubtractScaled(y, tau[c] * DenseBlas.Dot<T>(x, y), x);
            }
            x[0] = beta;
        }
        r[..(rRows * n)].Clear();
        for (int i = 0; i < Math.Min(rRows, k); i++)
        {
            for (int j = i; j < n; j++)
            {
                r[i * n + j] = gt[j * m + i];
            }
        }
        MatrixScaling.ScaleBy(r[..(rRows * n)], exponent);
        if (q.IsEmpty)
        {
            return;
        }
        Span<T> qt = scratch.Slice(n * m + k, qColumns * m);
        qt.Clear();
        for (int j = 0; j < qColumns; j++)
        {
            qt[j * m + j] = T.One;
        }
        for (int c = k - 1; c >= 0; c--)
        {
            if (tau[c] == T.Zero)
            {
                continue;
            }
            Span<T> v = gt.Slice(c * m + c, m - c);
            T diagonal = v[0];
            v[0] = T.One;
            for (int j = c; j < qColumns; j++)
            {
                Span<T> y = qt.Slice(j * m + c, m - c);
                DenseBlas.SubtractScaled(y, tau[c] * DenseBlas.Dot<T>(v, y), v);
            }
            v[0] = diagonal;
        }
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < qColumns; j++)
            {
                q[i * qColumns + j] = qt[j * m + i];
            }
        }
    }
}
