using System.Buffers;
using Batchwise.Kernels.Gemm;
using Batchwise.Kernels.Isa;
using Batchwise.Kernels.Threading;

namespace Batchwise.Kernels.Attention;

/// <summary>
/// Fused scaled dot-product attention, <c>O = softmax(Q Kᵀ · scale + mask) V</c>, the FlashAttention
/// way: for each (batch, block of Br queries) the keys and values stream by in blocks of
/// <see cref="KeyBlock"/>, an online softmax keeps the running row maximum m and sum l, rescales the
/// accumulator when m grows, and the (L, S) score matrix never exists. Work items are (batch, query
/// block) pairs claimed dynamically by the workers; each worker rents one scratch buffer per call.
/// </summary>
/// <remarks>
/// <para>Tile sizes. Br = 4·W queries (64 floats with AVX-512) so a score-tile row is four registers
/// and both micro-kernels hold 16 accumulators. Bc = <see cref="KeyBlock"/> keys. The working set of a
/// tile step is Qᵀ (E·Br), the score tile (Bc·Br), the output accumulator (Br·Ev) and the streamed key
/// and value rows (Bc·(E + Ev)): 128 KiB for E = Ev = 64 in float, an L2-resident set that is reused
/// Br times per key element and Bc times per query element. A longer key block halves the per-block
/// work that is not a product (the accumulator's round trip, the softmax's maximum update).</para>
/// <para>Causal: key blocks wholly above the diagonal are never visited (keys stop at the block's last
/// query), which halves the work; only blocks that cross the diagonal are masked, and on those the
/// score tiles and P·V skip what the mask hides.</para>
/// <para>Edge rules: a query whose keys are all masked (running max −∞) gets l = 0 and outputs 0, not
/// NaN; NaN scores propagate.</para>
/// Assumptions: <c>queries, keys ≥ 1</c>, <c>embedding, valueEmbedding ≥ 0</c>; every batch stride is
/// 0 on broadcast axes; the output does not overlap the inputs; T is float or double.
/// <para>Files: this one holds the entry point and the work scheduling; <c>FlashAttention.QueryBlock.cs</c>
/// the loop over key blocks for one work item; <see cref="AttentionMicroKernels"/> the register tiles,
/// <see cref="OnlineSoftmax"/> the softmax update, <see cref="AttentionMasks"/> the masks and
/// <see cref="AttentionTiles{T}"/> the scratch layout.</para>
/// </remarks>
public static unsafe partial class FlashAttention
{
    /// <summary>Flops below which attention stays on the calling thread: tens of microseconds, what a fork-join costs.</summary>
    private const long ParallelFlops = 1L << 17;

    /// <summary>Keys per streamed block (Bc).</summary>
    public const int KeyBlock = 128;

    /// <summary>Queries per block (Br) on the current vector path: four registers of T.</summary>
    public static int QueryBlock<T>() => 4 * Lanes<T>();

    /// <summary>Extra bytes one call uses: one scratch buffer per worker, independent of L, S and batch.</summary>
    public static long WorkspaceBytes<T>(int embedding, int valueEmbedding, int workers)
        where T : unmanaged =>
        (long)workers * AttentionTiles<T>.Length(QueryBlock<T>(), Lanes<T>(), embedding, valueEmbedding) * Unsafe.SizeOf<T>();

    /// <summary>
    /// <c>output[b] = softmax(q[b] k[b]ᵀ · scale + mask[b]) v[b]</c> for every index b of
    /// <paramref name="batchShape"/>. q is (L, E), k (S, E), v (S, Ev), output (L, Ev), the mask (L, S);
    /// all carry batch strides (0 broadcasts). Only the mask matching <paramref name="maskKind"/> is read.
    /// </summary>
    public static void Run<T>(ReadOnlySpan<int> batchShape, int queries, int keys, int embedding, int valueEmbedding,
        StridedMatrix<T> q, StridedMatrix<T> k, StridedMatrix<T> v, StridedMatrix<T> output,
        AttentionMaskKind maskKind, StridedMatrix<bool> keep, StridedMatrix<T> bias, T scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException($"fused attention supports float and double, not {typeof(T).Name}");
        }

        int rank = batchShape.Length;
        long count = 1;
        foreach (int d in batchShape)
        {
            count *= d;
        }

        if (count == 0 || queries == 0 || valueEmbedding == 0)
        {
            return;
        }

        Debug.Assert(keys >= 1, "S = 0 is the caller's (zeros)");
        int* shape = stackalloc int[Math.Max(rank, 1)];
        nint* strides = stackalloc nint[5 * Math.Max(rank, 1)];
        for (int d = 0; d < rank; d++)
        {
            shape[d] = batchShape[d];
            strides[5 * d] = q.BatchStrides[d];
            strides[5 * d + 1] = k.BatchStrides[d];
            strides[5 * d + 2] = v.BatchStrides[d];
            strides[5 * d + 3] = output.BatchStrides[d];
            strides[5 * d + 4] = maskKind == AttentionMaskKind.Keep ? keep.BatchStrides[d]
                : maskKind == AttentionMaskKind.Bias ? bias.BatchStrides[d] : 0;
        }

        int br = QueryBlock<T>();
        int queryBlocks = (queries + br - 1) / br;
        long items = count * queryBlocks;
        if (items > int.MaxValue)
        {
            throw new NotSupportedException("fused attention: more than 2³¹ work items");
        }

        // Pin the arrays behind the views (a one-element span over each origin pins its whole array).
        fixed (T* pq = MemoryMarshal.CreateSpan(ref q.Origin, 1))
        fixed (T* pk = MemoryMarshal.CreateSpan(ref k.Origin, 1))
        fixed (T* pv = MemoryMarshal.CreateSpan(ref v.Origin, 1))
        fixed (T* po = MemoryMarshal.CreateSpan(ref output.Origin, 1))
        fixed (bool* pm = MemoryMarshal.CreateSpan(ref keep.Origin, 1))
        fixed (T* pb = MemoryMarshal.CreateSpan(ref bias.Origin, 1))
        {
            var job = new AttentionJob<T>
            {
                Q = PinnedMatrix<T>.Of(pq, q),
                K = PinnedMatrix<T>.Of(pk, k),
                V = PinnedMatrix<T>.Of(pv, v),
                O = PinnedMatrix<T>.Of(po, output),
                Keep = PinnedMatrix<bool>.Of(pm, keep),
                Bias = PinnedMatrix<T>.Of(pb, bias),
                MaskKind = maskKind,
                BatchRank = rank,
                BatchShape = shape,
                BatchStrides = strides,
                Queries = queries,
                Keys = keys,
                Embedding = embedding,
                ValueEmbedding = valueEmbedding,
                Scale = scale,
                QueryBlocks = queryBlocks,
                Items = (int)items,
            };
            Execute(ref job);
        }
    }

    private static void Execute<T>(ref AttentionJob<T> job)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Each part is one worker that claims items until none are left, so its scratch is rented once.
        int parts = (int)Math.Min(WorkerPool.MaxDegree, job.Items);
        long flops = 4L * job.Items * QueryBlock<T>() * job.Keys * Math.Max(job.Embedding, 1);
        if (flops < ParallelFlops)
        {
            parts = 1;
        }

        delegate*<void*, int, int, void> body = InstructionSet.Width switch
        {
            VectorWidth.Vector512 => &Part<Vector512Ops<T>, Vector512<T>, T>,
            VectorWidth.Vector256 => &Part<Vector256Ops<T>, Vector256<T>, T>,
            VectorWidth.Vector128 => &Part<Vector128Ops<T>, Vector128<T>, T>,
            _ => &Part<ScalarOps<T>, T, T>,
        };
        fixed (AttentionJob<T>* p = &job)
        {
            if (parts <= 1)
            {
                body(p, 0, 1);
            }
            else
            {
                WorkerPool.Run(body, p, parts);
            }
        }
    }

    private static int Lanes<T>() => InstructionSet.Width switch
    {
        VectorWidth.Vector512 => Vector512<byte>.Count / Unsafe.SizeOf<T>(),
        VectorWidth.Vector256 => Vector256<byte>.Count / Unsafe.SizeOf<T>(),
        VectorWidth.Vector128 => Vector128<byte>.Count / Unsafe.SizeOf<T>(),
        _ => 1,
    };

    /// <summary>One worker: rents its tiles once, then claims work items until none are left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Part<TOps, TV, T>(void* state, int part, int parts)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref AttentionJob<T> job = ref Unsafe.AsRef<AttentionJob<T>>(state);
        int w = TOps.Count;
        int br = 4 * w;
        int length = AttentionTiles<T>.Length(br, w, job.Embedding, job.ValueEmbedding);
        T[] rented = ArrayPool<T>.Shared.Rent(length);
        try
        {
            fixed (T* raw = rented)
            {
                var tiles = new AttentionTiles<T>(raw, br, w, job.Embedding, job.ValueEmbedding);
                while (true)
                {
                    int item = Interlocked.Increment(ref job.Next) - 1;
                    if (item >= job.Items)
                    {
                        break;
                    }

                    QueryBlock<TOps, TV, T>(ref job, item, in tiles);
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }
}
