using System.Numerics.Tensors;

namespace Batchwise.Kernels.Elementwise;

/// <summary><c>eˣ</c> over doubles (TensorPrimitives.Exp).</summary>
public readonly struct DoubleExp : IDoubleFunction
{
    public static double Invoke(double x) => Math.Exp(x);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Exp(x, d);
}

/// <summary><c>tan x</c> over doubles (TensorPrimitives.Tan).</summary>
public readonly struct DoubleTan : IDoubleFunction
{
    public static double Invoke(double x) => Math.Tan(x);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Tan(x, d);
}

/// <summary><c>arcsin x (NaN outside [−1, 1])</c> over doubles (TensorPrimitives.Asin).</summary>
public readonly struct DoubleAsin : IDoubleFunction
{
    public static double Invoke(double x) => Math.Asin(x);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Asin(x, d);
}

/// <summary><c>arccos x (NaN outside [−1, 1])</c> over doubles (TensorPrimitives.Acos).</summary>
public readonly struct DoubleAcos : IDoubleFunction
{
    public static double Invoke(double x) => Math.Acos(x);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Acos(x, d);
}

/// <summary><c>arctan x</c> over doubles (TensorPrimitives.Atan).</summary>
public readonly struct DoubleAtan : IDoubleFunction
{
    public static double Invoke(double x) => Math.Atan(x);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Atan(x, d);
}

/// <summary><c>sinh x</c> over doubles, element by element: TensorPrimitives' vector form is off by up
/// to 5e-14 relative for large arguments (it scales an exp argument), beyond the float64 tolerance.
/// </summary>
public readonly struct DoubleSinh : IDoubleFunction
{
    public static double Invoke(double x) => Math.Sinh(x);

    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => ScalarLoop.Unary<double, double, DoubleSinh>(x, d);
}

/// <summary><c>cosh x</c> over doubles, element by element: TensorPrimitives' vector form is off by up
/// to 5e-14 relative for large arguments (it scales an exp argument), beyond the float64 tolerance.
/// </summary>
public readonly struct DoubleCosh : IDoubleFunction
{
    public static double Invoke(double x) => Math.Cosh(x);

    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => ScalarLoop.Unary<double, double, DoubleCosh>(x, d);
}

/// <summary><c>2ˣ</c> over doubles, element by element: TensorPrimitives' vector form is off by up
/// to 5e-14 relative for large arguments (it scales an exp argument), beyond the float64 tolerance.
/// </summary>
public readonly struct DoubleExp2 : IDoubleFunction
{
    public static double Invoke(double x) => double.Exp2(x);

    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => ScalarLoop.Unary<double, double, DoubleExp2>(x, d);
}

/// <summary><c>log₂ x</c> over doubles (TensorPrimitives.Log2).</summary>
public readonly struct DoubleLog2 : IDoubleFunction
{
    public static double Invoke(double x) => Math.Log2(x);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Log2(x, d);
}

/// <summary><c>log₁₀ x</c> over doubles (TensorPrimitives.Log10).</summary>
public readonly struct DoubleLog10 : IDoubleFunction
{
    public static double Invoke(double x) => Math.Log10(x);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Log10(x, d);
}

/// <summary><c>∛x (keeps the sign)</c> over doubles (TensorPrimitives.Cbrt).</summary>
public readonly struct DoubleCbrt : IDoubleFunction
{
    public static double Invoke(double x) => Math.Cbrt(x);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.Cbrt(x, d);
}

/// <summary><c>1/√x</c> over doubles (TensorPrimitives.ReciprocalSqrt).</summary>
public readonly struct DoubleRsqrt : IDoubleFunction
{
    public static double Invoke(double x) => 1.0 / Math.Sqrt(x);
    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => TensorPrimitives.ReciprocalSqrt(x, d);
}

/// <summary><c>ln(1 + x)</c> over doubles (SpecialFunctions.Log1p).</summary>
public readonly struct DoubleLog1p : IDoubleFunction
{
    public static double Invoke(double x) => SpecialFunctions.Log1p(x);

    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => ScalarLoop.Unary<double, double, DoubleLog1p>(x, d);
}

/// <summary><c>eˣ − 1</c> over doubles (SpecialFunctions.Expm1).</summary>
public readonly struct DoubleExpm1 : IDoubleFunction
{
    public static double Invoke(double x) => SpecialFunctions.Expm1(x);

    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => ScalarLoop.Unary<double, double, DoubleExpm1>(x, d);
}

/// <summary><c>erf x</c> over doubles (SpecialFunctions.Erf).</summary>
public readonly struct DoubleErf : IDoubleFunction
{
    public static double Invoke(double x) => SpecialFunctions.Erf(x);

    public static void Invoke(ReadOnlySpan<double> x, Span<double> d) => ScalarLoop.Unary<double, double, DoubleErf>(x, d);
}

/// <summary><c>atan2(y, x)</c> (C99, signed zeros and infinities included).</summary>
public readonly struct DoubleAtan2 : IDoubleBinaryFunction
{
    public static double Invoke(double y, double x) => Math.Atan2(y, x);
}

/// <summary><c>√(x² + y²)</c> without overflow (SpecialFunctions.Hypot).</summary>
public readonly struct DoubleHypot : IDoubleBinaryFunction
{
    public static double Invoke(double x, double y) => SpecialFunctions.Hypot(x, y);
}

/// <summary><c>xʸ</c> (C99 pow, as Math.Pow).</summary>
public readonly struct DoublePow : IDoubleBinaryFunction
{
    public static double Invoke(double x, double y) => Math.Pow(x, y);
}
