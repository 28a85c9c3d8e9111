namespace Batchwise.Kernels.Reduction;

/// <summary>
/// An associative reduction of <typeparamref name="TIn"/> elements into a <typeparamref name="TAcc"/>
/// accumulator, <c>acc = Combine(acc, x)</c> from <see cref="Identity"/>. The accumulator may be wider
/// than the elements (float sums accumulate in double, as int32 sums do in int64 in NumPy); the span
/// members are the vectorised paths: <see cref="Reduce"/> folds a contiguous run (inner reductions),
/// <see cref="Combine(ReadOnlySpan{TAcc}, ReadOnlySpan{TIn}, Span{TAcc})"/> folds a contiguous row into a
/// row of accumulators (outer reductions).
/// </summary>
public interface IReductionOperator<TIn, TAcc>
{
    /// <summary>The value of the empty reduction (0 for sums, -inf for max).</summary>
    static abstract TAcc Identity { get; }

    /// <summary>One step.</summary>
    static abstract TAcc Combine(TAcc accumulator, TIn x);

    /// <summary>Joins two partial results (per-worker partials, a run folded into its output).</summary>
    static abstract TAcc Merge(TAcc a, TAcc b);

    /// <summary>Folds a contiguous run.</summary>
    static abstract TAcc Reduce(ReadOnlySpan<TIn> x);

    /// <summary><c>destination[i] = Combine(accumulator[i], x[i])</c>.</summary>
    static abstract void Combine(ReadOnlySpan<TAcc> accumulator, ReadOnlySpan<TIn> x, Span<TAcc> destination);
}
