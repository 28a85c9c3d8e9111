using System.Globalization;
using Batchwise.IO;
using Batchwise.Tests.Kernels.Conversion;

namespace Batchwise.Tests.Tensors;

/// <summary>The BFloat16 value type over all 65536 patterns, and the 16-bit float types in tensors.</summary>
public class BFloat16Tests
{
    private static IEnumerable<BFloat16> All() => Enumerable.Range(0, 65536).Select(static b => BFloat16.FromBits((ushort)b));

    [Fact]
    public void Widening_EveryPattern_IsExactAndRoundTrips()
    {
        foreach (BFloat16 b in All())
        {
            float f = (float)b;
            Assert.Equal((uint)b.RawBits << 16, BitConverter.SingleToUInt32Bits(f));
            Assert.Equal(BitConverter.SingleToUInt32Bits(f), BitConverter.SingleToUInt32Bits((float)(double)b));
            if (!float.IsNaN(f))
            {
                Assert.Equal(b.RawBits, ((BFloat16)f).RawBits);
                Assert.Equal(b.RawBits, ((BFloat16)(double)b).RawBits);
            }
            else
            {
                Assert.True(BFloat16.IsNaN((BFloat16)f) && BFloat16.IsNaN((BFloat16)(double)f));
            }
        }
    }

    [Fact]
    public void FromDouble_JustAroundEveryMidpoint_RoundsOnce()
    {
        // Through float, m ± tiny would first round to the midpoint m and then tie to even: a double rounding.
        foreach (BFloat16 low in All())
        {
            if (!BFloat16.IsFinite(low) || low.RawBits == 0x7F7F || low.RawBits == 0xFF7F)
            {
                continue;
            }
            BFloat16 high = BFloat16.FromBits((ushort)(low.RawBits + 1));
            double midpoint = ((double)low + (double)high) / 2;
            double tiny = Math.Max(Math.Abs(midpoint) * Math.Pow(2, -40), double.Epsilon);
            double awayFromZero = midpoint + Math.CopySign(tiny, midpoint);
            double towardZero = midpoint - Math.CopySign(tiny, midpoint);
            if (Math.Abs(towardZero) <= Math.Abs((double)low) && midpoint != 0)
            {
                continue; // the subnormal floor: no double lies strictly between
            }
            Assert.Equal(high.RawBits, ((BFloat16)awayFromZero).RawBits);
            Assert.Equal(low.RawBits, ((BFloat16)towardZero).RawBits);
            Assert.Equal((low.RawBits & 1) == 0 ? low.RawBits : high.RawBits, ((BFloat16)midpoint).RawBits);
        }
        Assert.Equal(BFloat16.PositiveInfinity.RawBits, ((BFloat16)1e300).RawBits);
        Assert.Equal(BFloat16.NegativeInfinity.RawBits, ((BFloat16)(-1e300)).RawBits);
        Assert.Equal(0x8000, ((BFloat16)(-1e-300)).RawBits);
        Assert.True(BFloat16.IsNaN((BFloat16)double.NaN));
    }

    [Fact]
    public void FromHalf_EveryHalf_MatchesRoundingItsFloat()
    {
        for (int b = 0; b < 65536; b++)
        {
            Half h = BitConverter.UInt16BitsToHalf((ushort)b);
            ushort expected = BFloat16ConversionTests.ReferenceRound((float)h);
            if (Half.IsNaN(h))
            {
                Assert.True(BFloat16.IsNaN((BFloat16)h));
            }
            else
            {
                Assert.Equal(expected, ((BFloat16)h).RawBits);
            }
        }
    }

    [Fact]
    public void EqualityAndOrder_EveryPattern_FollowFloat()
    {
        var random = new Random(3);
        BFloat16[] all = [.. All()];
        foreach (BFloat16 a in all)
        {
            BFloat16 b = all[random.Next(all.Length)];
            (float fa, float fb) = ((float)a, (float)b);
            Assert.Equal(fa == fb, a == b);
            Assert.Equal(fa != fb, a != b);
            Assert.Equal(fa < fb, a < b);
            Assert.Equal(fa >= fb, a >= b);
            Assert.Equal(fa.Equals(fb), a.Equals(b));
            Assert.Equal(Math.Sign(fa.CompareTo(fb)), Math.Sign(a.CompareTo(b)));
            if (fa.Equals(fb))
            {
                Assert.Equal(a.GetHashCode(), b.GetHashCode());
            }
        }
        Assert.True(BFloat16.NaN.Equals(BFloat16.NaN));
        Assert.False(BFloat16.NaN == BFloat16.NaN);
        Assert.True(BFloat16.Zero == -BFloat16.Zero);
        Assert.Equal(BFloat16.Zero.GetHashCode(), (-BFloat16.Zero).GetHashCode());
    }

    [Fact]
    public void ToString_EveryFinitePattern_IsShortAndReadsBack()
    {
        foreach (BFloat16 b in All().Where(BFloat16.IsFinite))
        {
            string text = b.ToString(null, CultureInfo.InvariantCulture);
            Assert.Equal(b.RawBits, ((BFloat16)float.Parse(text, CultureInfo.InvariantCulture)).RawBits);
            // 8 significant bits never need more than 4 significant digits.
            string significant = new string([.. text.TakeWhile(static c => c is not ('E' or 'e')).Where(char.IsAsciiDigit)]).Trim('0');
            Assert.True(significant.Length <= 4, text);
        }
        Assert.Equal("0.1", ((BFloat16)0.1f).ToString(null, CultureInfo.InvariantCulture));
        Assert.Equal("3.14", ((BFloat16)3.140625f).ToString(null, CultureInfo.InvariantCulture));
        Assert.Equal("1", BFloat16.One.ToString(null, CultureInfo.InvariantCulture));
        Assert.Equal("-0", (-BFloat16.Zero).ToString(null, CultureInfo.InvariantCulture));
        Assert.Equal("3.39E+38", BFloat16.MaxValue.ToString(null, CultureInfo.InvariantCulture));
        Assert.Equal("NaN", BFloat16.NaN.ToString(null, CultureInfo.InvariantCulture));
        Assert.Equal("1.00", BFloat16.One.ToString("F2", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void GenericMath_ArithmeticAndConversions_RoundOnceFromFloat()
    {
        var random = new Random(5);
        for (int i = 0; i < 20000; i++)
        {
            BFloat16 a = BFloat16.FromBits((ushort)random.Next(65536)), b = BFloat16.FromBits((ushort)random.Next(65536));
            (float fa, float fb) = ((float)a, (float)b);
            AssertSame((BFloat16)(fa + fb), a + b);
            AssertSame((BFloat16)(fa - fb), a - b);
            AssertSame((BFloat16)(fa * fb), a * b);
            AssertSame((BFloat16)(fa / fb), a / b);
        }
        Assert.Equal(2.5f, float.CreateTruncating((BFloat16)2.5f));
        Assert.Equal(-3, int.CreateTruncating((BFloat16)(-3.75f)));
        Assert.Equal((BFloat16)1.5f, Create<BFloat16, double>(1.5));
        Assert.Equal((BFloat16)256f, Create<BFloat16, int>(257)); // 257 needs 9 bits: ties to even
        Assert.Equal((BFloat16)0.1, BFloat16.Parse("0.1", CultureInfo.InvariantCulture));
        Assert.True(BFloat16.IsSubnormal(BFloat16.Epsilon) && !BFloat16.IsNormal(BFloat16.Epsilon) && BFloat16.IsNormal(BFloat16.One));
        Assert.True(BFloat16.IsNegative(-BFloat16.Zero) && BFloat16.IsZero(-BFloat16.Zero));
    }

    private static T Create<T, TFrom>(TFrom value) where T : System.Numerics.INumberBase<T> where TFrom : System.Numerics.INumberBase<TFrom> =>
        T.CreateTruncating(value);

    private static void AssertSame(BFloat16 expected, BFloat16 actual)
    {
        Assert.True(expected.RawBits == actual.RawBits || (BFloat16.IsNaN(expected) && BFloat16.IsNaN(actual)), $"{expected.RawBits:X4} vs {actual.RawBits:X4}");
    }

    [Fact]
    public void TensorTo_FloatBFloat16HalfDouble_ConvertAsTheScalars()
    {
        var random = new Random(9);
        float[] values = [.. Enumerable.Range(0, 4 * 37).Select(_ => (float)(random.NextDouble() * 10 - 5)), float.NaN, float.PositiveInfinity, -0f, 3.4e38f];
        Tensor<float> x = Tensor.FromArray(values).Reshape(4, 38);
        Tensor<float> view = x.Transpose()[TensorIndex.Slice(null, null, 3)]; // strided
        Tensor<BFloat16> bf = view.To<BFloat16>();
        Assert.Equal(view.ToArray().Select(static v => ((BFloat16)v).RawBits), bf.ToArray().Select(static v => v.RawBits));
        Assert.Equal(bf.ToArray().Select(static v => (float)v), bf.To<float>().ToArray());
        Assert.Equal(bf.ToArray().Select(static v => (double)v), bf.To<double>().ToArray());
        Assert.Equal(bf.ToArray().Select(static v => (float)v), Tensor.ToSingle(bf).ToArray());
        Tensor<Half> half = view.To<Half>();
        Assert.Equal(view.ToArray().Select(static v => (Half)v), half.ToArray());
        Assert.Equal(half.ToArray().Select(static v => (float)v), half.To<float>().ToArray());
        Tensor<double> wide = Tensor.FromArray([1 + Math.Pow(2, -8) + Math.Pow(2, -40), 0.1]);
        Assert.Equal([(BFloat16)(1 + 1.0 / 128), (BFloat16)0.1], wide.To<BFloat16>().ToArray()); // once from double
        Assert.Equal([3, -2], Tensor.FromArray([(BFloat16)3.5f, (BFloat16)(-2.5f)]).To<int>().ToArray());
    }

    [Fact]
    public void Printing_HalfAndBFloat16_UseTheirOwnShortestDigits()
    {
        Assert.Equal("[0.1  1.   3.14]", Tensor.FromArray([(Half)0.1, (Half)1, (Half)3.14]).ToString());
        Assert.Equal("[ 0.5   1.   -2.25]", Tensor.FromArray([(Half)0.5, (Half)1, (Half)(-2.25)]).ToString());
        Assert.Equal("[6.55e+04 1.00e-03]", Tensor.FromArray([(Half)65504, (Half)1e-3]).ToString());
        Assert.Equal("0.1", Tensor.Scalar((Half)0.1).ToString());
        Assert.Equal("[0.1  1.   3.14]", Tensor.FromArray([(BFloat16)0.1f, BFloat16.One, (BFloat16)3.14f]).ToString());
        Assert.Equal("0.1", Tensor.Scalar((BFloat16)0.1f).ToString());
        Assert.Equal("[ nan  inf -inf]", Tensor.FromArray([BFloat16.NaN, BFloat16.PositiveInfinity, BFloat16.NegativeInfinity]).ToString());
    }

    [Fact]
    public void DTypes_SixteenBitFloats_HaveNumPyAndTorchNames()
    {
        Assert.Equal("float16", DTypes.NameOf<Half>());
        Assert.Equal("bfloat16", DTypes.NameOf<BFloat16>());
    }

    [Fact]
    public void NpyLoad_F2FileAsHalf_GivesTheStoredValues()
    {
        string path = TestData.Path(Path.Combine("npy", "le_f2_c_v1.npy"));
        Tensor<Half> half = Npy.Load<Half>(path);
        Assert.Equal(Npy.Load<float>(path).ToArray().Select(static v => (Half)v), half.ToArray());
        Assert.Throws<NotSupportedException>(() => Npy.Save(new MemoryStream(), Tensor.FromArray([BFloat16.One])));
    }
}
