using Batchwise.Kernels.Gemm.MicroKernels;

namespace Batchwise.Kernels.Gemm.Packed;

/// <summary>
/// The BLIS five-loop driver (loops only): jc over NC columns, pc over KC depth (pack B), ic over MC
/// rows (pack A), jr over NR columns, ir over MR rows (micro-kernel). A batch range runs inside
/// the pc loop when B is shared, so the shared B is packed once per worker for the whole batch.
/// One large product on several threads packs B once for all of them instead (GemmDriver.Shared.cs).
/// </summary>
internal static unsafe partial class GemmDriver<T, TKernel>
    where T : unmanaged, INumberBase<T>
    where TKernel : struct, IGemmMicroKernel<T>
{
    /// <summary>
    /// Operands at most this many bytes with a unit stride are read in place instead of packed:
    /// they already sit in L1/L2 and packing would cost as much as the product.
    /// </summary>
    internal const long DirectLimitBytes = 64 * 1024;

    /// <summary>Results at most this many columns wide read a row-major A in place whatever its size.</summary>
    internal const int NarrowColumns = 64;

    /// <summary>
    /// Runs batch items [i0, i1) of <paramref name="job"/> on the block rows [r0, r1) x columns [c0, c1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmJob<T> job, long i0, long i1, int r0, int r1, int c0, int c1)
    {
        Debug.Assert(i0 < i1 && r0 < r1 && c0 < c1 && job.K > 0);
        int mr = TKernel.MR, nr = TKernel.NR;
        int m = r1 - r0, n = c1 - c0, k = job.K;
        int kcMax = Blocking.KcFor<T>(nr, k);
        int mcMax = Blocking.Mc<T>(mr, kcMax);
        int ncMax = Blocking.Nc(nr);
        int size = sizeof(T);

        // In-place B needs unit column stride: the kernel loads its rows as vectors.
        bool directB = job.BCol == 1 && (long)k * n * size <= DirectLimitBytes;
        bool directA = ReadsAInPlace(job, m, n);

        int kcCap = Math.Min(kcMax, k);
        int ncCap = Math.Min(ncMax, RoundUp(n, nr));
        long aElems = ABlockElements(directA, m, k, mcMax, kcMax);
        long bElems = directB ? (long)kcCap * nr : (long)kcCap * ncCap;
        byte* ws = GemmWorkspace.Get(GemmWorkspace.Round<T>(aElems) + GemmWorkspace.Round<T>(bElems));
        T* aBuf = (T*)ws;
        T* bBuf = (T*)(ws + GemmWorkspace.Round<T>(aElems));

        T* bias = job.Bias != null ? job.Bias + c0 : null;
        var ctx = Context.For(job, m, mcMax, directA, directB, aBuf, bBuf);

        if (job.BBroadcast && i1 - i0 > 1)
        {
            job.ItemOffsets(0, out _, out nint offB0, out _);
            T* b = job.B + offB0 + c0 * job.BCol;
            for (int jc = 0; jc < n; jc += ncMax)
            {
                int nc = Math.Min(ncMax, n - jc);
                for (int pc = 0; pc < k; pc += kcMax)
                {
                    int kc = Math.Min(kcMax, k - pc);
                    PrepareB(ref ctx, b + pc * job.BRow + jc * job.BCol, kc, nc);
                    for (long item = i0; item < i1; item++)
                    {
                        job.ItemOffsets(item, out nint offA, out _, out nint offC);
                        T* a = job.A + offA + r0 * job.ARow + pc * job.ACol;
                        T* c = job.C + offC + r0 * job.CRow + (c0 + jc) * job.CCol;
                        Macro(ref ctx, a, c, kc, nc, pc == 0 && bias != null ? bias + jc : null, pc > 0 || job.Accumulate);
                    }
                }
            }

            return;
        }

        // Each batch item's operands start on new pages, where the hardware prefetchers stop, so the next
        // item is prefetched a few lines per micro-kernel call while this one computes:
        // - items read in place: the next A, B and C (64x64 stacks were waiting on memory a third of the
        //   time), except with tiles four cache lines wide (the 512-bit kernels): an item is then a
        //   quarter as many tiles, and it runs faster with no software prefetch at all;
        // - packed items whose A fills at most half of L2: the next A alone, spread over the whole item
        //   (adding B and C, or front-loading the lines, gained no more).
        int nextLines = 0;
        if (i1 - i0 > 1 && Sse.IsSupported)
        {
            if (directA && directB && nr * size < WideTileRowBytes)
            {
                nextLines = PrefetchLinesPerTile;
            }
            else if (!directA && (long)m * k * size <= Blocking.L2Bytes / 2)
            {
                long tiles = (long)((m + mr - 1) / mr) * ((n + nr - 1) / nr) * ((k + kcMax - 1) / kcMax);
                long aLines = ((long)m * k * size + 63) / 64;
                nextLines = (int)((aLines + tiles - 1) / tiles);
            }
        }

        for (long item = i0; item < i1; item++)
        {
            job.ItemOffsets(item, out nint offA, out nint offB, out nint offC);
            ctx.Prefetch = default;
            if (nextLines > 0 && item + 1 < i1)
            {
                job.ItemOffsets(item + 1, out nint nextA, out nint nextB, out nint nextC);
                Region a = Extent(job.A + nextA + r0 * job.ARow, m, k, job.ARow, job.ACol);
                ctx.Prefetch = directA && directB
                    ? new NextItem(nextLines, a,
                        Extent(job.B + nextB + c0 * job.BCol, k, n, job.BRow, job.BCol),
                        Extent(job.C + nextC + r0 * job.CRow + c0 * job.CCol, m, n, job.CRow, job.CCol))
                    : new NextItem(nextLines, a, default, default);
            }

            for (int jc = 0; jc < n; jc += ncMax)
            {
                int nc = Math.Min(ncMax, n - jc);
                for (int pc = 0; pc < k; pc += kcMax)
                {
                    int kc = Math.Min(kcMax, k - pc);
                    PrepareB(ref ctx, job.B + offB + pc * job.BRow + (c0 + jc) * job.BCol, kc, nc);
                    T* a = job.A + offA + r0 * job.ARow + pc * job.ACol;
                    T* c = job.C + offC + r0 * job.CRow + (c0 + jc) * job.CCol;
                    Macro(ref ctx, a, c, kc, nc, pc == 0 && bias != null ? bias + jc : null, pc > 0 || job.Accumulate);
                }
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="m"/> rows of A are read in place rather than packed: they must have a
    /// unit stride either way, so that the six row streams of a micro-kernel stay cache friendly, and
    /// either be small enough to sit in L1/L2 already or feed a result at most
    /// <see cref="NarrowColumns"/> wide (<paramref name="n"/>), where each row panel of A serves only a
    /// few micro-tiles from L1 and packing would read and write all of A once more for them.
    /// </summary>
    private static bool ReadsAInPlace(in GemmJob<T> job, int m, int n) =>
        (job.ACol == 1 || job.ARow == 1) && (long)m * job.K * sizeof(T) <= DirectLimitBytes
        || job.ACol == 1 && n <= NarrowColumns;

    /// <summary>Elements of the packed MC x KC block of A for <paramref name="m"/> rows (0 when A is read in place).</summary>
    private static long ABlockElements(bool directA, int m, int k, int mcMax, int kcMax) =>
        directA ? 0 : (long)Math.Min(mcMax, RoundUp(m, TKernel.MR)) * Math.Min(kcMax, k);

    private struct Context
    {
        public int Mr;
        public int Nr;
        public bool DirectA;
        public bool DirectB;
        public T* ABuf;
        public T* BBuf;
        public int Mc;
        public int M;
        public nint ARow;
        public nint ACol;
        public nint BRow;
        public nint BCol;
        public nint CRow;
        public nint CCol;

        // The next batch item's operands, prefetched during this one (empty when not wanted).
        public NextItem Prefetch;

        // Set by PrepareB for the current (jc, pc) block.
        public T* BPanel;
        public nint BPanelRow;
        public nint BPanelStep;
        public int FullPanels;

        /// <summary>The loop state for <paramref name="m"/> rows of <paramref name="job"/>; B's panel fields are left to the caller.</summary>
        public static Context For(in GemmJob<T> job, int m, int mc, bool directA, bool directB, T* aBuf, T* bBuf) => new()
        {
            Mr = TKernel.MR,
            Nr = TKernel.NR,
            DirectA = directA,
            DirectB = directB,
            ABuf = aBuf,
            BBuf = bBuf,
            Mc = mc,
            M = m,
            ARow = job.ARow,
            ACol = job.ACol,
            BRow = job.BRow,
            BCol = job.BCol,
            CRow = job.CRow,
            CCol = job.CCol,
        };
    }

    /// <summary>Packs (or points at) the kc x nc block of B for the jr loop.</summary>
    private static void PrepareB(ref Context ctx, T* b, int kc, int nc)
    {
        int nr = ctx.Nr;
        if (ctx.DirectB)
        {
            ctx.BPanel = b;
            ctx.BPanelRow = ctx.BRow;
            ctx.BPanelStep = nr;
            ctx.FullPanels = nc / nr;
            if (nc % nr != 0)
            {
                // The partial last panel cannot be read as full vectors in place: pack just it.
                Packing.PackB(nr, b + ctx.FullPanels * nr, ctx.BRow, 1, kc, nc % nr, ctx.BBuf);
            }

            return;
        }

        Packing.PackB(nr, b, ctx.BRow, ctx.BCol, kc, nc, ctx.BBuf);
        ctx.BPanel = ctx.BBuf;
        ctx.BPanelRow = nr;
        ctx.BPanelStep = (nint)kc * nr;
        ctx.FullPanels = int.MaxValue;
    }

    /// <summary>The ic, jr and ir loops over one packed kc x nc block of B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Macro(ref Context ctx, T* a, T* c, int kc, int nc, T* bias, bool accumulate)
    {
        int mr = ctx.Mr, nr = ctx.Nr;

        int mcStep = BlockRows(ctx.M, ctx.Mc, mr);
        for (int ic = 0; ic < ctx.M; ic += mcStep)
        {
            int mc = Math.Min(mcStep, ctx.M - ic);
            T* ap;
            nint aRow, aCol, aStep;
            if (ctx.DirectA)
            {
                ap = a + ic * ctx.ARow;
                aRow = ctx.ARow;
                aCol = ctx.ACol;
                aStep = mr * ctx.ARow;
            }
            else
            {
                Packing.PackA(mr, a + ic * ctx.ARow, ctx.ARow, ctx.ACol, mc, kc, ctx.ABuf);
                ap = ctx.ABuf;
                aRow = 1;
                aCol = mr;
                aStep = (nint)mr * kc;
            }

            T* cBlock = c + ic * ctx.CRow;

            // An edge of a few rows runs for two panels at a time where the kernel can (PairedEdgeRows).
            int edge = mc % mr;
            bool pairEdges = edge > 0 && edge <= TKernel.PairedEdgeRows && ctx.CCol == 1;
            int tiledRows = pairEdges ? mc - edge : mc;
            for (int jr = 0, panel = 0; jr < nc; jr += nr, panel++)
            {
                int nrr = Math.Min(nr, nc - jr);
                T* bp;
                nint bRow;
                if (panel < ctx.FullPanels)
                {
                    bp = ctx.BPanel + panel * ctx.BPanelStep;
                    bRow = ctx.BPanelRow;
                }
                else
                {
                    bp = ctx.BBuf;
                    bRow = nr;
                }

                T* biasPanel = bias != null ? bias + jr : null;
                T* cPanel = cBlock + jr * ctx.CCol;
                T* apanel = ap;
                for (int ir = 0; ir < tiledRows; ir += mr, apanel += aStep)
                {
                    ctx.Prefetch.Step();
                    int mrr = Math.Min(mr, mc - ir);
                    if (kc >= PrefetchTileDepth && ctx.CCol == 1 && Sse.IsSupported)
                    {
                        PrefetchTile(cPanel + ir * ctx.CRow, ctx.CRow, mrr, nrr);
                    }

                    TKernel.Run(kc, apanel, aRow, aCol, bp, bRow, cPanel + ir * ctx.CRow, ctx.CRow, ctx.CCol,
                        mrr, nrr, biasPanel, accumulate);
                }

                // The edge: with the next panel's, or alone without a partner; an odd panel's edge may
                // have run with the previous panel's already.
                bool paired = tiledRows < mc && PairsWithNext(ctx, panel, jr, nc);
                if (tiledRows < mc && (paired || panel % 2 == 0 || !PairsWithNext(ctx, panel - 1, jr - nr, nc)))
                {
                    ctx.Prefetch.Step();
                    T* cEdge = cPanel + tiledRows * ctx.CRow;
                    if (kc >= PrefetchTileDepth && Sse.IsSupported)
                    {
                        PrefetchTile(cEdge, ctx.CRow, edge, paired ? 2 * nr : nrr);
                    }

                    if (paired)
                    {
                        TKernel.RunEdgePair(kc, apanel, aRow, aCol, bp, bp + ctx.BPanelStep, bRow, cEdge, ctx.CRow,
                            edge, biasPanel, accumulate);
                    }
                    else
                    {
                        TKernel.Run(kc, apanel, aRow, aCol, bp, bRow, cEdge, ctx.CRow, ctx.CCol, edge, nrr, biasPanel, accumulate);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Whether the edge rows of <paramref name="panel"/> (even) run together with the next panel's: both
    /// full width and at the same row stride (packed, or in place, not the partial panel packed apart).
    /// </summary>
    private static bool PairsWithNext(in Context ctx, int panel, int jr, int nc) =>
        panel % 2 == 0 && jr + 2 * ctx.Nr <= nc && panel + 1 < ctx.FullPanels;

    /// <summary>
    /// The height of the row blocks that <paramref name="m"/> rows are cut into: equal, MR-aligned and
    /// no taller than <paramref name="mc"/>. 514 rows run as 174 + 174 + 166, not 256 + 256 + 2 (a thin
    /// last block streams the whole B panel for a few rows).
    /// </summary>
    private static int BlockRows(int m, int mc, int mr)
    {
        int blocks = (m + mc - 1) / mc;
        return RoundUp((m + blocks - 1) / blocks, mr);
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
