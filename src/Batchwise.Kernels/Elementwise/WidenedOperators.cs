namespace Batchwise.Kernels.Elementwise;

/// <summary>
/// A function of one double, with a span form (usually a <c>TensorPrimitives</c> call) that allows
/// <c>d</c> to be <c>x</c>.
/// </summary>
public interface IDoubleFunction : IUnaryOperator<double, double>
{
}

/// <summary>A function of two doubles.</summary>
public interface IDoubleBinaryFunction
{
    /// <summary>One pair.</summary>
    static abstract double Invoke(double x, double y);
}

/// <summary>
/// <c>f(x)</c> for any IEEE float type, defined by a double function: double runs call it directly,
/// float runs are widened (<see cref="WidenedMath"/>) and rounded once, so float results are
/// correctly rounded but for ties within the double function's error; Half goes element by element.
/// </summary>
public readonly struct WidenedOperator<T, TFunction> : IUnaryOperator<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TFunction : IDoubleFunction
{
    public static T Invoke(T x) => T.CreateTruncating(TFunction.Invoke(double.CreateTruncating(x)));

    public static void Invoke(ReadOnlySpan<T> x, Span<T> d)
    {
        if (typeof(T) == typeof(double))
        {
            TFunction.Invoke(MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(d));
        }
        else if (typeof(T) == typeof(float))
        {
            WidenedMath.Map<TFunction>(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(d));
        }
        else
        {
            ScalarLoop.Unary<T, T, WidenedOperator<T, TFunction>>(x, d);
        }
    }
}

/// <summary>
/// <c>f(x, y)</c> for any IEEE float type, evaluated in double and rounded once; the scalar loop is
/// the kernel (the functions it serves, atan2 and hypot, have no accurate vector form in
/// <c>TensorPrimitives</c>).
/// </summary>
public readonly struct WidenedBinaryOperator<T, TFunction> : IBinaryOperator<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TFunction : IDoubleBinaryFunction
{
    public static T Invoke(T x, T y) => T.CreateTruncating(TFunction.Invoke(double.CreateTruncating(x), double.CreateTruncating(y)));

    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => ScalarLoop.Binary<T, T, WidenedBinaryOperator<T, TFunction>>(x, y, d);

    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => ScalarLoop.Binary<T, T, WidenedBinaryOperator<T, TFunction>>(x, y, d);

    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => ScalarLoop.Binary<T, T, WidenedBinaryOperator<T, TFunction>>(x, y, d);
}
