using Batchwise.Operations;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary>
    /// <c>|a - b| ≤ atol + rtol·|b|</c> element-wise with broadcasting (NumPy's <c>isclose</c>; not symmetric).
    /// Infinities are close only to the same infinity; NaNs are close to each other only with <paramref name="equalNan"/>.
    /// </summary>
    public static Tensor<bool> IsClose<T>(Tensor<T> a, Tensor<T> b, double rtol = 1e-5, double atol = 1e-8, bool equalNan = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int[] shape = ElementwiseEngine.BroadcastShape("isclose", a.Shape, b.Shape);
        T[] x = a.BroadcastTo(shape).ToArray();
        T[] y = b.BroadcastTo(shape).ToArray();
        var result = new bool[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            result[i] = IsClose(double.CreateChecked(x[i]), double.CreateChecked(y[i]), rtol, atol, equalNan);
        }
        return FromArray(result, shape);
    }

    /// <summary>True when every element pair is <see cref="IsClose"/> (NumPy's <c>allclose</c>).</summary>
    public static bool AllClose<T>(Tensor<T> a, Tensor<T> b, double rtol = 1e-5, double atol = 1e-8, bool equalNan = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (bool close in IsClose(a, b, rtol, atol, equalNan).AsSpan())
        {
            if (!close)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>True when both have the same shape and equal elements (NumPy's <c>array_equal</c>; NaN ≠ NaN unless <paramref name="equalNan"/>).</summary>
    public static bool ArrayEqual<T>(Tensor<T> a, Tensor<T> b, bool equalNan = false) where T : unmanaged, IEquatable<T>
    {
        if (!a.Shape.SequenceEqual(b.Shape))
        {
            return false;
        }
        T[] x = a.ToArray(), y = b.ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            if (IsNan(x[i]) || IsNan(y[i]))
            {
                if (equalNan && IsNan(x[i]) && IsNan(y[i]))
                {
                    continue;
                }
                return false;
            }
            if (!EqualityComparer<T>.Default.Equals(x[i], y[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsNan<T>(T value) => value switch
    {
        float f => float.IsNaN(f),
        double d => double.IsNaN(d),
        _ => false,
    };

    /// <summary>
    /// <c>|actual - expected| ≤ atol + rtol·|expected|</c> for two numbers (NumPy's scalar <c>isclose</c>):
    /// infinities are close only to the same infinity; NaNs are close to each other only with <paramref name="equalNan"/>.
    /// </summary>
    public static bool IsClose(double actual, double expected, double rtol = 1e-5, double atol = 1e-8, bool equalNan = false)
    {
        if (double.IsNaN(actual) || double.IsNaN(expected))
        {
            return equalNan && double.IsNaN(actual) && double.IsNaN(expected);
        }
        if (double.IsInfinity(actual) || double.IsInfinity(expected))
        {
            return actual == expected;
        }
        return Math.Abs(actual - expected) <= atol + rtol * Math.Abs(expected);
    }
}
