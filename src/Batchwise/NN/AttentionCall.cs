using Batchwise.Kernels.Attention;
using Batchwise.Kernels.Gemm;

namespace Batchwise.NN;

/// <summary>
/// Hands scaled dot-product attention on strided tensor views to the fused kernel: every operand is
/// broadcast (as a stride-0 view, never materialised) to the common batch shape, and the kernel gets
/// its origin, row, column and batch strides.
/// </summary>
internal static class AttentionCall
{
    /// <summary>True when the fused kernel handles <typeparamref name="T"/>.</summary>
    public static bool Supports<T>() => typeof(T) == typeof(float) || typeof(T) == typeof(double);

    /// <summary>
    /// <c>softmax(q kᵀ · scale + mask) v</c> with shapes already checked: q (..., L, E), k (..., S, E),
    /// v (..., S, Ev), a mask broadcastable to (..., L, S) or <paramref name="isCausal"/>.
    /// </summary>
    public static Tensor<T> Fused<T>(Tensor<T> q, Tensor<T> k, Tensor<T> v, AttentionMask<T>? mask, bool isCausal, T scale)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        int[] batch = Operations.ElementwiseEngine.BroadcastShape("sdpa",
            Operations.ElementwiseEngine.BroadcastShape("sdpa", q.Shape[..^2], k.Shape[..^2]), v.Shape[..^2]);
        int queries = q.Shape[^2], keys = k.Shape[^2], embedding = q.Shape[^1], valueEmbedding = v.Shape[^1];
        int[] outputShape = [.. batch, queries, valueEmbedding];
        if (keys == 0)
        {
            // No key to attend to: every query row is fully masked, so 0 (PyTorch ≥ 2.5).
            return Tensor.Zeros<T>(outputShape);
        }
        Tensor<T> output = Tensor.Empty<T>(outputShape);
        if (output.Size == 0)
        {
            return output;
        }

        Tensor<T> qb = q.BroadcastTo([.. batch, queries, embedding]);
        Tensor<T> kb = k.BroadcastTo([.. batch, keys, embedding]);
        Tensor<T> vb = v.BroadcastTo([.. batch, keys, valueEmbedding]);
        AttentionMaskKind kind = isCausal ? AttentionMaskKind.Causal : AttentionMaskKind.None;
        Tensor<bool>? keep = null;
        Tensor<T>? bias = null;
        int[] scoreShape = [.. batch, queries, keys];
        if (mask is { Keep: Tensor<bool> keepMask })
        {
            keep = keepMask.BroadcastTo(scoreShape);
            kind = AttentionMaskKind.Keep;
        }
        else if (mask is { Bias: Tensor<T> biasMask })
        {
            bias = biasMask.BroadcastTo(scoreShape);
            kind = AttentionMaskKind.Bias;
        }

        int rank = batch.Length;
        FlashAttention.Run(batch, queries, keys, embedding, valueEmbedding,
            Matrix(qb, rank), Matrix(kb, rank), Matrix(vb, rank), Matrix(output, rank),
            kind,
            keep is null ? default : new StridedMatrix<bool>(ref keep.Origin, keep.Strides[^2], keep.Strides[^1], BatchStrides(keep, rank)),
            bias is null ? default : Matrix(bias, rank),
            scale);
        return output;
    }

    private static StridedMatrix<T> Matrix<T>(Tensor<T> x, int rank)
        where T : unmanaged =>
        new(ref x.Origin, x.Strides[^2], x.Strides[^1], BatchStrides(x, rank));

    /// <summary>The batch strides of a view broadcast to the full shape (0 where broadcast or of length 1).</summary>
    private static nint[] BatchStrides<T>(Tensor<T> x, int rank)
        where T : unmanaged
    {
        var strides = new nint[rank];
        for (int d = 0; d < rank; d++)
        {
            strides[d] = x.Shape[d] == 1 ? 0 : x.Strides[d];
        }
        return strides;
    }
}
