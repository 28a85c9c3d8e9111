using Batchwise.Kernels.Gemm;

namespace Batchwise.Kernels.Attention;

/// <summary>A pinned matrix of one attention operand: its origin and its row and column strides.</summary>
internal readonly unsafe struct PinnedMatrix<T>
    where T : unmanaged
{
    public readonly T* Origin;
    public readonly nint Row;
    public readonly nint Col;

    public PinnedMatrix(T* origin, nint row, nint col)
    {
        Origin = origin;
        Row = row;
        Col = col;
    }

    /// <summary>The pinned <paramref name="origin"/> of <paramref name="matrix"/> with its strides.</summary>
    public static PinnedMatrix<T> Of(T* origin, in StridedMatrix<T> matrix) => new(origin, matrix.RowStride, matrix.ColStride);

    /// <summary>Element (<paramref name="row"/>, <paramref name="col"/>) of the matrix at batch offset <paramref name="batchOffset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T* At(nint batchOffset, nint row, nint col) => Origin + batchOffset + row * Row + col * Col;
}

/// <summary>Everything one fused attention call shares with its workers; lives on the caller's stack.</summary>
internal unsafe struct AttentionJob<T>
    where T : unmanaged
{
    public PinnedMatrix<T> Q, K, V, O, Bias;
    public PinnedMatrix<bool> Keep;
    public AttentionMaskKind MaskKind;
    public int BatchRank;
    public int* BatchShape;

    /// <summary>Per batch axis: the strides of q, k, v, output and mask, interleaved.</summary>
    public nint* BatchStrides;
    public int Queries, Keys, Embedding, ValueEmbedding;
    public T Scale;
    public int QueryBlocks, Items;

    /// <summary>The next unclaimed work item.</summary>
    public int Next;

    /// <summary>The element offsets of batch index <paramref name="batch"/> (row-major) in q, k, v, output and mask.</summary>
    public readonly void BatchOffsets(long batch, out nint q, out nint k, out nint v, out nint o, out nint mask)
    {
        q = k = v = o = mask = 0;
        for (int d = BatchRank - 1; d >= 0; d--)
        {
            int extent = BatchShape[d];
            nint index = (nint)(batch % extent);
            batch /= extent;
            nint* s = BatchStrides + 5 * d;
            q += index * s[0];
            k += index * s[1];
            v += index * s[2];
            o += index * s[3];
            mask += index * s[4];
        }
    }
}
