using System.Numerics.Tensors;

namespace Batchwise.Kernels.Elementwise;

/// <summary>
/// <c>sin x</c> through TensorPrimitives in x's own type: its float kernel stays within the
/// element-wise tolerance of the correctly rounded result (FloatAccuracyTests), so float runs need not widen.
/// </summary>
public readonly struct SinOperator<T> : IUnaryOperator<T, T> where T : ITrigonometricFunctions<T>
{
    public static T Invoke(T x) => T.Sin(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Sin(x, d);
}

/// <summary><c>cos x</c> through TensorPrimitives in x's own type (as <see cref="SinOperator{T}"/>).</summary>
public readonly struct CosOperator<T> : IUnaryOperator<T, T> where T : ITrigonometricFunctions<T>
{
    public static T Invoke(T x) => T.Cos(x);
    public static void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Cos(x, d);
}
