using Batchwise.Kernels.Threading;

namespace Batchwise.Kernels.Gemm.Dot;

/// <summary>
/// One long dot product (m = n = 1, a single item) on all threads: the depth is cut into chunks of a
/// fixed <see cref="ChunkK"/>, the threads compute the chunks' partial dots, and the partials are
/// added in chunk order. The result therefore depends on k alone, not on the thread count.
/// </summary>
/// <remarks>
/// Below <see cref="MinK"/> the dot stays on one thread, in one pass (DotKernels.Dot); above it one
/// core cannot saturate memory bandwidth, so the split nearly halves the time.
/// </remarks>
internal static unsafe class LongDot
{
    /// <summary>Depth from which a single dot is split (4 MB of float operands each).</summary>
    public const int MinK = 1 << 20;

    /// <summary>Elements per partial dot.</summary>
    private const int ChunkK = 1 << 16;

    /// <summary>Chunks per thread, claimed dynamically, so that a slowed thread takes fewer.</summary>
    private const int PartsPerThread = 4;

    /// <summary>C[0] = a . b (+ bias[0]) (+ C[0]) for the single item of <paramref name="job"/>.</summary>
    public static void Run<T>(GemmJob<T>* job)
        where T : unmanaged, INumberBase<T>
    {
        int chunks = (job->K + ChunkK - 1) / ChunkK;
        T[] partials = GC.AllocateUninitializedArray<T>(chunks, pinned: true);
        fixed (T* p = partials)
        {
            var state = new DepthSplit<T> { Job = job, Partials = p, PartialStride = 1, Chunks = chunks, ChunkDepth = ChunkK };
            WorkerPool.Run(&DepthChunks.Part<T, ChunkDot<T>>, &state, Math.Min(chunks, PartsPerThread * WorkerPool.MaxDegree));
            T sum = T.Zero;
            for (int c = 0; c < chunks; c++)
            {
                sum += p[c];
            }

            if (job->Bias != null)
            {
                sum += job->Bias[0];
            }

            job->ItemOffsets(0, out _, out _, out nint offC);
            T* result = job->C + offC;
            *result = job->Accumulate ? *result + sum : sum;
        }
    }

    /// <summary>One chunk's partial dot.</summary>
    private readonly struct ChunkDot<T> : IDepthChunkSum<T>
        where T : unmanaged, INumberBase<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Sum(in GemmJob<T> job, T* partial, DepthChunk<T> chunk) =>
            *partial = DotKernels.DotAlong(chunk.A, job.ACol, chunk.B, job.BRow, chunk.Depth);
    }
}
