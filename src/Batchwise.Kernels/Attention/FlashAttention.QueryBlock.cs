using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Attention;

// One work item of FlashAttention: a block of Br queries against every key block it needs.
public static unsafe partial class FlashAttention
{
    /// <summary>
    /// Whether the 4x4 register tiles fit: 512-bit vectors come with 32 registers (AVX-512); 256- and
    /// 128-bit paths have 16 on x64, so they take the 2-row and 2-column tiles. A JIT-time constant.
    /// </summary>
    private static bool ManyRegisters<TV>() => Unsafe.SizeOf<TV>() == 64;

    /// <summary>One work item: one batch index, one block of Br queries, every key block it needs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void QueryBlock<TOps, TV, T>(ref AttentionJob<T> job, int item, in AttentionTiles<T> t)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int br = 4 * TOps.Count;

        // Heaviest causal blocks (the last queries) first, so the dynamic claim balances the tail.
        int qb = job.QueryBlocks - 1 - item % job.QueryBlocks;
        job.BatchOffsets(item / job.QueryBlocks, out nint qOff, out nint kOff, out nint vOff, out nint oOff, out nint mOff);
        int q0 = qb * br;
        int rows = Math.Min(br, job.Queries - q0);
        Start(ref job, job.Q.At(qOff, q0, 0), rows, br, in t);

        bool causal = job.MaskKind == AttentionMaskKind.Causal;
        int keyEnd = causal ? Math.Min(job.Keys, q0 + rows) : job.Keys;
        for (int k0 = 0; k0 < keyEnd; k0 += KeyBlock)
        {
            int bc = Math.Min(KeyBlock, keyEnd - k0);
            Scores<TOps, TV, T>(job.K.At(kOff, k0, 0), job.K.Row, job.K.Col, bc, job.Embedding, in t);
            if (causal)
            {
                AttentionMasks.Causal(q0, k0, bc, t.Scores, br);
            }
            else if (job.MaskKind != AttentionMaskKind.None)
            {
                AttentionMasks.Explicit(ref job, mOff, q0, rows, k0, bc, t.Scores, br);
            }

            OnlineSoftmax.Step<TOps, TV, T>(t.Scores, br, bc, in t);
            AccumulateValues<TOps, TV, T>(ref job, job.V.At(vOff, k0, 0), bc, rows, in t);
        }

        Finish(ref job, job.O.At(oOff, q0, 0), rows, in t);
    }

    /// <summary>
    /// Packs Qᵀ, scaled, zero in the padding columns so padded queries score 0 (finite, then discarded),
    /// and resets the accumulator (0), the running maximum (−∞) and the running sum (0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Start<T>(ref AttentionJob<T> job, T* queries, int rows, int br, in AttentionTiles<T> t)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int e = job.Embedding;
        T* qt = t.QueryT;
        for (int i = 0; i < br; i++)
        {
            if (i < rows)
            {
                T* row = queries + i * job.Q.Row;
                for (int c = 0; c < e; c++)
                {
                    qt[c * br + i] = row[c * job.Q.Col] * job.Scale;
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

        new Span<T>(t.Output, br * t.ValueWidth).Clear();
        new Span<T>(t.Max, br).Fill(T.NegativeInfinity);
        new Span<T>(t.Sum, br).Clear();
    }

    /// <summary>Sᵀ = K_blk Qᵀ for the <paramref name="bc"/> keys from <paramref name="keys"/>: the widest key tile the registers hold, then single keys.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scores<TOps, TV, T>(T* keys, nint kRow, nint kCol, int bc, int embedding, in AttentionTiles<T> t)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int br = 4 * TOps.Count;
        T* qt = t.QueryT;
        T* st = t.Scores;
        int j = 0;
        if (ManyRegisters<TV>())
        {
            for (; j + 4 <= bc; j += 4)
            {
                AttentionMicroKernels.Scores4<TOps, TV, T>(keys + j * kRow, kRow, kCol, qt, embedding, st + j * br, br);
            }
        }
        else
        {
            for (; j + 2 <= bc; j += 2)
            {
                AttentionMicroKernels.Scores2<TOps, TV, T>(keys + j * kRow, kRow, kCol, qt, embedding, st + j * br, br);
            }
        }

        for (; j < bc; j++)
        {
            AttentionMicroKernels.Scores1<TOps, TV, T>(keys + j * kRow, kCol, qt, embedding, st + j * br, br);
        }
    }

    /// <summary>
    /// O += P V_blk for the <paramref name="bc"/> value rows from <paramref name="values"/>, read in place
    /// when they are contiguous whole registers, else packed first; four query rows at a time, the widest
    /// value tile the registers hold, then single registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AccumulateValues<TOps, TV, T>(ref AttentionJob<T> job, T* values, int bc, int rows, in AttentionTiles<T> t)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = TOps.Count;
        int br = 4 * w;
        int evPad = t.ValueWidth;
        T* vBlock = values;
        nint vRow = job.V.Row;
        if (job.V.Col != 1 || job.ValueEmbedding != evPad)
        {
            vBlock = t.Values;
            vRow = evPad;
            PackValues(values, job.V.Row, job.V.Col, bc, job.ValueEmbedding, evPad, vBlock);
        }

        T* st = t.Scores;
        int activeRows = (rows + 3) & ~3;
        for (int i = 0; i < activeRows; i += 4)
        {
            T* o = t.Output + i * evPad;
            int c = 0;
            if (ManyRegisters<TV>())
            {
                for (; c + 4 * w <= evPad; c += 4 * w)
                {
                    AttentionMicroKernels.Values<TOps, TV, T, Row4<TV>>(st + i, br, vBlock + c, vRow, bc, o + c, evPad);
                }
            }
            else
            {
                for (; c + 2 * w <= evPad; c += 2 * w)
                {
                    AttentionMicroKernels.Values<TOps, TV, T, Row2<TV>>(st + i, br, vBlock + c, vRow, bc, o + c, evPad);
                }
            }

            for (; c < evPad; c += w)
            {
                AttentionMicroKernels.Values<TOps, TV, T, Row1<TV>>(st + i, br, vBlock + c, vRow, bc, o + c, evPad);
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

            new Span<T>(target + ev, evPad - ev).Clear();
        }
    }

    /// <summary>Writes O / l; l = 0 means every key was masked (or none was visited): the row is 0, not NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<T>(ref AttentionJob<T> job, T* output, int rows, in AttentionTiles<T> t)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ev = job.ValueEmbedding;
        nint oRow = job.O.Row, oCol = job.O.Col;
        for (int i = 0; i < rows; i++)
        {
            T l = t.Sum[i];
            T inverse = l == T.Zero ? T.Zero : T.One / l;
            T* source = t.Output + i * t.ValueWidth;
            T* target = output + i * oRow;
            for (int c = 0; c < ev; c++)
            {
                target[c * oCol] = source[c] * inverse;
            }
        }
    }
}
