using Batchwise.Kernels.Normalization;

namespace Batchwise.NN;

public static partial class Functional
{
    /// <summary>
    /// Layer normalisation over the last <paramref name="normalizedRank"/> axes, as PyTorch:
    /// <c>(x − mean) / √(var + eps) · weight + bias</c> with the biased variance. Fused: each row is read
    /// once and written once. A zero batch gives an empty result; NaN or inf in a row makes the row NaN.
    /// </summary>
    /// <param name="x">The input; its last <paramref name="normalizedRank"/> axes are normalised together.</param>
    /// <param name="normalizedRank">How many trailing axes form the normalised shape (torch's <c>len(normalized_shape)</c>).</param>
    /// <param name="weight">Optional scale, with the normalised shape.</param>
    /// <param name="bias">Optional shift, with the normalised shape.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <exception cref="InvalidValueException"><paramref name="normalizedRank"/> is below 1 or above x's rank.</exception>
    /// <exception cref="ShapeException">weight or bias do not have the normalised shape.</exception>
    public static unsafe Tensor<T> LayerNorm<T>(Tensor<T> x, int normalizedRank = 1, Tensor<T>? weight = null, Tensor<T>? bias = null, double eps = 1e-5)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rowLength = RowLength("layer_norm", x, normalizedRank);
        Tensor<T>? w = Parameter("layer_norm", "weight", weight, x.Shape[^normalizedRank..]);
        Tensor<T>? b = Parameter("layer_norm", "bias", bias, x.Shape[^normalizedRank..]);
        T epsilon = T.CreateTruncating(eps);
        return NormalizeRows(x, w, b, (ps, pd, pw, pb) => NormRows.LayerNorm(ps, pd, x.Size / rowLength, rowLength, pw, pb, epsilon));
    }

    /// <summary>
    /// RMS normalisation over the last <paramref name="normalizedRank"/> axes (torch ≥ 2.4's <c>rms_norm</c>):
    /// <c>x / √(mean(x²) + eps) · weight</c>, computed in x's type. Fused: each row is read once and written
    /// once. A null <paramref name="eps"/> means the type's machine epsilon (torch's <c>finfo(dtype).eps</c>:
    /// float 1.1920929e-07, double 2.220446049250313e-16), so an all-zero row gives zeros.
    /// </summary>
    /// <param name="x">The input; its last <paramref name="normalizedRank"/> axes are normalised together.</param>
    /// <param name="normalizedRank">How many trailing axes form the normalised shape.</param>
    /// <param name="weight">Optional scale, with the normalised shape.</param>
    /// <param name="eps">Added to the mean square; null for the machine epsilon.</param>
    /// <exception cref="InvalidValueException"><paramref name="normalizedRank"/> is below 1 or above x's rank.</exception>
    /// <exception cref="ShapeException">weight does not have the normalised shape.</exception>
    public static unsafe Tensor<T> RmsNorm<T>(Tensor<T> x, int normalizedRank = 1, Tensor<T>? weight = null, double? eps = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rowLength = RowLength("rms_norm", x, normalizedRank);
        Tensor<T>? w = Parameter("rms_norm", "weight", weight, x.Shape[^normalizedRank..]);
        T epsilon = eps is double e ? T.CreateTruncating(e) : T.BitIncrement(T.One) - T.One;
        return NormalizeRows(x, w, null, (ps, pd, pw, _) => NormRows.RmsNorm(ps, pd, x.Size / rowLength, rowLength, pw, epsilon));
    }

    /// <summary>
    /// Group normalisation (torch's <c>group_norm</c>): x is (N, C, *); its C channels are split into
    /// <paramref name="groups"/> groups, and each (sample, group) block is normalised as a whole,
    /// <c>(x − mean) / √(var + eps)</c> with the biased variance; then channel c is scaled by weight[c] and
    /// shifted by bias[c]. A zero batch gives an empty result.
    /// </summary>
    /// <exception cref="ShapeException">x has fewer than 2 axes, or weight/bias are not of shape (C,).</exception>
    /// <exception cref="InvalidValueException"><paramref name="groups"/> is not positive or does not divide C.</exception>
    public static unsafe Tensor<T> GroupNorm<T>(Tensor<T> x, int groups, Tensor<T>? weight = null, Tensor<T>? bias = null, double eps = 1e-5)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Rank < 2)
        {
            ThrowHelper.Shape($"group_norm: expected an input of shape (N, C, *) but got {x.ShapeString}");
        }
        int c = x.Shape[1];
        if (groups <= 0 || c % groups != 0)
        {
            ThrowHelper.Value($"group_norm: expected number of channels in input to be divisible by num_groups, but got input of shape {x.ShapeString} and num_groups={groups}");
        }
        Tensor<T>? w = Parameter("group_norm", "weight", weight, [c]);
        Tensor<T>? b = Parameter("group_norm", "bias", bias, [c]);
        T epsilon = T.CreateTruncating(eps);
        return NormalizeRows(x, w, b, (ps, pd, pw, pb) =>
            NormRows.GroupNorm(ps, pd, x.Shape[0] * groups, groups, c / groups, x.Size / (x.Shape[0] * c), pw, pb, epsilon));
    }

    /// <summary>
    /// L2 normalisation along <paramref name="axis"/> (torch's <c>normalize</c> with p = 2):
    /// <c>x / max(‖x‖₂, eps)</c>, so an all-zero slice stays zero. NaN in a slice makes it NaN.
    /// </summary>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static Tensor<T> Normalize<T>(Tensor<T> x, int axis = 1, double eps = 1e-12) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int a = AxisRule.Normalize(axis, Math.Max(x.Rank, 1));
        if (x.Rank == 0)
        {
            return Normalize(x.Unsqueeze(0), 0, eps).Squeeze(0);
        }
        Tensor<T> norm = Tensor.Sum(x * x, a, keepDims: true);
        Tensor.Sqrt(norm, norm);
        Tensor.Maximum(norm, T.CreateTruncating(eps), norm);
        return x / norm;
    }

    private unsafe delegate void RowsKernel<T>(T* source, T* destination, T* weight, T* bias) where T : unmanaged;

    /// <summary>
    /// The frame the fused normalisations share: x made contiguous, a new result of its shape, and the
    /// kernel run once over all rows with the (contiguous) weight and bias, null pointers where absent.
    /// </summary>
    private static unsafe Tensor<T> NormalizeRows<T>(Tensor<T> x, Tensor<T>? weight, Tensor<T>? bias, RowsKernel<T> kernel) where T : unmanaged
    {
        Tensor<T> source = x.Contiguous();
        Tensor<T> result = Tensor.Empty<T>(x.Shape);
        if (result.Size == 0)
        {
            return result;
        }
        fixed (T* ps = source.AsSpan())
        fixed (T* pd = result.AsSpan())
        fixed (T* pw = weight is null ? default : weight.AsSpan())
        fixed (T* pb = bias is null ? default : bias.AsSpan())
        {
            kernel(ps, pd, pw, pb);
        }
        return result;
    }

    private static int RowLength<T>(string operation, Tensor<T> x, int normalizedRank) where T : unmanaged
    {
        if (normalizedRank < 1 || normalizedRank > x.Rank)
        {
            ThrowHelper.Value($"{operation}: cannot normalise the last {normalizedRank} axes of shape {x.ShapeString}");
        }
        int length = 1;
        foreach (int extent in x.Shape[^normalizedRank..])
        {
            length *= extent;
        }
        return length;
    }

    /// <summary>A weight or bias, checked against the normalised shape and made contiguous.</summary>
    private static Tensor<T>? Parameter<T>(string operation, string name, Tensor<T>? t, ReadOnlySpan<int> shape) where T : unmanaged
    {
        if (t is not null && !t.Shape.SequenceEqual(shape))
        {
            ThrowHelper.Shape($"{operation}: {name} has shape {t.ShapeString}, expected {ShapeText.Format(shape)}");
        }
        return t?.Contiguous();
    }
}
