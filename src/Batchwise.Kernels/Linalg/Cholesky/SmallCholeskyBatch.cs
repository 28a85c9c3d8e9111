using Batchwise.Kernels.Linalg.Lu;

namespace Batchwise.Kernels.Linalg.Cholesky;

/// <summary>
/// Cholesky factorization for batches of small matrices (n ≤ <see cref="MaxOrder"/>), vectorised across
/// the batch: one matrix per SIMD lane in a structure-of-arrays tile, the Cholesky–Banachiewicz loop
/// on whole vectors. Reads the lower triangle, writes L with a zero upper triangle (or Lᵀ when
/// <c>upper</c>). Padding lanes hold the identity. Scratch: <see cref="ScratchSize"/> elements.
/// </summary>
/// <remarks>
/// Each column waits on the one before through a square root and a division, so one tile is a chain
/// of latencies that leaves the vector units mostly idle; two tiles are factored side by side to fill
/// them.
/// </remarks>
public static class SmallCholeskyBatch
{
    /// <summary>Largest order handled here.</summary>
    public const int MaxOrder = 8;

    /// <summary>Tiles factored side by side.</summary>
    private const int Tiles = 2;

    /// <summary>Scratch elements for order n.</summary>
    public static int ScratchSize<T>(int n) => Tiles * n * n * Vector<T>.Count;

    /// <summary>Factors every matrix of <paramref name="a"/> into <paramref name="factor"/>.</summary>
    /// <returns>-1, or the index of the first matrix that is not positive definite.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Factor<T>(ReadOnlySpan<T> a, Span<T> factor, int count, int n, bool upper, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(n is >= 1 and <= MaxOrder && scratch.Length >= ScratchSize<T>(n));
        int lanes = Vector<T>.Count;
        int elements = n * n;
        Span<Vector<T>> tiles = MemoryMarshal.Cast<T, Vector<T>>(scratch[..(Tiles * elements * lanes)]);
        Span<Vector<T>> tile0 = tiles[..elements], tile1 = tiles[elements..];
        long failed = -1;
        for (int first = 0; first < count; first += Tiles * lanes)
        {
            int valid0 = Math.Min(lanes, count - first);
            int valid1 = Math.Clamp(count - first - lanes, 0, lanes);
            SmallLuBatch.Gather(a, first, valid0, n, n, tile0, identity: true);
            int second = valid1 > 0 ? first + lanes : first; // with no matrix left the second tile is all identity
            SmallLuBatch.Gather(a, second, valid1, n, n, tile1, identity: true);
            (Vector<T> bad0, Vector<T> bad1) = FactorPair(ref MemoryMarshal.GetReference(tile0), ref MemoryMarshal.GetReference(tile1), n);
            if (upper)
            {
                Transpose(ref MemoryMarshal.GetReference(tile0), n);
                Transpose(ref MemoryMarshal.GetReference(tile1), n);
            }
            SmallLuBatch.Scatter<T>(tile0, factor, first, valid0, elements);
            SmallLuBatch.Scatter<T>(tile1, factor, second, valid1, elements);
            if (failed < 0)
            {
                failed = SmallLuBatch.FirstLane(bad0, first, valid0);
            }
            if (failed < 0 && valid1 > 0)
            {
                failed = SmallLuBatch.FirstLane(bad1, first + lanes, valid1);
            }
        }
        return failed;
    }

    /// <summary>
    /// Factors two tiles in place, step by step together; returns, for each, a mask of the lanes whose
    /// matrix met a pivot ≤ 0 (not positive definite).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<T> Bad0, Vector<T> Bad1) FactorPair<T>(ref Vector<T> t0, ref Vector<T> t1, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<Vector<T>> inverse0 = stackalloc Vector<T>[MaxOrder];
        Span<Vector<T>> inverse1 = stackalloc Vector<T>[MaxOrder];
        Vector<T> bad0 = Vector<T>.Zero, bad1 = Vector<T>.Zero;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                Vector<T> s0 = Unsafe.Add(ref t0, i * n + j);
                Vector<T> s1 = Unsafe.Add(ref t1, i * n + j);
                for (int p = 0; p < j; p++)
                {
                    s0 -= Unsafe.Add(ref t0, i * n + p) * Unsafe.Add(ref t0, j * n + p);
                    s1 -= Unsafe.Add(ref t1, i * n + p) * Unsafe.Add(ref t1, j * n + p);
                }
                if (i == j)
                {
                    bad0 |= Vector.LessThanOrEqual(s0, Vector<T>.Zero);
                    bad1 |= Vector.LessThanOrEqual(s1, Vector<T>.Zero);
                    Vector<T> root0 = Vector.SquareRoot(s0), root1 = Vector.SquareRoot(s1);
                    Unsafe.Add(ref t0, i * n + i) = root0;
                    Unsafe.Add(ref t1, i * n + i) = root1;
                    inverse0[i] = Vector<T>.One / root0;
                    inverse1[i] = Vector<T>.One / root1;
                }
                else
                {
                    Unsafe.Add(ref t0, i * n + j) = s0 * inverse0[j];
                    Unsafe.Add(ref t1, i * n + j) = s1 * inverse1[j];
                }
            }
            for (int j = i + 1; j < n; j++)
            {
                Unsafe.Add(ref t0, i * n + j) = Vector<T>.Zero;
                Unsafe.Add(ref t1, i * n + j) = Vector<T>.Zero;
            }
        }
        return (bad0, bad1);
    }

    /// <summary>L to Lᵀ in a tile whose upper triangle is zero.</summary>
    private static void Transpose<T>(ref Vector<T> t0, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                Unsafe.Add(ref t0, j * n + i) = Unsafe.Add(ref t0, i * n + j);
                Unsafe.Add(ref t0, i * n + j) = Vector<T>.Zero;
            }
        }
    }
}
