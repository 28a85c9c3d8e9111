using Batchwise.Kernels.Iteration;
using Batchwise.Kernels.Threading;

namespace Batchwise.Kernels.Gemm.Packed;

/// <summary>
/// One large product on all threads with B packed once and shared: the threads pack B's KC x NC
/// blocks together, then claim pieces of A and C until none is left (BLIS's parallel ic loop, with
/// the pieces claimed dynamically and ever smaller towards the end).
/// </summary>
/// <remarks>
/// <para>Why not a row half per thread, each packing all of B: packing a B that spills L2 is a
/// noticeable share of each thread's time, and on shared or virtual machines one core often runs
/// slower than the other for seconds, so static halves wait for the slow one. Packed once, B costs
/// each thread half as much; claimed piece by piece, the work goes to whichever thread is free.</para>
/// <para>The pieces: the round's rows fall into MC blocks and its columns into
/// <see cref="ColumnGroups"/> groups of panels, and each part is a run of (block, group) units in
/// row-major order, a share of what is left (<see cref="WorkParts.Guided"/>), so the last parts are a
/// single unit. A unit keeps the full MC rows, so it reuses each B panel as well as a whole block
/// does; only its A block is packed once more for each part that shares its row. Parts of whole row
/// chunks instead end too coarse: the last chunk alone is a sizeable share of the product, so the
/// threads finish far apart.</para>
/// <para>A round covers the columns [jc, jc + nc) and the depth [pc0, pc1), at most
/// <see cref="SharedPanelBuffer.BudgetBytes"/> of packed B. Each round is two fork-joins on the
/// <see cref="WorkerPool"/> (pack, then compute), a few microseconds against milliseconds of work.</para>
/// </remarks>
internal static unsafe partial class GemmDriver<T, TKernel>
{
    /// <summary>Panels packed per unit of the packing fork-join.</summary>
    private const int PanelsPerPackUnit = 8;

    /// <summary>Packing parts per thread: enough for the free thread to take over a slow one's share.</summary>
    private const int PackPartsPerThread = 4;

    /// <summary>
    /// Column groups of a round: with four, the smallest claim of a 1024 x 1024 float product is 42
    /// rows by 256 columns, a small fraction of a millisecond on one core.
    /// </summary>
    private const int ColumnGroups = 4;

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

        // The compute units: RowBlocks blocks of BlockRows rows (the last may be shorter) by Groups
        // column groups, in row-major order, cut into guided parts.
        public int BlockRows;
        public int RowBlocks;
        public int Groups;
        public WorkParts UnitParts;
    }

    /// <summary>Runs a single (unbatched) product on <paramref name="degree"/> threads; see the type remarks.</summary>
    public static void RunShared(GemmJob<T>* job, int degree)
    {
        Debug.Assert(job->BatchCount == 1 && job->K > 0 && degree > 1);
        int mr = TKernel.MR, nr = TKernel.NR;
        int m = job->M, n = job->N, k = job->K;
        int kcMax = Blocking.KcFor<T>(nr, k);
        int ncMax = Blocking.Nc(nr);

        // Row blocks: MC at most, equal and MR-aligned, as Macro would cut them.
        int blockRows = BlockRows(m, Blocking.Mc<T>(mr, kcMax), mr);

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
                BlockRows = blockRows,
                RowBlocks = (m + blockRows - 1) / blockRows,
            };
            for (int jc = 0; jc < n; jc += ncBlock)
            {
                round.Jc = jc;
                round.Nc = Math.Min(ncBlock, n - jc);
                round.NcPad = RoundUp(round.Nc, nr);
                round.Groups = Math.Min(ColumnGroups, round.NcPad / nr);
                round.UnitParts = WorkParts.Guided(round.RowBlocks * round.Groups, degree, minItems: 1);
                for (int pc0 = 0; pc0 < k; pc0 += pcPerRound * kcMax)
                {
                    round.Pc0 = pc0;
                    round.Pc1 = (int)Math.Min(k, (long)pc0 + (long)pcPerRound * kcMax);
                    int depthBlocks = (round.Pc1 - pc0 + kcMax - 1) / kcMax;
                    int panelGroups = (round.NcPad / nr + PanelsPerPackUnit - 1) / PanelsPerPackUnit;
                    round.PanelUnits = panelGroups;
                    round.PackUnits = depthBlocks * panelGroups;
                    WorkerPool.Run(&PackRound, &round, Math.Min(round.PackUnits, PackPartsPerThread * degree));
                    WorkerPool.Run(&ComputeRound, &round, round.UnitParts.Count);
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

    /// <summary>The first panel of column group <paramref name="group"/> of the round (<c>Groups</c> for the end).</summary>
    private static int GroupStart(in SharedRound round, int group) =>
        (int)((long)round.NcPad / TKernel.NR * group / round.Groups);

    /// <summary>Computes part <paramref name="part"/> of the round's units against its packed B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ComputeRound(void* state, int part, int parts)
    {
        ref SharedRound round = ref Unsafe.AsRef<SharedRound>(state);
        ref GemmJob<T> job = ref Unsafe.AsRef<GemmJob<T>>(round.Job);
        int nr = TKernel.NR;
        // A unit is one row block: Macro's block height is the round's, so it packs each unit's A at once.
        int blockRows = round.BlockRows;
        bool directA = ReadsAInPlace(job, blockRows, job.N);
        T* aBuf = (T*)GemmWorkspace.Get(GemmWorkspace.Round<T>(ABlockElements(directA, blockRows, job.K, blockRows, round.KcMax)));

        // B is packed (never read in place) and every panel is full width in the shared buffer.
        var ctx = Context.For(job, blockRows, blockRows, directA, directB: false, aBuf, bBuf: null);
        ctx.BPanelRow = nr;
        ctx.FullPanels = int.MaxValue;

        // The part, row block by row block: each block's run of column groups is one range of panels.
        (long first, long end) = round.UnitParts.Range(part);
        for (int unit = (int)first; unit < end;)
        {
            int block = unit / round.Groups;
            int g0 = unit % round.Groups;
            int g1 = (int)Math.Min(round.Groups, g0 + (end - unit));
            unit += g1 - g0;

            int r0 = block * blockRows;
            ctx.M = Math.Min(blockRows, job.M - r0);
            int p0 = GroupStart(round, g0), p1 = GroupStart(round, g1);
            int j0 = p0 * nr;
            int cols = Math.Min(round.Nc, p1 * nr) - j0;
            T* bias = job.Bias != null ? job.Bias + round.Jc + j0 : null;
            for (int pc = round.Pc0; pc < round.Pc1; pc += round.KcMax)
            {
                int kc = Math.Min(round.KcMax, round.Pc1 - pc);
                ctx.BPanelStep = (nint)kc * nr;
                ctx.BPanel = round.Panels + (nint)(pc - round.Pc0) * round.NcPad + p0 * ctx.BPanelStep;
                T* a = job.A + r0 * job.ARow + pc * job.ACol;
                T* c = job.C + r0 * job.CRow + (round.Jc + j0) * job.CCol;
                Macro(ref ctx, a, c, kc, cols, pc == 0 ? bias : null, pc > 0 || job.Accumulate);
            }
        }
    }
}
