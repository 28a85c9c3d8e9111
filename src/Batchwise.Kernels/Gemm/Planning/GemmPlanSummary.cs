namespace Batchwise.Kernels.Gemm.Planning;

/// <summary>What the planner decided for one product (<see cref="BatchedGemm.Explain{T}"/>).</summary>
/// <param name="Kind">The product's shape in BLAS terms, after folding and role swaps.</param>
/// <param name="Kernel">The code that runs it.</param>
/// <param name="Width">The vector width that code runs at.</param>
/// <param name="Parts">How many parts the work is cut into (1: the calling thread alone).</param>
/// <param name="SplitBatch">The parts are ranges of batch items.</param>
/// <param name="SplitColumns">The parts are blocks of columns (otherwise, when not over the batch, of rows).</param>
/// <param name="BatchRank">Batch axes left after coalescing and folding.</param>
/// <param name="M">Rows of the planned product (after folding the batch into rows, or a role swap).</param>
/// <param name="N">Columns of the planned product.</param>
/// <param name="K">Depth.</param>
internal readonly record struct GemmPlanSummary(GemmKind Kind, GemmKernel Kernel, VectorWidth Width, int Parts,
    bool SplitBatch, bool SplitColumns, int BatchRank, int M, int N, int K);
