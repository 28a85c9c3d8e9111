using System.Runtime.CompilerServices;
using Batchwise.Kernels.Iteration;

namespace Batchwise.Kernels.Gemm;

/// <summary>Which kernel family a (normalised) product runs on.</summary>
internal enum GemmKind
{
    /// <summary>m == n == 1: one dot product per batch item.</summary>
    Dot,

    /// <summary>n == 1: one dot product per row of A (GEMV); bias has a row stride.</summary>
    DotRows,

    /// <summary>Unit column strides on B and C, small or degenerate shapes: unpacked row kernel.</summary>
    Rows,

    /// <summary>Everything else: the packed BLIS driver.</summary>
    General,
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

    /// <summary>Bias or null; element for column j (row i for <see cref="GemmKind.DotRows"/>) is Bias[j * BiasStride].</summary>
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
    public bool BShared;

    public GemmKind Kind;

    /// <summary>How parts split the work: over the batch (<see cref="WorkParts"/>), or over blocks of columns or rows.</summary>
    public bool SplitBatch;
    public WorkParts BatchParts;
    public bool SplitColumns;

    /// <summary>
    /// One large product whose rows are split: B is packed once for all threads and the rows are
    /// claimed piece by piece (<see cref="GemmDriver{T, TKernel}.RunShared"/>).
    /// </summary>
    public bool SharedB;
    public int SplitAlign;

    /// <summary>
    /// A and B together are larger than half of L3, so they come from memory on every call: the GEMV
    /// and vector-matrix kernels then prefetch ahead of their stream. In cache the prefetches only
    /// take load slots and slow the kernels down.
    /// </summary>
    public bool Streams;

    /// <summary>
    /// C was just allocated (nothing reads it first), k = 1 and C is larger than the last-level cache:
    /// its rows are written with non-temporal stores (<see cref="StreamedOuter"/>).
    /// </summary>
    public bool StreamC;

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
