using System.Numerics.Tensors;

namespace Batchwise.Kernels.Reduction;

/// <summary>
/// Σx accumulated in <typeparamref name="TAcc"/>. NaN propagates; the empty sum is 0. Contiguous runs
/// are summed pairwise (<see cref="PairwiseSum"/>), so float sums are at least as accurate as NumPy's.
/// </summary>
public readonly struct SumReduction<TIn, TAcc> : IReductionOperator<TIn, TAcc>
    where TIn : unmanaged, INumberBase<TIn>
    where TAcc : unmanaged, INumberBase<TAcc>
{
    public static TAcc Identity => TAcc.Zero;

    public static TAcc Combine(TAcc accumulator, TIn x) => accumulator + TAcc.CreateTruncating(x);

    public static TAcc Merge(TAcc a, TAcc b) => a + b;

    public static TAcc Reduce(ReadOnlySpan<TIn> x)
    {
        if (typeof(TIn) == typeof(float) && typeof(TAcc) == typeof(double))
        {
            double sum = PairwiseSum.Sum(MemoryMarshal.Cast<TIn, float>(x));
            return TAcc.CreateTruncating(sum);
        }
        if (typeof(TIn) == typeof(double) && typeof(TAcc) == typeof(double))
        {
            double sum = PairwiseSum.Sum(MemoryMarshal.Cast<TIn, double>(x));
            return TAcc.CreateTruncating(sum);
        }
        if (typeof(TIn) == typeof(TAcc))
        {
            TIn same = TensorPrimitives.Sum(x);
            return TAcc.CreateTruncating(same);
        }
        TAcc total = TAcc.Zero;
        foreach (TIn v in x)
        {
            total += TAcc.CreateTruncating(v);
        }
        return total;
    }

    public static void Combine(ReadOnlySpan<TAcc> accumulator, ReadOnlySpan<TIn> x, Span<TAcc> destination)
    {
        if (typeof(TIn) == typeof(TAcc))
        {
            TensorPrimitives.Add(accumulator, MemoryMarshal.Cast<TIn, TAcc>(x), destination);
        }
        else if (typeof(TIn) == typeof(float) && typeof(TAcc) == typeof(double))
        {
            WideningAdd.Add(MemoryMarshal.Cast<TAcc, double>(accumulator),
                MemoryMarshal.Cast<TIn, float>(x),
                MemoryMarshal.Cast<TAcc, double>(destination));
        }
        else
        {
            for (int i = 0; i < x.Length; i++)
            {
                destination[i] = accumulator[i] + TAcc.CreateTruncating(x[i]);
            }
        }
    }
}

/// <summary>Πx. The empty product is 1.</summary>
public readonly struct ProductReduction<T> : IReductionOperator<T, T> where T : INumberBase<T>
{
    public static T Identity => T.One;
    public static T Combine(T accumulator, T x) => accumulator * x;
    public static T Merge(T a, T b) => a * b;
    public static T Reduce(ReadOnlySpan<T> x) => x.IsEmpty ? T.One : TensorPrimitives.Product(x);
    public static void Combine(ReadOnlySpan<T> accumulator, ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Multiply(accumulator, x, destination);
}

/// <summary>max x, NaN if any is NaN. The identity is the type's smallest value (-inf for floats);
/// the library refuses empty maxima before reaching the kernel, as NumPy does.</summary>
public readonly struct MaxReduction<T> : IReductionOperator<T, T> where T : INumber<T>, IMinMaxValue<T>
{
    public static T Identity => T.IsNegative(T.MinValue) && T.CreateSaturating(double.NegativeInfinity) is var ninf && T.IsInfinity(ninf) ? ninf : T.MinValue;
    public static T Combine(T accumulator, T x) => T.Max(accumulator, x);
    public static T Merge(T a, T b) => T.Max(a, b);
    public static T Reduce(ReadOnlySpan<T> x) => x.IsEmpty ? Identity : TensorPrimitives.Max(x);
    public static void Combine(ReadOnlySpan<T> accumulator, ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Max(accumulator, x, destination);
}

/// <summary>min x, NaN if any is NaN.</summary>
public readonly struct MinReduction<T> : IReductionOperator<T, T> where T : INumber<T>, IMinMaxValue<T>
{
    public static T Identity => T.CreateSaturating(double.PositiveInfinity) is var inf && T.IsInfinity(inf) ? inf : T.MaxValue;
    public static T Combine(T accumulator, T x) => T.Min(accumulator, x);
    public static T Merge(T a, T b) => T.Min(a, b);
    public static T Reduce(ReadOnlySpan<T> x) => x.IsEmpty ? Identity : TensorPrimitives.Min(x);
    public static void Combine(ReadOnlySpan<T> accumulator, ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Min(accumulator, x, destination);
}
