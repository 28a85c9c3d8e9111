namespace Batchwise.Kernels.Reduction;

/// <summary>Whether an element counts as true: <c>x ≠ 0</c>, so NaN is true and −0.0 false.</summary>
internal static class Truth
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Of<T>(T x) where T : unmanaged => !EqualityComparer<T>.Default.Equals(x, default);
}

/// <summary>∃ x ≠ 0. The empty any is false.</summary>
public readonly struct AnyReduction<T> : IReductionOperator<T, bool> where T : unmanaged
{
    public static bool Identity => false;
    public static bool Combine(bool accumulator, T x) => accumulator || Truth.Of(x);
    public static bool Merge(bool a, bool b) => a || b;

    public static bool Reduce(ReadOnlySpan<T> x)
    {
        foreach (T v in x)
        {
            if (Truth.Of(v))
            {
                return true;
            }
        }
        return false;
    }

    public static void Combine(ReadOnlySpan<bool> accumulator, ReadOnlySpan<T> x, Span<bool> destination) => ScalarFold.Combine<T, bool, AnyReduction<T>>(accumulator, x, destination);
}

/// <summary>∀ x ≠ 0. The empty all is true.</summary>
public readonly struct AllReduction<T> : IReductionOperator<T, bool> where T : unmanaged
{
    public static bool Identity => true;
    public static bool Combine(bool accumulator, T x) => accumulator && Truth.Of(x);
    public static bool Merge(bool a, bool b) => a && b;

    public static bool Reduce(ReadOnlySpan<T> x)
    {
        foreach (T v in x)
        {
            if (!Truth.Of(v))
            {
                return false;
            }
        }
        return true;
    }

    public static void Combine(ReadOnlySpan<bool> accumulator, ReadOnlySpan<T> x, Span<bool> destination) => ScalarFold.Combine<T, bool, AllReduction<T>>(accumulator, x, destination);
}

/// <summary>The number of x ≠ 0 (NaN counts), as int64.</summary>
public readonly struct CountNonZeroReduction<T> : IReductionOperator<T, long> where T : unmanaged
{
    public static long Identity => 0;
    public static long Combine(long accumulator, T x) => accumulator + (Truth.Of(x) ? 1 : 0);
    public static long Merge(long a, long b) => a + b;
    public static long Reduce(ReadOnlySpan<T> x) => ScalarFold.Reduce<T, long, CountNonZeroReduction<T>>(x);
    public static void Combine(ReadOnlySpan<long> accumulator, ReadOnlySpan<T> x, Span<long> destination) => ScalarFold.Combine<T, long, CountNonZeroReduction<T>>(accumulator, x, destination);
}

/// <summary>The number of elements that are not NaN, as int64 (NanMean's divisor).</summary>
public readonly struct CountNotNaNReduction<T> : IReductionOperator<T, long> where T : unmanaged, INumberBase<T>
{
    public static long Identity => 0;
    public static long Combine(long accumulator, T x) => accumulator + (T.IsNaN(x) ? 0 : 1);
    public static long Merge(long a, long b) => a + b;
    public static long Reduce(ReadOnlySpan<T> x) => ScalarFold.Reduce<T, long, CountNotNaNReduction<T>>(x);
    public static void Combine(ReadOnlySpan<long> accumulator, ReadOnlySpan<T> x, Span<long> destination) => ScalarFold.Combine<T, long, CountNotNaNReduction<T>>(accumulator, x, destination);
}

/// <summary>Σ x over the elements that are not NaN, accumulated in <typeparamref name="TAcc"/>; ±inf still propagate.</summary>
public readonly struct NanSumReduction<TIn, TAcc> : IReductionOperator<TIn, TAcc>
    where TIn : unmanaged, INumberBase<TIn>
    where TAcc : unmanaged, INumberBase<TAcc>
{
    public static TAcc Identity => TAcc.Zero;
    public static TAcc Combine(TAcc accumulator, TIn x) => TIn.IsNaN(x) ? accumulator : accumulator + TAcc.CreateTruncating(x);
    public static TAcc Merge(TAcc a, TAcc b) => a + b;
    public static TAcc Reduce(ReadOnlySpan<TIn> x) => ScalarFold.Reduce<TIn, TAcc, NanSumReduction<TIn, TAcc>>(x);
    public static void Combine(ReadOnlySpan<TAcc> accumulator, ReadOnlySpan<TIn> x, Span<TAcc> destination) => ScalarFold.Combine<TIn, TAcc, NanSumReduction<TIn, TAcc>>(accumulator, x, destination);
}

/// <summary>
/// <typeparamref name="TReduction"/> over the elements that are not NaN (NumPy's <c>nanmax</c> and
/// <c>nanmin</c>). The identity is NaN, which every number replaces, so a slice of only NaN gives NaN
/// (NumPy warns and does the same). For floating-point types only.
/// </summary>
public readonly struct NanSkippingReduction<T, TReduction> : IReductionOperator<T, T>
    where T : unmanaged, INumber<T>
    where TReduction : IReductionOperator<T, T>
{
    public static T Identity => T.CreateTruncating(double.NaN);
    public static T Combine(T accumulator, T x) => T.IsNaN(accumulator) ? x : T.IsNaN(x) ? accumulator : TReduction.Combine(accumulator, x);
    public static T Merge(T a, T b) => Combine(a, b);
    public static T Reduce(ReadOnlySpan<T> x) => ScalarFold.Reduce<T, T, NanSkippingReduction<T, TReduction>>(x);
    public static void Combine(ReadOnlySpan<T> accumulator, ReadOnlySpan<T> x, Span<T> destination) => ScalarFold.Combine<T, T, NanSkippingReduction<T, TReduction>>(accumulator, x, destination);
}

/// <summary>
/// The span forms of a reduction with no vector kernel: its scalar <c>Combine</c> folded along the
/// run, or applied column by column.
/// </summary>
internal static class ScalarFold
{
    /// <summary>Folds <paramref name="x"/> into the identity.</summary>
    public static TAcc Reduce<TIn, TAcc, TOp>(ReadOnlySpan<TIn> x) where TOp : IReductionOperator<TIn, TAcc>
    {
        TAcc acc = TOp.Identity;
        foreach (TIn v in x)
        {
            acc = TOp.Combine(acc, v);
        }
        return acc;
    }

    /// <summary><c>destination[i] = Combine(accumulator[i], x[i])</c>.</summary>
    public static void Combine<TIn, TAcc, TOp>(ReadOnlySpan<TAcc> accumulator, ReadOnlySpan<TIn> x, Span<TAcc> destination) where TOp : IReductionOperator<TIn, TAcc>
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = TOp.Combine(accumulator[i], x[i]);
        }
    }
}
