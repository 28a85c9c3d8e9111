using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using Batchwise.Kernels.Threading;

namespace Batchwise.Kernels.Gemm;

/// <summary>
/// One large product on all threads with B packed once and shared: the threads pack B's KC x NC
/// blocks together, then take row chunks of A and C one at a time until none is left (BLIS's
/// parallel ic loop, with the chunks claimed dynamically).
/// </summary>
/// <remarks>
/// <para>Why not a row half per thread, each packing all of B: on the 2-vCPU Zen 3 VM of 2026-11-30
/// packing B inside a 1024 x 1024 product cost each thread 0.9-2.2 ms of its 13-16 ms (0.5-0.8 ms
/// once packed in row groups; a 4 MB operand read from L3 or memory by both threads), and one vCPU
/// often ran 25-50% slower than the other for seconds at a time (presumably a neighbour on the
/// host), so the static halves waited for the slow one. Packed once, B costs each thread half as
/// much; claimed in chunks, the rows go to whichever thread is free. Alternating with the previous
/// build, sgemm 1024 on two threads went 15.9 -> 15.2 ms (average median of eight rounds).</para>
/// <para>A round covers the columns [jc, jc + nc) and the depth [pc0, pc1), at most
/// <see cref="SharedPanelBuffer.BudgetBytes"/> of packed B. Each round is two fork-joins on the
/// <see cref="WorkerPool"/> (pack, then compute), a few microseconds against milliseconds of work.</para>
/// </remarks>
internal static unsafe partial class GemmDriver<T, TKernel>
{
    /// <summary>Panels packed per unit of the packing fork-join.</summary>
    private const int PanelsPerPackUnit = 8;

    /// <summary>Row chunks per thread: enough for the free thread to take over a slow one's share.</summary>
    private const int ChunksPerThread = 4;

    /// <summary>The shared round in progress: what the packing and computing parts read.</summary>
    private struct SharedRound
    {
        public GemmJob<T>* Job;
        public T* Panels;
        public int Jc;
        public int Nc;
        public int NcPad;
        public int Pc0;
        public int Pc1;
        public int KcMax;
        public int PanelUnits;
        public int PackUnits;
        public int RowBlocks;
        public int Chunks;
        public int Threads;
    }

    /// <summary>Runs a single (unbatched) product on <paramref name="degree"/> threads; see the type remarks.</summary>
    public static void RunShared(GemmJob<T>* job, int degree)
    {
        Debug.Assert(job->BatchCount == 1 && job->K > 0 && degree > 1);
        int mr = TKernel.MR, nr = TKernel.NR;
        int m = job->M, n = job->N, k = job->K;
        int kcMax = Blocking.KcFor<T>(nr, k);
        int ncMax = Blocking.Nc(nr);

        // Row chunks: whole MR blocks, ChunksPerThread per thread, but none thinner than four blocks; a
        // multiple of the threads, the last one per thread half the size of the others (ChunkStart).
        int rowBlocks = (m + mr - 1) / mr;
        int chunks = Math.Clamp(rowBlocks / 4, degree, ChunksPerThread * degree) / degree * degree;

        // Columns per round: all of NC when one KC block of that width fits the budget, else fewer.
        int ncBlock = Math.Min(ncMax, RoundUp(n, nr));
        if ((long)kcMax * ncBlock * sizeof(T) > SharedPanelBuffer.BudgetBytes)
        {
            ncBlock = (int)Math.Max(nr, SharedPanelBuffer.BudgetBytes / ((long)kcMax * sizeof(T)) / nr * nr);
        }

        long blockBytes = (long)kcMax * ncBlock * sizeof(T);
        int pcPerRound = (int)Math.Max(1, SharedPanelBuffer.BudgetBytes / blockBytes);
        long roundBytes = Math.Min((long)pcPerRound * kcMax, k) * ncBlock * sizeof(T);
        byte[] buffer = SharedPanelBuffer.Rent(roundBytes);
        try
        {
            var round = new SharedRound
            {
                Job = job,
                Panels = (T*)SharedPanelBuffer.Aligned(buffer),
                KcMax = kcMax,
                RowBlocks = rowBlocks,
                Chunks = chunks,
                Threads = degree,
            };
            for (int jc = 0; jc < n; jc += ncBlock)
            {
                round.Jc = jc;
                round.Nc = Math.Min(ncBlock, n - jc);
                round.NcPad = RoundUp(round.Nc, nr);
                for (int pc0 = 0; pc0 < k; pc0 += pcPerRound * kcMax)
                {
                    round.Pc0 = pc0;
                    round.Pc1 = (int)Math.Min(k, (long)pc0 + (long)pcPerRound * kcMax);
                    int depthBlocks = (round.Pc1 - pc0 + kcMax - 1) / kcMax;
                    int panelGroups = (round.NcPad / nr + PanelsPerPackUnit - 1) / PanelsPerPackUnit;
                    round.PanelUnits = panelGroups;
                    round.PackUnits = depthBlocks * panelGroups;
                    WorkerPool.Run(&PackRound, &round, Math.Min(round.PackUnits, ChunksPerThread * degree));
                    WorkerPool.Run(&ComputeRound, &round, chunks);
                }
            }
        }
        finally
        {
            SharedPanelBuffer.Return(buffer);
        }
    }

    /// <summary>Packs part <paramref name="part"/> of the round's units (a depth block x a group of panels).</summary>
    private static void PackRound(void* state, int part, int parts)
    {
        ref SharedRound round = ref Unsafe.AsRef<SharedRound>(state);
        ref GemmJob<T> job = ref Unsafe.AsRef<GemmJob<T>>(round.Job);
        int nr = TKernel.NR;
        int units = round.PackUnits;
        int u0 = (int)((long)units * part / parts), u1 = (int)((long)units * (part + 1) / parts);
        for (int u = u0; u < u1; u++)
        {
            int pc = round.Pc0 + u / round.PanelUnits * round.KcMax;
            int kc = Math.Min(round.KcMax, round.Pc1 - pc);
            int j0 = u % round.PanelUnits * PanelsPerPackUnit * nr;
            int cols = Math.Min(PanelsPerPackUnit * nr, round.Nc - j0);
            T* src = job.B + pc * job.BRow + (round.Jc + j0) * job.BCol;
            T* dst = round.Panels + (nint)(pc - round.Pc0) * round.NcPad + (nint)(j0 / nr) * kc * nr;
            Packing.PackB(nr, src, job.BRow, job.BCol, kc, cols, dst);
        }
    }

    /// <summary>
    /// The first row block of chunk <paramref name="part"/> (<c>Chunks</c> for the end): the blocks are
    /// dealt out in proportion, each of the last <c>Threads</c> chunks counting half. Threads of equal
    /// speed so get equal shares, and the thread that finishes first waits at most half a chunk. Chunks
    /// of one fixed height (the earlier form) leave whatever remains to the last one: 256 rows made
    /// seven chunks of 36 and one of 4, 144 rows for one thread and 112 for the other. Dealt out evenly
    /// instead, all of full size, sgemm 1024 ran 2.6-3.8% slower than with the fixed height (whose last
    /// chunk there happened to be short); with the half-size last chunks it measured the same
    /// (0.992x, control 0.995x; `Batchwise.Bench tune`, 101-151 rounds on the 2-vCPU Zen 3 VM).
    /// </summary>
    private static int ChunkStart(in SharedRound round, int part)
    {
        int full = round.Chunks - round.Threads;
        long weight = 2L * Math.Min(part, full) + Math.Max(0, part - full);
        long total = 2L * full + round.Threads;
        return (int)(round.RowBlocks * weight / total);
    }

    /// <summary>Runs row chunk <paramref name="part"/> of the product against the round's packed B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ComputeRound(void* state, int part, int parts)
    {
        ref SharedRound round = ref Unsafe.AsRef<SharedRound>(state);
        ref GemmJob<T> job = ref Unsafe.AsRef<GemmJob<T>>(round.Job);
        int mr = TKernel.MR, nr = TKernel.NR;
        int r0 = ChunkStart(round, part) * mr;
        int r1 = Math.Min(job.M, ChunkStart(round, part + 1) * mr);
        if (r0 >= r1)
        {
            return;
        }

        int m = r1 - r0;
        bool directA = ReadsAInPlace(job, m);
        int mcMax = Blocking.Mc<T>(mr, round.KcMax);
        T* aBuf = (T*)GemmWorkspace.Get(GemmWorkspace.Round<T>(ABlockElements(directA, m, job.K, mcMax, round.KcMax)));
        // B is packed (never read in place) and every panel is full width in the shared buffer.
        var ctx = Context.For(job, m, mcMax, directA, directB: false, aBuf, bBuf: null);
        ctx.BPanelRow = nr;
        ctx.FullPanels = int.MaxValue;

        T* bias = job.Bias != null ? job.Bias + round.Jc : null;
        for (int pc = round.Pc0; pc < round.Pc1; pc += round.KcMax)
        {
            int kc = Math.Min(round.KcMax, round.Pc1 - pc);
            ctx.BPanel = round.Panels + (nint)(pc - round.Pc0) * round.NcPad;
            ctx.BPanelStep = (nint)kc * nr;
            T* a = job.A + r0 * job.ARow + pc * job.ACol;
            T* c = job.C + r0 * job.CRow + round.Jc * job.CCol;
            Macro(ref ctx, a, c, kc, round.Nc, pc == 0 ? bias : null, pc > 0 || job.Accumulate);
        }
    }
}
