using Batchwise.Kernels.Gemm.MicroKernels;
using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Gemm.Rows;

/// <summary>
/// The unpacked row kernel for the shapes where packing costs more than it saves: vector-matrix
/// (m = 1), outer products (k = 1) and small products. C[i, j0..j1) = sum_p A[i, p] * B[p, j0..j1)
/// (+ bias) (+ C) with B's rows loaded as vectors and A broadcast, four rows at a time, read in place,
/// looping over the batch range itself so that a batch of 3x3 products costs one call.
/// </summary>
internal static unsafe class RowPanels
{
    /// <summary>Batch items [i0, i1), rows [r0, r1), columns [c0, c1).</summary>
    public static void Run<T>(in GemmJob<T> job, long i0, long i1, int r0, int r1, int c0, int c1)
        where T : unmanaged, INumberBase<T>
    {
        // Assumptions: B and C have unit column stride; A may have any strides.
        Debug.Assert(job.BCol == 1 && job.CCol == 1);
        for (long item = i0; item < i1; item++)
        {
            job.ItemOffsets(item, out nint offA, out nint offB, out nint offC);
            var t = new RowTask<T>
            {
                A = job.A + offA + r0 * job.ARow,
                ARow = job.ARow,
                ACol = job.ACol,
                B = job.B + offB,
                BRow = job.BRow,
                C = job.C + offC + r0 * job.CRow,
                CRow = job.CRow,
                M = r1 - r0,
                K = job.K,
                Bias = job.Bias,
                Accumulate = job.Accumulate,
                FromMemory = job.FromMemory,
            };
            OneItem(ref t, c0, c1);
        }
    }

    /// <summary>Columns [j, n) of one item: the widest vectors first, then narrower ones, then a masked or scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OneItem<T>(ref RowTask<T> t, int j, int n)
        where T : unmanaged, INumberBase<T>
    {
        if (t.M == 1)
        {
            j = OneRowKernels.Run(ref t, j, n);
        }

        if (Vector512Ops<T>.IsEnabled)
        {
            for (; j + Vector512<T>.Count <= n; j += Vector512<T>.Count)
            {
                Columns<T, Vector512<T>, Vector512Ops<T>, WholeVectors>(ref t, j, default);
            }
        }

        if (Vector256Ops<T>.IsEnabled)
        {
            if (!Vector512Ops<T>.IsEnabled && t.M > 1)
            {
                // Two vectors of columns at a time through the 6x2 GEMM micro-kernel, which reads A
                // and B in place: twelve FMA chains cover two pipes of four-cycle latency, where the
                // four-row, one-vector loop below has four and runs at half speed.
                for (; j + 2 * Vector256<T>.Count <= n; j += 2 * Vector256<T>.Count)
                {
                    ColumnPairs<T, Vector256<T>, Vector256Ops<T>>(ref t, j);
                }
            }

            for (; j + Vector256<T>.Count <= n; j += Vector256<T>.Count)
            {
                Columns<T, Vector256<T>, Vector256Ops<T>, WholeVectors>(ref t, j, default);
            }
        }

        if (Vector128Ops<T>.IsEnabled)
        {
            for (; j + Vector128<T>.Count <= n; j += Vector128<T>.Count)
            {
                Columns<T, Vector128<T>, Vector128Ops<T>, WholeVectors>(ref t, j, default);
            }
        }

        int rem = n - j;
        if (rem == 0)
        {
            return;
        }

        // Column tail: masked loads and stores never touch the lanes past the matrix.
        if (Vector256Ops<T>.IsEnabled && Vector256Ops<T>.HasMaskedAccess && rem > Vector128<T>.Count)
        {
            Columns<T, Vector256<T>, Vector256Ops<T>, FirstLanes>(ref t, j, Vector256Ops<T>.FirstLanes(rem));
        }
        else if (Vector128Ops<T>.IsEnabled && Vector128Ops<T>.HasMaskedAccess)
        {
            Columns<T, Vector128<T>, Vector128Ops<T>, FirstLanes>(ref t, j, Vector128Ops<T>.FirstLanes(rem));
        }
        else
        {
            ColumnsScalar(ref t, j, n);
        }
    }

    /// <summary>Whether a column block is a whole vector or its first lanes (a type, so each form compiles without the test).</summary>
    internal interface IColumnMask
    {
        static abstract bool Masked { get; }
    }

    internal readonly struct WholeVectors : IColumnMask
    {
        public static bool Masked => false;
    }

    internal readonly struct FirstLanes : IColumnMask
    {
        public static bool Masked => true;
    }

    /// <summary>One vector of columns at <paramref name="j"/> for every row, four rows at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Columns<T, TVector, TOps, TMask>(ref RowTask<T> t, int j, TVector mask)
        where T : unmanaged, INumberBase<T>
        where TVector : unmanaged
        where TOps : struct, IVectorOps<TVector, T>
        where TMask : struct, IColumnMask
    {
        int m = t.M, k = t.K;
        T* b = t.B + j;
        for (int i = 0; i < m; i += 4)
        {
            T* a0 = t.A + i * t.ARow;
            T* a1 = i + 1 < m ? a0 + t.ARow : a0;
            T* a2 = i + 2 < m ? a0 + 2 * t.ARow : a0;
            T* a3 = i + 3 < m ? a0 + 3 * t.ARow : a0;
            TVector s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
            nint off = 0;
            T* bp = b;
            for (int p = 0; p < k; p++, off += t.ACol, bp += t.BRow)
            {
                TVector bv = Load<T, TVector, TOps, TMask>(bp, mask);
                s0 = TOps.Fma(TOps.Broadcast(a0[off]), bv, s0);
                s1 = TOps.Fma(TOps.Broadcast(a1[off]), bv, s1);
                s2 = TOps.Fma(TOps.Broadcast(a2[off]), bv, s2);
                s3 = TOps.Fma(TOps.Broadcast(a3[off]), bv, s3);
            }

            TVector bias = t.Bias == null ? TOps.Zero : Load<T, TVector, TOps, TMask>(t.Bias + j, mask);
            T* c = t.C + i * t.CRow + j;
            int rows = Math.Min(4, m - i);
            Store<T, TVector, TOps, TMask>(c, TOps.Add(s0, bias), t.Accumulate, mask);
            if (rows > 1)
            {
                Store<T, TVector, TOps, TMask>(c + t.CRow, TOps.Add(s1, bias), t.Accumulate, mask);
            }

            if (rows > 2)
            {
                Store<T, TVector, TOps, TMask>(c + 2 * t.CRow, TOps.Add(s2, bias), t.Accumulate, mask);
            }

            if (rows > 3)
            {
                Store<T, TVector, TOps, TMask>(c + 3 * t.CRow, TOps.Add(s3, bias), t.Accumulate, mask);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Load<T, TVector, TOps, TMask>(T* p, TVector mask)
        where T : unmanaged
        where TVector : unmanaged
        where TOps : struct, IVectorOps<TVector, T>
        where TMask : struct, IColumnMask =>
        TMask.Masked ? TOps.LoadFirst(p, mask) : TOps.Load(p);

    /// <summary>C's vector at <paramref name="c"/> = v (+ C).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store<T, TVector, TOps, TMask>(T* c, TVector v, bool accumulate, TVector mask)
        where T : unmanaged
        where TVector : unmanaged
        where TOps : struct, IVectorOps<TVector, T>
        where TMask : struct, IColumnMask
    {
        if (accumulate)
        {
            v = TOps.Add(v, Load<T, TVector, TOps, TMask>(c, mask));
        }

        if (TMask.Masked)
        {
            TOps.StoreFirst(v, c, mask);
        }
        else
        {
            TOps.Store(v, c);
        }
    }

    /// <summary>Columns [j, j + 2w) of every row, six rows at a time (the 6x2 GEMM micro-kernel).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ColumnPairs<T, TVector, TOps>(ref RowTask<T> t, int j)
        where T : unmanaged, INumberBase<T>
        where TVector : unmanaged
        where TOps : struct, IVectorOps<TVector, T>
    {
        int nr = GemmKernel6x2<T, TVector, TOps>.NR, mr = GemmKernel6x2<T, TVector, TOps>.MR;
        T* bias = t.Bias != null ? t.Bias + j : null;
        for (int i = 0; i < t.M; i += mr)
        {
            GemmKernel6x2<T, TVector, TOps>.Run(t.K, t.A + i * t.ARow, t.ARow, t.ACol, t.B + j, t.BRow,
                t.C + i * t.CRow + j, t.CRow, 1, Math.Min(mr, t.M - i), nr, bias, t.Accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ColumnsScalar<T>(ref RowTask<T> t, int j0, int n)
        where T : unmanaged, INumberBase<T>
    {
        for (int i = 0; i < t.M; i++)
        {
            T* a = t.A + i * t.ARow;
            T* c = t.C + i * t.CRow;
            for (int j = j0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < t.K; p++)
                {
                    sum += a[p * t.ACol] * t.B[p * t.BRow + j];
                }

                if (t.Bias != null)
                {
                    sum += t.Bias[j];
                }

                c[j] = t.Accumulate ? c[j] + sum : sum;
            }
        }
    }
}

/// <summary>One item's block of a row-kernel product: pointers already at its first row.</summary>
internal unsafe struct RowTask<T>
    where T : unmanaged
{
    public T* A;
    public nint ARow;
    public nint ACol;
    public T* B;
    public nint BRow;
    public T* C;
    public nint CRow;
    public int M;
    public int K;
    public T* Bias;
    public bool Accumulate;

    /// <summary>The operands come from memory (<see cref="GemmJob{T}.FromMemory"/>).</summary>
    public bool FromMemory;

    /// <summary>Whether one-row products prefetch ahead: the operands stream and the CPU has SSE prefetches.</summary>
    public readonly bool Prefetch => FromMemory && Sse.IsSupported;
}
