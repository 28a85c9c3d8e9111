using Batchwise.Kernels.Softmax;

namespace Batchwise.NN;

/// <summary>
/// Deep-learning functions with PyTorch's names and meanings (<c>torch.nn.functional</c>): softmax,
/// masked fill, linear layers, activations, layer norm and scaled dot-product attention.
/// </summary>
public static partial class Functional
{
    /// <summary>
    /// <c>softmax(x)ᵢ = exp(xᵢ − max x) / Σⱼ exp(xⱼ − max x)</c> along <paramref name="axis"/>, numerically
    /// stable. A slice that is all −inf, holds +inf or holds NaN gives NaN; −inf entries give 0; an
    /// empty axis gives an empty result.
    /// </summary>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static Tensor<T> Softmax<T>(Tensor<T> x, int axis = -1) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> =>
        SoftmaxAlong(x, axis, log: false, safe: false);

    /// <summary>
    /// <c>log_softmax(x)ᵢ = xᵢ − max x − log Σⱼ exp(xⱼ − max x)</c> along <paramref name="axis"/>; the same
    /// NaN rules as <see cref="Softmax{T}"/>, and −inf entries give −inf.
    /// </summary>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static Tensor<T> LogSoftmax<T>(Tensor<T> x, int axis = -1) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> =>
        SoftmaxAlong(x, axis, log: true, safe: false);

    /// <summary>Softmax where rows that are entirely −inf (fully masked) give 0 instead of NaN.</summary>
    internal static Tensor<T> SafeSoftmax<T>(Tensor<T> x, int axis = -1) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> =>
        SoftmaxAlong(x, axis, log: false, safe: true);

    private static unsafe Tensor<T> SoftmaxAlong<T>(Tensor<T> x, int axis, bool log, bool safe) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        if (x.Rank == 0)
        {
            // A 0-d tensor is one slice of one element (PyTorch accepts axis 0 or -1).
            AxisRule.Normalize(axis, 1);
            return SoftmaxAlong(x.Unsqueeze(0), 0, log, safe).Squeeze(0);
        }
        int a = AxisRule.Normalize(axis, x.Rank);
        if (x.Size == 0)
        {
            return Tensor.Empty<T>(x.Shape);
        }
        // Rows along the last axis: contiguous, in cache, one pass each. Another axis is moved last first.
        Tensor<T> rows = a == x.Rank - 1 ? x.Contiguous() : x.MoveAxis(a, -1).Contiguous();
        Tensor<T> result = Tensor.Empty<T>(rows.Shape);
        int rowLength = rows.Shape[^1];
        fixed (T* source = rows.AsSpan())
        fixed (T* destination = result.AsSpan())
        {
            SoftmaxRows.Softmax(source, rowLength, destination, rowLength, rows.Size / rowLength, rowLength, log, safe, freshDestination: true);
        }
        return a == x.Rank - 1 ? result : result.MoveAxis(-1, a).Contiguous();
    }
}
