using Batchwise.Kernels.Linalg.Lu;

namespace Batchwise.Kernels.Linalg.Svd;

/// <summary>
/// One-sided Jacobi SVD for batches of small matrices (both sides ≤ <see cref="MaxOrder"/>), with the
/// orthogonalization sweeps vectorised across the batch (one matrix per lane, fixed pair order, a lane
/// that needs no rotation rotates by the identity). Each matrix is then finished by
/// <see cref="JacobiSvd"/>'s scalar code (sort, normalize, complete the bases).
/// Scratch: <see cref="ScratchSize"/> elements.
/// </summary>
public static class SmallJacobiSvdBatch
{
    /// <summary>Largest m and n handled here.</summary>
    public const int MaxOrder = 16;

    /// <summary>Scratch elements for an m x n matrix.</summary>
    public static int ScratchSize<T>(int m, int n)
    {
        int k = Math.Min(m, n), l = Math.Max(m, n);
        return 2 * (m * n + k * l + k * k) * Vector<T>.Count + JacobiSvd.ScratchSize(m, n);
    }

    /// <summary>
    /// Singular values into <paramref name="s"/> (count x k); unless <paramref name="u"/> is empty, U
    /// (count x m x (full ? m : k)) and Vᵀ (count x (full ? n : k) x n). Returns the index of the first
    /// matrix that holds a NaN or an infinity (its results are not written), or -1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Decompose<T>(ReadOnlySpan<T> a, int count, int m, int n, Span<T> s, Span<T> u, Span<T> vt, bool full, Span<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(m is >= 1 and <= MaxOrder && n is >= 1 and <= MaxOrder && scratch.Length >= ScratchSize<T>(m, n));
        int lanes = Vector<T>.Count;
        int k = Math.Min(m, n), l = Math.Max(m, n);
        bool tall = m >= n;
        bool vectors = !u.IsEmpty;
        int uSize = m * (full ? m : k), vSize = (full ? n : k) * n;
        Span<Vector<T>> ta = MemoryMarshal.Cast<T, Vector<T>>(scratch[..(m * n * lanes)]);
        Span<Vector<T>> tg = MemoryMarshal.Cast<T, Vector<T>>(scratch.Slice(m * n * lanes, k * l * lanes));
        Span<Vector<T>> tw = MemoryMarshal.Cast<T, Vector<T>>(scratch.Slice((m * n + k * l) * lanes, k * k * lanes));
        Span<T> allG = scratch.Slice((m * n + k * l + k * k) * lanes, k * l * lanes);
        Span<T> allW = scratch.Slice((m * n + 2 * k * l + k * k) * lanes, k * k * lanes);
        Span<T> single = scratch[(2 * (m * n + k * l + k * k) * lanes)..];
        T eps = DenseBlas.Epsilon<T>();
        long failed = -1;
        Span<int> exponents = stackalloc int[lanes];
        for (int first = 0; first < count; first += lanes)
        {
            int valid = Math.Min(lanes, count - first);
            SmallLuBatch.Gather(a, first, valid, m, n, ta, identity: false);
            long bad = MatrixScaling.ScaleLanes(ta[..(m * n)], first, valid, exponents);
            if (failed < 0)
            {
                failed = bad;
            }
            for (int j = 0; j < k; j++)
            {
                for (int i = 0; i < l; i++)
                {
                    tg[j * l + i] = tall ? ta[i * n + j] : ta[j * n + i];
                }
            }
            DenseBlas.SetIdentity(tw, k, Vector<T>.One);
            JacobiSweeps.Run(k, new Rotation<T>(tg, tw, k, l, eps, vectors));
            SmallLuBatch.Scatter<T>(tg, allG, 0, valid, k * l);
            SmallLuBatch.Scatter<T>(tw, allW, 0, valid, k * k);
            for (int lane = 0; lane < valid; lane++)
            {
                int index = first + lane;
                if (exponents[lane] == int.MinValue)
                {
                    continue;
                }
                allG.Slice(lane * k * l, k * l).CopyTo(single);
                allW.Slice(lane * k * k, k * k).CopyTo(single[(k * l)..]);
                JacobiSvd.Finish<T>(m, n, s.Slice(index * k, k),
                    vectors ? u.Slice(index * uSize, uSize) : Span<T>.Empty,
                    vectors ? vt.Slice(index * vSize, vSize) : Span<T>.Empty, full, single);
                MatrixScaling.ScaleBy(s.Slice(index * k, k), exponents[lane]);
            }
        }
        return failed;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Rotate<T>(Span<Vector<T>> g, Span<Vector<T>> w, int k, int l, int p, int q, T eps, bool vectors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref Vector<T> gp = ref Unsafe.Add(ref MemoryMarshal.GetReference(g), p * l);
        ref Vector<T> gq = ref Unsafe.Add(ref MemoryMarshal.GetReference(g), q * l);
        Vector<T> alpha = Vector<T>.Zero, beta = Vector<T>.Zero, gamma = Vector<T>.Zero;
        for (int i = 0; i < l; i++)
        {
            Vector<T> x = Unsafe.Add(ref gp, i), y = Unsafe.Add(ref gq, i);
            alpha += x * x;
            beta += y * y;
            gamma += x * y;
        }
        // √α·√β rather than √(α·β): the product of two squared norms can underflow.
        Vector<T> rotate = Vector.GreaterThan(Vector.Abs(gamma), Vector.SquareRoot(alpha) * Vector.SquareRoot(beta) * eps) & ~Vector.Equals(gamma, Vector<T>.Zero);
        if (rotate == Vector<T>.Zero)
        {
            return false;
        }
        Vector<T> zeta = (beta - alpha) / (gamma + gamma);
        Vector<T> t = Vector<T>.One / (Vector.Abs(zeta) + Vector.SquareRoot(Vector<T>.One + zeta * zeta));
        t = Vector.ConditionalSelect(Vector.LessThan(zeta, Vector<T>.Zero), -t, t);
        Vector<T> c = Vector<T>.One / Vector.SquareRoot(Vector<T>.One + t * t);
        Vector<T> s = c * t;
        rotate &= Vector.Equals(s, s);
        c = Vector.ConditionalSelect(rotate, c, Vector<T>.One);
        s = Vector.ConditionalSelect(rotate, s, Vector<T>.Zero);
        RotateRows(ref gp, ref gq, l, c, s);
        if (vectors)
        {
            ref Vector<T> w0 = ref MemoryMarshal.GetReference(w);
            RotateRows(ref Unsafe.Add(ref w0, p * k), ref Unsafe.Add(ref w0, q * k), k, c, s);
        }
        return rotate != Vector<T>.Zero;
    }

    /// <summary>(x, y) ← (c·x − s·y, s·x + c·y) over <paramref name="length"/> elements of two rows, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RotateRows<T>(ref Vector<T> x0, ref Vector<T> y0, int length, Vector<T> c, Vector<T> s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < length; i++)
        {
            ref Vector<T> x = ref Unsafe.Add(ref x0, i);
            ref Vector<T> y = ref Unsafe.Add(ref y0, i);
            Vector<T> xi = x, yi = y;
            x = c * xi - s * yi;
            y = s * xi + c * yi;
        }
    }

    /// <summary>The rotation of one pair of long vectors, in every lane, for <see cref="JacobiSweeps"/>.</summary>
    private readonly ref struct Rotation<T>(Span<Vector<T>> g, Span<Vector<T>> w, int k, int l, T eps, bool vectors) : IJacobiRotation
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<Vector<T>> _g = g, _w = w;

        public bool Rotate(int p, int q) => SmallJacobiSvdBatch.Rotate(_g, _w, k, l, p, q, eps, vectors);
    }
}
