using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Batchwise.Kernels.Gemm.MicroKernels;
using Batchwise.Kernels.Gemm.SmallKernels;
using Batchwise.Kernels.Isa;
using static Batchwise.Kernels.Isa.MaskedAccess;

namespace Batchwise.Kernels.Gemm;

/// <summary>
/// Unpacked kernels for the shapes where packing costs more than it saves: dot products (m = n = 1),
/// GEMV (n = 1), and the row kernel for vector-matrix (m = 1), outer products (k = 1) and stacks of
/// small matrices. They read the operands in place and loop over a batch range themselves, so a
/// batch of 100 000 3x3 products costs one call, not 100 000.
/// </summary>
internal static unsafe class DirectKernels
{
    /// <summary>C[b] = a[b] . b[b] (+ bias[0]) (+ C[b]) for batch items [i0, i1); m = n = 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dot<T>(in GemmJob<T> job, long i0, long i1)
        where T : unmanaged, INumberBase<T>
    {
        // Assumptions: m = n = 1; A's row is read along ACol, B's column along BRow.
        Debug.Assert(job.M == 1 && job.N == 1);
        int k = job.K;
        T bias = job.Bias != null ? job.Bias[0] : T.Zero;
        for (long item = i0; item < i1; item++)
        {
            job.ItemOffsets(item, out nint offA, out nint offB, out nint offC);
            T sum = DotAlong(job.A + offA, job.ACol, job.B + offB, job.BRow, k);
            T* c = job.C + offC;
            sum += bias;
            *c = job.Accumulate ? *c + sum : sum;
        }
    }

    /// <summary>
    /// C[i] = A[i, :] . b (+ Bias[i * BiasStride]) (+ C[i]) for rows [r0, r1) of batch items [i0, i1); n = 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DotRows<T>(in GemmJob<T> job, long i0, long i1, int r0, int r1)
        where T : unmanaged, INumberBase<T>
    {
        // Assumptions: n = 1; B is the vector read along BRow, C the column read along CRow.
        Debug.Assert(job.N == 1);
        int k = job.K;
        bool contiguous = job.ACol == 1 && job.BRow == 1;
        // Side by side in cache at any length, from memory for long rows only (see DotEightRows).
        bool eightRows = contiguous && (k >= DotBlock8V256.InterleavedFromK || !job.Streams) && InstructionSet.UseVector256;
        T* sums = stackalloc T[8];
        for (long item = i0; item < i1; item++)
        {
            job.ItemOffsets(item, out nint offA, out nint offB, out nint offC);
            T* y = job.B + offB;
            int i = r0;
            for (; eightRows && i + 8 <= r1; i += 8)
            {
                DotEightRows(job.A + offA + i * job.ARow, job.ARow, y, k, sums);
                for (int t = 0; t < 8; t++)
                {
                    T sum = sums[t];
                    if (job.Bias != null)
                    {
                        sum += job.Bias[(i + t) * job.BiasStride];
                    }

                    T* c = job.C + offC + (i + t) * job.CRow;
                    *c = job.Accumulate ? *c + sum : sum;
                }
            }

            for (; i < r1; i++)
            {
                T* x = job.A + offA + i * job.ARow;
                T sum = DotAlong(x, job.ACol, y, job.BRow, k);
                if (job.Bias != null)
                {
                    sum += job.Bias[i * job.BiasStride];
                }

                T* c = job.C + offC + i * job.CRow;
                *c = job.Accumulate ? *c + sum : sum;
            }
        }
    }

    /// <summary>
    /// sums[t] = a[t * aRow, 0..k) . x for eight unit-stride rows read side by side: the form of
    /// <see cref="DotBlock8V256.DotsInterleaved"/> for any element type (doubles in particular), for
    /// long rows from memory and rows of any length in cache, as the float block does: eight streams
    /// keep more of memory busy, and in cache one load of x serves eight FMAs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DotEightRows<T>(T* a, nint aRow, T* x, int k, T* sums)
        where T : unmanaged, INumberBase<T>
    {
        int w = Vector256<T>.Count;
        T* a4 = a + 4 * aRow;
        Vector256<T> d0 = default, d1 = default, d2 = default, d3 = default;
        Vector256<T> d4 = default, d5 = default, d6 = default, d7 = default;
        int p = 0;
        for (; p + w <= k; p += w)
        {
            Vector256<T> xv = Vector256.Load(x + p);
            d0 = VectorMath.Fma(Vector256.Load(a + p), xv, d0);
            d1 = VectorMath.Fma(Vector256.Load(a + aRow + p), xv, d1);
            d2 = VectorMath.Fma(Vector256.Load(a + 2 * aRow + p), xv, d2);
            d3 = VectorMath.Fma(Vector256.Load(a + 3 * aRow + p), xv, d3);
            d4 = VectorMath.Fma(Vector256.Load(a4 + p), xv, d4);
            d5 = VectorMath.Fma(Vector256.Load(a4 + aRow + p), xv, d5);
            d6 = VectorMath.Fma(Vector256.Load(a4 + 2 * aRow + p), xv, d6);
            d7 = VectorMath.Fma(Vector256.Load(a4 + 3 * aRow + p), xv, d7);
        }

        sums[0] = Vector256.Sum(d0);
        sums[1] = Vector256.Sum(d1);
        sums[2] = Vector256.Sum(d2);
        sums[3] = Vector256.Sum(d3);
        sums[4] = Vector256.Sum(d4);
        sums[5] = Vector256.Sum(d5);
        sums[6] = Vector256.Sum(d6);
        sums[7] = Vector256.Sum(d7);
        for (; p < k; p++)
        {
            for (int t = 0; t < 8; t++)
            {
                sums[t] += a[t * aRow + p] * x[p];
            }
        }
    }

    /// <summary>x . y over k elements read along strides xs and ys (the vector loop when both are 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T DotAlong<T>(T* x, nint xs, T* y, nint ys, int k)
        where T : unmanaged, INumberBase<T> =>
        xs == 1 && ys == 1 ? DotContiguous(x, y, k) : DotStrided(x, xs, y, ys, k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T DotContiguous<T>(T* x, T* y, int k)
        where T : unmanaged, INumberBase<T>
    {
        int p = 0;
        T sum = T.Zero;
        if (InstructionSet.UseVector512 && k >= Vector512<T>.Count)
        {
            int w = Vector512<T>.Count;
            Vector512<T> s0 = Vector512<T>.Zero, s1 = Vector512<T>.Zero;
            for (; p + 2 * w <= k; p += 2 * w)
            {
                s0 = VectorMath.Fma(Vector512.Load(x + p), Vector512.Load(y + p), s0);
                s1 = VectorMath.Fma(Vector512.Load(x + p + w), Vector512.Load(y + p + w), s1);
            }

            if (p + w <= k)
            {
                s0 = VectorMath.Fma(Vector512.Load(x + p), Vector512.Load(y + p), s0);
                p += w;
            }

            sum = Vector512.Sum(s0 + s1);
        }
        else if (InstructionSet.UseVector256 && k >= Vector256<T>.Count)
        {
            int w = Vector256<T>.Count;
            Vector256<T> s0 = Vector256<T>.Zero, s1 = Vector256<T>.Zero;
            for (; p + 2 * w <= k; p += 2 * w)
            {
                s0 = VectorMath.Fma(Vector256.Load(x + p), Vector256.Load(y + p), s0);
                s1 = VectorMath.Fma(Vector256.Load(x + p + w), Vector256.Load(y + p + w), s1);
            }

            if (p + w <= k)
            {
                s0 = VectorMath.Fma(Vector256.Load(x + p), Vector256.Load(y + p), s0);
                p += w;
            }

            sum = Vector256.Sum(s0 + s1);
        }
        else if (InstructionSet.UseVector128 && k >= Vector128<T>.Count)
        {
            int w = Vector128<T>.Count;
            Vector128<T> s0 = Vector128<T>.Zero;
            for (; p + w <= k; p += w)
            {
                s0 = VectorMath.Fma(Vector128.Load(x + p), Vector128.Load(y + p), s0);
            }

            sum = Vector128.Sum(s0);
        }

        for (; p < k; p++)
        {
            sum += x[p] * y[p];
        }

        return sum;
    }

    private static T DotStrided<T>(T* x, nint xs, T* y, nint ys, int k)
        where T : unmanaged, INumberBase<T>
    {
        T s0 = T.Zero, s1 = T.Zero;
        int p = 0;
        for (; p + 1 < k; p += 2)
        {
            s0 += x[p * xs] * y[p * ys];
            s1 += x[(p + 1) * xs] * y[(p + 1) * ys];
        }

        if (p < k)
        {
            s0 += x[p * xs] * y[p * ys];
        }

        return s0 + s1;
    }

    /// <summary>
    /// The row kernel: C[i, j0..j1) = sum_p A[i, p] * B[p, j0..j1) (+ bias) (+ C) with B rows loaded
    /// as vectors and A broadcast, four rows at a time, for batch items [i0, i1) and the block
    /// rows [r0, r1) x columns [c0, c1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows<T>(in GemmJob<T> job, long i0, long i1, int r0, int r1, int c0, int c1)
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
                Streams = job.Streams,
            };
            RowsOne(ref t, c0, c1);
        }
    }

    /// <summary>
    /// Stacks of tiny matrices (n fits one 128- or 256-bit vector, m and k at most 16): one vector per
    /// row of C, no per-item set-up, so a batch of 3x3 products costs a few nanoseconds per item.
    /// Returns false when this machine or layout cannot take the path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Tiny<T>(in GemmJob<T> job, long i0, long i1, int r0, int r1)
        where T : unmanaged, INumberBase<T>
    {
        // Assumptions: B and C have unit column stride; the caller checked m, k <= 16.
        Debug.Assert(job.BCol == 1 && job.CCol == 1);
        int n = job.N;
        if (InstructionSet.UseVector128 && (n == Vector128<T>.Count || (Avx.IsSupported && n < Vector128<T>.Count)))
        {
            Tiny128(job, i0, i1, r0, r1);
            return true;
        }

        if (InstructionSet.UseVector256 && (n == Vector256<T>.Count || (Avx.IsSupported && n < Vector256<T>.Count)))
        {
            Tiny256(job, i0, i1, r0, r1);
            return true;
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tiny128<T>(in GemmJob<T> job, long i0, long i1, int r0, int r1)
        where T : unmanaged, INumberBase<T>
    {
        if (typeof(T) == typeof(float) && PackedRowsV128.Fits(Unsafe.As<GemmJob<T>, GemmJob<float>>(ref Unsafe.AsRef(in job)), r0, r1))
        {
            PackedRowsV128.Run(Unsafe.As<GemmJob<T>, GemmJob<float>>(ref Unsafe.AsRef(in job)), i0, i1);
            return;
        }

        int k = job.K;
        bool masked = job.N < Vector128<T>.Count;
        Vector128<T> mask = Mask128<T>(job.N);
        Vector128<T> bias = job.Bias == null ? default : masked ? MaskLoad(job.Bias, mask) : Vector128.Load(job.Bias);
        nint aRow = job.ARow, aCol = job.ACol, bRow = job.BRow, cRow = job.CRow;
        bool accumulate = job.Accumulate;
        for (long item = i0; item < i1; item++)
        {
            job.ItemOffsets(item, out nint offA, out nint offB, out nint offC);
            T* b = job.B + offB;
            for (int i = r0; i < r1; i++)
            {
                T* a = job.A + offA + i * aRow;
                Vector128<T> acc = bias;
                for (int p = 0; p < k; p++)
                {
                    Vector128<T> bv = masked ? MaskLoad(b + p * bRow, mask) : Vector128.Load(b + p * bRow);
                    acc = VectorMath.Fma(Vector128.Create(a[p * aCol]), bv, acc);
                }

                Store128(job.C + offC + i * cRow, acc, accumulate, mask, masked);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tiny256<T>(in GemmJob<T> job, long i0, long i1, int r0, int r1)
        where T : unmanaged, INumberBase<T>
    {
        int k = job.K;
        bool masked = job.N < Vector256<T>.Count;
        Vector256<T> mask = Mask256<T>(job.N);
        Vector256<T> bias = job.Bias == null ? default : masked ? MaskLoad(job.Bias, mask) : Vector256.Load(job.Bias);
        nint aRow = job.ARow, aCol = job.ACol, bRow = job.BRow, cRow = job.CRow;
        bool accumulate = job.Accumulate;
        bool overlap = masked && OverlappingStoresFit(job, r0, r1, Vector256<T>.Count);
        if (k <= 4)
        {
            // k up to 4 (2x2 .. 4x4 stacks): B's rows are loaded once per item and stay in registers.
            for (long item = i0; item < i1; item++)
            {
                job.ItemOffsets(item, out nint offA, out nint offB, out nint offC);
                T* b = job.B + offB;
                Vector256<T> b0 = masked ? MaskLoad(b, mask) : Vector256.Load(b);
                Vector256<T> b1 = k < 2 ? default : masked ? MaskLoad(b + bRow, mask) : Vector256.Load(b + bRow);
                Vector256<T> b2 = k < 3 ? default : masked ? MaskLoad(b + 2 * bRow, mask) : Vector256.Load(b + 2 * bRow);
                Vector256<T> b3 = k < 4 ? default : masked ? MaskLoad(b + 3 * bRow, mask) : Vector256.Load(b + 3 * bRow);
                for (int i = r0; i < r1; i++)
                {
                    T* a = job.A + offA + i * aRow;
                    Vector256<T> acc = VectorMath.Fma(Vector256.Create(a[0]), b0, bias);
                    if (k > 1)
                    {
                        acc = VectorMath.Fma(Vector256.Create(a[aCol]), b1, acc);
                    }

                    if (k > 2)
                    {
                        acc = VectorMath.Fma(Vector256.Create(a[2 * aCol]), b2, acc);
                    }

                    if (k > 3)
                    {
                        acc = VectorMath.Fma(Vector256.Create(a[3 * aCol]), b3, acc);
                    }

                    if (overlap && (item != i1 - 1 || i != r1 - 1))
                    {
                        acc.Store(job.C + offC + i * cRow);
                    }
                    else
                    {
                        Store256(job.C + offC + i * cRow, acc, accumulate, mask, masked);
                    }
                }
            }

            return;
        }

        for (long item = i0; item < i1; item++)
        {
            job.ItemOffsets(item, out nint offA, out nint offB, out nint offC);
            T* b = job.B + offB;
            for (int i = r0; i < r1; i++)
            {
                T* a = job.A + offA + i * aRow;
                Vector256<T> acc = bias;
                for (int p = 0; p < k; p++)
                {
                    Vector256<T> bv = masked ? MaskLoad(b + p * bRow, mask) : Vector256.Load(b + p * bRow);
                    acc = VectorMath.Fma(Vector256.Create(a[p * aCol]), bv, acc);
                }

                if (overlap && (item != i1 - 1 || i != r1 - 1))
                {
                    acc.Store(job.C + offC + i * cRow);
                }
                else
                {
                    Store256(job.C + offC + i * cRow, acc, accumulate, mask, masked);
                }
            }
        }
    }

    /// <summary>
    /// Whether rows of C narrower than a vector may be stored as whole vectors, as
    /// <see cref="PackedRowsV128"/> does: C only written, whole items, rows end to end and items
    /// adjacent, so the extra lanes land on the next row (written later), and no wider than a row
    /// (so only the range's last row, stored masked, could reach past the range).
    /// </summary>
    private static bool OverlappingStoresFit<T>(in GemmJob<T> job, int r0, int r1, int lanes)
        where T : unmanaged =>
        !job.Accumulate && r0 == 0 && r1 == job.M && job.CRow == job.N && 2 * job.N >= lanes
        && (job.BatchRank == 0 || (job.BatchRank == 1 && job.CBatch[0] == job.M * job.N));

    private struct RowTask<T>
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

        // The operands come from memory (GemmJob.Streams).
        public bool Streams;

        /// <summary>Whether one-row products prefetch ahead: the operands stream and the CPU has SSE prefetches.</summary>
        public readonly bool Prefetch => Streams && Sse.IsSupported;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsOne<T>(ref RowTask<T> t, int j, int n)
        where T : unmanaged, INumberBase<T>
    {
        if (t.M == 1)
        {
            // A vector-matrix product: the four-row blocks below would repeat the one row, so four
            // column vectors share each broadcast of a[p] instead (four independent FMA chains).
            // A large B is read row by row instead (see RowStreamed256).
            if (InstructionSet.UseVector256 && ReadsRowByRow(t))
            {
                j = RowStreamed256(ref t, j, n);
            }

            if (InstructionSet.UseVector512)
            {
                for (; j + 4 * Vector512<T>.Count <= n; j += 4 * Vector512<T>.Count)
                {
                    RowOf4x512(ref t, j);
                }
            }
            else if (InstructionSet.UseVector256)
            {
                for (; j + 8 * Vector256<T>.Count <= n; j += 8 * Vector256<T>.Count)
                {
                    RowOf8x256(ref t, j);
                }

                for (; j + 4 * Vector256<T>.Count <= n; j += 4 * Vector256<T>.Count)
                {
                    RowOf4x256(ref t, j);
                }
            }
        }

        if (InstructionSet.UseVector512)
        {
            for (; j + Vector512<T>.Count <= n; j += Vector512<T>.Count)
            {
                Columns512(ref t, j);
            }
        }

        if (InstructionSet.UseVector256)
        {
            if (!InstructionSet.UseVector512 && t.M > 1)
            {
                // Two vectors of columns at a time through the AVX2 GEMM micro-kernel, which reads A
                // and B in place: twelve FMA chains cover two pipes of four-cycle latency, where the
                // four-row, one-vector loop below has four and runs at half speed.
                for (; j + 2 * Vector256<T>.Count <= n; j += 2 * Vector256<T>.Count)
                {
                    ColumnPairs256(ref t, j);
                }
            }

            for (; j + Vector256<T>.Count <= n; j += Vector256<T>.Count)
            {
                Columns256(ref t, j, default, false);
            }
        }

        if (InstructionSet.UseVector128)
        {
            for (; j + Vector128<T>.Count <= n; j += Vector128<T>.Count)
            {
                Columns128(ref t, j, default, false);
            }
        }

        int rem = n - j;
        if (rem == 0)
        {
            return;
        }

        // Column tail: AVX masked loads and stores never touch the lanes past the matrix.
        if (Avx.IsSupported && InstructionSet.UseVector256 && rem > Vector128<T>.Count)
        {
            Columns256(ref t, j, Mask256<T>(rem), true);
        }
        else if (Avx.IsSupported && InstructionSet.UseVector128)
        {
            Columns128(ref t, j, Mask128<T>(rem), true);
        }
        else
        {
            ColumnsScalar(ref t, j, n);
        }
    }

    /// <summary>C[0, j..j+4w) of a one-row product: four vectors of columns, each its own FMA chain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowOf4x512<T>(ref RowTask<T> t, int j)
        where T : unmanaged, INumberBase<T>
    {
        int w = Vector512<T>.Count;
        Vector512<T> s0 = default, s1 = default, s2 = default, s3 = default;
        T* bp = t.B + j;
        nint off = 0;
        nint ahead = RowPrefetchDistance * t.BRow;
        for (int p = 0; p < t.K; p++, off += t.ACol, bp += t.BRow)
        {
            if (t.Prefetch)
            {
                PrefetchRowAhead((byte*)(bp + ahead));
            }

            Vector512<T> x = Vector512.Create(t.A[off]);
            s0 = VectorMath.Fma(x, Vector512.Load(bp), s0);
            s1 = VectorMath.Fma(x, Vector512.Load(bp + w), s1);
            s2 = VectorMath.Fma(x, Vector512.Load(bp + 2 * w), s2);
            s3 = VectorMath.Fma(x, Vector512.Load(bp + 3 * w), s3);
        }

        T* c = t.C + j;
        if (t.Bias != null)
        {
            T* bias = t.Bias + j;
            s0 += Vector512.Load(bias);
            s1 += Vector512.Load(bias + w);
            s2 += Vector512.Load(bias + 2 * w);
            s3 += Vector512.Load(bias + 3 * w);
        }

        Store512(c, s0, t.Accumulate);
        Store512(c + w, s1, t.Accumulate);
        Store512(c + 2 * w, s2, t.Accumulate);
        Store512(c + 3 * w, s3, t.Accumulate);
    }

    /// <summary>
    /// B bytes from which a one-row product reads B row by row (<see cref="RowStreamed256"/>): the
    /// reach of a 2048-entry second-level TLB over 4 KB pages (typical of current x64 cores).
    /// </summary>
    private const long StreamedRowsBytes = 8L << 20;

    /// <summary>
    /// Whether a one-row product reads B row by row (<see cref="RowStreamed256"/>): B is beyond the
    /// TLB's reach, or it streams from memory (<see cref="GemmJob{T}.Streams"/>) and each item's B is
    /// half of L2 or more, so that the column stripes would fetch every row from memory again.
    /// </summary>
    private static bool ReadsRowByRow<T>(in RowTask<T> t)
        where T : unmanaged
    {
        long bytes = (long)t.K * t.BRow * sizeof(T);
        return bytes >= StreamedRowsBytes || (t.Streams && bytes >= Blocking.L2Bytes / 2);
    }

    /// <summary>
    /// C[0, j..) of a one-row product over a large B: B's rows read in order, eight at a time (eight
    /// streams; four keep too little of memory busy), and added into C's row, which stays in L1. The
    /// column-stripe kernels (<see cref="RowOf8x256"/>) walk every row of B for each 256 bytes of
    /// columns; once B's rows span more pages than the TLB maps, each of those steps is a page walk,
    /// while in cache the stripes stay faster. The sums run in the same
    /// order as the stripes', so the results are the same bit for bit when nothing is added (no bias,
    /// no accumulation). 256-bit vectors on AVX-512 machines too: the loop is memory-bound. Returns
    /// the first column not done (a tail narrower than a vector is left to the caller).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int RowStreamed256<T>(ref RowTask<T> t, int j, int n)
        where T : unmanaged, INumberBase<T>
    {
        int w = Vector256<T>.Count;
        int end = j + (n - j) / w * w;
        T* c = t.C;
        for (int q = j; q < end; q += w)
        {
            Vector256<T> v = t.Bias != null ? Vector256.Load(t.Bias + q) : Vector256<T>.Zero;
            if (t.Accumulate)
            {
                v += Vector256.Load(c + q);
            }

            v.Store(c + q);
        }

        int p = 0;
        nint r = t.BRow;
        for (; p + 8 <= t.K; p += 8)
        {
            T* b0 = t.B + p * r;
            T* b4 = b0 + 4 * r;
            T* a = t.A + p * t.ACol;
            Vector256<T> x0 = Vector256.Create(a[0]);
            Vector256<T> x1 = Vector256.Create(a[t.ACol]);
            Vector256<T> x2 = Vector256.Create(a[2 * t.ACol]);
            Vector256<T> x3 = Vector256.Create(a[3 * t.ACol]);
            Vector256<T> x4 = Vector256.Create(a[4 * t.ACol]);
            Vector256<T> x5 = Vector256.Create(a[5 * t.ACol]);
            Vector256<T> x6 = Vector256.Create(a[6 * t.ACol]);
            Vector256<T> x7 = Vector256.Create(a[7 * t.ACol]);
            for (int q = j; q < end; q += w)
            {
                Vector256<T> v = Vector256.Load(c + q);
                v = VectorMath.Fma(x0, Vector256.Load(b0 + q), v);
                v = VectorMath.Fma(x1, Vector256.Load(b0 + r + q), v);
                v = VectorMath.Fma(x2, Vector256.Load(b0 + 2 * r + q), v);
                v = VectorMath.Fma(x3, Vector256.Load(b0 + 3 * r + q), v);
                v = VectorMath.Fma(x4, Vector256.Load(b4 + q), v);
                v = VectorMath.Fma(x5, Vector256.Load(b4 + r + q), v);
                v = VectorMath.Fma(x6, Vector256.Load(b4 + 2 * r + q), v);
                v = VectorMath.Fma(x7, Vector256.Load(b4 + 3 * r + q), v);
                v.Store(c + q);
            }
        }

        for (; p < t.K; p++)
        {
            T* b0 = t.B + p * t.BRow;
            Vector256<T> x0 = Vector256.Create(t.A[p * t.ACol]);
            for (int q = j; q < end; q += w)
            {
                VectorMath.Fma(x0, Vector256.Load(b0 + q), Vector256.Load(c + q)).Store(c + q);
            }
        }

        return end;
    }

    /// <summary>How many rows of B ahead a one-row product prefetches (see <see cref="RowOf8x256"/>).</summary>
    private const int RowPrefetchDistance = 32;

    /// <summary>The 256 bytes a one-row step reads (AVX2: eight vectors, AVX-512: four; unmeasured there).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchRowAhead(byte* next)
    {
        Sse.Prefetch0(next);
        Sse.Prefetch0(next + 64);
        Sse.Prefetch0(next + 128);
        Sse.Prefetch0(next + 192);
    }

    /// <summary>
    /// C[0, j..j+8w) of a one-row product: eight vectors of columns, each its own FMA chain. Two FMA
    /// pipes of four-cycle latency need eight chains in flight; four run at half speed. With AVX2 floats
    /// this is 64 columns, one 256-byte row of a 64-wide B per step, so a stack of (64, 64) matrices is
    /// read in one sequential pass, where two four-vector passes each read half of every row. When the
    /// operands come from memory, each step also prefetches the same 256 bytes
    /// <see cref="RowPrefetchDistance"/> rows ahead (8 KB ahead in a stack of 64-wide matrices), which
    /// hides the latency at each new matrix's first page; it does not matter for one wide B or in cache.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowOf8x256<T>(ref RowTask<T> t, int j)
        where T : unmanaged, INumberBase<T>
    {
        int w = Vector256<T>.Count;
        Vector256<T> s0 = default, s1 = default, s2 = default, s3 = default;
        Vector256<T> s4 = default, s5 = default, s6 = default, s7 = default;
        T* bp = t.B + j;
        nint off = 0;
        nint ahead = RowPrefetchDistance * t.BRow;
        for (int p = 0; p < t.K; p++, off += t.ACol, bp += t.BRow)
        {
            if (t.Prefetch)
            {
                PrefetchRowAhead((byte*)(bp + ahead));
            }

            Vector256<T> x = Vector256.Create(t.A[off]);
            s0 = VectorMath.Fma(x, Vector256.Load(bp), s0);
            s1 = VectorMath.Fma(x, Vector256.Load(bp + w), s1);
            s2 = VectorMath.Fma(x, Vector256.Load(bp + 2 * w), s2);
            s3 = VectorMath.Fma(x, Vector256.Load(bp + 3 * w), s3);
            s4 = VectorMath.Fma(x, Vector256.Load(bp + 4 * w), s4);
            s5 = VectorMath.Fma(x, Vector256.Load(bp + 5 * w), s5);
            s6 = VectorMath.Fma(x, Vector256.Load(bp + 6 * w), s6);
            s7 = VectorMath.Fma(x, Vector256.Load(bp + 7 * w), s7);
        }

        T* c = t.C + j;
        if (t.Bias != null)
        {
            T* bias = t.Bias + j;
            s0 += Vector256.Load(bias);
            s1 += Vector256.Load(bias + w);
            s2 += Vector256.Load(bias + 2 * w);
            s3 += Vector256.Load(bias + 3 * w);
            s4 += Vector256.Load(bias + 4 * w);
            s5 += Vector256.Load(bias + 5 * w);
            s6 += Vector256.Load(bias + 6 * w);
            s7 += Vector256.Load(bias + 7 * w);
        }

        Store256(c, s0, t.Accumulate, default, false);
        Store256(c + w, s1, t.Accumulate, default, false);
        Store256(c + 2 * w, s2, t.Accumulate, default, false);
        Store256(c + 3 * w, s3, t.Accumulate, default, false);
        Store256(c + 4 * w, s4, t.Accumulate, default, false);
        Store256(c + 5 * w, s5, t.Accumulate, default, false);
        Store256(c + 6 * w, s6, t.Accumulate, default, false);
        Store256(c + 7 * w, s7, t.Accumulate, default, false);
    }

    /// <summary>C[0, j..j+4w) of a one-row product: four vectors of columns, each its own FMA chain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowOf4x256<T>(ref RowTask<T> t, int j)
        where T : unmanaged, INumberBase<T>
    {
        int w = Vector256<T>.Count;
        Vector256<T> s0 = default, s1 = default, s2 = default, s3 = default;
        T* bp = t.B + j;
        nint off = 0;
        for (int p = 0; p < t.K; p++, off += t.ACol, bp += t.BRow)
        {
            Vector256<T> x = Vector256.Create(t.A[off]);
            s0 = VectorMath.Fma(x, Vector256.Load(bp), s0);
            s1 = VectorMath.Fma(x, Vector256.Load(bp + w), s1);
            s2 = VectorMath.Fma(x, Vector256.Load(bp + 2 * w), s2);
            s3 = VectorMath.Fma(x, Vector256.Load(bp + 3 * w), s3);
        }

        T* c = t.C + j;
        if (t.Bias != null)
        {
            T* bias = t.Bias + j;
            s0 += Vector256.Load(bias);
            s1 += Vector256.Load(bias + w);
            s2 += Vector256.Load(bias + 2 * w);
            s3 += Vector256.Load(bias + 3 * w);
        }

        Store256(c, s0, t.Accumulate, default, false);
        Store256(c + w, s1, t.Accumulate, default, false);
        Store256(c + 2 * w, s2, t.Accumulate, default, false);
        Store256(c + 3 * w, s3, t.Accumulate, default, false);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Columns512<T>(ref RowTask<T> t, int j)
        where T : unmanaged, INumberBase<T>
    {
        int m = t.M, k = t.K;
        T* b = t.B + j;
        for (int i = 0; i < m; i += 4)
        {
            T* a0 = t.A + i * t.ARow;
            T* a1 = i + 1 < m ? a0 + t.ARow : a0;
            T* a2 = i + 2 < m ? a0 + 2 * t.ARow : a0;
            T* a3 = i + 3 < m ? a0 + 3 * t.ARow : a0;
            Vector512<T> s0 = default, s1 = default, s2 = default, s3 = default;
            nint off = 0;
            T* bp = b;
            for (int p = 0; p < k; p++, off += t.ACol, bp += t.BRow)
            {
                Vector512<T> bv = Vector512.Load(bp);
                s0 = VectorMath.Fma(Vector512.Create(a0[off]), bv, s0);
                s1 = VectorMath.Fma(Vector512.Create(a1[off]), bv, s1);
                s2 = VectorMath.Fma(Vector512.Create(a2[off]), bv, s2);
                s3 = VectorMath.Fma(Vector512.Create(a3[off]), bv, s3);
            }

            Vector512<T> bias = t.Bias != null ? Vector512.Load(t.Bias + j) : default;
            T* c = t.C + i * t.CRow + j;
            int rows = Math.Min(4, m - i);
            Store512(c, s0 + bias, t.Accumulate);
            if (rows > 1)
            {
                Store512(c + t.CRow, s1 + bias, t.Accumulate);
            }

            if (rows > 2)
            {
                Store512(c + 2 * t.CRow, s2 + bias, t.Accumulate);
            }

            if (rows > 3)
            {
                Store512(c + 3 * t.CRow, s3 + bias, t.Accumulate);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512<T>(T* c, Vector512<T> v, bool accumulate)
        where T : unmanaged
    {
        if (accumulate)
        {
            v += Vector512.Load(c);
        }

        v.Store(c);
    }

    /// <summary>Columns [j, j + 2w) of every row, six rows at a time (the 6x2 AVX2 micro-kernel).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ColumnPairs256<T>(ref RowTask<T> t, int j)
        where T : unmanaged, INumberBase<T>
    {
        int nr = GemmKernel6x2V256<T>.NR, mr = GemmKernel6x2V256<T>.MR;
        T* bias = t.Bias != null ? t.Bias + j : null;
        for (int i = 0; i < t.M; i += mr)
        {
            GemmKernel6x2V256<T>.Run(t.K, t.A + i * t.ARow, t.ARow, t.ACol, t.B + j, t.BRow,
                t.C + i * t.CRow + j, t.CRow, 1, Math.Min(mr, t.M - i), nr, bias, t.Accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Columns256<T>(ref RowTask<T> t, int j, Vector256<T> mask, bool masked)
        where T : unmanaged, INumberBase<T>
    {
        int m = t.M, k = t.K;
        T* b = t.B + j;
        for (int i = 0; i < m; i += 4)
        {
            T* a0 = t.A + i * t.ARow;
            T* a1 = i + 1 < m ? a0 + t.ARow : a0;
            T* a2 = i + 2 < m ? a0 + 2 * t.ARow : a0;
            T* a3 = i + 3 < m ? a0 + 3 * t.ARow : a0;
            Vector256<T> s0 = default, s1 = default, s2 = default, s3 = default;
            nint off = 0;
            T* bp = b;
            for (int p = 0; p < k; p++, off += t.ACol, bp += t.BRow)
            {
                Vector256<T> bv = masked ? MaskLoad(bp, mask) : Vector256.Load(bp);
                s0 = VectorMath.Fma(Vector256.Create(a0[off]), bv, s0);
                s1 = VectorMath.Fma(Vector256.Create(a1[off]), bv, s1);
                s2 = VectorMath.Fma(Vector256.Create(a2[off]), bv, s2);
                s3 = VectorMath.Fma(Vector256.Create(a3[off]), bv, s3);
            }

            Vector256<T> bias = t.Bias == null ? default : masked ? MaskLoad(t.Bias + j, mask) : Vector256.Load(t.Bias + j);
            T* c = t.C + i * t.CRow + j;
            int rows = Math.Min(4, m - i);
            Store256(c, s0 + bias, t.Accumulate, mask, masked);
            if (rows > 1)
            {
                Store256(c + t.CRow, s1 + bias, t.Accumulate, mask, masked);
            }

            if (rows > 2)
            {
                Store256(c + 2 * t.CRow, s2 + bias, t.Accumulate, mask, masked);
            }

            if (rows > 3)
            {
                Store256(c + 3 * t.CRow, s3 + bias, t.Accumulate, mask, masked);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256<T>(T* c, Vector256<T> v, bool accumulate, Vector256<T> mask, bool masked)
        where T : unmanaged
    {
        if (masked)
        {
            if (accumulate)
            {
                v += MaskLoad(c, mask);
            }

            MaskStore(c, mask, v);
            return;
        }

        if (accumulate)
        {
            v += Vector256.Load(c);
        }

        v.Store(c);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Columns128<T>(ref RowTask<T> t, int j, Vector128<T> mask, bool masked)
        where T : unmanaged, INumberBase<T>
    {
        int m = t.M, k = t.K;
        T* b = t.B + j;
        for (int i = 0; i < m; i += 4)
        {
            T* a0 = t.A + i * t.ARow;
            T* a1 = i + 1 < m ? a0 + t.ARow : a0;
            T* a2 = i + 2 < m ? a0 + 2 * t.ARow : a0;
            T* a3 = i + 3 < m ? a0 + 3 * t.ARow : a0;
            Vector128<T> s0 = default, s1 = default, s2 = default, s3 = default;
            nint off = 0;
            T* bp = b;
            for (int p = 0; p < k; p++, off += t.ACol, bp += t.BRow)
            {
                Vector128<T> bv = masked ? MaskLoad(bp, mask) : Vector128.Load(bp);
                s0 = VectorMath.Fma(Vector128.Create(a0[off]), bv, s0);
                s1 = VectorMath.Fma(Vector128.Create(a1[off]), bv, s1);
                s2 = VectorMath.Fma(Vector128.Create(a2[off]), bv, s2);
                s3 = VectorMath.Fma(Vector128.Create(a3[off]), bv, s3);
            }

            Vector128<T> bias = t.Bias == null ? default : masked ? MaskLoad(t.Bias + j, mask) : Vector128.Load(t.Bias + j);
            T* c = t.C + i * t.CRow + j;
            int rows = Math.Min(4, m - i);
            Store128(c, s0 + bias, t.Accumulate, mask, masked);
            if (rows > 1)
            {
                Store128(c + t.CRow, s1 + bias, t.Accumulate, mask, masked);
            }

            if (rows > 2)
            {
                Store128(c + 2 * t.CRow, s2 + bias, t.Accumulate, mask, masked);
            }

            if (rows > 3)
            {
                Store128(c + 3 * t.CRow, s3 + bias, t.Accumulate, mask, masked);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store128<T>(T* c, Vector128<T> v, bool accumulate, Vector128<T> mask, bool masked)
        where T : unmanaged
    {
        if (masked)
        {
            if (accumulate)
            {
                v += MaskLoad(c, mask);
            }

            MaskStore(c, mask, v);
            return;
        }

        if (accumulate)
        {
            v += Vector128.Load(c);
        }

        v.Store(c);
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
