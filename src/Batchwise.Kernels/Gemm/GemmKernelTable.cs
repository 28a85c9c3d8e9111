using Batchwise.Kernels.Gemm.Dot;
using Batchwise.Kernels.Gemm.MicroKernels;
using Batchwise.Kernels.Gemm.Packed;
using Batchwise.Kernels.Gemm.Planning;
using Batchwise.Kernels.Gemm.Rows;
using Batchwise.Kernels.Gemm.SmallStacks;
using Batchwise.Kernels.Isa;
using Batchwise.Kernels.Threading;

namespace Batchwise.Kernels.Gemm;

/// <summary>
/// Runs a planned product: cuts it into the plan's parts on the <see cref="WorkerPool"/> and sends
/// each part to the kernel the plan chose, at the plan's width. The one table from
/// (<see cref="GemmKernel"/>, element type, vector width) to code; the planner decides, this obeys.
/// </summary>
internal static unsafe class GemmKernelTable
{
    /// <summary>Runs <paramref name="job"/>, planned by <see cref="GemmPlanner"/>.</summary>
    public static void Execute<T>(ref GemmJob<T> job)
        where T : unmanaged, INumberBase<T>
    {
        fixed (GemmJob<T>* p = &job)
        {
            if (job.Kernel == GemmKernel.LongDot)
            {
                LongDot.Run(p);
            }
            else if (job.Kernel == GemmKernel.LongGevm)
            {
                LongGevm.Run(p);
            }
            else if (job.Kernel == GemmKernel.PackedSharedB)
            {
                RunPackedSharedB(p);
            }
            else if (job.Parts <= 1)
            {
                RunPart<T>(p, 0, 1);
            }
            else
            {
                WorkerPool.Run(&RunPart<T>, p, job.Parts);
            }
        }
    }

    /// <summary>One part of the plan's split: a range of batch items, or a block of rows or columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunPart<T>(void* state, int part, int parts)
        where T : unmanaged, INumberBase<T>
    {
        ref GemmJob<T> job = ref Unsafe.AsRef<GemmJob<T>>(state);
        long i0 = 0, i1 = job.BatchCount;
        int r0 = 0, r1 = job.M, c0 = 0, c1 = job.N;
        if (parts > 1 && job.SplitBatch)
        {
            (i0, i1) = job.BatchParts.Range(part);
        }
        else if (parts > 1 && job.SplitColumns)
        {
            (c0, c1) = GemmSplit.Blocks(job, part, parts);
        }
        else if (parts > 1)
        {
            (r0, r1) = GemmSplit.Blocks(job, part, parts);
        }

        if (i0 < i1 && r0 < r1 && c0 < c1)
        {
            Run(ref job, i0, i1, r0, r1, c0, c1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<T>(ref GemmJob<T> job, long i0, long i1, int r0, int r1, int c0, int c1)
        where T : unmanaged, INumberBase<T>
    {
        bool wide = job.Width == VectorWidth.Vector512;
        switch (job.Kernel)
        {
            case GemmKernel.Dot:
                DotKernels.Dot(job, i0, i1);
                break;
            case GemmKernel.DotAcrossBatch:
                i0 = wide ? DotBlocks<Vector512<float>, Vector512Ops<float>, DotBlock16V512>.Dot(GemmJob.AsFloat(job), i0, i1) : DotBlocks<Vector256<float>, Vector256Ops<float>, DotBlock8V256>.Dot(GemmJob.AsFloat(job), i0, i1);
                DotKernels.Dot(job, i0, i1);
                break;
            case GemmKernel.Gemv:
                GemvKernels.Rows(job, i0, i1, r0, r1);
                break;
            case GemmKernel.GemvAcrossRows:
                GemvAcrossRows(ref job, i0, i1, r0, r1, wide ? DotBlock16V512.Lanes : DotBlock8V256.Lanes);
                break;
            case GemmKernel.RowPanels:
                RowPanels.Run(job, i0, i1, r0, r1, c0, c1);
                break;
            case GemmKernel.StreamedOuter:
                StreamedOuter.Run(job, i0, i1, r0, r1, c0, c1);
                break;
            case GemmKernel.OneVectorRows:
                OneVectorRowsAtWidth(job, i0, i1, r0, r1);
                break;
            case GemmKernel.Stack16x16:
                Rows16x16V512.Run(GemmJob.AsFloat(job), i0, i1, r0, r1);
                break;
            case GemmKernel.Stack4x4:
                Stack4x4(ref GemmJob.AsFloat(job), i0, i1, wide);
                break;
            case GemmKernel.Stack3x3:
                Stack3x3(ref GemmJob.AsFloat(job), i0, i1);
                break;
            case GemmKernel.Tall4x4:
                Tall4x4(ref GemmJob.AsFloat(job), r0, r1, wide);
                break;
            default:
                RunPacked(job, i0, i1, r0, r1, c0, c1);
                break;
        }
    }

    /// <summary>The packed driver with the micro-kernel of the plan's width: the GEMM width ladder.</summary>
    private static void RunPacked<T>(in GemmJob<T> job, long i0, long i1, int r0, int r1, int c0, int c1)
        where T : unmanaged, INumberBase<T>
    {
        switch (job.Width)
        {
            case VectorWidth.Vector512:
                GemmDriver<T, GemmKernel6x4V512<T>>.Run(job, i0, i1, r0, r1, c0, c1);
                break;
            case VectorWidth.Vector256:
                GemmDriver<T, GemmKernel6x2<T, Vector256<T>, Vector256Ops<T>>>.Run(job, i0, i1, r0, r1, c0, c1);
                break;
            case VectorWidth.Vector128:
                GemmDriver<T, GemmKernel6x2<T, Vector128<T>, Vector128Ops<T>>>.Run(job, i0, i1, r0, r1, c0, c1);
                break;
            default:
                GemmDriver<T, GemmKernel4x4Scalar<T>>.Run(job, i0, i1, r0, r1, c0, c1);
                break;
        }
    }

    /// <summary>The shared-B driver with the micro-kernel of the plan's width.</summary>
    private static void RunPackedSharedB<T>(GemmJob<T>* job)
        where T : unmanaged, INumberBase<T>
    {
        switch (job->Width)
        {
            case VectorWidth.Vector512:
                GemmDriver<T, GemmKernel6x4V512<T>>.RunShared(job, job->Parts);
                break;
            case VectorWidth.Vector256:
                GemmDriver<T, GemmKernel6x2<T, Vector256<T>, Vector256Ops<T>>>.RunShared(job, job->Parts);
                break;
            case VectorWidth.Vector128:
                GemmDriver<T, GemmKernel6x2<T, Vector128<T>, Vector128Ops<T>>>.RunShared(job, job->Parts);
                break;
            default:
                GemmDriver<T, GemmKernel4x4Scalar<T>>.RunShared(job, job->Parts);
                break;
        }
    }

    private static void OneVectorRowsAtWidth<T>(in GemmJob<T> job, long i0, long i1, int r0, int r1)
        where T : unmanaged, INumberBase<T>
    {
        if (job.Width == VectorWidth.Vector128)
        {
            OneVectorRows.Run<T, Vector128<T>, Vector128Ops<T>>(job, i0, i1, r0, r1);
        }
        else
        {
            OneVectorRows.Run<T, Vector256<T>, Vector256Ops<T>>(job, i0, i1, r0, r1);
        }
    }

    /// <summary>Each item's rows across the lanes where a part has enough of them, the rest row by row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GemvAcrossRows<T>(ref GemmJob<T> job, long i0, long i1, int r0, int r1, int lanes)
        where T : unmanaged, INumberBase<T>
    {
        if (r1 - r0 < lanes)
        {
            GemvKernels.Rows(job, i0, i1, r0, r1);
            return;
        }

        for (long item = i0; item < i1; item++)
        {
            int done = lanes == DotBlock16V512.Lanes
                ? DotBlocks<Vector512<float>, Vector512Ops<float>, DotBlock16V512>.Rows(GemmJob.AsFloat(job), item, r0, r1)
                : DotBlocks<Vector256<float>, Vector256Ops<float>, DotBlock8V256>.Rows(GemmJob.AsFloat(job), item, r0, r1);
            if (done < r1)
            {
                GemvKernels.Rows(job, item, item + 1, done, r1);
            }
        }
    }

    private static void Stack4x4(ref GemmJob<float> job, long i0, long i1, bool wide)
    {
        nint bStep = job.BBatch[0];
        float* a = job.A + i0 * 16, b = job.B + i0 * bStep, c = job.C + i0 * 16;
        if (wide)
        {
            Rows4x4<Vector512<float>, Vector512Ops<float>>.Run(a, b, job.BRow, bStep, c, 4 * (i1 - i0), job.Bias, job.Accumulate);
        }
        else
        {
            Rows4x4<Vector256<float>, Vector256Ops<float>>.Run(a, b, job.BRow, bStep, c, 4 * (i1 - i0), job.Bias, job.Accumulate);
        }
    }

    /// <summary>Whole blocks of sixteen 3x3 items; the items before and after them one vector per row.</summary>
    private static void Stack3x3(ref GemmJob<float> job, long i0, long i1)
    {
        (long start, long end) = Batched3x3V512.Run(job, i0, i1);
        SmallRemainder(job, i0, start);
        SmallRemainder(job, end, i1);
    }

    private static void SmallRemainder(in GemmJob<float> job, long i0, long i1)
    {
        if (i0 >= i1)
        {
            return;
        }

        if (Vector128Ops<float>.HasMaskedAccess)
        {
            OneVectorRows.Run<float, Vector128<float>, Vector128Ops<float>>(job, i0, i1, 0, job.M);
        }
        else
        {
            RowPanels.Run(job, i0, i1, 0, job.M, 0, job.N);
        }
    }

    private static void Tall4x4(ref GemmJob<float> job, int r0, int r1, bool wide)
    {
        if (wide)
        {
            Rows4x4<Vector512<float>, Vector512Ops<float>>.Run(job.A + r0 * 4, job.B, job.BRow, 0, job.C + r0 * 4, r1 - r0, job.Bias, job.Accumulate);
        }
        else
        {
            Rows4x4<Vector256<float>, Vector256Ops<float>>.Run(job.A + r0 * 4, job.B, job.BRow, 0, job.C + r0 * 4, r1 - r0, job.Bias, job.Accumulate);
        }
    }
}
