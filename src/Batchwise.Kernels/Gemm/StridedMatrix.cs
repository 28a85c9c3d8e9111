namespace Batchwise.Kernels.Gemm;

/// <summary>
/// One operand of a batched matrix product. Element (batch index b, row i, column j) lives at
/// <c>Unsafe.Add(ref Origin, sum_d(b_d * BatchStrides[d]) + i * RowStride + j * ColStride)</c>.
/// Strides are in elements, may be negative, and 0 means broadcast (also for batch axes).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public readonly ref struct StridedMatrix<T>
{
    /// <summary>Reference to element (0, ..., 0, 0, 0).</summary>
    public readonly ref T Origin;

    /// <summary>Distance in elements between consecutive rows.</summary>
    public readonly nint RowStride;

    /// <summary>Distance in elements between consecutive columns.</summary>
    public readonly nint ColStride;

    /// <summary>Distance in elements between consecutive indices of each batch axis; 0 broadcasts.</summary>
    public readonly ReadOnlySpan<nint> BatchStrides;

    /// <summary>Describes a strided (batched) matrix starting at <paramref name="origin"/>.</summary>
    /// <param name="origin">Reference to the element with every index 0.</param>
    /// <param name="rowStride">Row stride in elements.</param>
    /// <param name="colStride">Column stride in elements.</param>
    /// <param name="batchStrides">One stride per batch axis, in elements (0 broadcasts).</param>
    public StridedMatrix(ref T origin, nint rowStride, nint colStride, ReadOnlySpan<nint> batchStrides)
    {
        Origin = ref origin;
        RowStride = rowStride;
        ColStride = colStride;
        BatchStrides = batchStrides;
    }
}
