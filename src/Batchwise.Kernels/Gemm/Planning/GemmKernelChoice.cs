using Batchwise.Kernels.Elementwise;
using Batchwise.Kernels.Gemm.Dot;
using Batchwise.Kernels.Gemm.Rows;
using Batchwise.Kernels.Gemm.SmallStacks;

namespace Batchwise.Kernels.Gemm.Planning;

/// <summary>
/// Picks the kernel for a planned product (kind, element type, layout, split and machine), and the
/// vector width it runs at: the one place that says which kernel a shape goes to.
/// </summary>
/// <remarks>
/// The hand-written small kernels are float only and exist at one or two widths; where none fits,
/// the width-generic kernel of the product's kind runs (<see cref="GemmKernelTable"/>).
/// </remarks>
internal static unsafe class GemmKernelChoice
{
    /// <summary>Sets <see cref="GemmJob{T}.Kernel"/> and <see cref="GemmJob{T}.Width"/>.</summary>
    public static void Choose<T>(ref GemmJob<T> job, in GemmTarget target, bool freshResult)
        where T : unmanaged, INumberBase<T>
    {
        job.Width = target.Width;
        job.Kernel = job.Kind switch
        {
            GemmKind.Dot => ForDot(job, target),
            GemmKind.Gemv => ForGemv(job, target),
            GemmKind.Packed => ForPacked(job, target),
            _ => ForRows(ref job, target, freshResult),
        };
    }

    /// <summary>The 512-bit path, or the 256-bit one with AVX2 and FMA: the widths of the hand-written float kernels.</summary>
    private static bool HandWrittenWidth(in GemmTarget target) =>
        target.Width == VectorWidth.Vector512 || (target.Width == VectorWidth.Vector256 && target.HasFma);

    private static GemmKernel ForDot<T>(in GemmJob<T> job, in GemmTarget target)
        where T : unmanaged
    {
        if (job.BatchCount == 1 && job.K >= LongDot.MinK)
        {
            return GemmKernel.LongDot;
        }

        return typeof(T) == typeof(float) && job.BatchRank == 1 && ContiguousDots(job) && HandWrittenWidth(target)
            ? GemmKernel.DotAcrossBatch
            : GemmKernel.Dot;
    }

    private static GemmKernel ForGemv<T>(in GemmJob<T> job, in GemmTarget target)
        where T : unmanaged
    {
        if (typeof(T) != typeof(float) || !ContiguousDots(job))
        {
            return GemmKernel.Gemv;
        }

        // The 512-bit block reads its sixteen rows one after another; long rows are read eight side
        // by side instead (GemvKernels), as the 256-bit block does.
        bool across = target.Width == VectorWidth.Vector512
            ? job.M >= DotBlock16V512.Lanes && job.K < DotBlock8V256.InterleavedFromK
            : target.Width == VectorWidth.Vector256 && target.HasFma && job.M >= DotBlock8V256.Lanes;
        return across ? GemmKernel.GemvAcrossRows : GemmKernel.Gemv;
    }

    private static GemmKernel ForPacked<T>(in GemmJob<T> job, in GemmTarget target)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float) && job.AllColumns && TallFourByFour(job) && HandWrittenWidth(target))
        {
            return GemmKernel.Tall4x4;
        }

        return GemmSplit.PacksBOnce(job) ? GemmKernel.PackedSharedB : GemmKernel.Packed;
    }

    private static GemmKernel ForRows<T>(ref GemmJob<T> job, in GemmTarget target, bool freshResult)
        where T : unmanaged
    {
        if (LongGevm.Fits(job))
        {
            return GemmKernel.LongGevm;
        }

        if (freshResult && !job.Accumulate && job.K == 1
            && StreamingStores.Worthwhile<T>(job.BatchCount * job.M * job.N))
        {
            return GemmKernel.StreamedOuter;
        }

        if (typeof(T) == typeof(float) && job.AllColumns)
        {
            bool wide = target.Width == VectorWidth.Vector512;
            if (wide && job.K == 16 && job.N == 16 && Rows16x16V512.Fits(GemmJob.AsFloat(job)))
            {
                return GemmKernel.Stack16x16;
            }

            if (job.AllRows && job.K == 4 && HandWrittenWidth(target) && BatchedFourByFour(job))
            {
                return GemmKernel.Stack4x4;
            }

            if (job.AllRows && wide && Batched3x3V512.Fits(GemmJob.AsFloat(job)))
            {
                return GemmKernel.Stack3x3;
            }
        }

        if (job.M <= GemmPlanner.SmallOrder && job.K <= GemmPlanner.SmallOrder && job.AllColumns
            && OneVectorWidth<T>(job.N, target) is VectorWidth width)
        {
            job.Width = width;
            return GemmKernel.OneVectorRows;
        }

        return GemmKernel.RowPanels;
    }

    /// <summary>
    /// The narrowest width whose one vector holds a row of C (n lanes exactly, or fewer with masked
    /// moves), or null when n is wider than a 256-bit vector.
    /// </summary>
    internal static VectorWidth? OneVectorWidth<T>(int n, in GemmTarget target)
        where T : unmanaged
    {
        if (target.Width >= VectorWidth.Vector128 && (n == Vector128<T>.Count || (target.HasMaskedMoves && n < Vector128<T>.Count)))
        {
            return VectorWidth.Vector128;
        }

        if (target.Width >= VectorWidth.Vector256 && (n == Vector256<T>.Count || (target.HasMaskedMoves && n < Vector256<T>.Count)))
        {
            return VectorWidth.Vector256;
        }

        return null;
    }

    /// <summary>Dot products along unit strides: A's rows and B's column contiguous.</summary>
    private static bool ContiguousDots<T>(in GemmJob<T> job)
        where T : unmanaged =>
        job.ACol == 1 && job.BRow == 1;

    /// <summary>A stack of contiguous 4x4 products, B per item or broadcast (<c>Rows4x4</c> kernels).</summary>
    private static bool BatchedFourByFour<T>(in GemmJob<T> job)
        where T : unmanaged =>
        job.BatchRank == 1 && job.M == 4 && job.N == 4 && job.K == 4
        && job.ARow == 4 && job.ACol == 1 && job.CRow == 4 && job.CCol == 1 && job.BCol == 1
        && job.ABatch[0] == 16 && job.CBatch[0] == 16 && (job.BBatch[0] == 16 || job.BBatch[0] == 0);

    /// <summary>One tall (rows, 4) @ (4, 4) product with contiguous rows of A and C (<c>Rows4x4</c> kernels).</summary>
    private static bool TallFourByFour<T>(in GemmJob<T> job)
        where T : unmanaged =>
        job.BatchCount == 1 && job.N == 4 && job.K == 4
        && job.ARow == 4 && job.ACol == 1 && job.CRow == 4 && job.CCol == 1 && job.BCol == 1;
}
