namespace Batchwise.Kernels.Gemm;

/// <summary>One chunk of depth of a single product: where its columns of A and rows of B start, and how deep it is.</summary>
internal readonly unsafe struct DepthChunk<T>(T* a, T* b, int depth)
    where T : unmanaged
{
    public T* A { get; } = a;

    public T* B { get; } = b;

    public int Depth { get; } = depth;
}

/// <summary>What every part of a product cut by depth reads: the job, where the partial results go, and the chunks.</summary>
internal unsafe struct DepthSplit<T>
    where T : unmanaged
{
    public GemmJob<T>* Job;
    public T* Partials;

    /// <summary>Elements from one chunk's partial result to the next one's.</summary>
    public int PartialStride;
    public int Chunks;
    public int ChunkDepth;
}

/// <summary>What a product cut by depth computes for one chunk: the chunk's partial result, at <c>partial</c>.</summary>
internal unsafe interface IDepthChunkSum<T>
    where T : unmanaged
{
    static abstract void Sum(in GemmJob<T> job, T* partial, DepthChunk<T> chunk);
}

/// <summary>
/// The parts of the products cut by depth (<see cref="Dot.LongDot"/>, <see cref="Rows.LongGevm"/>): part p of
/// n takes one contiguous run of the chunks, so each thread reads one stretch of A and B, and sums
/// each chunk into its own partial result; the caller adds the partials in chunk order afterwards,
/// which makes the result independent of the thread count.
/// </summary>
internal static unsafe class DepthChunks
{
    /// <summary>A <see cref="Threading.WorkerPool"/> body over a <see cref="DepthSplit{T}"/>: part <paramref name="part"/>'s run of chunks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Part<T, TSum>(void* state, int part, int parts)
        where T : unmanaged
        where TSum : IDepthChunkSum<T>
    {
        ref DepthSplit<T> s = ref Unsafe.AsRef<DepthSplit<T>>(state);
        ref GemmJob<T> job = ref Unsafe.AsRef<GemmJob<T>>(s.Job);
        int first = (int)((long)s.Chunks * part / parts), end = (int)((long)s.Chunks * (part + 1) / parts);
        job.ItemOffsets(0, out nint offA, out nint offB, out _);
        for (int c = first; c < end; c++)
        {
            int p0 = c * s.ChunkDepth;
            var chunk = new DepthChunk<T>(job.A + offA + p0 * job.ACol, job.B + offB + p0 * job.BRow, Math.Min(s.ChunkDepth, job.K - p0));
            TSum.Sum(job, s.Partials + (long)c * s.PartialStride, chunk);
        }
    }
}
