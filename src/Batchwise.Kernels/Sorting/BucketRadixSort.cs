using Batchwise.Kernels.Threading;

namespace Batchwise.Kernels.Sorting;

/// <summary>
/// Radix sort for long lines, most significant digit first: one pass on the highest 11 bits in which
/// the keys differ deals them into 2048 buckets, and each bucket is then sorted by
/// least-significant-digit passes of up to 11 bits on the bits below while it sits in L1 or L2. A
/// plain LSD sort of a long line makes every pass through memory; this makes one. With
/// <c>parallel</c>, two threads share each pass over the line (part 0 deals first into every bucket,
/// so the deal stays stable) and then the buckets. Stable, like every pass it is made of.
/// </summary>
internal static unsafe class BucketRadixSort
{
    /// <summary>Lines at least this long are sorted here: shorter ones fit in L2 and gain nothing from buckets.</summary>
    public const int MinLength = 1 << 16;

    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;

    /// <summary>The widest digit of the passes inside a bucket: 2048 counters, 8 KiB, stay in L1.</summary>
    private const int MaxLowDigitBits = 11;

    /// <summary>Buckets shorter than this take 8-bit digits: clearing and summing 2048 counters a pass would cost more than the pass.</summary>
    private const int WideDigitLength = 2048;

    /// <summary>Sorts <paramref name="items"/> by key, stably; <paramref name="buffer"/> is as long.</summary>
    public static void Sort<TItem>(Span<TItem> items, Span<TItem> buffer, bool parallel) where TItem : unmanaged
    {
        int parts = parallel && WorkerPool.MaxDegree >= 2 ? 2 : 1;
        ulong* differing = stackalloc ulong[2];
        int* counts = stackalloc int[2 * Buckets];
        int* next = stackalloc int[2 * Buckets];
        int* starts = stackalloc int[Buckets + 1];
        fixed (TItem* pi = items)
        fixed (TItem* pb = buffer)
        {
            var job = new Job<TItem>
            {
                Items = pi,
                Buffer = pb,
                Length = items.Length,
                Parts = parts,
                Differing = differing,
                Counts = counts,
                Next = next,
                Starts = starts,
            };
            WorkerPool.Run(&FindDifferingBits<TItem>, &job, parts);
            ulong differ = differing[0] | (parts > 1 ? differing[1] : 0);
            if (differ == 0)
            {
                return;
            }
            // The digit ends at the highest bit that differs, so at least two buckets are used and a
            // bucket that is still long has fewer differing bits when it is sorted again.
            job.Shift = Math.Max(0, 64 - BitOperations.LeadingZeroCount(differ) - DigitBits);
            WorkerPool.Run(&CountDigits<TItem>, &job, parts);
            PlaceParts(ref job);
            WorkerPool.Run(&Deal<TItem>, &job, parts);
            job.Middle = parts == 1 ? Buckets : BalancedMiddle(new ReadOnlySpan<int>(starts, Buckets + 1));
            WorkerPool.Run(&SortBuckets<TItem>, &job, parts);
        }
    }

    /// <summary>Part <paramref name="part"/>'s OR of every key XOR the first key: the bits in which keys differ.</summary>
    private static void FindDifferingBits<TItem>(void* state, int part, int parts) where TItem : unmanaged
    {
        ref Job<TItem> job = ref Unsafe.AsRef<Job<TItem>>(state);
        (int start, int end) = job.Range(part);
        ulong first = RadixSort.KeyOf(job.Items[0]), differ = 0;
        for (int i = start; i < end; i++)
        {
            differ |= RadixSort.KeyOf(job.Items[i]) ^ first;
        }
        job.Differing[part] = differ;
    }

    private static void CountDigits<TItem>(void* state, int part, int parts) where TItem : unmanaged
    {
        ref Job<TItem> job = ref Unsafe.AsRef<Job<TItem>>(state);
        (int start, int end) = job.Range(part);
        int* counts = job.Counts + part * Buckets;
        new Span<int>(counts, Buckets).Clear();
        for (int i = start; i < end; i++)
        {
            counts[Digit(job.Items[i], job.Shift)]++;
        }
    }

    /// <summary>Where each bucket starts, and where each part writes within it: part 0 first, so the deal is stable.</summary>
    private static void PlaceParts<TItem>(ref Job<TItem> job) where TItem : unmanaged
    {
        int sum = 0;
        for (int b = 0; b < Buckets; b++)
        {
            job.Starts[b] = sum;
            for (int p = 0; p < job.Parts; p++)
            {
                job.Next[p * Buckets + b] = sum;
                sum += job.Counts[p * Buckets + b];
            }
        }
        job.Starts[Buckets] = sum;
    }

    /// <summary>Moves part <paramref name="part"/>'s items into their buckets in the buffer.</summary>
    private static void Deal<TItem>(void* state, int part, int parts) where TItem : unmanaged
    {
        ref Job<TItem> job = ref Unsafe.AsRef<Job<TItem>>(state);
        (int start, int end) = job.Range(part);
        int* next = job.Next + part * Buckets;
        TItem* buffer = job.Buffer;
        for (int i = start; i < end; i++)
        {
            TItem item = job.Items[i];
            buffer[next[Digit(item, job.Shift)]++] = item;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Digit<TItem>(TItem item, int shift) where TItem : unmanaged =>
        (int)((RadixSort.KeyOf(item) >> shift) & (Buckets - 1));

    /// <summary>The first bucket of the second thread's share: the one that splits the items most evenly.</summary>
    private static int BalancedMiddle(ReadOnlySpan<int> starts)
    {
        int half = starts[Buckets] / 2;
        int middle = 1;
        while (middle < Buckets && starts[middle] < half)
        {
            middle++;
        }
        return middle;
    }

    /// <summary>Sorts buckets [0, Middle) (part 0) or [Middle, 2048) (part 1) back into the items.</summary>
    private static void SortBuckets<TItem>(void* state, int part, int parts) where TItem : unmanaged
    {
        ref Job<TItem> job = ref Unsafe.AsRef<Job<TItem>>(state);
        int firstBucket = part == 0 ? 0 : job.Middle, endBucket = part == parts - 1 ? Buckets : job.Middle;
        for (int b = firstBucket; b < endBucket; b++)
        {
            int start = job.Starts[b], length = job.Starts[b + 1] - start;
            if (length >= MinLength)
            {
                var bucket = new Span<TItem>(job.Buffer + start, length);
                var spare = new Span<TItem>(job.Items + start, length);
                Sort(bucket, spare, parallel: false);
                bucket.CopyTo(spare);
            }
            else if (length > 0)
            {
                TItem* sorted = RadixSort.SortLowDigits(job.Buffer + start, job.Items + start, length, job.Shift, length >= WideDigitLength ? MaxLowDigitBits : 8);
                if (sorted != job.Items + start)
                {
                    new Span<TItem>(sorted, length).CopyTo(new Span<TItem>(job.Items + start, length));
                }
            }
        }
    }

    private struct Job<TItem> where TItem : unmanaged
    {
        public TItem* Items;
        public TItem* Buffer;
        public int Length;
        public int Parts;
        public int Shift;
        public int Middle;
        public ulong* Differing;
        public int* Counts;
        public int* Next;
        public int* Starts;

        /// <summary>The items of part <paramref name="part"/> in the passes over the whole line.</summary>
        public readonly (int Start, int End) Range(int part) =>
            ((int)((long)Length * part / Parts), (int)((long)Length * (part + 1) / Parts));
    }
}
