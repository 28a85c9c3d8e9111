using Batchwise.Kernels.Gemm;
using Batchwise.Kernels.Isa;

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

    /// <summary>
    /// The first cache-line boundary at or after <paramref name="buffer"/>, which must have 63 bytes to
    /// spare: stack buffers are only 16-byte aligned, and a vector store that splits a line costs two.
    /// </summary>
    public static T* CacheLineAligned<T>(byte* buffer) where T : unmanaged => (T*)(((nint)buffer + 63) & ~(nint)63);

    /// <summary>
    /// How many of <paramref name="length"/> elements from <paramref name="destination"/> lie before its
    /// first cache-line boundary: written with plain stores, so the streamed ones start on a line.
    /// </summary>
    public static int ElementsBeforeLine<T>(T* destination, int length) where T : unmanaged =>
        Math.Min(length, (int)((64 - ((nint)destination & 63)) & 63) / sizeof(T));

    /// <summary>True when a destination of <paramref name="elements"/> elements should be streamed.</summary>
    public static bool Worthwhile<TResult>(long elements) where TResult : unmanaged =>
        elements * sizeof(TResult) >= MinimumBytes && Available;

    /// <summary>
    /// True when a copy (a join, a gather) into a destination of <paramref name="elements"/> elements
    /// should stream: with its source it then overflows half the last-level cache, so the destination
    /// would not stay in cache anyway, and skipping the read-for-ownership leaves the cache to the source.
    /// </summary>
    public static bool WorthwhileForCopy<T>(long elements) where T : unmanaged =>
        elements * sizeof(T) >= CacheSizes.L3 / 2 && Available;

    /// <summary>Whether streaming stores can run on the vector path in use (and the store fence with them).</summary>
    public static bool Available => Sse.IsSupported && (InstructionSet.UseVector512 || (InstructionSet.UseVector256 && Avx.IsSupported));

    /// <summary><c>d[i] = TOp(x[i], y[i·sy])</c> for <paramref name="n"/> elements, streamed.</summary>
    /// <remarks>The caller issues <see cref="Sse.StoreFence"/> after its last streamed write.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Binary<T, TResult, TOp>(T* x, T* y, nint sy, TResult* d, int n)
        where T : unmanaged
        where TResult : unmanaged
        where TOp : IBinaryOperator<T, TResult>
    {
        int chunk = ChunkBytes / sizeof(TResult);
        byte* buffer = stackalloc byte[ChunkBytes + 63];
        TResult* tmp = CacheLineAligned<TResult>(buffer);
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
    }

    /// <summary>
    /// <c>d[i] = TOp(x[i·sx], y[i·sy])</c> for <paramref name="n"/> elements (<paramref name="sx"/> and
    /// <paramref name="sy"/> each 0 or 1) on the operator's register form, each register streamed out as
    /// soon as it is made. Loads and streaming stores then overlap all along the run, which staging through
    /// a buffer (<see cref="Binary{T, TResult, TOp}"/>) cannot do, so this also pays into a reused
    /// destination: one that size is not in cache anyway.
    /// </summary>
    /// <remarks>
    /// The operator has <see cref="IBinaryOperator{T, TResult}.HasRegisterForm"/>, so T and TResult have
    /// one size. The caller issues <see cref="Sse.StoreFence"/> after its last streamed write.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BinaryFromRegisters<T, TResult, TOp>(T* x, nint sx, T* y, nint sy, TResult* d, int n)
        where T : unmanaged
        where TResult : unmanaged
        where TOp : IBinaryOperator<T, TResult>
    {
        if (n <= 0)
        {
            return;
        }
        if (InstructionSet.UseVector512)
        {
            RegisterRun<Vector512<T>, Vector512Ops<T>, T, TResult, TOp>(x, sx, y, sy, d, n);
        }
        else
        {
            RegisterRun<Vector256<T>, Vector256Ops<T>, T, TResult, TOp>(x, sx, y, sy, d, n);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RegisterRun<TVector, TOps, T, TResult, TOp>(T* x, nint sx, T* y, nint sy, TResult* d, int n)
        where TOps : IVectorOps<TVector, T>
        where T : unmanaged
        where TResult : unmanaged
        where TOp : IBinaryOperator<T, TResult>
    {
        int lanes = TOps.Count;
        int registerBytes = lanes * sizeof(TResult);
        // Elements before the first register-aligned address of d, which the streaming store needs.
        int head = (int)Math.Min(n, ((registerBytes - ((nint)d & (registerBytes - 1))) & (registerBytes - 1)) / sizeof(TResult));
        int i = 0;
        for (; i < head; i++)
        {
            d[i] = TOp.Invoke(x[i * sx], y[i * sy]);
        }
        TVector xBroadcast = TOps.Broadcast(*x), yBroadcast = TOps.Broadcast(*y);
        for (; i + lanes <= n; i += lanes)
        {
            TVector xv = sx == 0 ? xBroadcast : TOps.Load(x + i);
            TVector yv = sy == 0 ? yBroadcast : TOps.Load(y + i);
            TOps.StoreNonTemporal(Apply<TVector, T, TResult, TOp>(xv, yv), (T*)(d + i));
        }
        for (; i < n; i++)
        {
            d[i] = TOp.Invoke(x[i * sx], y[i * sy]);
        }
    }

    /// <summary>The operator's register form for the width <typeparamref name="TVector"/> stands for (the JIT keeps one branch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Apply<TVector, T, TResult, TOp>(TVector x, TVector y)
        where TOp : IBinaryOperator<T, TResult>
    {
        if (typeof(TVector) == typeof(Vector512<T>))
        {
            Vector512<TResult> wide = TOp.Invoke(Unsafe.As<TVector, Vector512<T>>(ref x), Unsafe.As<TVector, Vector512<T>>(ref y));
            return Unsafe.As<Vector512<TResult>, TVector>(ref wide);
        }
        Vector256<TResult> narrow = TOp.Invoke(Unsafe.As<TVector, Vector256<T>>(ref x), Unsafe.As<TVector, Vector256<T>>(ref y));
        return Unsafe.As<Vector256<TResult>, TVector>(ref narrow);
    }

    /// <summary><see cref="Copy"/> for any length, in pieces of at most 1 GiB.</summary>
    /// <remarks>The caller issues <see cref="Sse.StoreFence"/> after its last streamed write.</remarks>
    public static void CopyLong(byte* source, byte* destination, long bytes)
    {
        const int Piece = 1 << 30;
        for (long i = 0; i < bytes; i += Piece)
        {
            Copy(source + i, destination + i, (int)Math.Min(Piece, bytes - i));
        }
    }

    /// <summary>Copies with 64-byte non-temporal stores where the destination is aligned, plain stores elsewhere.</summary>
    /// <remarks>The caller issues <see cref="Sse.StoreFence"/> after its last streamed write.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(byte* source, byte* destination, int bytes)
    {
        int head = ElementsBeforeLine(destination, bytes);
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
