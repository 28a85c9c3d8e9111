using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using Batchwise.Kernels.Gemm.MicroKernels;

namespace Batchwise.Kernels.Gemm;

/// <summary>
/// The BLIS five-loop driver (loops only): jc over NC columns, pc over KC depth (pack B), ic over MC
/// rows (pack A), jr over NR columns, ir over MR rows (micro-kernel). A batch range runs inside
/// the pc loop when B is shared, so the shared B is packed once per worker for the whole batch.
/// </summary>
internal static unsafe class GemmDriver<T, TKernel>
    where T : unmanaged, INumberBase<T>
    where TKernel : struct, IGemmMicroKernel<T>
{
    /// <summary>
    /// Operands at most this many bytes with a unit stride are read in place instead of packed:
    /// they already sit in L1/L2 and packing would cost as much as the product.
    /// </summary>
    internal static long DirectLimitBytes = 64 * 1024;

    /// <summary>
    /// Runs batch items [i0, i1) of <paramref name="job"/> on the block rows [r0, r1) x columns [c0, c1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmJob<T> job, long i0, long i1, int r0, int r1, int c0, int c1)
    {
        Debug.Assert(i0 < i1 && r0 < r1 && c0 < c1 && job.K > 0);
        int mr = TKernel.MR, nr = TKernel.NR;
        int m = r1 - r0, n = c1 - c0, k = job.K;
        int kcMax = Blocking.Kc<T>(nr);
        int mcMax = Blocking.Mc<T>(mr, kcMax);
        int ncMax = Blocking.Nc(nr);
        int size = sizeof(T);

        // In-place operands: B needs unit column stride (the kernel loads its rows as vectors), A
        // needs either unit stride so the six row streams stay cache friendly.
        bool directB = job.BCol == 1 && (long)k * n * size <= DirectLimitBytes;
        bool directA = (job.ACol == 1 || job.ARow == 1) && (long)m * k * size <= DirectLimitBytes;

        int kcCap = Math.Min(kcMax, k);
        int mcCap = Math.Min(mcMax, RoundUp(m, mr));
        int ncCap = Math.Min(ncMax, RoundUp(n, nr));
        long aElems = directA ? 0 : (long)mcCap * kcCap;
        long bElems = directB ? (long)kcCap * nr : (long)kcCap * ncCap;
        byte* ws = GemmWorkspace.Get(GemmWorkspace.Round<T>(aElems) + GemmWorkspace.Round<T>(bElems));
        T* aBuf = (T*)ws;
        T* bBuf = (T*)(ws + GemmWorkspace.Round<T>(aElems));

        T* bias = job.Bias != null ? job.Bias + c0 : null;
        var ctx = new Context
        {
            Mr = mr,
            Nr = nr,
            DirectA = directA,
            DirectB = directB,
            ABuf = aBuf,
            BBuf = bBuf,
            Mc = mcMax,
            M = m,
            ARow = job.ARow,
            ACol = job.ACol,
            BRow = job.BRow,
            BCol = job.BCol,
            CRow = job.CRow,
            CCol = job.CCol,
        };

        if (job.BShared && i1 - i0 > 1)
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

        for (long item = i0; item < i1; item++)
        {
            job.ItemOffsets(item, out nint offA, out nint offB, out nint offC);
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

        // Set by PrepareB for the current (jc, pc) block.
        public T* BPanel;
        public nint BPanelRow;
        public nint BPanelStep;
        public int FullPanels;
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

        // Equal MR-aligned blocks no larger than Mc: 514 rows run as 174 + 174 + 166, not 256 + 256 + 2
        // (a thin last block streams the whole B panel for a few rows).
        int blocks = (ctx.M + ctx.Mc - 1) / ctx.Mc;
        int mcStep = RoundUp((ctx.M + blocks - 1) / blocks, mr);
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
                for (int ir = 0; ir < mc; ir += mr, apanel += aStep)
                {
                    int mrr = Math.Min(mr, mc - ir);
                    TKernel.Run(kc, apanel, aRow, aCol, bp, bRow, cPanel + ir * ctx.CRow, ctx.CRow, ctx.CCol,
                        mrr, nrr, biasPanel, accumulate);
                }
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
