using Batchwise.Kernels.Iteration;

namespace Batchwise.Kernels.Gemm;

/// <summary>The shape of a (normalised) product in BLAS terms: what the planner found, before it picks code.</summary>
internal enum GemmKind
{
    /// <summary>m == n == 1: one dot product per batch item.</summary>
    Dot,

    /// <summary>n == 1: one dot product per row of A (y = A x); bias has a row stride.</summary>
    Gemv,

    /// <summary>m == 1, B and C with unit column stride: a vector times a matrix (y = x A).</summary>
    Gevm,

    /// <summary>k == 1, B and C with unit column stride: an outer product.</summary>
    Outer,

    /// <summary>m, n, k all at most 16, B and C with unit column stride: a stack of small products.</summary>
    SmallStack,

    /// <summary>Everything else: the packed BLIS driver.</summary>
    Packed,
}

/// <summary>The code that runs a planned product; <see cref="GemmKernelTable"/> maps each to its kernel per width.</summary>
internal enum GemmKernel
{
    /// <summary>Dot products item by item (<see cref="Dot.DotKernels"/>).</summary>
    Dot,

    /// <summary>One long dot split over the threads by depth (<see cref="Dot.LongDot"/>).</summary>
    LongDot,

    /// <summary>Dot products with the batch across the lanes, one item per lane (<c>DotBlock</c>).</summary>
    DotAcrossBatch,

    /// <summary>GEMV row by row, eight rows side by side where the rows are contiguous (<see cref="Dot.GemvKernels"/>).</summary>
    Gemv,

    /// <summary>GEMV with the rows across the lanes (<c>DotBlock</c>), the rest row by row.</summary>
    GemvAcrossRows,

    /// <summary>The unpacked row kernel: B's rows as vectors, A broadcast (<see cref="Rows.RowPanels"/>).</summary>
    RowPanels,

    /// <summary>One large vector-matrix product cut by depth over the threads (<see cref="Rows.LongGevm"/>).</summary>
    LongGevm,

    /// <summary>Outer products into a fresh C far larger than the cache, with non-temporal stores (<see cref="Rows.StreamedOuter"/>).</summary>
    StreamedOuter,

    /// <summary>Stacks whose n fits one vector: one vector per row of C (<see cref="SmallStacks.OneVectorRows"/>).</summary>
    OneVectorRows,

    /// <summary>Stacks of 16x16 products, one row of C per register (<see cref="SmallStacks.Rows16x16V512"/>).</summary>
    Stack16x16,

    /// <summary>Stacks of 4x4 products, several rows of C per register (<c>Rows4x4</c>).</summary>
    Stack4x4,

    /// <summary>Stacks of 3x3 products, sixteen items at a time (<see cref="SmallStacks.Batched3x3V512"/>).</summary>
    Stack3x3,

    /// <summary>One tall (rows, 4) @ (4, 4) product (<c>Rows4x4</c>).</summary>
    Tall4x4,

    /// <summary>The packed driver, A and B packed per thread (<see cref="Packed.GemmDriver{T, TKernel}"/>).</summary>
    Packed,

    /// <summary>The packed driver with B packed once for all threads and rows claimed piece by piece.</summary>
    PackedSharedB,
}

/// <summary>
/// A fully planned batched product: pointers, strides and the coalesced batch, shared read-only by
/// every worker while <see cref="BatchedGemm.Multiply{T}"/> runs.
/// </summary>
internal unsafe struct GemmJob<T>
    where T : unmanaged
{
    public int M;
    public int N;
    public int K;
    public T* A;
    public nint ARow;
    public nint ACol;
    public T* B;
    public nint BRow;
    public nint BCol;
    public T* C;
    public nint CRow;
    public nint CCol;

    /// <summary>Bias or null; element for column j (row i for <see cref="GemmKind.Gemv"/>) is Bias[j * BiasStride].</summary>
    public T* Bias;
    public nint BiasStride;
    public bool Accumulate;

    public int BatchRank;
    public int* BatchShape;
    public nint* ABatch;
    public nint* BBatch;
    public nint* CBatch;
    public long BatchCount;

    /// <summary>B is the same matrix for every batch item (all its batch strides are 0).</summary>
    public bool BBroadcast;

    public GemmKind Kind;

    /// <summary>The code that runs the product, for <see cref="Width"/>.</summary>
    public GemmKernel Kernel;

    /// <summary>The vector width the plan was made for.</summary>
    public VectorWidth Width;

    /// <summary>How many parts the work is cut into (1: the calling thread runs it all).</summary>
    public int Parts;

    /// <summary>How parts split the work: over the batch (<see cref="WorkParts"/>), or over blocks of columns or rows.</summary>
    public bool SplitBatch;
    public WorkParts BatchParts;
    public bool SplitColumns;

    /// <summary>Rows or columns per block of a split within items (a multiple of the kernel's tile).</summary>
    public int SplitAlign;

    /// <summary>
    /// A and B together are larger than half of L3, so they come from memory on every call: the GEMV
    /// and vector-matrix kernels then prefetch ahead of their stream. In cache the prefetches only
    /// take load slots and slow the kernels down.
    /// </summary>
    public bool FromMemory;

    /// <summary>Whether every part covers all columns (no column split).</summary>
    public readonly bool AllColumns => SplitBatch || Parts <= 1 || !SplitColumns;

    /// <summary>Whether every part covers all rows (no row split).</summary>
    public readonly bool AllRows => SplitBatch || Parts <= 1 || SplitColumns;

    /// <summary>Element offsets of batch item <paramref name="item"/> (flat, last axis fastest).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void ItemOffsets(long item, out nint offA, out nint offB, out nint offC)
    {
        if (BatchRank == 1)
        {
            offA = (nint)item * ABatch[0];
            offB = (nint)item * BBatch[0];
            offC = (nint)item * CBatch[0];
            return;
        }

        offA = 0;
        offB = 0;
        offC = 0;
        for (int d = BatchRank - 1; d >= 0; d--)
        {
            long digit = item % BatchShape[d];
            item /= BatchShape[d];
            offA += (nint)digit * ABatch[d];
            offB += (nint)digit * BBatch[d];
            offC += (nint)digit * CBatch[d];
        }
    }
}

/// <summary>Helpers on <see cref="GemmJob{T}"/> of any element type.</summary>
internal static class GemmJob
{
    /// <summary>The same job seen as float, for the float-only kernels (only where typeof(T) == typeof(float)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref GemmJob<float> AsFloat<T>(in GemmJob<T> job)
        where T : unmanaged => ref Unsafe.As<GemmJob<T>, GemmJob<float>>(ref Unsafe.AsRef(in job));
}
