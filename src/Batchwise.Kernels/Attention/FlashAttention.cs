using System.Buffers;
using Batchwise.Kernels.Gemm;
using Batchwise.Kernels.Isa;
using Batchwise.Kernels.Threading;

namespace Batchwise.Kernels.Attention;

/// <summary>What restricts which keys a query attends to.</summary>
public enum AttentionMaskKind
{
    /// <summary>Every key takes part.</summary>
    None = 0,
    /// <summary>A bool mask, true where the key takes part.</summary>
    Keep = 1,
    /// <summary>A float mask added to the scaled scores.</summary>
    Bias = 2,
    /// <summary>Key j takes part for query i when j ≤ i (top-left aligned).</summary>
    Causal = 3,
}

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
/// and value rows (Bc·(E + Ev)): 80 KiB for E = Ev = 64 in float, an L2-resident set that is reused
/// Br times per key element and Bc times per query element.</para>
/// <para>Causal: key blocks wholly above the diagonal are never visited (keys stop at the block's last
/// query), and only blocks that cross the diagonal are masked, which halves the work.</para>
/// <para>Edge rules: a query whose keys are all masked (running max −∞) gets l = 0 and outputs 0, not
/// NaN; NaN scores propagate.</para>
/// Assumptions: <c>queries, keys ≥ 1</c>, <c>embedding, valueEmbedding ≥ 0</c>; every batch stride is
/// 0 on broadcast axes; the output does not overlap the inputs; T is float or double.
/// </remarks>
public static unsafe class FlashAttention
{
    /// <summary>Flops below which attention stays on the calling thread: tens of microseconds, what a fork-join costs.</summary>
    private const long ParallelFlops = 1L << 17;

    /// <summary>Keys per streamed block (Bc).</summary>
    public const int KeyBlock = 64;

    /// <summary>Queries per block (Br) on the current vector path: four registers of T.</summary>
    public static int QueryBlock<T>() => 4 * Lanes<T>();

    /// <summary>Extra bytes one call uses: one scratch buffer per worker, independent of L, S and batch.</summary>
    public static long WorkspaceBytes<T>(int embedding, int valueEmbedding, int workers)
        where T : unmanaged =>
        (long)workers * ScratchLength(QueryBlock<T>(), Lanes<T>(), embedding, valueEmbedding) * Unsafe.SizeOf<T>();

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
                Q = pq,
                QRow = q.RowStride,
                QCol = q.ColStride,
                K = pk,
                KRow = k.RowStride,
                KCol = k.ColStride,
                V = pv,
                VRow = v.RowStride,
                VCol = v.ColStride,
                O = po,
                ORow = output.RowStride,
                OCol = output.ColStride,
                Keep = pm,
                Bias = pb,
                MRow = maskKind == AttentionMaskKind.Keep ? keep.RowStride : bias.RowStride,
                MCol = maskKind == AttentionMaskKind.Keep ? keep.ColStride : bias.ColStride,
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

    /// <summary>
    /// Whether the 4x4 register tiles fit: 512-bit vectors come with 32 registers (AVX-512); 256- and
    /// 128-bit paths have 16 on x64, so they take the 2-row and 2-column tiles. A JIT-time constant.
    /// </summary>
    private static bool ManyRegisters<TV>() => Unsafe.SizeOf<TV>() == 64;

    private static int PaddedValueWidth(int valueEmbedding, int lanes) => (valueEmbedding + lanes - 1) / lanes * lanes;

    /// <summary>
    /// Qᵀ (E·Br) + score tile (Bc·Br) + accumulator (Br·Ev') + m, m', l, sums (4·Br) + packed values
    /// (Bc·Ev') + one register of slack for 64-byte alignment.
    /// </summary>
    private static int ScratchLength(int br, int lanes, int embedding, int valueEmbedding)
    {
        int evPad = PaddedValueWidth(valueEmbedding, lanes);
        return embedding * br + KeyBlock * br + br * evPad + 4 * br + KeyBlock * evPad + 64;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Part<TOps, TV, T>(void* state, int part, int parts)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref AttentionJob<T> job = ref Unsafe.AsRef<AttentionJob<T>>(state);
        int w = TOps.Count;
        int br = 4 * w;
        int length = ScratchLength(br, w, job.Embedding, job.ValueEmbedding);
        T[] rented = ArrayPool<T>.Shared.Rent(length);
        try
        {
            fixed (T* raw = rented)
            {
                var tiles = new Tiles<T>(raw, br, w, job.Embedding, job.ValueEmbedding);
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

    /// <summary>One work item: one batch index, one block of Br queries, every key block it needs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void QueryBlock<TOps, TV, T>(ref AttentionJob<T> job, int item, in Tiles<T> t)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = TOps.Count;
        int br = 4 * w;
        int e = job.Embedding;
        int ev = job.ValueEmbedding;
        int evPad = t.ValueWidth;

        // Heaviest causal blocks (the last queries) first, so the dynamic claim balances the tail.
        int qb = job.QueryBlocks - 1 - item % job.QueryBlocks;
        long batch = item / job.QueryBlocks;
        nint qOff = 0, kOff = 0, vOff = 0, oOff = 0, mOff = 0;
        for (int d = job.BatchRank - 1; d >= 0; d--)
        {
            int extent = job.BatchShape[d];
            nint index = (nint)(batch % extent);
            batch /= extent;
            nint* s = job.BatchStrides + 5 * d;
            qOff += index * s[0];
            kOff += index * s[1];
            vOff += index * s[2];
            oOff += index * s[3];
            mOff += index * s[4];
        }

        int q0 = qb * br;
        int rows = Math.Min(br, job.Queries - q0);

        // Qᵀ, scaled, zero in the padding columns so padded queries score 0 (finite, then discarded).
        T* qt = t.QueryT;
        T* qSource = job.Q + qOff + q0 * job.QRow;
        for (int i = 0; i < br; i++)
        {
            if (i < rows)
            {
                T* row = qSource + i * job.QRow;
                for (int c = 0; c < e; c++)
                {
                    qt[c * br + i] = row[c * job.QCol] * job.Scale;
                }
            }
            else
            {
                for (int c = 0; c < e; c++)
                {
                    qt[c * br + i] = T.Zero;
                }
            }
        }

        new Span<T>(t.Output, br * evPad).Clear();
        for (int i = 0; i < br; i++)
        {
            t.Max[i] = T.NegativeInfinity;
            t.Sum[i] = T.Zero;
        }

        bool causal = job.MaskKind == AttentionMaskKind.Causal;
        int keyEnd = causal ? Math.Min(job.Keys, q0 + rows) : job.Keys;
        bool valuesInPlace = job.VCol == 1 && ev == evPad;
        T* kBase = job.K + kOff;
        T* vBase = job.V + vOff;
        T* st = t.Scores;
        for (int k0 = 0; k0 < keyEnd; k0 += KeyBlock)
        {
            int bc = Math.Min(KeyBlock, keyEnd - k0);

            // Sᵀ = K_blk Qᵀ.
            T* kBlock = kBase + k0 * job.KRow;
            int j = 0;
            if (ManyRegisters<TV>())
            {
                for (; j + 4 <= bc; j += 4)
                {
                    AttentionMicroKernels.Scores4<TOps, TV, T>(kBlock + j * job.KRow, job.KRow, job.KCol, qt, e, st + j * br, br);
                }
            }
            else
            {
                for (; j + 2 <= bc; j += 2)
                {
                    AttentionMicroKernels.Scores2<TOps, TV, T>(kBlock + j * job.KRow, job.KRow, job.KCol, qt, e, st + j * br, br);
                }
            }

            for (; j < bc; j++)
            {
                AttentionMicroKernels.Scores1<TOps, TV, T>(kBlock + j * job.KRow, job.KCol, qt, e, st + j * br, br);
            }

            if (causal)
            {
                // Only blocks that cross the diagonal: key j hides from queries i < j.
                for (j = Math.Max(0, q0 + 1 - k0); j < bc; j++)
                {
                    new Span<T>(st + j * br, Math.Min(br, k0 + j - q0)).Fill(T.NegativeInfinity);
                }
            }
            else if (job.MaskKind != AttentionMaskKind.None)
            {
                ApplyMask(ref job, mOff, q0, rows, k0, bc, st, br);
            }

            OnlineSoftmax<TOps, TV, T>(st, br, bc, evPad, in t);

            // O += P V_blk.
            T* vBlock;
            nint vRow;
            if (valuesInPlace)
            {
                vBlock = vBase + k0 * job.VRow;
                vRow = job.VRow;
            }
            else
            {
                vBlock = t.Values;
                vRow = evPad;
                PackValues(vBase + k0 * job.VRow, job.VRow, job.VCol, bc, ev, evPad, vBlock);
            }

            int activeRows = (rows + 3) & ~3;
            for (int i = 0; i < activeRows; i += 4)
            {
                T* o = t.Output + i * evPad;
                int c = 0;
                if (ManyRegisters<TV>())
                {
                    for (; c + 4 * w <= evPad; c += 4 * w)
                    {
                        AttentionMicroKernels.Values4x4<TOps, TV, T>(st + i, br, vBlock + c, vRow, bc, o + c, evPad);
                    }
                }
                else
                {
                    for (; c + 2 * w <= evPad; c += 2 * w)
                    {
                        AttentionMicroKernels.Values4x2<TOps, TV, T>(st + i, br, vBlock + c, vRow, bc, o + c, evPad);
                    }
                }

                for (; c < evPad; c += w)
                {
                    AttentionMicroKernels.Values4x1<TOps, TV, T>(st + i, br, vBlock + c, vRow, bc, o + c, evPad);
                }
            }
        }

        // O / l; l = 0 means every key was masked (or none was visited): the row is 0, not NaN.
        T* oTarget = job.O + oOff + q0 * job.ORow;
        for (int i = 0; i < rows; i++)
        {
            T l = t.Sum[i];
            T inverse = l == T.Zero ? T.Zero : T.One / l;
            T* source = t.Output + i * evPad;
            T* target = oTarget + i * job.ORow;
            for (int c = 0; c < ev; c++)
            {
                target[c * job.OCol] = source[c] * inverse;
            }
        }
    }

    /// <summary>
    /// One key block of the online softmax, down the columns of Sᵀ (one lane per query):
    /// m' = max(m, max_j s), α = e^(m − m'), p = e^(s − m'), l = α·l + Σ p, O = α·O. A column whose
    /// maximum is still −∞ uses 0 as its shift so that e^(−∞ − shift) = 0 instead of NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OnlineSoftmax<TOps, TV, T>(T* st, int br, int bc, int evPad, in Tiles<T> t)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = TOps.Count;
        T* m = t.Max;
        T* shift = t.Shift;
        T* l = t.Sum;

        T* alphas = t.BlockSums;
        for (int c = 0; c < br; c += w)
        {
            TV max = TOps.Load(st + c);
            for (int j = 1; j < bc; j++)
            {
                max = TOps.Max(max, TOps.Load(st + j * br + c));
            }

            TV old = TOps.Load(m + c);
            TV next = TOps.Max(old, max);
            TV use = TOps.ZeroIfNegativeInfinity(next);
            TV alpha = TOps.Exp(TOps.Subtract(old, use));
            TOps.Store(next, m + c);
            TOps.Store(use, shift + c);
            TOps.Store(alpha, alphas + c);
            TOps.Store(TOps.Multiply(alpha, TOps.Load(l + c)), l + c);
        }

        // Rescale the accumulator rows whose maximum grew (after the first blocks, few do).
        for (int i = 0; i < br; i++)
        {
            T alpha = alphas[i];
            if (alpha != T.One)
            {
                T* o = t.Output + i * evPad;
                TV a = TOps.Broadcast(alpha);
                for (int c = 0; c < evPad; c += w)
                {
                    TOps.Store(TOps.Multiply(a, TOps.Load(o + c)), o + c);
                }
            }
        }

        for (int c = 0; c < br; c += w)
        {
            TV s = TOps.Load(shift + c);
            TV total = TOps.Zero;
            T* p = st + c;
            for (int j = 0; j < bc; j++)
            {
                TV x = TOps.Exp(TOps.Subtract(TOps.Load(p), s));
                TOps.Store(x, p);
                total = TOps.Add(total, x);
                p += br;
            }

            TOps.Store(TOps.Add(TOps.Load(l + c), total), l + c);
        }
    }

    /// <summary>Bool masks hide keys (−∞), float masks add to the scores; one key row of Sᵀ at a time.</summary>
    private static void ApplyMask<T>(ref AttentionJob<T> job, nint mOff, int q0, int rows, int k0, int bc, T* st, int br)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint mRow = job.MRow, mCol = job.MCol;
        if (job.MaskKind == AttentionMaskKind.Keep)
        {
            bool* mask = job.Keep + mOff + q0 * mRow + k0 * mCol;
            for (int j = 0; j < bc; j++)
            {
                bool* column = mask + j * mCol;
                T* s = st + j * br;
                for (int i = 0; i < rows; i++)
                {
                    if (!column[i * mRow])
                    {
                        s[i] = T.NegativeInfinity;
                    }
                }
            }
        }
        else
        {
            T* bias = job.Bias + mOff + q0 * mRow + k0 * mCol;
            for (int j = 0; j < bc; j++)
            {
                T* column = bias + j * mCol;
                T* s = st + j * br;
                for (int i = 0; i < rows; i++)
                {
                    s[i] += column[i * mRow];
                }
            }
        }
    }

    /// <summary>Copies a block of value rows into whole registers, zero past Ev.</summary>
    private static void PackValues<T>(T* v, nint vRow, nint vCol, int bc, int ev, int evPad, T* packed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = 0; j < bc; j++)
        {
            T* source = v + j * vRow;
            T* target = packed + j * evPad;
            for (int c = 0; c < ev; c++)
            {
                target[c] = source[c * vCol];
            }

            for (int c = ev; c < evPad; c++)
            {
                target[c] = T.Zero;
            }
        }
    }

    /// <summary>One worker's tiles, carved from its rented buffer, each 64-byte aligned.</summary>
    private readonly struct Tiles<T>
        where T : unmanaged
    {
        public readonly T* QueryT;
        public readonly T* Scores;
        public readonly T* Output;
        public readonly T* Max;
        public readonly T* Shift;
        public readonly T* Sum;
        public readonly T* BlockSums;
        public readonly T* Values;
        public readonly int ValueWidth;

        public Tiles(T* raw, int br, int lanes, int embedding, int valueEmbedding)
        {
            T* p = (T*)(((nint)raw + 63) & ~(nint)63);
            ValueWidth = PaddedValueWidth(valueEmbedding, lanes);
            QueryT = p;
            p += embedding * br;
            Scores = p;
            p += KeyBlock * br;
            Output = p;
            p += br * ValueWidth;
            Max = p;
            p += br;
            Shift = p;
            p += br;
            Sum = p;
            p += br;
            BlockSums = p;
            p += br;
            Values = p;
        }
    }
}

/// <summary>Everything one fused attention call shares with its workers; lives on the caller's stack.</summary>
internal unsafe struct AttentionJob<T>
    where T : unmanaged
{
    public T* Q, K, V, O, Bias;
    public bool* Keep;
    public nint QRow, QCol, KRow, KCol, VRow, VCol, ORow, OCol, MRow, MCol;
    public AttentionMaskKind MaskKind;
    public int BatchRank;
    public int* BatchShape;

    /// <summary>Per batch axis: the strides of q, k, v, output and mask, interleaved.</summary>
    public nint* BatchStrides;
    public int Queries, Keys, Embedding, ValueEmbedding;
    public T Scale;
    public int QueryBlocks, Items;

    /// <summary>The next unclaimed work item.</summary>
    public int Next;
}
