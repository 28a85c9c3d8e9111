using System.Numerics.Tensors;
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

    /// <summary>
    /// One work item: one batch index, one block of Br queries, every key block it needs. The three
    /// steps of a key block (<see cref="Scores"/>, <see cref="OnlineSoftmax.Step"/>,
    /// <see cref="AccumulateValues"/>) are methods of their own, each compiled whole: inlined into one
    /// method they outgrew the JIT's inlining budget on the 256-bit path, which then called its
    /// register loads and FMAs one by one.
    /// </summary>
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
            // On a block that crosses the diagonal, query q0 + i sees keys up to itself only.
            int diagonal = causal ? q0 - k0 : int.MaxValue / 2;
            Scores<TOps, TV, T>(job.K.At(kOff, k0, 0), job.K.Row, job.K.Col, bc, job.Embedding, diagonal, in t);
            if (causal)
            {
                AttentionMasks.Causal(q0, k0, bc, t.Scores, br);
            }
            else if (job.MaskKind != AttentionMaskKind.None)
            {
                AttentionMasks.Explicit(ref job, mOff, q0, rows, k0, bc, t.Scores, br);
            }

            OnlineSoftmax.Step<TOps, TV, T>(t.Scores, br, bc, in t);
            AccumulateValues<TOps, TV, T>(ref job, job.V.At(vOff, k0, 0), bc, rows, diagonal, in t);
        }

        Finish(ref job, job.O.At(oOff, q0, 0), rows, in t);
    }

    /// <summary>
    /// Packs Qᵀ, scaled, zero in the padding columns so padded queries score 0 (finite, then discarded),
    /// and resets the accumulator (0), the running maximum (−∞) and the running sum (0). Whole blocks of
    /// contiguous query rows (8 x 8 floats, 4 x 4 doubles) are transposed in registers, the rest element
    /// by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Start<T>(ref AttentionJob<T> job, T* queries, int rows, int br, in AttentionTiles<T> t)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int e = job.Embedding;
        T* qt = t.QueryT;
        int blockRows = 0, blockColumns = 0;
        if (TileTranspose.Accelerated<T>() && job.Q.Col == 1)
        {
            int lanes = Vector<T>.Count;
            blockRows = rows / lanes * lanes;
            blockColumns = e / lanes * lanes;
            for (int i = 0; i < blockRows; i += lanes)
            {
                for (int c = 0; c < blockColumns; c += lanes)
                {
                    TileTranspose.Block(ref queries[i * job.Q.Row + c], job.Q.Row, ref qt[c * br + i], br);
                }
            }
        }

        for (int i = 0; i < br; i++)
        {
            T* row = queries + i * job.Q.Row;
            for (int c = i < blockRows ? blockColumns : 0; c < e; c++)
            {
                qt[c * br + i] = i < rows ? row[c * job.Q.Col] : T.Zero;
            }
        }

        var packed = new Span<T>(qt, e * br);
        TensorPrimitives.Multiply(packed, job.Scale, packed);
        new Span<T>(t.Output, br * t.ValueWidth).Clear();
        new Span<T>(t.Max, br).Fill(T.NegativeInfinity);
        new Span<T>(t.Sum, br).Clear();
    }

    /// <summary>
    /// Sᵀ = K_blk Qᵀ for the <paramref name="bc"/> keys from <paramref name="keys"/>: the widest key tile
    /// the registers hold, then single keys. Key j is seen only by the query columns i with
    /// <c>j ≤ i + diagonal</c> (all of them off a causal diagonal); on the 4-key tiles, query registers
    /// that no key of the tile reaches are left to the mask, which writes −∞ over all of them.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Scores<TOps, TV, T>(T* keys, nint kRow, nint kCol, int bc, int embedding, int diagonal, in AttentionTiles<T> t)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = TOps.Count;
        int br = 4 * w;
        T* qt = t.QueryT;
        T* st = t.Scores;
        int j = 0;
        if (ManyRegisters<TV>())
        {
            for (; j + 4 <= bc; j += 4)
            {
                // Registers wholly left of the first key's diagonal (lanes i < j - diagonal) are hidden from all four keys.
                int hidden = Math.Clamp((j - diagonal) / w, 0, 4);
                T* k = keys + j * kRow;
                T* s = st + j * br;
                switch (hidden)
                {
                    case 0:
                        AttentionMicroKernels.Scores4<TOps, TV, T, Row4<TV>>(k, kRow, kCol, qt, embedding, s, br);
                        break;
                    case 1:
                        AttentionMicroKernels.Scores4<TOps, TV, T, Row2<TV>>(k, kRow, kCol, qt + w, embedding, s + w, br);
                        AttentionMicroKernels.Scores4<TOps, TV, T, Row1<TV>>(k, kRow, kCol, qt + 3 * w, embedding, s + 3 * w, br);
                        break;
                    case 2:
                        AttentionMicroKernels.Scores4<TOps, TV, T, Row2<TV>>(k, kRow, kCol, qt + 2 * w, embedding, s + 2 * w, br);
                        break;
                    case 3:
                        AttentionMicroKernels.Scores4<TOps, TV, T, Row1<TV>>(k, kRow, kCol, qt + 3 * w, embedding, s + 3 * w, br);
                        break;
                }
            }
        }
        else
        {
            for (; j + 3 <= bc; j += 3)
            {
                AttentionMicroKernels.Scores3<TOps, TV, T>(keys + j * kRow, kRow, kCol, qt, embedding, st + j * br, br);
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
    /// value tile the registers hold, then single registers. Query row i uses the keys j with
    /// <c>j ≤ i + diagonal</c> (all of them off a causal diagonal): the weights past it are exactly 0,
    /// as are those of the key blocks causal attention never visits.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateValues<TOps, TV, T>(ref AttentionJob<T> job, T* values, int bc, int rows, int diagonal, in AttentionTiles<T> t)
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
            // The last of the four rows sees the most keys.
            int keys = Math.Clamp(i + 3 + diagonal + 1, 0, bc);
            T* o = t.Output + i * evPad;
            int c = 0;
            if (ManyRegisters<TV>())
            {
                for (; c + 4 * w <= evPad; c += 4 * w)
                {
                    AttentionMicroKernels.Values<TOps, TV, T, Row4<TV>>(st + i, br, vBlock + c, vRow, keys, o + c, evPad);
                }
            }
            else
            {
                for (; c + 3 * w <= evPad; c += 3 * w)
                {
                    AttentionMicroKernels.Values<TOps, TV, T, Row3<TV>>(st + i, br, vBlock + c, vRow, keys, o + c, evPad);
                }

                for (; c + 2 * w <= evPad; c += 2 * w)
                {
                    AttentionMicroKernels.Values<TOps, TV, T, Row2<TV>>(st + i, br, vBlock + c, vRow, keys, o + c, evPad);
                }
            }

            for (; c < evPad; c += w)
            {
                AttentionMicroKernels.Values<TOps, TV, T, Row1<TV>>(st + i, br, vBlock + c, vRow, keys, o + c, evPad);
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
            if (oCol == 1)
            {
                TensorPrimitives.Multiply(new ReadOnlySpan<T>(source, ev), inverse, new Span<T>(target, ev));
                continue;
            }

            for (int c = 0; c < ev; c++)
            {
                target[c * oCol] = source[c] * inverse;
            }
        }
    }
}
