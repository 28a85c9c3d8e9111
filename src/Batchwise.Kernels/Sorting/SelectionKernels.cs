using Batchwise.Kernels.Iteration;

namespace Batchwise.Kernels.Sorting;

/// <summary>
/// torch.topk of one line: the <see cref="K"/> largest (or smallest) elements and their positions,
/// kept in a bounded heap while the line is read once, so the cost is O(n log k), not a full sort.
/// NaN counts as larger than +inf; equal keys go lowest position first. Operand 0 receives the
/// values, operand 2 the int64 positions; with <see cref="Sorted"/> false they come in heap order.
/// </summary>
public unsafe struct TopKLine<T> : ILineKernel where T : unmanaged, INumber<T>
{
    public int K;
    public bool Largest;
    public bool Sorted;

    public readonly int ScratchBytes(int length) =>
        (K + (TopKCandidates.Applies<T>(length, K) ? TopKCandidates.Capacity(K) : 0)) * sizeof(Keyed<T>);

    public readonly void Line(void* output, nint outputStride, void* input, nint inputStride, int length, void* output2, nint output2Stride, Span<byte> scratch)
    {
        if (K == 0)
        {
            return;
        }
        Span<Keyed<T>> all = MemoryMarshal.Cast<byte, Keyed<T>>(scratch);
        Span<Keyed<T>> heap = all[..K], candidates = all[K..];
        if (Largest)
        {
            Keep<Descending<T>>(heap, candidates, (T*)input, inputStride, length);
        }
        else
        {
            Keep<Ascending<T>>(heap, candidates, (T*)input, inputStride, length);
        }
        T* values = (T*)output;
        long* indices = (long*)output2;
        for (int i = 0; i < heap.Length; i++)
        {
            values[i * outputStride] = heap[i].Key;
            indices[i * output2Stride] = heap[i].Index;
        }
    }

    private readonly void Keep<TBefore>(Span<Keyed<T>> heap, Span<Keyed<T>> candidates, T* x, nint stride, int length) where TBefore : IBefore<Keyed<T>>
    {
        if (stride == 1 && TopKCandidates.Applies<T>(length, heap.Length)
            && TopKCandidates.Collect<T, TBefore>(x, length, heap, candidates, Largest) is int found and >= 0)
        {
            // Every top-k element is among the candidates (at least k of them), in line order.
            candidates[..heap.Length].CopyTo(heap);
            Selection<Keyed<T>, TBefore>.Heapify(heap);
            foreach (Keyed<T> candidate in candidates[heap.Length..found])
            {
                Selection<Keyed<T>, TBefore>.Offer(heap, candidate);
            }
            if (Sorted)
            {
                Selection<Keyed<T>, TBefore>.SortHeap(heap);
            }
            return;
        }
        Lines.ReadKeyed(x, stride, heap);
        Selection<Keyed<T>, TBefore>.Heapify(heap);
        Keyed<T> item;
        int i = heap.Length;
        if (stride == 1 && Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            // Most elements cannot enter the heap: skip whole blocks of four vectors that hold no
            // candidate, testing the four with one branch. The test is conservative (NaN lanes and a
            // NaN threshold compare false, so they count as candidates); Offer decides.
            bool largest = typeof(TBefore) == typeof(Descending<T>);
            int lanes = Vector256<T>.Count, block = 4 * lanes;
            for (; i + block <= length; i += block)
            {
                var threshold = Vector256.Create(heap[0].Key);
                T* p = x + i;
                Vector256<T> outside = largest
                    ? Vector256.LessThanOrEqual(Vector256.Load(p), threshold) & Vector256.LessThanOrEqual(Vector256.Load(p + lanes), threshold)
                        & Vector256.LessThanOrEqual(Vector256.Load(p + 2 * lanes), threshold) & Vector256.LessThanOrEqual(Vector256.Load(p + 3 * lanes), threshold)
                    : Vector256.GreaterThanOrEqual(Vector256.Load(p), threshold) & Vector256.GreaterThanOrEqual(Vector256.Load(p + lanes), threshold)
                        & Vector256.GreaterThanOrEqual(Vector256.Load(p + 2 * lanes), threshold) & Vector256.GreaterThanOrEqual(Vector256.Load(p + 3 * lanes), threshold);
                if (Vector256.EqualsAll(outside.AsByte(), Vector256<byte>.AllBitsSet))
                {
                    continue;
                }
                for (int j = i; j < i + block; j++)
                {
                    item.Key = x[j];
                    item.Index = j;
                    Selection<Keyed<T>, TBefore>.Offer(heap, item);
                }
            }
        }
        for (; i < length; i++)
        {
            item.Key = x[i * stride];
            item.Index = i;
            Selection<Keyed<T>, TBefore>.Offer(heap, item);
        }
        if (Sorted)
        {
            Selection<Keyed<T>, TBefore>.SortHeap(heap);
        }
    }
}

/// <summary>
/// NumPy's argpartition of one line: the position of the element that sorts <see cref="Kth"/>-th is
/// written at <see cref="Kth"/>, positions of elements that sort before it (ties by position) before,
/// the rest after. An introselect on (key, position) pairs: O(n) on average.
/// </summary>
public unsafe struct ArgPartitionLine<T> : ILineKernel where T : unmanaged, INumber<T>
{
    public int Kth;

    public readonly int ScratchBytes(int length) => length * sizeof(Keyed<T>);

    public readonly void Line(void* output, nint outputStride, void* input, nint inputStride, int length, void* output2, nint output2Stride, Span<byte> scratch)
    {
        Span<Keyed<T>> pairs = MemoryMarshal.Cast<byte, Keyed<T>>(scratch)[..length];
        Lines.ReadKeyed((T*)input, inputStride, pairs);
        Selection<Keyed<T>, Ascending<T>>.Select(pairs, Kth);
        Lines.WriteIndices(pairs, (long*)output, outputStride);
    }
}

/// <summary>
/// The q-quantile of one line with NumPy's 'linear' method, one value per line: with h = q·(n − 1),
/// lo = ⌊h⌋, g = h − lo, the result is <c>a + (b − a)·g</c> (or <c>b − (b − a)·(1 − g)</c> for g ≥ ½)
/// between the lo-th and (lo+1)-th smallest, evaluated in double. <see cref="Median"/> instead gives
/// the middle element or the mean <c>(a + b)/2</c> of the two middle ones, in T, as np.median.
/// A line holding NaN, or an empty line, gives NaN.
/// </summary>
public unsafe struct QuantileLine<T> : ILineKernel where T : unmanaged, INumber<T>
{
    public double Q;
    public bool Median;

    public readonly int ScratchBytes(int length) => length * sizeof(T);

    public readonly void Line(void* output, nint outputStride, void* input, nint inputStride, int length, void* output2, nint output2Stride, Span<byte> scratch)
    {
        Span<T> values = MemoryMarshal.Cast<byte, T>(scratch)[..length];
        Lines.Read((T*)input, inputStride, values);
        *(T*)output = length == 0 || ContainsNaN(values) ? T.CreateTruncating(double.NaN) : Median ? MiddleOf(values) : QuantileOf(values);
    }

    private static bool ContainsNaN(ReadOnlySpan<T> values)
    {
        foreach (T v in values)
        {
            if (T.IsNaN(v))
            {
                return true;
            }
        }
        return false;
    }

    private static T MiddleOf(Span<T> values)
    {
        int k = values.Length / 2;
        Selection<T, ValueOrder<T>>.Select(values, k);
        if (values.Length % 2 == 1)
        {
            return values[k];
        }
        T below = values[0];
        for (int i = 1; i < k; i++)
        {
            below = T.Max(below, values[i]);
        }
        return (below + values[k]) / (T.One + T.One);
    }

    private readonly T QuantileOf(Span<T> values)
    {
        int n = values.Length;
        double h = Q * (n - 1);
        int lo = (int)Math.Floor(h), hi = Math.Min(lo + 1, n - 1);
        double g = h - lo;
        Selection<T, ValueOrder<T>>.Select(values, lo);
        double a = double.CreateTruncating(values[lo]);
        double b = a;
        if (hi != lo)
        {
            // After the selection every element past lo sorts at or after it: the next one is their minimum.
            T next = values[hi];
            for (int i = hi + 1; i < n; i++)
            {
                next = T.Min(next, values[i]);
            }
            b = double.CreateTruncating(next);
        }
        double difference = b - a;
        double result = g >= 0.5 ? b - difference * (1 - g) : a + difference * g;
        return T.CreateTruncating(result);
    }
}
