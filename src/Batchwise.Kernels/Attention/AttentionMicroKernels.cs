using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Attention;

/// <summary>
/// The two small products of a fused attention tile, register-blocked like GEMM micro-kernels.
/// A query block is <c>Br = 4·W</c> queries wide (W = lanes per register), so a row of the score
/// tile is exactly four registers.
/// </summary>
/// <remarks>
/// <para><b>Scores</b> are computed transposed, <c>Sᵀ = K_blk · Q_blkᵀ</c> (keys are rows, queries are
/// columns): the query block is packed once as <c>Qᵀ</c> (E × Br, scaled) and reused against every key
/// block, while key elements are broadcast straight from the caller's tensor with any strides, so keys
/// are never packed. The online softmax then runs down the columns, lane-parallel over queries.</para>
/// <para><b>Values</b>: <c>O += P·V_blk</c> with P read from the same transposed tile (one broadcast per
/// query and key) and V rows loaded as whole registers.</para>
/// <para>Accumulators are held as rows of registers (<see cref="IRegisterRow{TSelf, TV}"/>), so one
/// kernel serves every tile width and compiles as if each register were written out by hand.</para>
/// Assumptions: <c>br == 4·W</c>; tiles do not overlap; the value rows hold at least the columns read.
/// </remarks>
internal static unsafe class AttentionMicroKernels
{
    /// <summary>
    /// <c>s[r·br + c] = Σₑ k[r·kRow + e·kCol] · qt[e·br + c]</c> for 4 key rows r and the columns c of one
    /// <typeparamref name="TRow"/> of query registers (all four of a row, or the last ones where the
    /// causal mask hides the first).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scores4<TOps, TV, T, TRow>(T* k, nint kRow, nint kCol, T* qt, int embedding, T* s, int br)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged
        where TRow : struct, IRegisterRow<TRow, TV>
    {
        Debug.Assert(br == 4 * TOps.Count);
        TRow c0 = default, c1 = default, c2 = default, c3 = default;
        T* k0 = k;
        T* k1 = k + kRow;
        T* k2 = k + 2 * kRow;
        T* k3 = k + 3 * kRow;
        for (int e = 0; e < embedding; e++)
        {
            var q = TRow.Load<TOps, T>(qt);
            c0 = TRow.Fma<TOps, T>(TOps.Broadcast(*k0), q, c0);
            c1 = TRow.Fma<TOps, T>(TOps.Broadcast(*k1), q, c1);
            c2 = TRow.Fma<TOps, T>(TOps.Broadcast(*k2), q, c2);
            c3 = TRow.Fma<TOps, T>(TOps.Broadcast(*k3), q, c3);
            qt += br;
            k0 += kCol;
            k1 += kCol;
            k2 += kCol;
            k3 += kCol;
        }

        TRow.Store<TOps, T>(c0, s);
        TRow.Store<TOps, T>(c1, s + br);
        TRow.Store<TOps, T>(c2, s + 2 * br);
        TRow.Store<TOps, T>(c3, s + 3 * br);
    }

    /// <summary>
    /// <see cref="Scores4{TOps, TV, T, TRow}"/> for 3 key rows, for the 16 registers of AVX2 and SSE: 12
    /// accumulators, the three broadcasts and one query register at a time. Twelve independent sums
    /// keep both FMA pipes busy through the FMA latency, which the 8 of a 2-row tile cannot.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scores3<TOps, TV, T>(T* k, nint kRow, nint kCol, T* qt, int embedding, T* s, int br)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged
    {
        Debug.Assert(br == 4 * TOps.Count);
        int w = TOps.Count;
        Row4<TV> c0 = default, c1 = default, c2 = default;
        T* k0 = k;
        T* k1 = k + kRow;
        T* k2 = k + 2 * kRow;
        for (int e = 0; e < embedding; e++)
        {
            TV b0 = TOps.Broadcast(*k0), b1 = TOps.Broadcast(*k1), b2 = TOps.Broadcast(*k2);
            TV q = TOps.Load(qt);
            c0.R0 = TOps.Fma(b0, q, c0.R0);
            c1.R0 = TOps.Fma(b1, q, c1.R0);
            c2.R0 = TOps.Fma(b2, q, c2.R0);
            q = TOps.Load(qt + w);
            c0.R1 = TOps.Fma(b0, q, c0.R1);
            c1.R1 = TOps.Fma(b1, q, c1.R1);
            c2.R1 = TOps.Fma(b2, q, c2.R1);
            q = TOps.Load(qt + 2 * w);
            c0.R2 = TOps.Fma(b0, q, c0.R2);
            c1.R2 = TOps.Fma(b1, q, c1.R2);
            c2.R2 = TOps.Fma(b2, q, c2.R2);
            q = TOps.Load(qt + 3 * w);
            c0.R3 = TOps.Fma(b0, q, c0.R3);
            c1.R3 = TOps.Fma(b1, q, c1.R3);
            c2.R3 = TOps.Fma(b2, q, c2.R3);
            qt += br;
            k0 += kCol;
            k1 += kCol;
            k2 += kCol;
        }

        Row4<TV>.Store<TOps, T>(c0, s);
        Row4<TV>.Store<TOps, T>(c1, s + br);
        Row4<TV>.Store<TOps, T>(c2, s + 2 * br);
    }

    /// <summary><see cref="Scores4{TOps, TV, T, TRow}"/> for one key row (the tail of a key block).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scores1<TOps, TV, T>(T* k, nint kCol, T* qt, int embedding, T* s, int br)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged
    {
        Row4<TV> c = default;
        for (int e = 0; e < embedding; e++)
        {
            c = Row4<TV>.Fma<TOps, T>(TOps.Broadcast(*k), Row4<TV>.Load<TOps, T>(qt), c);
            qt += br;
            k += kCol;
        }

        Row4<TV>.Store<TOps, T>(c, s);
    }

    /// <summary>
    /// <c>o[r·oRow + c] += Σⱼ pt[j·br + r] · v[j·vRow + c]</c> for 4 query rows r and one
    /// <typeparamref name="TRow"/> of value columns c (1, 2 or 4 registers), over <paramref name="keys"/>
    /// keys j. The 4x4 tile needs the 32 registers of AVX-512; with 16 (AVX2, SSE) the 4x3 tile
    /// (12 accumulators, 3 value registers and a broadcast) is the widest that fits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Values<TOps, TV, T, TRow>(T* pt, int br, T* v, nint vRow, int keys, T* o, nint oRow)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged
        where TRow : struct, IRegisterRow<TRow, TV>
    {
        T* o0 = o;
        T* o1 = o + oRow;
        T* o2 = o + 2 * oRow;
        T* o3 = o + 3 * oRow;
        TRow c0 = TRow.Load<TOps, T>(o0);
        TRow c1 = TRow.Load<TOps, T>(o1);
        TRow c2 = TRow.Load<TOps, T>(o2);
        TRow c3 = TRow.Load<TOps, T>(o3);
        for (int j = 0; j < keys; j++)
        {
            TRow x = TRow.Load<TOps, T>(v);
            c0 = TRow.Fma<TOps, T>(TOps.Broadcast(pt[0]), x, c0);
            c1 = TRow.Fma<TOps, T>(TOps.Broadcast(pt[1]), x, c1);
            c2 = TRow.Fma<TOps, T>(TOps.Broadcast(pt[2]), x, c2);
            c3 = TRow.Fma<TOps, T>(TOps.Broadcast(pt[3]), x, c3);
            pt += br;
            v += vRow;
        }

        TRow.Store<TOps, T>(c0, o0);
        TRow.Store<TOps, T>(c1, o1);
        TRow.Store<TOps, T>(c2, o2);
        TRow.Store<TOps, T>(c3, o3);
    }
}
