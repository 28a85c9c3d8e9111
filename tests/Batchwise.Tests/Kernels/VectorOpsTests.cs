using System.Numerics;
using System.Runtime.Intrinsics;
using Batchwise.Kernels.Isa;

namespace Batchwise.Tests.Kernels;

/// <summary>
/// The element-wise primitives of <see cref="IVectorOps{TVector, T}"/> that <see cref="FastExp"/> is written
/// over: every width gives, lane by lane, what the scalar path gives, for float and double.
/// </summary>
public sealed class VectorOpsTests
{
    private static readonly double[] Inputs = [-1000.5, -87.6, -2.5, -1.5, -0.5, -0.0, 0.0, 0.5, 1.5, 2.5, 3.49, 88.9, 1e30, double.NaN];

    [Fact]
    public void Primitives_EveryWidth_MatchScalarFloat() => MatchScalar<float>();

    [Fact]
    public void Primitives_EveryWidth_MatchScalarDouble() => MatchScalar<double>();

    [Fact]
    public void Pow2_IntegralExponents_ArePowersOfTwo()
    {
        foreach (int n in new[] { -126, -10, -1, 0, 1, 10, 127 })
        {
            Assert.Equal(MathF.ScaleB(1f, n), Vector256Ops<float>.Pow2(Vector256.Create((float)n)).ToScalar());
            Assert.Equal(Math.ScaleB(1.0, n), Vector512Ops<double>.Pow2(Vector512.Create((double)n)).ToScalar());
            Assert.Equal(MathF.ScaleB(1f, n), ScalarOps<float>.Pow2(n));
        }

        // One below the normal range is +0, one above is +∞, on every width.
        foreach (float n in new[] { -127f, 128f })
        {
            float expected = n < 0 ? 0f : float.PositiveInfinity;
            Assert.Equal(expected, ScalarOps<float>.Pow2(n));
            Assert.Equal(expected, Vector128Ops<float>.Pow2(Vector128.Create(n)).ToScalar());
            Assert.Equal(expected, Vector256Ops<float>.Pow2(Vector256.Create(n)).ToScalar());
            Assert.Equal(expected, Vector512Ops<float>.Pow2(Vector512.Create(n)).ToScalar());
        }

        Assert.Equal(0.0, ScalarOps<double>.Pow2(-1023.0));
        Assert.Equal(0.0, Vector512Ops<double>.Pow2(Vector512.Create(-1023.0)).ToScalar());
    }

    private static void MatchScalar<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T low = T.CreateTruncating(-87.33654), high = T.CreateTruncating(88.72283);
        foreach (double input in Inputs)
        {
            T x = T.CreateTruncating(input);
            T clamped = ScalarOps<T>.Clamp(x, low, high);
            T rounded = ScalarOps<T>.Round(x);
            Assert.True(T.IsNaN(x) ? T.IsNaN(clamped) : clamped == T.Clamp(x, low, high), $"clamp {input}");
            Assert.True(T.IsNaN(x) ? T.IsNaN(rounded) : rounded == T.Round(x), $"round {input}");

            AssertLanes(clamped, Vector128Ops<T>.Clamp(Vector128.Create(x), Vector128.Create(low), Vector128.Create(high)));
            AssertLanes(clamped, Vector256Ops<T>.Clamp(Vector256.Create(x), Vector256.Create(low), Vector256.Create(high)));
            AssertLanes(clamped, Vector512Ops<T>.Clamp(Vector512.Create(x), Vector512.Create(low), Vector512.Create(high)));
            AssertLanes(rounded, Vector128Ops<T>.Round(Vector128.Create(x)));
            AssertLanes(rounded, Vector256Ops<T>.Round(Vector256.Create(x)));
            AssertLanes(rounded, Vector512Ops<T>.Round(Vector512.Create(x)));
        }
    }

    private static void AssertLanes<T>(T expected, Vector128<T> actual)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < Vector128<T>.Count; i++)
        {
            Assert.True(Same(expected, actual[i]), $"lane {i}: {actual[i]}, expected {expected}");
        }
    }

    private static void AssertLanes<T>(T expected, Vector256<T> actual)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        AssertLanes(expected, actual.GetLower());
        AssertLanes(expected, actual.GetUpper());
    }

    private static void AssertLanes<T>(T expected, Vector512<T> actual)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        AssertLanes(expected, actual.GetLower());
        AssertLanes(expected, actual.GetUpper());
    }

    private static bool Same<T>(T a, T b)
        where T : unmanaged, IFloatingPointIeee754<T> => T.IsNaN(a) ? T.IsNaN(b) : a == b;
}
