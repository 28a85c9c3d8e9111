namespace Batchwise.Kernels.Elementwise;

/// <summary>
/// Writes results that will not be read again soon with non-temporal stores. An ordinary store to a
/// line not in cache first reads it from memory (read-for-ownership), so a streaming element-wise
/// operation moves 3 bytes of traffic for every 2 it needs; non-temporal stores skip the read. The
/// operator computes a small chunk into an L1 buffer with its own vectorised span kernel; the chunk
/// is then streamed out. Only worth it when the destination is far larger than the last-level cache.
/// </summary>
/// <remarks>
/// Assumptions: x is contiguous, y is contiguous (stride 1) or one broadcast value (stride 0), the
/// destination is contiguous; the 512-bit path (<see cref="Avx512Ops"/>) or AVX is available and allowed (callers ask <see cref="Worthwhile{TResult}"/>).
/// </remarks>
internal static unsafe class StreamingStores
{
    private const int ChunkBytes = 4096;
    private const long MinimumBytes = 32L << 20;

    /// <summary>
    /// Runs at least this long are left to TensorPrimitives, which streams very long spans itself
    /// (and did so faster than chunking here); the gain is on many shorter runs, such as the rows of a broadcast.
    /// </summary>
    public const int LongRun = 1 << 16;

    /// <summary>The largest row (in bytes) a kernel may stage in a stack buffer before streaming it out.</summary>
    public const int MaxStagedBytes = 32 * 1024;

    /// <summary>True when a destination of <paramref name="elements"/> elements should be streamed.</summary>
    public static bool Worthwhile<TResult>(long elements) where TResult : unmanaged =>
        elements * sizeof(TResult) >= MinimumBytes
        && Sse.IsSupported // the store fence
        && (InstructionSet.UseVector512 || (InstructionSet.UseVector256 && Avx.IsSupported));

    /// <summary><c>d[i] = TOp(x[i], y[i·sy])</c> for <paramref name="n"/> elements, streamed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Binary<T, TResult, TOp>(T* x, T* y, nint sy, TResult* d, int n)
        where T : unmanaged
        where TResult : unmanaged
        where TOp : IBinaryOperator<T, TResult>
    {
        int chunk = ChunkBytes / sizeof(TResult);
        byte* buffer = stackalloc byte[ChunkBytes + 64];
        var tmp = (TResult*)(((nint)buffer + 63) & ~(nint)63);
        for (int i = 0; i < n; i += chunk)
        {
            int length = Math.Min(chunk, n - i);
            var into = new Span<TResult>(tmp, length);
            if (sy == 0)
            {
                TOp.Invoke(new ReadOnlySpan<T>(x + i, length), *y, into);
            }
            else
            {
                TOp.Invoke(new ReadOnlySpan<T>(x + i, length), new ReadOnlySpan<T>(y + i, length), into);
            }
            Copy((byte*)tmp, (byte*)(d + i), length * sizeof(TResult));
        }
        Sse.StoreFence();
    }

    /// <summary>Copies with 64-byte non-temporal stores where the destination is aligned, plain stores elsewhere.</summary>
    /// <remarks>The caller issues <see cref="Sse.StoreFence"/> after its last streamed write.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(byte* source, byte* destination, int bytes)
    {
        int head = (int)Math.Min(bytes, (64 - ((nint)destination & 63)) & 63);
        Buffer.MemoryCopy(source, destination, head, head);
        int i = head;
        if (InstructionSet.UseVector512)
        {
            for (; i + 64 <= bytes; i += 64)
            {
                Avx512Ops.StoreAlignedNonTemporal(destination + i, Vector512.Load(source + i));
            }
        }
        else
        {
            for (; i + 64 <= bytes; i += 64)
            {
                Avx.StoreAlignedNonTemporal(destination + i, Avx.LoadVector256(source + i));
                Avx.StoreAlignedNonTemporal(destination + i + 32, Avx.LoadVector256(source + i + 32));
            }
        }
        Buffer.MemoryCopy(source + i, destination + i, bytes - i, bytes - i);
    }
}
