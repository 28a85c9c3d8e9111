using System.Numerics;
using System.Runtime.Intrinsics.X86;
using Batchwise.Kernels;
using Batchwise.Kernels.Gemm;
using Batchwise.Kernels.Gemm.Planning;
using Xunit;

namespace Batchwise.Tests.Kernels.Gemm;

/// <summary>
/// The planner's table: this shape, layout, element type and machine give this kind, kernel, width
/// and split. Planning reads no data, so every row runs on any machine, for machines it is not.
/// </summary>
public sealed class GemmPlannerTests
{
    private static readonly GemmTarget Avx512 = new(VectorWidth.Vector512, 2, HasFma: true, HasMaskedMoves: true);
    private static readonly GemmTarget Avx2 = new(VectorWidth.Vector256, 2, HasFma: true, HasMaskedMoves: true);
    private static readonly GemmTarget Neon = new(VectorWidth.Vector128, 2, HasFma: false, HasMaskedMoves: false);
    private static readonly GemmTarget Sse = new(VectorWidth.Vector128, 2, HasFma: false, HasMaskedMoves: true);
    private static readonly GemmTarget Scalar = new(VectorWidth.Scalar, 2, HasFma: false, HasMaskedMoves: false);

    /// <summary>A contiguous stack of row-major (m, k) @ (k, n) products, B broadcast when asked.</summary>
    private static GemmPlanSummary PlanStack<T>(int[] batch, int m, int n, int k, in GemmTarget target,
        bool broadcastB = false, bool bias = false, bool freshResult = false)
        where T : unmanaged, INumberBase<T>
    {
        nint[] aStrides = ContiguousStrides(batch, m * k), cStrides = ContiguousStrides(batch, m * n);
        nint[] bStrides = broadcastB ? new nint[batch.Length] : ContiguousStrides(batch, k * n);
        return Plan<T>(batch, m, n, k, (aStrides, k, 1), (bStrides, n, 1), (cStrides, n, 1), target, bias, freshResult);
    }

    private static GemmPlanSummary Plan<T>(int[] batch, int m, int n, int k,
        (nint[] Batch, nint Row, nint Col) a, (nint[] Batch, nint Row, nint Col) b, (nint[] Batch, nint Row, nint Col) c,
        in GemmTarget target, bool bias = false, bool freshResult = false)
        where T : unmanaged, INumberBase<T>
    {
        T origin = default;
        var av = new StridedMatrix<T>(ref origin, a.Row, a.Col, a.Batch);
        var bv = new StridedMatrix<T>(ref origin, b.Row, b.Col, b.Batch);
        var cv = new StridedMatrix<T>(ref origin, c.Row, c.Col, c.Batch);
        return BatchedGemm.Explain(batch, m, n, k, av, bv, cv, target, hasBias: bias, freshResult: freshResult);
    }

    private static nint[] ContiguousStrides(int[] batch, long matrix)
    {
        var strides = new nint[batch.Length];
        long step = matrix;
        for (int d = batch.Length - 1; d >= 0; d--)
        {
            strides[d] = (nint)step;
            step *= batch[d];
        }

        return strides;
    }

    private static void AssertPlan(GemmPlanSummary plan, GemmKind kind, GemmKernel kernel, VectorWidth width)
    {
        Assert.Equal(kind, plan.Kind);
        Assert.Equal(kernel, plan.Kernel);
        Assert.Equal(width, plan.Width);
    }

    [Fact]
    public void SquareSgemm_PacksBOnceOnEveryWidth_SplitsRows()
    {
        foreach (GemmTarget target in new[] { Avx512, Avx2, Sse, Scalar })
        {
            GemmPlanSummary plan = PlanStack<float>([], 1024, 1024, 1024, target);
            AssertPlan(plan, GemmKind.Packed, GemmKernel.PackedSharedB, target.Width);
            Assert.Equal(2, plan.Parts);
            Assert.False(plan.SplitBatch || plan.SplitColumns);
        }
    }

    [Fact]
    public void SquareSgemm_OneThread_PackedOnTheCallingThread()
    {
        GemmPlanSummary plan = PlanStack<double>([], 1024, 1024, 1024, Avx512 with { Threads = 1 });
        AssertPlan(plan, GemmKind.Packed, GemmKernel.Packed, VectorWidth.Vector512);
        Assert.Equal(1, plan.Parts);
    }

    [Fact]
    public void BatchedMatmul64_SplitsTheBatch_Packed()
    {
        GemmPlanSummary plan = PlanStack<float>([1000], 64, 64, 64, Avx512);
        AssertPlan(plan, GemmKind.Packed, GemmKernel.Packed, VectorWidth.Vector512);
        Assert.True(plan.SplitBatch);
        Assert.True(plan.Parts >= 2);
        Assert.Equal(1, plan.BatchRank);
    }

    [Fact]
    public void BatchedDots_FloatAcrossTheBatch_DoubleItemByItem()
    {
        // (80, 20, 1, 64) @ (80, 20, 64, 1): the two batch axes coalesce into one of 1600.
        int[] batch = [80, 20];
        var a = (ContiguousStrides(batch, 64), (nint)64, (nint)1);
        var b = (ContiguousStrides(batch, 64), (nint)1, (nint)1);
        var c = (ContiguousStrides(batch, 1), (nint)1, (nint)1);
        GemmPlanSummary f = Plan<float>(batch, 1, 1, 64, a, b, c, Avx512);
        AssertPlan(f, GemmKind.Dot, GemmKernel.DotAcrossBatch, VectorWidth.Vector512);
        Assert.Equal(1, f.BatchRank);
        Assert.True(f.SplitBatch);
        AssertPlan(Plan<float>(batch, 1, 1, 64, a, b, c, Avx2), GemmKind.Dot, GemmKernel.DotAcrossBatch, VectorWidth.Vector256);
        AssertPlan(Plan<float>(batch, 1, 1, 64, a, b, c, Sse), GemmKind.Dot, GemmKernel.Dot, VectorWidth.Vector128);
        AssertPlan(Plan<double>(batch, 1, 1, 64, a, b, c, Avx512), GemmKind.Dot, GemmKernel.Dot, VectorWidth.Vector512);
    }

    [Fact]
    public void OneLongDot_SplitByDepth()
    {
        int k = 1 << 21;
        GemmPlanSummary plan = Plan<float>([], 1, 1, k, ([], k, 1), ([], 1, 1), ([], 1, 1), Avx2);
        AssertPlan(plan, GemmKind.Dot, GemmKernel.LongDot, VectorWidth.Vector256);
    }

    [Fact]
    public void OneLargeVectorMatrix_SplitByDepthWhenDeepAsWide()
    {
        // (1, 4096) @ (4096, 4096): 64 MB of B, as deep as wide, is cut by depth; a B under 4 MB keeps
        // the row kernel (a wide, shallow one too: VectorMatrix_WideAndShallow_RowKernelSplitsColumns).
        GemmPlanSummary deep = Plan<float>([], 1, 4096, 4096, ([], 4096, 1), ([], 4096, 1), ([], 4096, 1), Avx512);
        AssertPlan(deep, GemmKind.Gevm, GemmKernel.LongGevm, VectorWidth.Vector512);
        Assert.Equal(1, deep.Parts);
        AssertPlan(Plan<double>([], 1, 768, 3072, ([], 3072, 1), ([], 768, 1), ([], 768, 1), Avx2), GemmKind.Gevm, GemmKernel.LongGevm, VectorWidth.Vector256);
        AssertPlan(Plan<float>([], 1, 768, 768, ([], 768, 1), ([], 768, 1), ([], 768, 1), Avx512), GemmKind.Gevm, GemmKernel.RowPanels, VectorWidth.Vector512);
    }

    [Fact]
    public void Stack4x4_HandWrittenWhereTheWidthHasOne()
    {
        // A broadcast B folds the stack into one tall (400000, 4) @ (4, 4) product.
        var rows = new (GemmTarget Target, GemmKernel Stack, GemmKernel Folded)[]
        {
            (Avx512, GemmKernel.Stack4x4, GemmKernel.Tall4x4),
            (Avx2, GemmKernel.Stack4x4, GemmKernel.Tall4x4),
            (Sse, GemmKernel.OneVectorRows, GemmKernel.Packed),
            (Scalar, GemmKernel.RowPanels, GemmKernel.Packed),
        };
        foreach ((GemmTarget target, GemmKernel stack, GemmKernel folded) in rows)
        {
            AssertPlan(PlanStack<float>([100_000], 4, 4, 4, target), GemmKind.SmallStack, stack, target.Width);
            GemmPlanSummary shared = PlanStack<float>([100_000], 4, 4, 4, target, broadcastB: true);
            AssertPlan(shared, GemmKind.Packed, folded, target.Width);
            Assert.Equal(400_000, shared.M);
        }
    }

    [Fact]
    public void Stack3x3_SixteenAtATimeOnAvx512_OneMaskedVectorPerRowElsewhere()
    {
        AssertPlan(PlanStack<float>([100_000], 3, 3, 3, Avx512), GemmKind.SmallStack, GemmKernel.Stack3x3, VectorWidth.Vector512);
        AssertPlan(PlanStack<float>([100_000], 3, 3, 3, Avx2), GemmKind.SmallStack, GemmKernel.OneVectorRows, VectorWidth.Vector128);
        AssertPlan(PlanStack<double>([100_000], 3, 3, 3, Avx2), GemmKind.SmallStack, GemmKernel.OneVectorRows, VectorWidth.Vector256);
        // Without masked moves a row narrower than a vector goes to the row kernel.
        AssertPlan(PlanStack<float>([100_000], 3, 3, 3, Neon), GemmKind.SmallStack, GemmKernel.RowPanels, VectorWidth.Vector128);
    }

    [Fact]
    public void Stack16x16_OneRowPerRegisterOnAvx512()
    {
        AssertPlan(PlanStack<float>([10_000], 16, 16, 16, Avx512), GemmKind.SmallStack, GemmKernel.Stack16x16, VectorWidth.Vector512);
        AssertPlan(PlanStack<float>([10_000], 16, 16, 16, Avx2), GemmKind.SmallStack, GemmKernel.RowPanels, VectorWidth.Vector256);
    }

    [Fact]
    public void Gemv_ShortRowsAcrossTheLanes_LongRowsSideBySide()
    {
        GemmPlanSummary shortRows = PlanStack<float>([], 4096, 1, 512, Avx512);
        AssertPlan(shortRows, GemmKind.Gemv, GemmKernel.GemvAcrossRows, VectorWidth.Vector512);
        Assert.False(shortRows.SplitColumns);
        AssertPlan(PlanStack<float>([], 4096, 1, 4096, Avx512), GemmKind.Gemv, GemmKernel.Gemv, VectorWidth.Vector512);
        AssertPlan(PlanStack<float>([], 4096, 1, 4096, Avx2), GemmKind.Gemv, GemmKernel.GemvAcrossRows, VectorWidth.Vector256);
        AssertPlan(PlanStack<double>([], 4096, 1, 512, Avx512), GemmKind.Gemv, GemmKernel.Gemv, VectorWidth.Vector512);
    }

    [Fact]
    public void VectorMatrix_WideAndShallow_RowKernelSplitsColumns()
    {
        GemmPlanSummary plan = PlanStack<float>([], 1, 4096, 1024, Avx512);
        AssertPlan(plan, GemmKind.Gevm, GemmKernel.RowPanels, VectorWidth.Vector512);
        Assert.True(plan.SplitColumns);
        Assert.Equal(2, plan.Parts);
    }

    [Fact]
    public void ColumnMajorA_GemvBecomesVectorMatrix()
    {
        // A (4096, 512) column-major @ x (512, 1): y^T = x^T A^T, whose rows are A's unit-stride columns.
        GemmPlanSummary plan = Plan<float>([], 4096, 1, 512, ([], 1, 4096), ([], 1, 1), ([], 1, 1), Avx512);
        AssertPlan(plan, GemmKind.Gevm, GemmKernel.RowPanels, VectorWidth.Vector512);
        Assert.Equal((1, 4096), (plan.M, plan.N));
    }

    [Fact]
    public void ColumnMajorC_SwapsRolesSoStoresRunAlongItsUnitStride()
    {
        GemmPlanSummary plan = Plan<float>([], 300, 200, 100, ([], 100, 1), ([], 200, 1), ([], 1, 300), Avx512);
        Assert.Equal(GemmKind.Packed, plan.Kind);
        Assert.Equal((200, 300), (plan.M, plan.N));
    }

    [Fact]
    public void SharedWeights_BatchFoldsIntoRows()
    {
        // (8, 512, 64) @ (64, 64): one (4096, 64) @ (64, 64) product.
        GemmPlanSummary plan = PlanStack<float>([8], 512, 64, 64, Avx512, broadcastB: true);
        Assert.Equal(0, plan.BatchRank);
        Assert.Equal(4096, plan.M);
        Assert.Equal(GemmKind.Packed, plan.Kind);
    }

    [Fact]
    public void TallFourColumns_HandWrittenKernel()
    {
        AssertPlan(PlanStack<float>([], 100_000, 4, 4, Avx512), GemmKind.Packed, GemmKernel.Tall4x4, VectorWidth.Vector512);
        AssertPlan(PlanStack<float>([], 100_000, 4, 4, Avx2), GemmKind.Packed, GemmKernel.Tall4x4, VectorWidth.Vector256);
        AssertPlan(PlanStack<float>([], 100_000, 4, 4, Sse), GemmKind.Packed, GemmKernel.Packed, VectorWidth.Vector128);
    }

    [Fact]
    public void LinearLayer_WeightsTransposed_PackedSplitByColumns()
    {
        // X (16, 768) @ W.T with W (3072, 768): B has unit row stride, so the packed driver reads it.
        GemmPlanSummary plan = Plan<float>([], 16, 3072, 768, ([], 768, 1), ([], 1, 768), ([], 3072, 1), Avx512, bias: true);
        AssertPlan(plan, GemmKind.Packed, GemmKernel.Packed, VectorWidth.Vector512);
        Assert.True(plan.SplitColumns);
    }

    [Fact]
    public void LargeOuterProductIntoAFreshResult_NonTemporalStores()
    {
        GemmPlanSummary plain = PlanStack<float>([], 4096, 4096, 1, Avx512);
        AssertPlan(plain, GemmKind.Outer, GemmKernel.RowPanels, VectorWidth.Vector512);
        if (Avx.IsSupported)
        {
            GemmPlanSummary fresh = PlanStack<float>([], 4096, 4096, 1, Avx512, freshResult: true);
            AssertPlan(fresh, GemmKind.Outer, GemmKernel.StreamedOuter, VectorWidth.Vector512);
        }
    }

    [Fact]
    public void SmallProducts_StayOnTheCallingThread()
    {
        foreach (GemmTarget target in new[] { Avx512, Avx2, Sse, Scalar })
        {
            Assert.Equal(1, PlanStack<float>([4], 8, 8, 8, target).Parts);
            Assert.Equal(1, PlanStack<double>([], 20, 20, 20, target).Parts);
        }
    }
}
