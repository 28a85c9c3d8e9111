using Batchwise.Kernels;
using Batchwise.Kernels.Conversion;

namespace Batchwise.Tests.Kernels.Conversion;

/// <summary>
/// The bfloat16 span conversions on every vector path, exhaustively over all 65536 bit patterns, against a
/// reference that picks the nearer neighbour by exact distance.
/// </summary>
[Collection("InstructionSet")]
public sealed class BFloat16ConversionTests
{
    /// <summary>The low halves tried under every high half: both ends, just below, at and above one half, and some others.</summary>
    private static readonly ushort[] LowHalves = [0x0000, 0x0001, 0x7FFF, 0x8000, 0x8001, 0xFFFF, 0x1234, 0xC000];

    /// <summary>Round to nearest, ties to even, by comparing exact distances (float differences are exact in double).</summary>
    internal static ushort ReferenceRound(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return ushort.MaxValue; // checked separately: any NaN with the same sign
        }
        ushort lower = (ushort)(bits >> 16); // toward zero
        if ((bits & 0xFFFF) == 0)
        {
            return lower;
        }
        ushort upper = (ushort)(lower + 1); // away from zero; past the largest finite value this is infinity
        double magnitude = Math.Abs((double)value);
        double low = Math.Abs((double)BitConverter.UInt32BitsToSingle((uint)lower << 16));
        double high = (upper & 0x7FFF) == 0x7F80 ? Math.Pow(2, 128) : Math.Abs((double)BitConverter.UInt32BitsToSingle((uint)upper << 16));
        double below = magnitude - low, above = high - magnitude;
        return below < above ? lower : below > above ? upper : (lower & 1) == 0 ? lower : upper;
    }

    private static float[] AllInputs()
    {
        var inputs = new float[65536 * LowHalves.Length];
        for (int high = 0; high < 65536; high++)
        {
            for (int j = 0; j < LowHalves.Length; j++)
            {
                inputs[high * LowHalves.Length + j] = BitConverter.UInt32BitsToSingle(((uint)high << 16) | LowHalves[j]);
            }
        }
        return inputs;
    }

    private static void AssertRounded(float input, ushort actual, string where)
    {
        if (float.IsNaN(input))
        {
            Assert.True((actual & 0x7FFF) > 0x7F80, $"{where}: NaN {BitConverter.SingleToUInt32Bits(input):X8} became {actual:X4}");
            Assert.Equal(BitConverter.SingleToUInt32Bits(input) >> 31, (uint)actual >> 15);
            return;
        }
        ushort expected = ReferenceRound(input);
        Assert.True(expected == actual, $"{where}: {BitConverter.SingleToUInt32Bits(input):X8} ({input:R}) gave {actual:X4}, expected {expected:X4}");
    }

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Widen_Every16BitPattern_IsTheUpperHalfOfAFloat(VectorWidth width)
    {
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            ushort[] bits = [.. Enumerable.Range(0, 65536).Select(static b => (ushort)b)];
            var result = new float[bits.Length];
            BFloat16Conversion.Widen(bits, result);
            for (int b = 0; b < bits.Length; b++)
            {
                Assert.Equal((uint)b << 16, BitConverter.SingleToUInt32Bits(result[b]));
            }
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Narrow_EveryHighHalfWithEdgeLowHalves_RoundsToNearestEven(VectorWidth width)
    {
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            float[] inputs = AllInputs();
            var result = new ushort[inputs.Length];
            BFloat16Conversion.Narrow(inputs, result);
            for (int i = 0; i < inputs.Length; i++)
            {
                AssertRounded(inputs[i], result[i], $"{width}");
            }
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void NarrowAndWiden_EveryLength0To100_MatchesScalar(VectorWidth width)
    {
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            var random = new Random(16);
            for (int n = 0; n <= 100; n++)
            {
                float[] x = [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 200 - 100))];
                var narrow = new ushort[n + 1];
                narrow[n] = 0xBEEF;
                BFloat16Conversion.Narrow(x, narrow.AsSpan(0, n));
                Assert.Equal(0xBEEF, narrow[n]);
                var wide = new float[n];
                BFloat16Conversion.Widen(narrow.AsSpan(0, n), wide);
                for (int i = 0; i < n; i++)
                {
                    Assert.Equal(BFloat16Conversion.Round(BitConverter.SingleToUInt32Bits(x[i])), narrow[i]);
                    Assert.Equal((float)BFloat16.FromBits(narrow[i]), wide[i]);
                }
            }
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }

    [Fact]
    public void Narrow_ShortDestination_Throws()
    {
        Assert.Throws<ArgumentException>(() => BFloat16Conversion.Narrow(new float[3], new ushort[2]));
        Assert.Throws<ArgumentException>(() => BFloat16Conversion.Widen(new ushort[3], new float[2]));
    }

    [Fact]
    public void ScalarConversion_EveryHighHalfWithEdgeLowHalves_RoundsToNearestEven()
    {
        foreach (float input in AllInputs())
        {
            AssertRounded(input, ((BFloat16)input).RawBits, "scalar");
        }
    }
}
