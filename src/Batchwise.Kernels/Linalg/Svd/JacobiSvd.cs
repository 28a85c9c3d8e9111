namespace Batchwise.Kernels.Linalg.Svd;

/// <summary>
/// Singular value decomposition <c>A = U·diag(s)·Vᵀ</c> of one row-major m x n matrix by one-sided
/// (Hestenes) Jacobi: plane rotations make the k = min(m, n) long vectors of A pairwise orthogonal;
/// their norms are the singular values. Accurate to high relative precision, descending order.
/// </summary>
/// <remarks>
/// <para>The long vectors are the columns of A when m ≥ n and its rows otherwise; they are kept as
/// contiguous rows of a k x max(m,n) work matrix G so that every dot product and rotation runs on
/// contiguous memory. The rotations are accumulated in a k x k matrix W. For m ≥ n, U's columns are
/// G's normalized rows and Vᵀ's rows are W's rows; for m &lt; n the roles swap.</para>
/// <para>Singular vectors for zero singular values, and the extra vectors of full matrices, are
/// completed to an orthonormal basis by Gram–Schmidt against the standard basis.</para>
/// <para>Scratch: <see cref="ScratchSize"/> elements.</para>
/// </remarks>
public static class JacobiSvd
{
    /// <summary>Scratch elements for an m x n matrix.</summary>
    public static int ScratchSize(int m, int n)
    {
        int k = Math.Min(m, n), l = Math.Max(m, n);
        return k * l + k * k + l * l + k;
    }

    /// <summary>G, the k x l long vectors (k = min(m, n), l = max(m, n)): the scratch's first part.</summary>
    private static Span<T> LongVectors<T>(Span<T> scratch, int m, int n, out int k, out int l)
    {
        k = Math.Min(m, n);
        l = Math.Max(m, n);
        return scratch[..(k * l)];
    }

    /// <summary>W, the k x k accumulated rotations: the scratch's part after G.</summary>
    private static Span<T> Rotations<T>(Span<T> scratch, int k, int l) => scratch.Slice(k * l, k * k);

    /// <summary>
    /// Writes the singular values to <paramref name="s"/> (length min(m,n)) and, unless <paramref name="u"/>
    /// is empty, U (m x m when <paramref name="full"/>, else m x k) and Vᵀ (n x n or k x n), row-major.
    /// Returns false, writing nothing, when <paramref name="a"/> holds a NaN or an infinity (LAPACK
    /// reports those as a failure to converge).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Decompose<T>(ReadOnlySpan<T> a, int m, int n, Span<T> s, Span<T> u, Span<T> vt, bool full, Span<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(scratch.Length >= ScratchSize(m, n));
        Span<T> g = LongVectors(scratch, m, n, out int k, out int l);
        Span<T> w = Rotations(scratch, k, l);
        bool tall = m >= n;
        bool vectors = !u.IsEmpty;
        if (!MatrixScaling.TryExponent(a[..(m * n)], out int exponent))
        {
            return false;
        }

        for (int j = 0; j < k; j++)
        {
            for (int i = 0; i < l; i++)
            {
                g[j * l + i] = tall ? a[i * n + j] : a[j * n + i];
            }
        }
        DenseBlas.SetIdentity(w, k, T.One);

        MatrixScaling.ScaleBy(g, -exponent);
        Orthogonalize(g, w, k, l, vectors);
        Finish(m, n, s, u, vt, full, scratch);
        MatrixScaling.ScaleBy(s[..k], exponent);
        return true;
    }

    /// <summary>
    /// From orthogonalized long vectors G (scratch[0, k·l)) and rotations W (the next k·k elements):
    /// singular values in descending order, then the singular vectors when <paramref name="u"/> is not empty.
    /// </summary>
    internal static void Finish<T>(int m, int n, Span<T> s, Span<T> u, Span<T> vt, bool full, Span<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> g = LongVectors(scratch, m, n, out int k, out int l);
        Span<T> w = Rotations(scratch, k, l);
        bool tall = m >= n;
        bool vectors = !u.IsEmpty;
        Span<T> longRows = scratch.Slice(k * l + k * k, l * l);
        Span<T> sigma = scratch.Slice(k * l + k * k + l * l, k);
        for (int j = 0; j < k; j++)
        {
            sigma[j] = T.Sqrt(DenseBlas.Dot<T>(g.Slice(j * l, l), g.Slice(j * l, l)));
        }
        Span<int> order = k <= 512 ? stackalloc int[k] : new int[k];
        for (int j = 0; j < k; j++)
        {
            order[j] = j;
        }
        // Insertion sort, descending and stable: k is small next to the Jacobi sweeps.
        for (int i = 1; i < k; i++)
        {
            int x = order[i];
            int j = i - 1;
            while (j >= 0 && sigma[order[j]] < sigma[x])
            {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = x;
        }
        for (int j = 0; j < k; j++)
        {
            s[j] = sigma[order[j]];
        }
        if (!vectors)
        {
            return;
        }

        // Long vectors: normalized rows of G (zero ones are completed below), then the extra ones.
        int longCount = full ? l : k;
        T cutoff = s.Length > 0 ? s[0] * DenseBlas.Epsilon<T>() * T.CreateTruncating(l) : T.Zero;
        Span<bool> good = longCount <= 1024 ? stackalloc bool[longCount] : new bool[longCount];
        for (int j = 0; j < k; j++)
        {
            T sj = s[j];
            Span<T> row = longRows.Slice(j * l, l);
            g.Slice(order[j] * l, l).CopyTo(row);
            good[j] = sj > cutoff && sj > T.Zero;
            if (good[j])
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, T.One / sj, row);
            }
        }
        Complete(longRows, longCount, l, good);

        // Short vectors: W's rows in the same order (already orthonormal).
        int shortLen = k;
        if (tall)
        {
            // U (m x longCount): column j = longRows[j]; Vᵀ (k x n) rows = W rows.
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < longCount; j++)
                {
                    u[i * longCount + j] = longRows[j * l + i];
                }
            }
            for (int j = 0; j < k; j++)
            {
                w.Slice(order[j] * shortLen, shortLen).CopyTo(vt.Slice(j * n, n));
            }
        }
        else
        {
            // U (m x m) columns = W rows; Vᵀ (longCount x n) rows = longRows.
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < k; j++)
                {
                    u[i * k + j] = w[order[j] * k + i];
                }
            }
            longRows[..(longCount * l)].CopyTo(vt);
        }
    }

    /// <summary>Cyclic one-sided Jacobi sweeps over the rows of g (k x l), rotating w (k x k) alike.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Orthogonalize<T>(Span<T> g, Span<T> w, int k, int l, bool vectors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T eps = DenseBlas.Epsilon<T>();
        for (int sweep = 0; sweep < JacobiSweeps.MaxSweeps; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < k - 1; p++)
            {
                Span<T> gp = g.Slice(p * l, l);
                for (int q = p + 1; q < k; q++)
                {
                    Span<T> gq = g.Slice(q * l, l);
                    T alpha = DenseBlas.Dot<T>(gp, gp);
                    T beta = DenseBlas.Dot<T>(gq, gq);
                    T gamma = DenseBlas.Dot<T>(gp, gq);
                    // √α·√β rather than √(α·β): the product of two squared norms can overflow or underflow.
                    if (gamma == T.Zero || !(T.Abs(gamma) > eps * T.Sqrt(alpha) * T.Sqrt(beta)))
                    {
                        continue;
                    }
                    rotated = true;
                    T zeta = (beta - alpha) / (gamma + gamma);
                    T t = T.One / (T.Abs(zeta) + T.Sqrt(T.One + zeta * zeta));
                    if (T.IsInfinity(zeta * zeta))
                    {
                        t = T.One / (T.Abs(zeta) + T.Abs(zeta));
                    }
                    if (zeta < T.Zero)
                    {
                        t = -t;
                    }
                    T c = T.One / T.Sqrt(T.One + t * t);
                    T sn = c * t;
                    RotateRows(gp, gq, c, sn);
                    if (vectors)
                    {
                        RotateRows(w.Slice(p * k, k), w.Slice(q * k, k), c, sn);
                    }
                }
            }
            if (!rotated)
            {
                break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RotateRows<T>(Span<T> x, Span<T> y, T c, T s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            T xi = x[i], yi = y[i];
            x[i] = c * xi - s * yi;
            y[i] = s * xi + c * yi;
        }
    }

    /// <summary>
    /// Fills every row of <paramref name="rows"/> (count x len) not marked good with a unit vector
    /// orthogonal to all good rows: the standard basis vector with the largest residual after two
    /// Gram–Schmidt passes (at least 1/len of its length survives, so this never divides by ~0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Complete<T>(Span<T> rows, int count, int len, Span<bool> good) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int t = 0; t < count; t++)
        {
            if (good[t])
            {
                continue;
            }
            Span<T> target = rows.Slice(t * len, len);
            T best = T.NegativeOne;
            int bestCandidate = 0;
            for (int c = 0; c < len; c++)
            {
                // Residual of e_c: 1 - sum over good rows of (row[c])².
                T residual = T.One;
                for (int r = 0; r < count; r++)
                {
                    if (good[r])
                    {
                        T x = rows[r * len + c];
                        residual -= x * x;
                    }
                }
                if (residual > best)
                {
                    best = residual;
                    bestCandidate = c;
                    if (residual > T.CreateTruncating(0.5))
                    {
                        break;
                    }
                }
            }
            target.Clear();
            target[bestCandidate] = T.One;
            for (int pass = 0; pass < 2; pass++)
            {
                for (int r = 0; r < count; r++)
                {
                    if (good[r])
                    {
                        ReadOnlySpan<T> row = rows.Slice(r * len, len);
                        DenseBlas.SubtractScaled(target, DenseBlas.Dot<T>(row, target), row);
                    }
                }
            }
            T norm = T.Sqrt(DenseBlas.Dot<T>(target, target));
            System.Numerics.Tensors.TensorPrimitives.Multiply(target, T.One / norm, target);
            good[t] = true;
        }
    }
}
