using Batchwise.Kernels.Gemm;
using Batchwise.Layouts;

namespace Batchwise.LinearAlgebra;

/// <summary>
/// Hands a batched product of strided tensor views to the GEMM engine: works out each operand's
/// batch strides (0 where it is broadcast) so that nothing is ever materialised.
/// </summary>
internal static class GemmCall
{
    /// <summary>
    /// <c>c[batch] = a[batch] @ b[batch] (+ bias)</c>: a is (..., m, k), b is (..., k, n) and c is
    /// (batch..., m, n) with exactly the batch shape; a's and b's batch axes broadcast to it. With
    /// <paramref name="freshResult"/> (c was just allocated, nothing has read it) the engine may write a
    /// large result past the cache.
    /// </summary>
    public static void Run<T>(Tensor<T> a, Tensor<T> b, Tensor<T> c, ReadOnlySpan<int> batch, Tensor<T>? bias = null, bool freshResult = false)
        where T : unmanaged, INumberBase<T>
    {
        int m = c.Shape[^2], n = c.Shape[^1], k = a.Shape[^1];
        if (c.Size == 0)
        {
            return;
        }
        Span<nint> aBatch = stackalloc nint[batch.Length];
        Span<nint> bBatch = stackalloc nint[batch.Length];
        Span<nint> cBatch = stackalloc nint[batch.Length];
        BatchStrides(a.Layout, batch, aBatch);
        BatchStrides(b.Layout, batch, bBatch);
        BatchStrides(c.Layout, batch, cBatch);
        ReadOnlySpan<T> biasSpan = bias is null ? default : bias.Contiguous().AsSpan();
        // BatchedGemm.Multiply pins the operands for as long as its workers hold raw pointers.
        var left = new StridedMatrix<T>(ref a.Origin, a.Strides[^2], a.Strides[^1], aBatch);
        var right = new StridedMatrix<T>(ref b.Origin, b.Strides[^2], b.Strides[^1], bBatch);
        var result = new StridedMatrix<T>(ref c.Origin, c.Strides[^2], c.Strides[^1], cBatch);
        BatchedGemm.Multiply(batch, m, n, k, left, right, result, biasSpan, freshResult: freshResult);
    }

    /// <summary>The strides of a (..., rows, cols) operand's batch axes once broadcast to <paramref name="batch"/>.</summary>
    private static void BatchStrides(Layout layout, ReadOnlySpan<int> batch, Span<nint> strides)
    {
        int own = layout.Rank - 2;
        for (int axis = 0; axis < batch.Length; axis++)
        {
            int source = axis - (batch.Length - own);
            strides[axis] = source < 0 || layout.Shape[source] == 1 ? 0 : layout.Strides[source];
        }
    }
}
