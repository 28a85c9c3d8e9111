namespace Batchwise.Kernels.Linalg.Eigh;

/// <summary>
/// Eigenvalues and eigenvectors of one real symmetric n x n matrix by the cyclic Jacobi method:
/// sweeps of plane rotations, each zeroing one off-diagonal pair, until no off-diagonal pair is larger
/// than <c>max(eps·√n·√|a_pp·a_qq|, eps·‖A‖_F)</c> (a sweep without rotations). Jacobi is slower than tridiagonal QR for large n but accurate to high relative
/// precision and simple; the eigenvalues come out ascending with the eigenvectors as columns of V.
/// </summary>
public static class JacobiEigh
{
    /// <summary>
    /// Decomposes <paramref name="a"/> (overwritten), reading its lower triangle when <paramref name="lower"/>
    /// (else the upper). <paramref name="v"/> is n x n row-major or empty when vectors are not wanted.
    /// Returns false, writing nothing, when the triangle read holds a NaN or an infinity.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Decompose<T>(Span<T> a, int n, bool lower, Span<T> w, Span<T> v) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(a.Length >= n * n && w.Length >= n);
        bool vectors = !v.IsEmpty;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                T x = lower ? a[i * n + j] : a[j * n + i];
                a[i * n + j] = x;
                a[j * n + i] = x;
            }
        }
        if (!MatrixScaling.TryExponent<T>(a[..(n * n)], out int exponent))
        {
            return false;
        }
        MatrixScaling.ScaleBy(a[..(n * n)], -exponent);
        T norm = DenseBlas.Dot<T>(a[..(n * n)], a[..(n * n)]);
        if (vectors)
        {
            DenseBlas.SetIdentity(v, n, T.One);
        }
        T tolerance = DenseBlas.Epsilon<T>() * T.Sqrt(T.CreateTruncating(n));
        T floor = DenseBlas.Epsilon<T>() * T.Sqrt(norm);
        JacobiSweeps.Run(n, new Rotation<T>(a, n, tolerance, floor, v, vectors));
        for (int i = 0; i < n; i++)
        {
            w[i] = a[i * n + i];
        }
        MatrixScaling.ScaleBy(w[..n], exponent);
        SortAscending(w, n, v, vectors);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Rotate<T>(Span<T> a, int n, int p, int q, T tolerance, T floor, Span<T> v, bool vectors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T apq = a[p * n + q];
        T app = a[p * n + p], aqq = a[q * n + q];
        // Negligible next to the diagonal (Demmel–Veselić) or below the rounding floor eps·‖A‖_F: no
        // rotation; a sweep without one ends the iteration.
        if (!(T.Abs(apq) > T.Max(T.Sqrt(T.Abs(app)) * T.Sqrt(T.Abs(aqq)) * tolerance, floor)))
        {
            return false;
        }
        T theta = (aqq - app) / (apq + apq);
        T t = T.One / (T.Abs(theta) + T.Sqrt(theta * theta + T.One));
        if (T.IsInfinity(theta * theta))
        {
            t = T.One / (T.Abs(theta) + T.Abs(theta));
        }
        if (theta < T.Zero)
        {
            t = -t;
        }
        T c = T.One / T.Sqrt(t * t + T.One);
        T s = t * c;
        for (int k = 0; k < n; k++)
        {
            T akp = a[k * n + p], akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        Span<T> rowP = a.Slice(p * n, n), rowQ = a.Slice(q * n, n);
        for (int k = 0; k < n; k++)
        {
            T apk = rowP[k], aqk = rowQ[k];
            rowP[k] = c * apk - s * aqk;
            rowQ[k] = s * apk + c * aqk;
        }
        a[p * n + q] = T.Zero;
        a[q * n + p] = T.Zero;
        if (vectors)
        {
            for (int k = 0; k < n; k++)
            {
                T vkp = v[k * n + p], vkq = v[k * n + q];
                v[k * n + p] = c * vkp - s * vkq;
                v[k * n + q] = s * vkp + c * vkq;
            }
        }
        return true;
    }

    /// <summary>Selection sort of the eigenvalues with the matching columns of V (n is small; n swaps at most).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SortAscending<T>(Span<T> w, int n, Span<T> v, bool vectors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < n - 1; i++)
        {
            int min = i;
            for (int j = i + 1; j < n; j++)
            {
                if (w[j] < w[min])
                {
                    min = j;
                }
            }
            if (min == i)
            {
                continue;
            }
            (w[i], w[min]) = (w[min], w[i]);
            if (vectors)
            {
                for (int k = 0; k < n; k++)
                {
                    (v[k * n + i], v[k * n + min]) = (v[k * n + min], v[k * n + i]);
                }
            }
        }
    }

    /// <summary>The rotation of one pair for <see cref="JacobiSweeps"/>.</summary>
    private readonly ref struct Rotation<T>(Span<T> a, int n, T tolerance, T floor, Span<T> v, bool vectors) : IJacobiRotation
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _a = a, _v = v;

        public bool Rotate(int p, int q) => JacobiEigh.Rotate(_a, n, p, q, tolerance, floor, _v, vectors);
    }
}
