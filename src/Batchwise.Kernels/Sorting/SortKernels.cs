using Batchwise.Kernels.Iteration;
using Batchwise.Kernels.Threading;

namespace Batchwise.Kernels.Sorting;

/// <summary>
/// Sorts one line ascending in <see cref="SortOrder"/>. float, double and 32/64-bit integer lines
/// are radix sorted (<see cref="RadixSort"/>; −0.0 before 0.0); other types have their NaNs moved to
/// the end and the rest sorted by the runtime's introsort, where the order of −0.0 and 0.0 is not
/// defined. <see cref="SplitLine"/> sorts a single long line of those on two cores.
/// </summary>
public unsafe struct SortLine<T> : ILineKernel where T : unmanaged, INumber<T>
{
    /// <summary>Sort the two halves of each line on two threads and merge them (for one long line).</summary>
    public bool SplitLine;

    public readonly int ScratchBytes(int length) => RadixSort.Supports<T>() ? RadixSort.ScratchBytes<T>(length) : (SplitLine ? 2 : 1) * length * sizeof(T);

    public readonly void Line(void* output, nint outputStride, void* input, nint inputStride, int length, void* output2, nint output2Stride, Span<byte> scratch)
    {
        if (RadixSort.Supports<T>())
        {
            RadixSort.SortLine((T*)input, inputStride, length, (T*)output, outputStride, scratch, SplitLine);
            return;
        }
        Span<T> values = MemoryMarshal.Cast<byte, T>(scratch)[..length];
        T* x = (T*)input;
        int kept = 0, nans = length;
        for (int i = 0; i < length; i++)
        {
            T v = x[i * inputStride];
            if (T.IsNaN(v))
            {
                values[--nans] = v;
            }
            else
            {
                values[kept++] = v;
            }
        }
        Span<T> numbers = values[..kept];
        if (SplitLine)
        {
            ParallelSort.Run<T, ValueOrder<T>>(numbers, MemoryMarshal.Cast<byte, T>(scratch)[length..(length + kept)], &SortNumbers);
        }
        else
        {
            numbers.Sort();
        }
        Lines.Write(values, (T*)output, outputStride);
    }

    private static void SortNumbers(Span<T> items, Span<T> buffer) => items.Sort();
}

/// <summary>
/// Stable argsort of one line: (key, position) pairs radix sorted (float, double and 32/64-bit integer
/// keys) or merge sorted, so equal keys keep their input order, −0.0 equals 0.0 and NaNs come last in
/// input order (NumPy's <c>kind='stable'</c>).
/// </summary>
public unsafe struct ArgSortLine<T> : ILineKernel where T : unmanaged, INumber<T>
{
    /// <summary>Sort the two halves of each line on two threads and merge them (for one long line).</summary>
    public bool SplitLine;

    public readonly int ScratchBytes(int length) => RadixSort.Supports<T>() ? RadixSort.ScratchBytes<T>(length) : 2 * length * sizeof(Keyed<T>);

    public readonly void Line(void* output, nint outputStride, void* input, nint inputStride, int length, void* output2, nint output2Stride, Span<byte> scratch)
    {
        if (RadixSort.Supports<T>())
        {
            RadixSort.ArgSortLine((T*)input, inputStride, length, (long*)output, outputStride, scratch, SplitLine);
            return;
        }
        Span<Keyed<T>> all = MemoryMarshal.Cast<byte, Keyed<T>>(scratch);
        Span<Keyed<T>> pairs = all[..length], buffer = all[length..(2 * length)];
        Lines.ReadKeyed((T*)input, inputStride, pairs);
        if (SplitLine)
        {
            ParallelSort.Run<Keyed<T>, Ascending<T>>(pairs, buffer, &Selection<Keyed<T>, Ascending<T>>.MergeSort);
        }
        else
        {
            Selection<Keyed<T>, Ascending<T>>.MergeSort(pairs, buffer);
        }
        Lines.WriteIndices(pairs, (long*)output, outputStride);
    }
}

/// <summary>Strided reads and writes shared by the line kernels.</summary>
public static unsafe class Lines
{
    /// <summary>Copies a strided line into (key, position) pairs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadKeyed<T>(T* x, nint stride, Span<Keyed<T>> pairs) where T : unmanaged
    {
        for (int i = 0; i < pairs.Length; i++)
        {
            pairs[i].Key = x[i * stride];
            pairs[i].Index = i;
        }
    }

    /// <summary>Copies a strided line into a span.</summary>
    public static void Read<T>(T* x, nint stride, Span<T> values) where T : unmanaged
    {
        if (stride == 1)
        {
            new ReadOnlySpan<T>(x, values.Length).CopyTo(values);
            return;
        }
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = x[i * stride];
        }
    }

    /// <summary>Writes a span to a strided line.</summary>
    public static void Write<T>(ReadOnlySpan<T> values, T* destination, nint stride) where T : unmanaged
    {
        if (stride == 1)
        {
            values.CopyTo(new Span<T>(destination, values.Length));
            return;
        }
        for (int i = 0; i < values.Length; i++)
        {
            destination[i * stride] = values[i];
        }
    }

    /// <summary>Writes the positions of sorted pairs to a strided line of indices.</summary>
    public static void WriteIndices<T>(ReadOnlySpan<Keyed<T>> pairs, long* destination, nint stride) where T : unmanaged
    {
        for (int i = 0; i < pairs.Length; i++)
        {
            destination[i * stride] = pairs[i].Index;
        }
    }
}

/// <summary>
/// Sorts one long span on the worker pool: each thread sorts a contiguous part, then the sorted parts
/// are merged pairwise (stable: earlier parts win ties).
/// </summary>
public static unsafe class ParallelSort
{
    /// <summary>Items below which one thread sorts alone: a shorter sort takes about as long as the fork-join and the merge.</summary>
    private const int MinParallelLength = 2 * 1024;

    private struct Job<TItem> where TItem : unmanaged
    {
        public TItem* Items;
        public TItem* Buffer;
        public int Length;
        public delegate*<Span<TItem>, Span<TItem>, void> Sort;
    }

    /// <summary>Sorts <paramref name="items"/> with <paramref name="sort"/> per part, then merges; <paramref name="buffer"/> is as long.</summary>
    public static void Run<TItem, TBefore>(Span<TItem> items, Span<TItem> buffer, delegate*<Span<TItem>, Span<TItem>, void> sort)
        where TItem : unmanaged
        where TBefore : IBefore<TItem>
    {
        int parts = Math.Min(WorkerPool.MaxDegree, 2);
        if (parts < 2 || items.Length < MinParallelLength)
        {
            sort(items, buffer);
            return;
        }
        fixed (TItem* pi = items)
        fixed (TItem* pb = buffer)
        {
            var job = new Job<TItem> { Items = pi, Buffer = pb, Length = items.Length, Sort = sort };
            WorkerPool.Run(&Part<TItem>, &job, parts);
        }
        int mid = items.Length / 2;
        Selection<TItem, TBefore>.Merge(items[..mid], items[mid..], buffer[..items.Length]);
        buffer[..items.Length].CopyTo(items);
    }

    private static void Part<TItem>(void* state, int part, int parts) where TItem : unmanaged
    {
        ref Job<TItem> job = ref Unsafe.AsRef<Job<TItem>>(state);
        int lo = part == 0 ? 0 : job.Length / 2, hi = part == 0 ? job.Length / 2 : job.Length;
        job.Sort(new Span<TItem>(job.Items + lo, hi - lo), new Span<TItem>(job.Buffer + lo, hi - lo));
    }
}
