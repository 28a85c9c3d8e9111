namespace Batchwise.Kernels.Gathering;

/// <summary>
/// Boolean-mask selection <c>x[mask]</c> over a contiguous source seen as (mask.Length, inner): the rows
/// whose mask element is true, packed in order. The caller counted the trues to size the destination.
/// </summary>
public static unsafe class MaskedRows
{
    /// <summary>Copies the selected rows of <paramref name="source"/> into <paramref name="destination"/>.</summary>
    public static void Select<T>(ReadOnlySpan<bool> mask, T* source, long inner, T* destination) where T : unmanaged
    {
        Debug.Assert(inner > 0);
        int last = mask.LastIndexOf(true);
        if (inner == 1)
        {
            // Branchless compaction: every element is written at the current slot and the slot advances
            // only on true. Stopping at the last true keeps every write inside the destination.
            long w = 0;
            for (int i = 0; i <= last; i++)
            {
                destination[w] = source[i];
                w += Unsafe.As<bool, byte>(ref Unsafe.AsRef(in mask[i]));
            }
            return;
        }
        long bytes = inner * sizeof(T);
        long row = 0;
        for (int i = 0; i <= last; i++)
        {
            if (mask[i])
            {
                Buffer.MemoryCopy(source + i * inner, destination + row * inner, bytes, bytes);
                row++;
            }
        }
    }
}
