namespace Batchwise.NN;

/// <summary>How a loss combines its per-element values (torch's <c>reduction</c>).</summary>
public enum Reduction
{
    /// <summary>The mean over the elements that count (not ignored).</summary>
    Mean,
    /// <summary>The sum.</summary>
    Sum,
    /// <summary>No reduction: one loss per target, 0 where the target is ignored.</summary>
    None,
}

public static partial class Functional
{
    /// <summary>
    /// torch's <c>cross_entropy</c> with class-index targets: logits are (C), (N, C) or (N, C, d₁, …) with the
    /// classes on axis 1 (axis 0 for 1-D), targets are () , (N) or (N, d₁, …). With <c>lp = log_softmax</c>
    /// over the classes and ε = <paramref name="labelSmoothing"/>, each target t gives
    /// <c>−(1 − ε)·lp[t] − ε/C · Σ_c lp[c]</c>; targets equal to <paramref name="ignoreIndex"/> give 0 and
    /// do not count in the mean, so a mean over only ignored targets is NaN. NaN in logits propagates.
    /// </summary>
    /// <exception cref="ShapeException">The targets' shape does not match the logits without their class axis, or logits are 0-d.</exception>
    /// <exception cref="AxisIndexException">A target (not ignored) is outside [0, C).</exception>
    /// <exception cref="InvalidValueException"><paramref name="labelSmoothing"/> is outside [0, 1].</exception>
    public static Tensor<T> CrossEntropy<T>(Tensor<T> logits, Tensor<long> targets, int ignoreIndex = -100, double labelSmoothing = 0, Reduction reduction = Reduction.Mean)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        if (logits.Rank == 0)
        {
            ThrowHelper.Shape("cross_entropy: logits must have at least one dimension, got shape ()");
        }
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
        {
            ThrowHelper.Value($"cross_entropy: label_smoothing must be between 0.0 and 1.0. Got: {labelSmoothing}");
        }
        int classAxis = logits.Rank == 1 ? 0 : 1;
        int classes = logits.Shape[classAxis];
        int[] expected = [.. logits.Shape[..classAxis], .. logits.Shape[(classAxis + 1)..]];
        if (!targets.Shape.SequenceEqual(expected))
        {
            ThrowHelper.Shape($"cross_entropy: expected targets of shape {Shapes.ShapeText.Format(expected)} for logits of shape {logits.ShapeString}, got {targets.ShapeString}");
        }
        Tensor<T> logp = LogSoftmax(logits, classAxis);
        ReadOnlySpan<T> rows = (classAxis == logits.Rank - 1 ? logp : logp.MoveAxis(classAxis, -1)).Contiguous().AsSpan();
        ReadOnlySpan<long> t = targets.Contiguous().AsSpan();
        var losses = new double[t.Length];
        int counted = 0;
        for (int m = 0; m < t.Length; m++)
        {
            long target = t[m];
            if (target == ignoreIndex)
            {
                continue;
            }
            if (target < 0 || target >= classes)
            {
                ThrowHelper.Index($"cross_entropy: target {target} is out of bounds for {classes} classes");
            }
            ReadOnlySpan<T> row = rows.Slice(m * classes, classes);
            double nll = -double.CreateTruncating(row[(int)target]);
            double smooth = 0;
            if (labelSmoothing != 0)
            {
                foreach (T v in row)
                {
                    smooth -= double.CreateTruncating(v);
                }
            }
            losses[m] = (1 - labelSmoothing) * nll + labelSmoothing / classes * smooth;
            counted++;
        }
        if (reduction == Reduction.None)
        {
            return Tensor.FromArray(losses.Select(T.CreateTruncating).ToArray(), expected);
        }
        double total = losses.Sum();
        return Tensor.Scalar(T.CreateTruncating(reduction == Reduction.Sum ? total : total / counted));
    }

    /// <summary><see cref="CrossEntropy{T}(Tensor{T}, Tensor{long}, int, double, Reduction)"/> with int32 targets.</summary>
    public static Tensor<T> CrossEntropy<T>(Tensor<T> logits, Tensor<int> targets, int ignoreIndex = -100, double labelSmoothing = 0, Reduction reduction = Reduction.Mean)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> =>
        CrossEntropy(logits, Tensor.To<int, long>(targets), ignoreIndex, labelSmoothing, reduction);
}
