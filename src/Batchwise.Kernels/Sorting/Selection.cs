namespace Batchwise.Kernels.Sorting;

/// <summary>
/// Comparison sorts and selections over a span, generic over a strict order <typeparamref name="TBefore"/>
/// (the JIT specialises each use): a stable merge sort, an introselect (<c>nth_element</c>) and a
/// bounded heap for top-k.
/// </summary>
public static class Selection<TItem, TBefore> where TBefore : IBefore<TItem>
{
    // Runs this short are insertion sorted before merging: fewer passes, and short runs stay in L1.
    private const int RunLength = 24;

    /// <summary>Stable ascending sort of <paramref name="items"/>; <paramref name="buffer"/> is as long.</summary>
    public static void MergeSort(Span<TItem> items, Span<TItem> buffer)
    {
        int n = items.Length;
        for (int i = 0; i < n; i += RunLength)
        {
            InsertionSort(items.Slice(i, Math.Min(RunLength, n - i)));
        }
        var buffers = new PingPong<TItem>(items, buffer);
        for (int width = RunLength; width < n; width *= 2)
        {
            for (int lo = 0; lo < n; lo += 2 * width)
            {
                int mid = Math.Min(lo + width, n), hi = Math.Min(lo + 2 * width, n);
                Merge(buffers.Source[lo..mid], buffers.Source[mid..hi], buffers.Destination[lo..hi]);
            }
            buffers.Flip();
        }
        buffers.Finish();
    }

    /// <summary>Merges two sorted runs; on ties the left run's element goes first (stability).</summary>
    public static void Merge(ReadOnlySpan<TItem> left, ReadOnlySpan<TItem> right, Span<TItem> destination)
    {
        int i = 0, j = 0, o = 0;
        while (i < left.Length && j < right.Length)
        {
            destination[o++] = TBefore.Before(right[j], left[i]) ? right[j++] : left[i++];
        }
        left[i..].CopyTo(destination[o..]);
        right[j..].CopyTo(destination[(o + left.Length - i)..]);
    }

    /// <summary>Stable insertion sort, for short runs.</summary>
    public static void InsertionSort(Span<TItem> items)
    {
        for (int i = 1; i < items.Length; i++)
        {
            TItem x = items[i];
            int j = i - 1;
            while (j >= 0 && TBefore.Before(x, items[j]))
            {
                items[j + 1] = items[j];
                j--;
            }
            items[j + 1] = x;
        }
    }

    /// <summary>
    /// Reorders <paramref name="items"/> so that position <paramref name="k"/> holds the element a full
    /// sort would put there, none after it sorts before it and none before it sorts after it.
    /// Quickselect with a median-of-three pivot; past 2·log₂ n rounds the rest is heap sorted, so the
    /// worst case stays O(n log n).
    /// </summary>
    public static void Select(Span<TItem> items, int k)
    {
        int lo = 0, hi = items.Length - 1;
        int budget = 2 * (BitLength(items.Length) + 1);
        while (hi - lo >= RunLength)
        {
            if (budget-- == 0)
            {
                HeapSort(items[lo..(hi + 1)]);
                return;
            }
            int mid = lo + (hi - lo) / 2;
            Order(items, lo, mid);
            Order(items, mid, hi);
            Order(items, lo, mid);
            TItem pivot = items[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (TBefore.Before(items[i], pivot))
                {
                    i++;
                }
                while (TBefore.Before(pivot, items[j]))
                {
                    j--;
                }
                if (i <= j)
                {
                    (items[i], items[j]) = (items[j], items[i]);
                    i++;
                    j--;
                }
            }
            // Now items[lo..j] do not sort after the pivot, items[i..hi] not before it, and any between equal it.
            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return;
            }
        }
        InsertionSort(items[lo..(hi + 1)]);
    }

    /// <summary>
    /// Keeps the <c>heap.Length</c> items that sort first among those offered: a heap whose root is the
    /// worst kept item, so most offers cost one comparison. <see cref="Offer"/> after filling with
    /// <see cref="Heapify"/>; <see cref="SortHeap"/> puts the kept items in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Offer(Span<TItem> heap, in TItem x)
    {
        if (TBefore.Before(x, heap[0]))
        {
            heap[0] = x;
            SiftDown(heap, 0);
        }
    }

    /// <summary>Makes <paramref name="heap"/> a heap with the last-sorting item at the root.</summary>
    public static void Heapify(Span<TItem> heap)
    {
        for (int i = heap.Length / 2 - 1; i >= 0; i--)
        {
            SiftDown(heap, i);
        }
    }

    /// <summary>Sorts a heap made by <see cref="Heapify"/> ascending in place.</summary>
    public static void SortHeap(Span<TItem> heap)
    {
        for (int end = heap.Length - 1; end > 0; end--)
        {
            (heap[0], heap[end]) = (heap[end], heap[0]);
            SiftDown(heap[..end], 0);
        }
    }

    private static void HeapSort(Span<TItem> items)
    {
        Heapify(items);
        SortHeap(items);
    }

    private static void SiftDown(Span<TItem> heap, int i)
    {
        int n = heap.Length;
        TItem x = heap[i];
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= n)
            {
                break;
            }
            if (child + 1 < n && TBefore.Before(heap[child], heap[child + 1]))
            {
                child++;
            }
            if (!TBefore.Before(x, heap[child]))
            {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = x;
    }

    private static void Order(Span<TItem> items, int a, int b)
    {
        if (TBefore.Before(items[b], items[a]))
        {
            (items[a], items[b]) = (items[b], items[a]);
        }
    }

    private static int BitLength(int n) => 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)n);
}
