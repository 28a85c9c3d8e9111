using System.Numerics;

namespace Batchwise.Tests.LinearAlgebra.Linalg;

/// <summary>Random well-conditioned inputs and size-scaled closeness checks for the linalg tests.</summary>
internal static class LinalgTestHelpers
{
    /// <summary>A random (batch..., n, n) stack made diagonally heavy so that it is well conditioned.</summary>
    public static Tensor<T> WellConditioned<T>(int[] batch, int n, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Tensor<T> a = Tensor.Randn<T>([.. batch, n, n], seed);
        return a + Tensor.Eye<T>(n) * T.CreateTruncating(2 * Math.Sqrt(n) + 1);
    }

    /// <summary>A random symmetric positive definite stack: <c>G·Gᵀ + n·I</c>.</summary>
    public static Tensor<T> Spd<T>(int[] batch, int n, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Tensor<T> g = Tensor.Randn<T>([.. batch, n, n], seed);
        return Tensor.MatMul(g, g.MT) + Tensor.Eye<T>(n) * T.CreateTruncating(n);
    }

    /// <summary>A random symmetric stack.</summary>
    public static Tensor<T> Symmetric<T>(int[] batch, int n, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Tensor<T> g = Tensor.Randn<T>([.. batch, n, n], seed);
        return (g + g.MT).Copy();
    }

    public static double Eps<T>() => typeof(T) == typeof(float) ? 1.2e-7 : 2.3e-16;

    /// <summary>Asserts |actual - expected| ≤ c·n·eps·(1 + max|expected|) element-wise, shapes equal.</summary>
    public static void AssertClose<T>(Tensor<T> expected, Tensor<T> actual, int n, double c = 50) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        T[] e = expected.ToArray(), a = actual.ToArray();
        double scale = 1;
        foreach (T v in e)
        {
            scale = Math.Max(scale, Math.Abs(double.CreateTruncating(v)));
        }
        double tolerance = c * Math.Max(n, 1) * Eps<T>() * scale;
        for (int i = 0; i < e.Length; i++)
        {
            double diff = Math.Abs(double.CreateTruncating(e[i]) - double.CreateTruncating(a[i]));
            Assert.True(diff <= tolerance, $"element {i}: expected {e[i]}, got {a[i]} (|diff| {diff:E3} > {tolerance:E3})");
        }
    }
}
