namespace Batchwise.Kernels.Sorting;

/// <summary>
/// The few elements of a long contiguous line that can be among its top k, found a vector at a time
/// so that the heap only sees them. The line is cut into 4k chunks; the k-th best of the chunks' best
/// elements is a bound that at least k elements reach, so every top-k element reaches it too. One
/// more pass collects the elements that reach the bound, with their positions, in line order. On
/// random data that is about k elements; where ties or NaNs make it more than the buffer holds, the
/// caller falls back to the plain heap.
/// </summary>
internal static unsafe class TopKCandidates
{
    private const int ChunksPerK = 4;

    /// <summary>Candidates a buffer holds for <paramref name="k"/>: random data needs about k.</summary>
    public static int Capacity(int k) => 16 * k + 256;

    /// <summary>Whether a line of <paramref name="length"/> is long enough for chunks of at least 16 vectors.</summary>
    public static bool Applies<T>(int length, int k) where T : unmanaged =>
        Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && k > 0
        && length / Vector256<T>.Count >= 16 * ChunksPerK * k;

    /// <summary>
    /// Writes the candidates of <paramref name="x"/> into <paramref name="candidates"/> (position order)
    /// and returns their number, or -1 when they do not fit. <paramref name="heap"/> (k items) is scratch.
    /// </summary>
    public static int Collect<T, TBefore>(T* x, int length, Span<Keyed<T>> heap, Span<Keyed<T>> candidates, bool largest)
        where T : unmanaged, INumber<T>
        where TBefore : IBefore<Keyed<T>>
    {
        T bound = Bound<T, TBefore>(x, length, heap, largest);
        var bounds = Vector256.Create(bound);
        int lanes = Vector256<T>.Count, count = 0, i = 0;
        for (; i + 4 * lanes <= length; i += 4 * lanes)
        {
            // Comparisons with NaN are false, so NaN elements (and a NaN bound) count as candidates.
            T* p = x + i;
            Vector256<T> below = Below(Vector256.Load(p), bounds, largest) & Below(Vector256.Load(p + lanes), bounds, largest)
                & Below(Vector256.Load(p + 2 * lanes), bounds, largest) & Below(Vector256.Load(p + 3 * lanes), bounds, largest);
            if (Vector256.EqualsAll(below.AsByte(), Vector256<byte>.AllBitsSet))
            {
                continue;
            }
            for (int j = i; j < i + 4 * lanes; j++)
            {
                if (!Below(x[j], bound, largest) && !Add(candidates, ref count, x[j], j))
                {
                    return -1;
                }
            }
        }
        for (; i < length; i++)
        {
            if (!Below(x[i], bound, largest) && !Add(candidates, ref count, x[i], i))
            {
                return -1;
            }
        }
        return count;
    }

    /// <summary>The k-th best of the best elements of 4k chunks of whole vectors.</summary>
    private static T Bound<T, TBefore>(T* x, int length, Span<Keyed<T>> heap, bool largest)
        where T : unmanaged, INumber<T>
        where TBefore : IBefore<Keyed<T>>
    {
        int lanes = Vector256<T>.Count, vectors = length / lanes, k = heap.Length;
        int chunks = ChunksPerK * k;
        Keyed<T> best;
        for (int c = 0; c < chunks; c++)
        {
            int first = (int)((long)vectors * c / chunks), end = (int)((long)vectors * (c + 1) / chunks);
            // Four accumulators, so the max (or min) chains do not wait on each other.
            Vector256<T> b0 = Vector256.Load(x + first * lanes), b1 = b0, b2 = b0, b3 = b0;
            int v = first + 1;
            for (; v + 4 <= end; v += 4)
            {
                b0 = Better(b0, Vector256.Load(x + v * lanes), largest);
                b1 = Better(b1, Vector256.Load(x + (v + 1) * lanes), largest);
                b2 = Better(b2, Vector256.Load(x + (v + 2) * lanes), largest);
                b3 = Better(b3, Vector256.Load(x + (v + 3) * lanes), largest);
            }
            for (; v < end; v++)
            {
                b0 = Better(b0, Vector256.Load(x + v * lanes), largest);
            }
            Vector256<T> b = Better(Better(b0, b1, largest), Better(b2, b3, largest), largest);
            best.Key = Reduce(b, largest);
            best.Index = c;
            if (c < k)
            {
                heap[c] = best;
                if (c == k - 1)
                {
                    Selection<Keyed<T>, TBefore>.Heapify(heap);
                }
            }
            else
            {
                Selection<Keyed<T>, TBefore>.Offer(heap, best);
            }
        }
        return heap[0].Key;
    }

    /// <summary>
    /// The best lane of <paramref name="b"/>. Any element of a chunk would give a valid bound (k chunks
    /// then hold an element that reaches it); the best gives the tightest.
    /// </summary>
    private static T Reduce<T>(Vector256<T> b, bool largest) where T : unmanaged, INumber<T>
    {
        T result = b.GetElement(0);
        for (int lane = 1; lane < Vector256<T>.Count; lane++)
        {
            T e = b.GetElement(lane);
            if (T.IsNaN(e) || (largest ? e > result : e < result))
            {
                result = e;
            }
        }
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Better<T>(Vector256<T> a, Vector256<T> b, bool largest) => largest ? Vector256.Max(a, b) : Vector256.Min(a, b);

    /// <summary>Lanes strictly worse than the bound (false for NaN lanes and a NaN bound).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Below<T>(Vector256<T> values, Vector256<T> bounds, bool largest) =>
        largest ? Vector256.LessThan(values, bounds) : Vector256.GreaterThan(values, bounds);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Below<T>(T value, T bound, bool largest) where T : INumber<T> =>
        largest ? value < bound : value > bound;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Add<T>(Span<Keyed<T>> candidates, ref int count, T key, int index) where T : unmanaged
    {
        if (count == candidates.Length)
        {
            return false;
        }
        candidates[count].Key = key;
        candidates[count].Index = index;
        count++;
        return true;
    }
}
