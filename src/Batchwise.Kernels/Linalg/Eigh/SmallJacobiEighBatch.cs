using Batchwise.Kernels.Linalg.Lu;

namespace Batchwise.Kernels.Linalg.Eigh;

/// <summary>
/// Cyclic Jacobi for batches of small symmetric matrices (n ≤ <see cref="MaxOrder"/>), vectorised
/// across the batch. The Jacobi pair order (p, q) is fixed, only the angles depend on the data, so
/// <c>Vector&lt;T&gt;.Count</c> matrices share one instruction stream with one matrix per lane; a
/// tile keeps sweeping until every lane has converged, and a lane whose pair is already zero
/// rotates by the identity. Results match <see cref="JacobiEigh"/> to rounding (same rotation order and
/// convergence test, lane by lane; the symmetric update here writes each off-diagonal pair once).
/// Scratch: <see cref="ScratchSize"/> elements.
/// </summary>
public static class SmallJacobiEighBatch
{
    /// <summary>Largest order handled here (two n x n tiles stay in L1/L2).</summary>
    public const int MaxOrder = 16;

    /// <summary>Scratch elements for order n.</summary>
    public static int ScratchSize<T>(int n) => 2 * n * n * Vector<T>.Count;

    /// <summary>
    /// Eigenvalues (ascending) into <paramref name="w"/> (count x n) and, unless empty, eigenvectors as
    /// columns into <paramref name="v"/> (count x n x n). Returns the index of the first matrix whose
    /// triangle read holds a NaN or an infinity (its results are not written), or -1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Decompose<T>(ReadOnlySpan<T> a, Span<T> w, Span<T> v, int count, int n, bool lower, Span<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(n is >= 1 and <= MaxOrder && scratch.Length >= ScratchSize<T>(n));
        int lanes = Vector<T>.Count;
        bool vectors = !v.IsEmpty;
        Span<Vector<T>> ta = MemoryMarshal.Cast<T, Vector<T>>(scratch[..(n * n * lanes)]);
        Span<Vector<T>> tv = MemoryMarshal.Cast<T, Vector<T>>(scratch.Slice(n * n * lanes, n * n * lanes));
        T eps = DenseBlas.Epsilon<T>();
        long failed = -1;
        Span<int> exponents = stackalloc int[lanes];
        for (int first = 0; first < count; first += lanes)
        {
            int valid = Math.Min(lanes, count - first);
            SmallLuBatch.Gather(a, first, valid, n, n, ta, identity: true);
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    Vector<T> x = lower ? ta[i * n + j] : ta[j * n + i];
                    ta[i * n + j] = x;
                    ta[j * n + i] = x;
                }
            }
            long bad = MatrixScaling.ScaleLanes(ta, first, valid, exponents);
            failed = failed < 0 ? bad : failed;
            Vector<T> norm = Vector<T>.Zero;
            foreach (Vector<T> x in ta)
            {
                norm += x * x;
            }
            DenseBlas.SetIdentity(tv, n, Vector<T>.One);
            T tolerance = eps * T.Sqrt(T.CreateTruncating(n));
            Vector<T> floor = Vector.SquareRoot(norm) * eps;
            JacobiSweeps.Run(n, new Rotation<T>(ta, tv, n, tolerance, floor, vectors));
            for (int l = 0; l < valid; l++)
            {
                Span<T> wl = w.Slice((first + l) * n, n);
                for (int i = 0; i < n; i++)
                {
                    wl[i] = ta[i * n + i][l];
                }
                MatrixScaling.ScaleBy(wl, exponents[l] == int.MinValue ? 0 : exponents[l]);
            }
            if (vectors)
            {
                SmallLuBatch.Scatter<T>(tv, v, first, valid, n * n);
            }
            for (int l = 0; l < valid; l++)
            {
                JacobiEigh.SortAscending(w.Slice((first + l) * n, n), n, vectors ? v.Slice((first + l) * n * n, n * n) : Span<T>.Empty, vectors);
            }
        }
        return failed;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Rotate<T>(Span<Vector<T>> a, Span<Vector<T>> v, int n, int p, int q, T tolerance, Vector<T> floor, bool vectors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref Vector<T> a0 = ref MemoryMarshal.GetReference(a);
        Vector<T> apq = Unsafe.Add(ref a0, p * n + q);
        Vector<T> app = Unsafe.Add(ref a0, p * n + p), aqq = Unsafe.Add(ref a0, q * n + q);
        // Rotate only where the pair is not negligible next to its diagonal (Demmel–Veselić) nor next to
        // eps·‖A‖_F (the rounding floor, which keeps indefinite matrices from rotating forever); a sweep
        // in which no lane rotates ends the iteration.
        Vector<T> bound = Vector.Max(Vector.SquareRoot(Vector.Abs(app)) * Vector.SquareRoot(Vector.Abs(aqq)) * tolerance, floor);
        Vector<T> active = Vector.GreaterThan(Vector.Abs(apq), bound);
        if (active == Vector<T>.Zero)
        {
            return false;
        }
        Vector<T> skip = ~active;
        Vector<T> theta = (aqq - app) / (apq + apq);
        Vector<T> t = Vector<T>.One / (Vector.Abs(theta) + Vector.SquareRoot(theta * theta + Vector<T>.One));
        t = Vector.ConditionalSelect(Vector.LessThan(theta, Vector<T>.Zero), -t, t);
        Vector<T> c = Vector<T>.One / Vector.SquareRoot(t * t + Vector<T>.One);
        Vector<T> s = t * c;
        // Lanes with a zero pair (or an overflowing angle) rotate by the identity.
        Vector<T> bad = skip | ~Vector.Equals(s, s);
        c = Vector.ConditionalSelect(bad, Vector<T>.One, c);
        s = Vector.ConditionalSelect(bad, Vector<T>.Zero, s);
        // A' = Jᵀ·A·J touches rows and columns p and q only; A stays symmetric, so each off-diagonal
        // pair is computed once and mirrored, and the 2 x 2 block has its closed form.
        for (int k = 0; k < n; k++)
        {
            if (k == p || k == q)
            {
                continue;
            }
            ref Vector<T> kp = ref Unsafe.Add(ref a0, k * n + p);
            ref Vector<T> kq = ref Unsafe.Add(ref a0, k * n + q);
            Vector<T> x = kp, y = kq;
            Vector<T> np = c * x - s * y, nq = s * x + c * y;
            kp = np;
            kq = nq;
            Unsafe.Add(ref a0, p * n + k) = np;
            Unsafe.Add(ref a0, q * n + k) = nq;
        }
        Vector<T> tApq = Vector.ConditionalSelect(bad, Vector<T>.Zero, t * apq);
        Unsafe.Add(ref a0, p * n + p) = app - tApq;
        Unsafe.Add(ref a0, q * n + q) = aqq + tApq;
        Unsafe.Add(ref a0, p * n + q) = Vector.ConditionalSelect(bad, apq, Vector<T>.Zero);
        Unsafe.Add(ref a0, q * n + p) = Unsafe.Add(ref a0, p * n + q);
        if (vectors)
        {
            ref Vector<T> v0 = ref MemoryMarshal.GetReference(v);
            for (int k = 0; k < n; k++)
            {
                ref Vector<T> kp = ref Unsafe.Add(ref v0, k * n + p);
                ref Vector<T> kq = ref Unsafe.Add(ref v0, k * n + q);
                Vector<T> x = kp, y = kq;
                kp = c * x - s * y;
                kq = s * x + c * y;
            }
        }
        return true;
    }

    /// <summary>The rotation of one pair, in every lane, for <see cref="JacobiSweeps"/>.</summary>
    private readonly ref struct Rotation<T>(Span<Vector<T>> a, Span<Vector<T>> v, int n, T tolerance, Vector<T> floor, bool vectors) : IJacobiRotation
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<Vector<T>> _a = a, _v = v;

        public bool Rotate(int p, int q) => SmallJacobiEighBatch.Rotate(_a, _v, n, p, q, tolerance, floor, vectors);
    }
}
