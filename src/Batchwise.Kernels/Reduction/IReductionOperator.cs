namespace Batchwise.Kernels.Reduction;

/// <summary>
/// An associative reduction <c>acc = Combine(acc, x)</c> starting from <see cref="Identity"/>. The span
/// members are the vectorised paths: <see cref="Reduce"/> folds a contiguous run to one value (inner
/// reductions), <see cref="Combine(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/> folds a contiguous row
/// into a row of accumulators (outer reductions).
/// </summary>
public interface IReductionOperator<T>
{
    /// <summary>The value of the empty reduction (0 for sums, -inf for max).</summary>
    static abstract T Identity { get; }

    /// <summary>One step.</summary>
    static abstract T Combine(T accumulator, T x);

    /// <summary>Folds a contiguous run.</summary>
    static abstract T Reduce(ReadOnlySpan<T> x);

    /// <summary><c>destination[i] = Combine(accumulator[i], x[i])</c>.</summary>
    static abstract void Combine(ReadOnlySpan<T> accumulator, ReadOnlySpan<T> x, Span<T> destination);
}
