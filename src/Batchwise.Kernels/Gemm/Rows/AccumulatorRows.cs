namespace Batchwise.Kernels.Gemm.Rows;

/// <summary>
/// Where a vector-matrix product keeps the row it adds rows of B into: a scratch row whose address,
/// below 4 KB, lies <see cref="DistanceBytes"/> past B's, rather than wherever the result happens to be.
/// </summary>
/// <remarks>
/// Why: the one-row loops load eight rows of B and load and store the accumulator row at the same
/// column, one vector at a time. B's rows are often a multiple of 4 KB apart (3072 or 4096 floats), so
/// all eight share their address bits below 4 KB, which pick the L1 set and which the core first
/// compares a load with older stores on. With the accumulator 0 to 1.5 KB past B modulo 4 KB the loop
/// ran 7-20% slower than with it 2 to 3.5 KB past (bench/RESULTS.md). The result is a tensor the
/// loops do not place, so they add into this row and copy it out once.
/// </remarks>
internal static unsafe class AccumulatorRows
{
    /// <summary>The address bits the core compares first: a 4 KB page.</summary>
    public const int PageBytes = 4096;

    /// <summary>How far past B, modulo a page, the row starts: the middle of the range that measured fast.</summary>
    public const int DistanceBytes = 2816;

    /// <summary>Extra elements a buffer needs so that <see cref="Place{T}"/> can start the row anywhere in a page.</summary>
    public static int SlackElements<T>()
        where T : unmanaged => PageBytes / sizeof(T);

    /// <summary>
    /// The first address at or after <paramref name="buffer"/> that lies <see cref="DistanceBytes"/> past
    /// <paramref name="b"/> modulo a page. Both must be aligned to the element size, which the result then is.
    /// </summary>
    public static T* Place<T>(T* buffer, T* b)
        where T : unmanaged
    {
        nint target = ((nint)b + DistanceBytes) & (PageBytes - 1);
        nint shift = (target - ((nint)buffer & (PageBytes - 1))) & (PageBytes - 1);
        return (T*)((byte*)buffer + shift);
    }

    /// <summary>Elements from one partial row to the next in a buffer of several: whole pages, so every row keeps its place relative to B.</summary>
    public static int PageStride<T>(int n)
        where T : unmanaged => (int)(((long)n * sizeof(T) + PageBytes - 1) / PageBytes * PageBytes / sizeof(T));
}
