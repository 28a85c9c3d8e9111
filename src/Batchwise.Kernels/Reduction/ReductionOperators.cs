using System.Numerics;
using System.Numerics.Tensors;

namespace Batchwise.Kernels.Reduction;

/// <summary>Σx. NaN propagates; the empty sum is 0.</summary>
public readonly struct SumReduction<T> : IReductionOperator<T> where T : INumberBase<T>
{
    public static T Identity => T.Zero;
    public static T Combine(T accumulator, T x) => accumulator + x;
    public static T Reduce(ReadOnlySpan<T> x) => TensorPrimitives.Sum(x);
    public static void Combine(ReadOnlySpan<T> accumulator, ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Add(accumulator, x, destination);
}

/// <summary>Πx. The empty product is 1.</summary>
public readonly struct ProductReduction<T> : IReductionOperator<T> where T : INumberBase<T>
{
    public static T Identity => T.One;
    public static T Combine(T accumulator, T x) => accumulator * x;
    public static T Reduce(ReadOnlySpan<T> x) => x.IsEmpty ? T.One : TensorPrimitives.Product(x);
    public static void Combine(ReadOnlySpan<T> accumulator, ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Multiply(accumulator, x, destination);
}

/// <summary>max x, NaN if any is NaN. The identity is the type's smallest value (-inf for floats);
/// the library refuses empty maxima before reaching the kernel, as NumPy does.</summary>
public readonly struct MaxReduction<T> : IReductionOperator<T> where T : INumber<T>, IMinMaxValue<T>
{
    public static T Identity => T.IsNegative(T.MinValue) && T.CreateSaturating(double.NegativeInfinity) is var ninf && T.IsInfinity(ninf) ? ninf : T.MinValue;
    public static T Combine(T accumulator, T x) => T.Max(accumulator, x);
    public static T Reduce(ReadOnlySpan<T> x) => x.IsEmpty ? Identity : TensorPrimitives.Max(x);
    public static void Combine(ReadOnlySpan<T> accumulator, ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Max(accumulator, x, destination);
}

/// <summary>min x, NaN if any is NaN.</summary>
public readonly struct MinReduction<T> : IReductionOperator<T> where T : INumber<T>, IMinMaxValue<T>
{
    public static T Identity => T.CreateSaturating(double.PositiveInfinity) is var inf && T.IsInfinity(inf) ? inf : T.MaxValue;
    public static T Combine(T accumulator, T x) => T.Min(accumulator, x);
    public static T Reduce(ReadOnlySpan<T> x) => x.IsEmpty ? Identity : TensorPrimitives.Min(x);
    public static void Combine(ReadOnlySpan<T> accumulator, ReadOnlySpan<T> x, Span<T> destination) => TensorPrimitives.Min(accumulator, x, destination);
}
