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
/// Assumptions: <c>br == 4·W</c>; tiles do not overlap; the value rows hold at least the columns read.
/// </remarks>
internal static unsafe class AttentionMicroKernels
{
    /// <summary>
    /// <c>s[r·br + c] = Σₑ k[r·kRow + e·kCol] · qt[e·br + c]</c> for 4 key rows r and all br columns c.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scores4<TOps, TV, T>(T* k, nint kRow, nint kCol, T* qt, int embedding, T* s, int br)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged
    {
        int w = TOps.Count;
        Debug.Assert(br == 4 * w);
        TV c00 = TOps.Zero, c01 = TOps.Zero, c02 = TOps.Zero, c03 = TOps.Zero;
        TV c10 = TOps.Zero, c11 = TOps.Zero, c12 = TOps.Zero, c13 = TOps.Zero;
        TV c20 = TOps.Zero, c21 = TOps.Zero, c22 = TOps.Zero, c23 = TOps.Zero;
        TV c30 = TOps.Zero, c31 = TOps.Zero, c32 = TOps.Zero, c33 = TOps.Zero;
        T* k0 = k;
        T* k1 = k + kRow;
        T* k2 = k + 2 * kRow;
        T* k3 = k + 3 * kRow;
        for (int e = 0; e < embedding; e++)
        {
            TV q0 = TOps.Load(qt);
            TV q1 = TOps.Load(qt + w);
            TV q2 = TOps.Load(qt + 2 * w);
            TV q3 = TOps.Load(qt + 3 * w);
            TV b = TOps.Broadcast(*k0);
            c00 = TOps.Fma(b, q0, c00);
            c01 = TOps.Fma(b, q1, c01);
            c02 = TOps.Fma(b, q2, c02);
            c03 = TOps.Fma(b, q3, c03);
            b = TOps.Broadcast(*k1);
            c10 = TOps.Fma(b, q0, c10);
            c11 = TOps.Fma(b, q1, c11);
            c12 = TOps.Fma(b, q2, c12);
            c13 = TOps.Fma(b, q3, c13);
            b = TOps.Broadcast(*k2);
            c20 = TOps.Fma(b, q0, c20);
            c21 = TOps.Fma(b, q1, c21);
            c22 = TOps.Fma(b, q2, c22);
            c23 = TOps.Fma(b, q3, c23);
            b = TOps.Broadcast(*k3);
            c30 = TOps.Fma(b, q0, c30);
            c31 = TOps.Fma(b, q1, c31);
            c32 = TOps.Fma(b, q2, c32);
            c33 = TOps.Fma(b, q3, c33);
            qt += br;
            k0 += kCol;
            k1 += kCol;
            k2 += kCol;
            k3 += kCol;
        }

        TOps.Store(c00, s);
        TOps.Store(c01, s + w);
        TOps.Store(c02, s + 2 * w);
        TOps.Store(c03, s + 3 * w);
        s += br;
        TOps.Store(c10, s);
        TOps.Store(c11, s + w);
        TOps.Store(c12, s + 2 * w);
        TOps.Store(c13, s + 3 * w);
        s += br;
        TOps.Store(c20, s);
        TOps.Store(c21, s + w);
        TOps.Store(c22, s + 2 * w);
        TOps.Store(c23, s + 3 * w);
        s += br;
        TOps.Store(c30, s);
        TOps.Store(c31, s + w);
        TOps.Store(c32, s + 2 * w);
        TOps.Store(c33, s + 3 * w);
    }

    /// <summary>
    /// <see cref="Scores4{TOps, TV, T}"/> for 2 key rows: 8 accumulators, 4 query registers and a
    /// broadcast fit the 16 registers of AVX2 and SSE, where the 4-row tile (21 live registers) spills.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scores2<TOps, TV, T>(T* k, nint kRow, nint kCol, T* qt, int embedding, T* s, int br)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged
    {
        int w = TOps.Count;
        Debug.Assert(br == 4 * w);
        TV c00 = TOps.Zero, c01 = TOps.Zero, c02 = TOps.Zero, c03 = TOps.Zero;
        TV c10 = TOps.Zero, c11 = TOps.Zero, c12 = TOps.Zero, c13 = TOps.Zero;
        T* k0 = k;
        T* k1 = k + kRow;
        for (int e = 0; e < embedding; e++)
        {
            TV q0 = TOps.Load(qt);
            TV q1 = TOps.Load(qt + w);
            TV q2 = TOps.Load(qt + 2 * w);
            TV q3 = TOps.Load(qt + 3 * w);
            TV b = TOps.Broadcast(*k0);
            c00 = TOps.Fma(b, q0, c00);
            c01 = TOps.Fma(b, q1, c01);
            c02 = TOps.Fma(b, q2, c02);
            c03 = TOps.Fma(b, q3, c03);
            b = TOps.Broadcast(*k1);
            c10 = TOps.Fma(b, q0, c10);
            c11 = TOps.Fma(b, q1, c11);
            c12 = TOps.Fma(b, q2, c12);
            c13 = TOps.Fma(b, q3, c13);
            qt += br;
            k0 += kCol;
            k1 += kCol;
        }

        TOps.Store(c00, s);
        TOps.Store(c01, s + w);
        TOps.Store(c02, s + 2 * w);
        TOps.Store(c03, s + 3 * w);
        s += br;
        TOps.Store(c10, s);
        TOps.Store(c11, s + w);
        TOps.Store(c12, s + 2 * w);
        TOps.Store(c13, s + 3 * w);
    }

    /// <summary><see cref="Scores4{TOps, TV, T}"/> for one key row (the tail of a key block).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Scores1<TOps, TV, T>(T* k, nint kCol, T* qt, int embedding, T* s, int br)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged
    {
        int w = TOps.Count;
        TV c0 = TOps.Zero, c1 = TOps.Zero, c2 = TOps.Zero, c3 = TOps.Zero;
        for (int e = 0; e < embedding; e++)
        {
            TV b = TOps.Broadcast(*k);
            c0 = TOps.Fma(b, TOps.Load(qt), c0);
            c1 = TOps.Fma(b, TOps.Load(qt + w), c1);
            c2 = TOps.Fma(b, TOps.Load(qt + 2 * w), c2);
            c3 = TOps.Fma(b, TOps.Load(qt + 3 * w), c3);
            qt += br;
            k += kCol;
        }

        TOps.Store(c0, s);
        TOps.Store(c1, s + w);
        TOps.Store(c2, s + 2 * w);
        TOps.Store(c3, s + 3 * w);
    }

    /// <summary>
    /// <c>o[r·oRow + c] += Σⱼ pt[j·br + r] · v[j·vRow + c]</c> for 4 query rows r and 4 registers of
    /// value columns c, over <paramref name="keys"/> keys j.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Values4x4<TOps, TV, T>(T* pt, int br, T* v, nint vRow, int keys, T* o, nint oRow)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged
    {
        int w = TOps.Count;
        T* o0 = o;
        T* o1 = o + oRow;
        T* o2 = o + 2 * oRow;
        T* o3 = o + 3 * oRow;
        TV c00 = TOps.Load(o0), c01 = TOps.Load(o0 + w), c02 = TOps.Load(o0 + 2 * w), c03 = TOps.Load(o0 + 3 * w);
        TV c10 = TOps.Load(o1), c11 = TOps.Load(o1 + w), c12 = TOps.Load(o1 + 2 * w), c13 = TOps.Load(o1 + 3 * w);
        TV c20 = TOps.Load(o2), c21 = TOps.Load(o2 + w), c22 = TOps.Load(o2 + 2 * w), c23 = TOps.Load(o2 + 3 * w);
        TV c30 = TOps.Load(o3), c31 = TOps.Load(o3 + w), c32 = TOps.Load(o3 + 2 * w), c33 = TOps.Load(o3 + 3 * w);
        for (int j = 0; j < keys; j++)
        {
            TV v0 = TOps.Load(v);
            TV v1 = TOps.Load(v + w);
            TV v2 = TOps.Load(v + 2 * w);
            TV v3 = TOps.Load(v + 3 * w);
            TV b = TOps.Broadcast(pt[0]);
            c00 = TOps.Fma(b, v0, c00);
            c01 = TOps.Fma(b, v1, c01);
            c02 = TOps.Fma(b, v2, c02);
            c03 = TOps.Fma(b, v3, c03);
            b = TOps.Broadcast(pt[1]);
            c10 = TOps.Fma(b, v0, c10);
            c11 = TOps.Fma(b, v1, c11);
            c12 = TOps.Fma(b, v2, c12);
            c13 = TOps.Fma(b, v3, c13);
            b = TOps.Broadcast(pt[2]);
            c20 = TOps.Fma(b, v0, c20);
            c21 = TOps.Fma(b, v1, c21);
            c22 = TOps.Fma(b, v2, c22);
            c23 = TOps.Fma(b, v3, c23);
            b = TOps.Broadcast(pt[3]);
            c30 = TOps.Fma(b, v0, c30);
            c31 = TOps.Fma(b, v1, c31);
            c32 = TOps.Fma(b, v2, c32);
            c33 = TOps.Fma(b, v3, c33);
            pt += br;
            v += vRow;
        }

        TOps.Store(c00, o0);
        TOps.Store(c01, o0 + w);
        TOps.Store(c02, o0 + 2 * w);
        TOps.Store(c03, o0 + 3 * w);
        TOps.Store(c10, o1);
        TOps.Store(c11, o1 + w);
        TOps.Store(c12, o1 + 2 * w);
        TOps.Store(c13, o1 + 3 * w);
        TOps.Store(c20, o2);
        TOps.Store(c21, o2 + w);
        TOps.Store(c22, o2 + 2 * w);
        TOps.Store(c23, o2 + 3 * w);
        TOps.Store(c30, o3);
        TOps.Store(c31, o3 + w);
        TOps.Store(c32, o3 + 2 * w);
        TOps.Store(c33, o3 + 3 * w);
    }

    /// <summary>
    /// <see cref="Values4x4{TOps, TV, T}"/> for 2 registers of value columns: 8 accumulators, 2 value
    /// registers and a broadcast fit 16 registers (AVX2, SSE), where the 4x4 tile spills.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Values4x2<TOps, TV, T>(T* pt, int br, T* v, nint vRow, int keys, T* o, nint oRow)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged
    {
        int w = TOps.Count;
        T* o0 = o;
        T* o1 = o + oRow;
        T* o2 = o + 2 * oRow;
        T* o3 = o + 3 * oRow;
        TV c00 = TOps.Load(o0), c01 = TOps.Load(o0 + w);
        TV c10 = TOps.Load(o1), c11 = TOps.Load(o1 + w);
        TV c20 = TOps.Load(o2), c21 = TOps.Load(o2 + w);
        TV c30 = TOps.Load(o3), c31 = TOps.Load(o3 + w);
        for (int j = 0; j < keys; j++)
        {
            TV v0 = TOps.Load(v);
            TV v1 = TOps.Load(v + w);
            TV b = TOps.Broadcast(pt[0]);
            c00 = TOps.Fma(b, v0, c00);
            c01 = TOps.Fma(b, v1, c01);
            b = TOps.Broadcast(pt[1]);
            c10 = TOps.Fma(b, v0, c10);
            c11 = TOps.Fma(b, v1, c11);
            b = TOps.Broadcast(pt[2]);
            c20 = TOps.Fma(b, v0, c20);
            c21 = TOps.Fma(b, v1, c21);
            b = TOps.Broadcast(pt[3]);
            c30 = TOps.Fma(b, v0, c30);
            c31 = TOps.Fma(b, v1, c31);
            pt += br;
            v += vRow;
        }

        TOps.Store(c00, o0);
        TOps.Store(c01, o0 + w);
        TOps.Store(c10, o1);
        TOps.Store(c11, o1 + w);
        TOps.Store(c20, o2);
        TOps.Store(c21, o2 + w);
        TOps.Store(c30, o3);
        TOps.Store(c31, o3 + w);
    }

    /// <summary><see cref="Values4x4{TOps, TV, T}"/> for one register of value columns (the tail).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Values4x1<TOps, TV, T>(T* pt, int br, T* v, nint vRow, int keys, T* o, nint oRow)
        where TOps : IVectorOps<TV, T>
        where T : unmanaged
    {
        TV c0 = TOps.Load(o), c1 = TOps.Load(o + oRow), c2 = TOps.Load(o + 2 * oRow), c3 = TOps.Load(o + 3 * oRow);
        for (int j = 0; j < keys; j++)
        {
            TV x = TOps.Load(v);
            c0 = TOps.Fma(TOps.Broadcast(pt[0]), x, c0);
            c1 = TOps.Fma(TOps.Broadcast(pt[1]), x, c1);
            c2 = TOps.Fma(TOps.Broadcast(pt[2]), x, c2);
            c3 = TOps.Fma(TOps.Broadcast(pt[3]), x, c3);
            pt += br;
            v += vRow;
        }

        TOps.Store(c0, o);
        TOps.Store(c1, o + oRow);
        TOps.Store(c2, o + 2 * oRow);
        TOps.Store(c3, o + 3 * oRow);
    }
}
