using Batchwise.Kernels.Linalg.Lu;

namespace Batchwise.Kernels.Linalg.Cholesky;

/// <summary>
/// Cholesky factorization for batches of small matrices (n ≤ <see cref="MaxOrder"/>), vectorised across
/// the batch: one matrix per SIMD lane in a structure-of-arrays tile, the Cholesky–Banachiewicz loop
/// on whole vectors. Reads the lower triangle, writes L with a zero upper triangle (or Lᵀ when
/// <c>upper</c>). Padding lanes hold the identity. Scratch: <see cref="ScratchSize"/> elements.
/// </summary>
public static class SmallCholeskyBatch
{
    /// <summary>Largest order handled here.</summary>
    public const int MaxOrder = 8;

    /// <summary>Scratch elements for order n.</summary>
    public static int ScratchSize<T>(int n) => n * n * Vector<T>.Count;

    /// <summary>Factors every matrix of <paramref name="a"/> into <paramref name="factor"/>.</summary>
    /// <returns>-1, or the index of the first matrix that is not positive definite.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Factor<T>(ReadOnlySpan<T> a, Span<T> factor, int count, int n, bool upper, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(n is >= 1 and <= MaxOrder && scratch.Length >= ScratchSize<T>(n));
        int lanes = Vector<T>.Count;
        Span<Vector<T>> tile = MemoryMarshal.Cast<T, Vector<T>>(scratch[..(n * n * lanes)]);
        ref Vector<T> t0 = ref MemoryMarshal.GetReference(tile);
        long failed = -1;
        Span<Vector<T>> inverseDiagonal = stackalloc Vector<T>[MaxOrder];
        for (int first = 0; first < count; first += lanes)
        {
            int valid = Math.Min(lanes, count - first);
            SmallLuBatch.Gather(a, first, valid, n, n, tile, identity: true);
            Vector<T> bad = Vector<T>.Zero;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j <= i; j++)
                {
                    Vector<T> s = Unsafe.Add(ref t0, i * n + j);
                    for (int p = 0; p < j; p++)
                    {
                        s -= Unsafe.Add(ref t0, i * n + p) * Unsafe.Add(ref t0, j * n + p);
                    }
                    if (i == j)
                    {
                        bad |= Vector.LessThanOrEqual(s, Vector<T>.Zero);
                        Vector<T> root = Vector.SquareRoot(s);
                        Unsafe.Add(ref t0, i * n + i) = root;
                        inverseDiagonal[i] = Vector<T>.One / root;
                    }
                    else
                    {
                        Unsafe.Add(ref t0, i * n + j) = s * inverseDiagonal[j];
                    }
                }
                for (int j = i + 1; j < n; j++)
                {
                    Unsafe.Add(ref t0, i * n + j) = Vector<T>.Zero;
                }
            }
            if (upper)
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
            SmallLuBatch.Scatter<T>(tile, factor, first, valid, n * n);
            if (failed < 0)
            {
                failed = SmallLuBatch.FirstLane(bad, first, valid);
            }
        }
        return failed;
    }
}
