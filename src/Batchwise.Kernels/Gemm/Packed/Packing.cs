namespace Batchwise.Kernels.Gemm.Packed;

/// <summary>
/// BLIS packing: copies a block of A or B, read through any strides (transposed, sliced, negative),
/// into the contiguous micro-panel order the micro-kernel streams through. Partial panels are
/// zero-padded so the kernel always runs full register tiles.
/// </summary>
internal static unsafe class Packing
{
    /// <summary>
    /// Packs the mc x kc block at <paramref name="a"/> into ceil(mc/mr) micro-panels; panel r holds
    /// element (r*mr + i, p) at <c>dst[r*mr*kc + p*mr + i]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<T>(int mr, T* a, nint rowStride, nint colStride, int mc, int kc, T* dst)
        where T : unmanaged, INumberBase<T>
    {
        Debug.Assert(mc > 0 && kc > 0 && mr > 0);
        for (int i0 = 0; i0 < mc; i0 += mr, dst += mr * kc)
        {
            int rows = Math.Min(mr, mc - i0);
            T* src = a + i0 * rowStride;
            if (rows == 6 && mr == 6)
            {
                // The 6-row kernels: six row pointers, one store stream. Row-major floats go four
                // k-steps at a time through registers first; the scalar loop takes the rest.
                int p = 0;
                if (colStride == 1 && typeof(T) == typeof(float) && InstructionSet.UseVector128 && Sse.IsSupported)
                {
                    p = PackA6RowMajor((float*)src, rowStride, kc, (float*)dst);
                }

                T* s0 = src, s1 = src + rowStride, s2 = src + 2 * rowStride;
                T* s3 = src + 3 * rowStride, s4 = src + 4 * rowStride, s5 = src + 5 * rowStride;
                T* d = dst + 6 * p;
                nint o = p * colStride;
                bool prefetch = colStride == 1 && Sse.IsSupported;
                int lineMask = Math.Max(64 / sizeof(T), 1) - 1;
                for (; p < kc; p++, o += colStride, d += 6)
                {
                    if (prefetch && (p & lineMask) == 0)
                    {
                        PrefetchNextSixRows(s0 + p, rowStride);
                    }

                    d[0] = s0[o];
                    d[1] = s1[o];
                    d[2] = s2[o];
                    d[3] = s3[o];
                    d[4] = s4[o];
                    d[5] = s5[o];
                }

                continue;
            }

            PackStrided(src, colStride, rowStride, rows, mr, kc, dst);
        }
    }

    /// <summary>
    /// Six float rows with unit column stride: 4 k-steps at a time, rows 0-3 go through a 4x4
    /// register transpose and rows 4-5 through one unpack, so 24 elements cost 6 loads and 8 stores
    /// instead of 24 scalar loads and stores. The next six rows are prefetched as these copy, which
    /// helps when A comes from L3 or memory. Returns the k-steps packed, a multiple of 4.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int PackA6RowMajor(float* src, nint rowStride, int kc, float* d)
    {
        float* s0 = src, s1 = src + rowStride, s2 = src + 2 * rowStride;
        float* s3 = src + 3 * rowStride, s4 = src + 4 * rowStride, s5 = src + 5 * rowStride;
        int p = 0;
        for (; p + 4 <= kc; p += 4, d += 24)
        {
            if ((p & 15) == 0)
            {
                PrefetchNextSixRows(s0 + p, rowStride);
            }

            Vector128<float> r0 = Vector128.Load(s0 + p), r1 = Vector128.Load(s1 + p);
            Vector128<float> r2 = Vector128.Load(s2 + p), r3 = Vector128.Load(s3 + p);
            Vector128<float> r4 = Vector128.Load(s4 + p), r5 = Vector128.Load(s5 + p);
            Vector128<float> t0 = Sse.UnpackLow(r0, r1), t1 = Sse.UnpackLow(r2, r3);
            Vector128<float> t2 = Sse.UnpackHigh(r0, r1), t3 = Sse.UnpackHigh(r2, r3);
            Vector128<float> u = Sse.UnpackLow(r4, r5), v = Sse.UnpackHigh(r4, r5);
            Sse.MoveLowToHigh(t0, t1).Store(d);
            Sse.StoreLow(d + 4, u);
            Sse.MoveHighToLow(t1, t0).Store(d + 6);
            Sse.StoreHigh(d + 10, u);
            Sse.MoveLowToHigh(t2, t3).Store(d + 12);
            Sse.StoreLow(d + 16, v);
            Sse.MoveHighToLow(t3, t2).Store(d + 18);
            Sse.StoreHigh(d + 22, v);
        }

        return p;
    }

    /// <summary>
    /// Prefetches the line at column <c>p</c> of the six rows after a six-row panel (the next panel's,
    /// or after the last panel the next block's first rows), given <paramref name="current"/> =
    /// &amp;panel[0, p]. Called once per line of columns, so a cold A arrives while this panel copies.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchNextSixRows<T>(T* current, nint rowStride)
        where T : unmanaged
    {
        T* next = current + 6 * rowStride;
        for (int r = 0; r < 6; r++, next += rowStride)
        {
            Sse.Prefetch0(next);
        }
    }

    /// <summary>
    /// The full micro-panels of a row-major B (unit column stride); returns the columns packed. Rows
    /// are read in groups of <see cref="RowGroup"/>, each group across the whole width: every row is
    /// then read front to back, a stream the hardware prefetchers follow, and each panel receives the
    /// group as one contiguous run. Panel by panel, the same copy read one cache line from each of
    /// kc rows before moving on: rows a page or more apart defeat the prefetchers, and every line
    /// waited the full L3 or DRAM latency. Groups of more than 8 rows are more streams than the
    /// prefetchers track. While a group copies, the next group's lines at the same columns are
    /// prefetched, which helps when B comes from L3 or memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int PackBRowMajor<T>(int nr, T* b, nint rowStride, int kc, int nc, T* dst)
        where T : unmanaged
    {
        int panels = nc / nr;
        nint panelSize = (nint)nr * kc;
        uint bytes = (uint)(nr * sizeof(T));
        int vectorWidth = RowCopyWidth(bytes);
        for (int p0 = 0; p0 < kc; p0 += RowGroup)
        {
            int rows = Math.Min(RowGroup, kc - p0);
            T* src = b + p0 * rowStride;
            T* d = dst + p0 * nr;
            int nextRows = Sse.IsSupported ? Math.Min(RowGroup, kc - p0 - RowGroup) : 0;
            for (int j = 0; j < panels; j++, src += nr, d += panelSize)
            {
                // The next group's rows at these columns, so that they arrive while this group copies.
                for (int p = 0; p < nextRows; p++)
                {
                    byte* next = (byte*)(src + (RowGroup + p) * rowStride);
                    for (uint line = 0; line < bytes; line += 64)
                    {
                        Sse.Prefetch0(next + line);
                    }
                }

                for (int p = 0; p < rows; p++)
                {
                    CopyRow((byte*)(d + p * nr), (byte*)(src + p * rowStride), bytes, vectorWidth);
                }
            }
        }

        return panels * nr;
    }

    /// <summary>
    /// The vector width in bytes (32, 16, or 0 for none) that copies a packed row of
    /// <paramref name="bytes"/> bytes in whole vectors.
    /// </summary>
    private static int RowCopyWidth(uint bytes) =>
        InstructionSet.UseVector256 && bytes % 32 == 0 ? 32
        : InstructionSet.UseVector128 && bytes % 16 == 0 ? 16
        : 0;

    /// <summary>
    /// Copies one row of a B micro-panel (NR elements: 16 to 256 bytes) as vector moves.
    /// <c>Unsafe.CopyBlockUnaligned</c> of a size the JIT does not know is a call per row to the
    /// runtime's copy helper (CORINFO_HELP_MEMCPY in DOTNET_JitDisasm), and B's rows are short, so the
    /// call costs about as much as the copy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRow(byte* d, byte* s, uint bytes, int vectorWidth)
    {
        if (vectorWidth == 32)
        {
            for (uint i = 0; i < bytes; i += 32)
            {
                Vector256.Store(Vector256.Load(s + i), d + i);
            }
        }
        else if (vectorWidth == 16)
        {
            for (uint i = 0; i < bytes; i += 16)
            {
                Vector128.Store(Vector128.Load(s + i), d + i);
            }
        }
        else
        {
            Unsafe.CopyBlockUnaligned(d, s, bytes);
        }
    }

    /// <summary>Rows of B packed together by <see cref="PackBRowMajor"/>.</summary>
    private const int RowGroup = 8;

    /// <summary>
    /// One full float micro-panel of a column-major B (<c>W.T</c> in a linear layer): columns are
    /// contiguous along p, panel rows are contiguous along j, so 4x4 blocks go through a register
    /// transpose (4 loads, 8 shuffles, 4 stores per 16 elements instead of 16 scalar copies).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackBColumnMajor(float* src, nint colStride, int nr, int kc, float* d)
    {
        int p = 0;
        for (; p + 4 <= kc; p += 4)
        {
            float* s = src + p;
            float* row = d + p * nr;
            for (int j = 0; j < nr; j += 4, s += 4 * colStride)
            {
                Vector128<float> c0 = Vector128.Load(s), c1 = Vector128.Load(s + colStride);
                Vector128<float> c2 = Vector128.Load(s + 2 * colStride), c3 = Vector128.Load(s + 3 * colStride);
                Vector128<float> t0 = Sse.UnpackLow(c0, c1), t1 = Sse.UnpackLow(c2, c3);
                Vector128<float> t2 = Sse.UnpackHigh(c0, c1), t3 = Sse.UnpackHigh(c2, c3);
                Sse.MoveLowToHigh(t0, t1).Store(row + j);
                Sse.MoveHighToLow(t1, t0).Store(row + nr + j);
                Sse.MoveLowToHigh(t2, t3).Store(row + 2 * nr + j);
                Sse.MoveHighToLow(t3, t2).Store(row + 3 * nr + j);
            }
        }

        for (; p < kc; p++)
        {
            float* row = d + p * nr;
            for (int j = 0; j < nr; j++)
            {
                row[j] = src[j * colStride + p];
            }
        }
    }

    /// <summary>
    /// Packs the kc x nc block at <paramref name="b"/> into ceil(nc/nr) micro-panels; panel r holds
    /// element (p, r*nr + j) at <c>dst[r*nr*kc + p*nr + j]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<T>(int nr, T* b, nint rowStride, nint colStride, int kc, int nc, T* dst)
        where T : unmanaged, INumberBase<T>
    {
        Debug.Assert(nc > 0 && kc > 0 && nr > 0);
        int start = 0;
        if (colStride == 1 && nc >= nr)
        {
            start = PackBRowMajor(nr, b, rowStride, kc, nc, dst);
            dst += (nint)start * kc;
        }

        for (int j0 = start; j0 < nc; j0 += nr, dst += nr * kc)
        {
            int cols = Math.Min(nr, nc - j0);
            T* src = b + j0 * colStride;

            if (cols == nr && rowStride == 1 && nr % 4 == 0 && typeof(T) == typeof(float)
                && InstructionSet.UseVector128 && Sse.IsSupported)
            {
                PackBColumnMajor((float*)src, colStride, nr, kc, (float*)dst);
                continue;
            }

            PackStrided(src, rowStride, colStride, cols, nr, kc, dst);
        }
    }

    /// <summary>
    /// The general path of one panel, for A's rows and B's columns alike: k step p of
    /// <paramref name="src"/> starts <paramref name="step"/> elements after step p − 1, its
    /// <paramref name="count"/> elements lie <paramref name="stride"/> apart, and they are written
    /// contiguously and padded with zeros to <paramref name="width"/> (mr or nr), so the micro-kernel
    /// reads a full panel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PackStrided<T>(T* src, nint step, nint stride, int count, int width, int kc, T* dst)
        where T : unmanaged, INumberBase<T>
    {
        for (int p = 0; p < kc; p++)
        {
            T* d = dst + p * width;
            T* s = src + p * step;
            int i = 0;
            for (; i < count; i++)
            {
                d[i] = s[i * stride];
            }

            for (; i < width; i++)
            {
                d[i] = T.Zero;
            }
        }
    }
}
