using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Linalg.Lu;

/// <summary>
/// Gaussian elimination with partial pivoting for batches of small matrices (n ≤ <see cref="MaxOrder"/>),
/// vectorised across the batch: <c>Vector&lt;T&gt;.Count</c> matrices are gathered into a
/// structure-of-arrays tile where element (i, j) of every matrix shares one vector, and each lane runs
/// its own elimination with its own pivots. Row swaps differ per lane, so they are blends under a
/// lane mask; the arithmetic is exactly the scalar algorithm's, lane by lane.
/// </summary>
/// <remarks>
/// <para>Assumptions: matrices are contiguous row-major n x n, right-hand sides contiguous n x k,
/// consecutive in memory. A partial last tile is padded with identity matrices, so padding can never
/// report a singular matrix.</para>
/// <para>A lane whose pivot is exactly zero is singular (LAPACK's rule); its results are garbage and
/// the first such matrix index is returned. Other lanes are unaffected.</para>
/// <para>Scratch: <see cref="ScratchSize"/> elements.</para>
/// </remarks>
public static class SmallLuBatch
{
    /// <summary>Largest order handled here; larger matrices go to <see cref="LuKernels"/>.</summary>
    public const int MaxOrder = 8;

    /// <summary>Scratch elements for order n with k right-hand sides.</summary>
    public static int ScratchSize<T>(int n, int k) => (n * n + n * k) * Vector<T>.Count;

    /// <summary>Solves <c>A[b]·X[b] = B[b]</c> for every b; <paramref name="b"/> is overwritten by X.</summary>
    /// <returns>-1, or the index of the first singular matrix.</returns>
    public static long Solve<T>(ReadOnlySpan<T> a, Span<T> b, int count, int n, int k, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T> =>
        SolveTiles(a, b, b, count, n, k, scratch);

    /// <summary>Writes <c>A[b]^-1</c> for every b: the solution for identity right-hand sides.</summary>
    /// <returns>-1, or the index of the first singular matrix.</returns>
    public static long Inverse<T>(ReadOnlySpan<T> a, Span<T> inverse, int count, int n, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T> =>
        SolveTiles(a, ReadOnlySpan<T>.Empty, inverse, count, n, n, scratch);

    /// <summary>
    /// <c>X[b] = A[b]^-1 B[b]</c> for every b, tile by tile; an empty <paramref name="b"/> stands for
    /// identity right-hand sides. X may be B.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long SolveTiles<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> x, int count, int n, int k, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(n is >= 1 and <= MaxOrder && scratch.Length >= ScratchSize<T>(n, k));
        int lanes = Vector<T>.Count;
        Span<Vector<T>> ta = MemoryMarshal.Cast<T, Vector<T>>(scratch[..(n * n * lanes)]);
        Span<Vector<T>> tb = MemoryMarshal.Cast<T, Vector<T>>(scratch.Slice(n * n * lanes, n * k * lanes));
        long failed = -1;
        for (int first = 0; first < count; first += lanes)
        {
            int valid = Math.Min(lanes, count - first);
            Gather(a, first, valid, n, n, ta, identity: true);
            if (b.IsEmpty)
            {
                DenseBlas.SetIdentity(tb, n, Vector<T>.One);
            }
            else
            {
                Gather(b, first, valid, n, k, tb, identity: false);
            }
            Vector<T> sign = Vector<T>.One;
            Vector<T> singular = Eliminate(ta, tb, n, k, ref sign);
            BackSubstitute(ta, tb, n, k);
            Scatter(tb, x, first, valid, n * k);
            if (failed < 0)
            {
                failed = FirstLane(singular, first, valid);
            }
        }
        return failed;
    }

    /// <summary>Writes det A[b] for every b (exactly 0 for a matrix with a zero pivot).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Determinant<T>(ReadOnlySpan<T> a, Span<T> det, int count, int n, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(n is >= 1 and <= MaxOrder && scratch.Length >= ScratchSize<T>(n, 0));
        int lanes = Vector<T>.Count;
        Span<Vector<T>> ta = MemoryMarshal.Cast<T, Vector<T>>(scratch[..(n * n * lanes)]);
        for (int first = 0; first < count; first += lanes)
        {
            int valid = Math.Min(lanes, count - first);
            Gather(a, first, valid, n, n, ta, identity: true);
            Vector<T> sign = Vector<T>.One;
            Vector<T> singular = Eliminate(ta, default, n, 0, ref sign);
            Vector<T> product = sign;
            for (int i = 0; i < n; i++)
            {
                product *= ta[i * n + i];
            }
            product = Vector.ConditionalSelect(singular, Vector<T>.Zero, product);
            for (int l = 0; l < valid; l++)
            {
                det[first + l] = product[l];
            }
        }
    }

    /// <summary>
    /// Forward elimination with per-lane partial pivoting on the tile A (n x n), applying the same row
    /// operations to B (n x k). On return A's upper triangle holds U. Returns the mask of singular lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector<T> Eliminate<T>(Span<Vector<T>> a, Span<Vector<T>> b, int n, int k, ref Vector<T> sign) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector<T> singular = Vector<T>.Zero;
        ref Vector<T> a0 = ref MemoryMarshal.GetReference(a);
        ref Vector<T> b0 = ref MemoryMarshal.GetReference(b);
        for (int c = 0; c < n; c++)
        {
            Vector<T> max = Vector.Abs(Unsafe.Add(ref a0, c * n + c));
            Vector<T> pivot = new(T.CreateTruncating(c));
            for (int i = c + 1; i < n; i++)
            {
                Vector<T> v = Vector.Abs(Unsafe.Add(ref a0, i * n + c));
                Vector<T> greater = Vector.GreaterThan(v, max);
                max = Vector.ConditionalSelect(greater, v, max);
                pivot = Vector.ConditionalSelect(greater, new Vector<T>(T.CreateTruncating(i)), pivot);
            }
            singular |= Vector.Equals(max, Vector<T>.Zero);
            for (int i = c + 1; i < n; i++)
            {
                Vector<T> swap = Vector.Equals(pivot, new Vector<T>(T.CreateTruncating(i)));
                if (swap == Vector<T>.Zero)
                {
                    continue;
                }
                sign = Vector.ConditionalSelect(swap, -sign, sign);
                for (int j = c; j < n; j++)
                {
                    ref Vector<T> x = ref Unsafe.Add(ref a0, c * n + j);
                    ref Vector<T> y = ref Unsafe.Add(ref a0, i * n + j);
                    Vector<T> t = x;
                    x = Vector.ConditionalSelect(swap, y, t);
                    y = Vector.ConditionalSelect(swap, t, y);
                }
                for (int j = 0; j < k; j++)
                {
                    ref Vector<T> x = ref Unsafe.Add(ref b0, c * k + j);
                    ref Vector<T> y = ref Unsafe.Add(ref b0, i * k + j);
                    Vector<T> t = x;
                    x = Vector.ConditionalSelect(swap, y, t);
                    y = Vector.ConditionalSelect(swap, t, y);
                }
            }
            Vector<T> inverse = Vector<T>.One / Unsafe.Add(ref a0, c * n + c);
            for (int i = c + 1; i < n; i++)
            {
                Vector<T> l = Unsafe.Add(ref a0, i * n + c) * inverse;
                for (int j = c + 1; j < n; j++)
                {
                    Unsafe.Add(ref a0, i * n + j) -= l * Unsafe.Add(ref a0, c * n + j);
                }
                for (int j = 0; j < k; j++)
                {
                    Unsafe.Add(ref b0, i * k + j) -= l * Unsafe.Add(ref b0, c * k + j);
                }
            }
        }
        return singular;
    }

    /// <summary>Solves <c>U·X = B</c> in place on the tiles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackSubstitute<T>(Span<Vector<T>> a, Span<Vector<T>> b, int n, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref Vector<T> a0 = ref MemoryMarshal.GetReference(a);
        ref Vector<T> b0 = ref MemoryMarshal.GetReference(b);
        for (int i = n - 1; i >= 0; i--)
        {
            Vector<T> inverse = Vector<T>.One / Unsafe.Add(ref a0, i * n + i);
            for (int j = 0; j < k; j++)
            {
                Vector<T> x = Unsafe.Add(ref b0, i * k + j);
                for (int p = i + 1; p < n; p++)
                {
                    x -= Unsafe.Add(ref a0, i * n + p) * Unsafe.Add(ref b0, p * k + j);
                }
                Unsafe.Add(ref b0, i * k + j) = x * inverse;
            }
        }
    }

    /// <summary>
    /// Transposes <paramref name="valid"/> consecutive rows x cols matrices starting at matrix
    /// <paramref name="first"/> into the tile (element e of lane l at <c>tile[e][l]</c>); missing lanes
    /// get the identity (or zeros).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Gather<T>(ReadOnlySpan<T> source, int first, int valid, int rows, int cols, Span<Vector<T>> tile, bool identity) where T : unmanaged, INumberBase<T>
    {
        int lanes = Vector<T>.Count;
        int elements = rows * cols;
        ref T t0 = ref Unsafe.As<Vector<T>, T>(ref MemoryMarshal.GetReference(tile));
        ref T matrices = ref Unsafe.Add(ref MemoryMarshal.GetReference(source), (nint)first * elements);
        Transpose(ref matrices, ref t0, valid, elements, toTile: true);
        for (int l = valid; l < lanes; l++)
        {
            for (int e = 0; e < elements; e++)
            {
                Unsafe.Add(ref t0, e * lanes + l) = identity && e / cols == e % cols ? T.One : T.Zero;
            }
        }
    }

    /// <summary>The inverse of <see cref="Gather"/> for the valid lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Scatter<T>(ReadOnlySpan<Vector<T>> tile, Span<T> destination, int first, int valid, int elements) where T : unmanaged
    {
        ref T t0 = ref Unsafe.As<Vector<T>, T>(ref MemoryMarshal.GetReference(tile));
        ref T matrices = ref Unsafe.Add(ref MemoryMarshal.GetReference(destination), (nint)first * elements);
        Transpose(ref matrices, ref t0, valid, elements, toTile: false);
    }

    /// <summary>
    /// Moves element e of matrix l (at <c>matrices[l·elements + e]</c>) to or from <c>tile[e·lanes + l]</c>
    /// for the first <paramref name="valid"/> lanes: whole lanes x lanes blocks in registers when every
    /// lane is valid, the rest element by element. Inlined, so <paramref name="toTile"/> is a constant.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose<T>(ref T matrices, ref T tile, int valid, int elements, bool toTile) where T : unmanaged
    {
        int lanes = Vector<T>.Count;
        int done = 0;
        if (valid == lanes && TileTranspose.Accelerated<T>())
        {
            for (; done + lanes <= elements; done += lanes)
            {
                if (toTile)
                {
                    TileTranspose.Block(ref Unsafe.Add(ref matrices, done), elements, ref Unsafe.Add(ref tile, done * lanes), lanes);
                }
                else
                {
                    TileTranspose.Block(ref Unsafe.Add(ref tile, done * lanes), lanes, ref Unsafe.Add(ref matrices, done), elements);
                }
            }
        }
        for (int l = 0; l < valid; l++)
        {
            ref T matrix = ref Unsafe.Add(ref matrices, (nint)l * elements);
            for (int e = done; e < elements; e++)
            {
                if (toTile)
                {
                    Unsafe.Add(ref tile, e * lanes + l) = Unsafe.Add(ref matrix, e);
                }
                else
                {
                    Unsafe.Add(ref matrix, e) = Unsafe.Add(ref tile, e * lanes + l);
                }
            }
        }
    }

    /// <summary>The batch index of the first lane set in <paramref name="mask"/> among the valid ones, else -1.</summary>
    internal static long FirstLane<T>(Vector<T> mask, int first, int valid) where T : unmanaged, INumberBase<T>
    {
        if (mask == Vector<T>.Zero)
        {
            return -1;
        }
        for (int l = 0; l < valid; l++)
        {
            if (mask[l] != T.Zero)
            {
                return first + l;
            }
        }
        return -1;
    }
}
