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

    public static void Combine(ReadOnlySpan<bool> accumulator, ReadOnlySpan<T> x, Span<bool> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = accumulator[i] || Truth.Of(x[i]);
        }
    }
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

    public static void Combine(ReadOnlySpan<bool> accumulator, ReadOnlySpan<T> x, Span<bool> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = accumulator[i] && Truth.Of(x[i]);
        }
    }
}

/// <summary>The number of x ≠ 0 (NaN counts), as int64.</summary>
public readonly struct CountNonZeroReduction<T> : IReductionOperator<T, long> where T : unmanaged
{
    public static long Identity => 0;
    public static long Combine(long accumulator, T x) => Truth.Of(x) ? accumulator + 1 : accumulator;
    public static long Merge(long a, long b) => a + b;

    public static long Reduce(ReadOnlySpan<T> x)
    {
        long count = 0;
        foreach (T v in x)
        {
            count += Truth.Of(v) ? 1 : 0;
        }
        return count;
    }

    public static void Combine(ReadOnlySpan<long> accumulator, ReadOnlySpan<T> x, Span<long> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = accumulator[i] + (Truth.Of(x[i]) ? 1 : 0);
        }
    }
}

/// <summary>The number of elements that are not NaN, as int64 (NanMean's divisor).</summary>
public readonly struct CountNotNaNReduction<T> : IReductionOperator<T, long> where T : unmanaged, INumberBase<T>
{
    public static long Identity => 0;
    public static long Combine(long accumulator, T x) => T.IsNaN(x) ? accumulator : accumulator + 1;
    public static long Merge(long a, long b) => a + b;

    public static long Reduce(ReadOnlySpan<T> x)
    {
        long count = 0;
        foreach (T v in x)
        {
            count += T.IsNaN(v) ? 0 : 1;
        }
        return count;
    }

    public static void Combine(ReadOnlySpan<long> accumulator, ReadOnlySpan<T> x, Span<long> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = accumulator[i] + (T.IsNaN(x[i]) ? 0 : 1);
        }
    }
}

/// <summary>Σ x over the elements that are not NaN, accumulated in <typeparamref name="TAcc"/>; ±inf still propagate.</summary>
public readonly struct NanSumReduction<TIn, TAcc> : IReductionOperator<TIn, TAcc>
    where TIn : unmanaged, INumberBase<TIn>
    where TAcc : unmanaged, INumberBase<TAcc>
{
    public static TAcc Identity => TAcc.Zero;
    public static TAcc Combine(TAcc accumulator, TIn x) => TIn.IsNaN(x) ? accumulator : accumulator + TAcc.CreateTruncating(x);
    public static TAcc Merge(TAcc a, TAcc b) => a + b;

    public static TAcc Reduce(ReadOnlySpan<TIn> x)
    {
        TAcc sum = TAcc.Zero;
        foreach (TIn v in x)
        {
            sum = Combine(sum, v);
        }
        return sum;
    }

    public static void Combine(ReadOnlySpan<TAcc> accumulator, ReadOnlySpan<TIn> x, Span<TAcc> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = Combine(accumulator[i], x[i]);
        }
    }
}

/// <summary>
/// max over the
/// elements that are not NaN. The identity is NaN, which every number replaces, so a slice of only
/// NaN gives NaN (NumPy warns and does the same). For floating-point types only.
/// </summary>
public readonly struct NanMaxReduction<T> : IReductionOperator<T, T> where T : unmanaged, INumber<T>
{
    public static T Identity => T.CreateTruncating(double.NaN);
    public static T Combine(T accumulator, T x) => T.IsNaN(accumulator) ? x : T.IsNaN(x) ? accumulator : T.Max(accumulator, x);
    public static T Merge(T a, T b) => Combine(a, b);
    public static T Reduce(ReadOnlySpan<T> x) => NanFold.Reduce<T, NanMaxReduction<T>>(x);
    public static void Combine(ReadOnlySpan<T> accumulator, ReadOnlySpan<T> x, Span<T> destination) => NanFold.Combine<T, NanMaxReduction<T>>(accumulator, x, destination);
}

/// <summary>min over the elements that are not NaN; NaN for a slice of only NaN. For floating-point types only.</summary>
public readonly struct NanMinReduction<T> : IReductionOperator<T, T> where T : unmanaged, INumber<T>
{
    public static T Identity => T.CreateTruncating(double.NaN);
    public static T Combine(T accumulator, T x) => T.IsNaN(accumulator) ? x : T.IsNaN(x) ? accumulator : T.Min(accumulator, x);
    public static T Merge(T a, T b) => Combine(a, b);
    public static T Reduce(ReadOnlySpan<T> x) => NanFold.Reduce<T, NanMinReduction<T>>(x);
    public static void Combine(ReadOnlySpan<T> accumulator, ReadOnlySpan<T> x, Span<T> destination) => NanFold.Combine<T, NanMinReduction<T>>(accumulator, x, destination);
}

/// <summary>The scalar span loops shared by the NaN-ignoring extrema.</summary>
internal static class NanFold
{
    public static T Reduce<T, TOp>(ReadOnlySpan<T> x) where TOp : IReductionOperator<T, T>
    {
        T acc = TOp.Identity;
        foreach (T v in x)
        {
            acc = TOp.Combine(acc, v);
        }
        return acc;
    }

    public static void Combine<T, TOp>(ReadOnlySpan<T> accumulator, ReadOnlySpan<T> x, Span<T> destination) where TOp : IReductionOperator<T, T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = TOp.Combine(accumulator[i], x[i]);
        }
    }
}
