using System.Numerics;
using System.Runtime.Intrinsics;
using Batchwise.Kernels.Isa;

namespace Batchwise.Tests.Kernels;

/// <summary>
/// The element-wise primitives of <see cref="IVectorOps{TVector, T}"/> that <see cref="FastExp"/> and
/// <see cref="FastSinCos"/> are written over: every width gives, lane by lane, what the scalar path gives,
/// for float and double.
/// </summary>
public sealed class VectorOpsTests
{
    private static readonly double[] Inputs = [-1000.5, -87.6, -2.5, -1.5, -0.5, -0.0, 0.0, 0.5, 1.5, 2.5, 3.49, 88.9, 1e30, double.NaN];

    [Fact]
    public void Primitives_EveryWidth_MatchScalarFloat() => MatchScalar<float>();

    [Fact]
    public void Primitives_EveryWidth_MatchScalarDouble() => MatchScalar<double>();

    [Fact]
    public void PowerOfTwoEighths_EveryK_IsTheTableEntryScaled()
    {
        // Lanes hold 1.5·2²³ + k; each lane of a register gets a different k, so a lookup that mixed up
        // lanes or read the wrong index bits would fail.
        float[] table = [.. Enumerable.Range(0, 8).Select(j => (float)Math.Pow(2, j / 8.0))];
        for (int first = -1016; first <= 1023; first += 16)
        {
            float[] t = [.. Enumerable.Range(first, 16).Select(k => 12582912f + Math.Min(k, 1023))];
            Vector512<float> wide = Vector512Ops<float>.PowerOfTwoEighths(Vector512.Create(t));
            Vector256<float> v256 = Vector256Ops<float>.PowerOfTwoEighths(Vector256.Create(t));
            Vector128<float> v128 = Vector128Ops<float>.PowerOfTwoEighths(Vector128.Create(t));
            for (int lane = 0; lane < 16; lane++)
            {
                int k = Math.Min(first + lane, 1023);
                float expected = k == -1016 ? 0f : k < -1008 ? Subnormal(table[k & 7]) : MathF.ScaleB(table[k & 7], k >> 3);
                Assert.Equal(expected, wide[lane]);
                Assert.Equal(expected, ScalarOps<float>.PowerOfTwoEighths(t[lane]));
                if (lane < 8)
                {
                    Assert.Equal(expected, v256[lane]);
                }
                if (lane < 4)
                {
                    Assert.Equal(expected, v128[lane]);
                }
            }
        }

        // Below 2^−126 the exponent field is 0: the entry's mantissa bits alone, a subnormal.
        static float Subnormal(float entry) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(entry) & 0x7FFFFF);
    }

    private static void MatchScalar<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T low = T.CreateTruncating(-87.33654), high = T.CreateTruncating(88.72283);
        foreach (double input in Inputs)
        {
            T x = T.CreateTruncating(input);
            // FastExp bounds its input with max(bound, x), then min(bound, ·): a NaN lane must survive both.
            T clamped = ScalarOps<T>.Min(high, ScalarOps<T>.Max(low, x));
            T rounded = ScalarOps<T>.Round(x);
            Assert.True(T.IsNaN(x) ? T.IsNaN(clamped) : clamped == T.Clamp(x, low, high), $"clamp {input}");
            Assert.True(T.IsNaN(x) ? T.IsNaN(rounded) : rounded == T.Round(x), $"round {input}");

            AssertLanes(clamped, Vector128Ops<T>.Min(Vector128.Create(high), Vector128Ops<T>.Max(Vector128.Create(low), Vector128.Create(x))));
            AssertLanes(clamped, Vector256Ops<T>.Min(Vector256.Create(high), Vector256Ops<T>.Max(Vector256.Create(low), Vector256.Create(x))));
            AssertLanes(clamped, Vector512Ops<T>.Min(Vector512.Create(high), Vector512Ops<T>.Max(Vector512.Create(low), Vector512.Create(x))));
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
