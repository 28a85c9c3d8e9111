using System.Globalization;
using System.Runtime.InteropServices;
using Batchwise.Kernels.Conversion;

namespace Batchwise;

/// <summary>
/// The bfloat16 format ("brain float"): the upper 16 bits of an IEEE float32 (1 sign bit, 8 exponent bits,
/// 7 stored mantissa bits), so it has float32's range with about 3 significant decimal digits. Widening to
/// <see cref="float"/> is exact; narrowing from <see cref="float"/> or <see cref="double"/> rounds to nearest,
/// ties to even (once, also from double), overflows to ±infinity and keeps NaN a NaN. Equality and order
/// follow <see cref="float"/>'s: <c>==</c> is false for NaN, <see cref="Equals(BFloat16)"/> treats NaNs as equal
/// and -0 as +0, <see cref="CompareTo(BFloat16)"/> puts NaN first.
/// It implements <see cref="INumber{TSelf}"/>, so tensors of it convert with <c>To</c> and work in generic
/// operations; arithmetic is float32 arithmetic rounded once, which is the correctly rounded bfloat16 result.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 2)]
public readonly partial struct BFloat16 : INumber<BFloat16>, IMinMaxValue<BFloat16>
{
    private readonly ushort _bits;

    private BFloat16(ushort bits) => _bits = bits;

    /// <summary>The raw 16 bits.</summary>
    public ushort RawBits => _bits;

    /// <summary>The value with the given raw bits.</summary>
    public static BFloat16 FromBits(ushort bits) => new(bits);

    /// <summary>Positive zero.</summary>
    public static BFloat16 Zero => new(0);

    /// <summary>One.</summary>
    public static BFloat16 One => new(0x3F80);

    /// <summary>A quiet NaN (the bits PyTorch uses, 0x7FC0).</summary>
    public static BFloat16 NaN => new(0x7FC0);

    /// <summary>+∞.</summary>
    public static BFloat16 PositiveInfinity => new(0x7F80);

    /// <summary>−∞.</summary>
    public static BFloat16 NegativeInfinity => new(0xFF80);

    /// <summary>The largest finite value, (2 − 2⁻⁷)·2¹²⁷ ≈ 3.39e38.</summary>
    public static BFloat16 MaxValue => new(0x7F7F);

    /// <summary>The most negative finite value.</summary>
    public static BFloat16 MinValue => new(0xFF7F);

    /// <summary>The smallest positive (subnormal) value, 2⁻¹³³.</summary>
    public static BFloat16 Epsilon => new(0x0001);

    /// <summary>True for a NaN.</summary>
    public static bool IsNaN(BFloat16 value) => (value._bits & 0x7FFF) > 0x7F80;

    /// <summary>True for ±∞.</summary>
    public static bool IsInfinity(BFloat16 value) => (value._bits & 0x7FFF) == 0x7F80;

    /// <summary>True for a value that is neither NaN nor infinite.</summary>
    public static bool IsFinite(BFloat16 value) => (value._bits & 0x7F80) != 0x7F80;

    /// <summary>The exact float32 value (the bits shifted up by 16).</summary>
    public static explicit operator float(BFloat16 value) => BitConverter.UInt32BitsToSingle((uint)value._bits << 16);

    /// <summary>The exact float64 value.</summary>
    public static explicit operator double(BFloat16 value) => (float)value;

    /// <summary>The value rounded to the nearest <see cref="Half"/> (one rounding, ties to even).</summary>
    public static explicit operator Half(BFloat16 value) => (Half)(float)value;

    /// <summary>The nearest bfloat16 (ties to even, overflow to ±∞, NaN stays NaN).</summary>
    public static explicit operator BFloat16(float value) => new(BFloat16Conversion.Round(BitConverter.SingleToUInt32Bits(value)));

    /// <summary>
    /// The nearest bfloat16 to a double, rounded once: the double is first rounded to float32 <i>to odd</i>
    /// (truncated, lowest bit set when inexact), which float32's 16 extra bits make safe from double rounding.
    /// </summary>
    public static explicit operator BFloat16(double value)
    {
        float f = (float)value;
        if (double.IsNaN(value) || (double)f == value)
        {
            return (BFloat16)f;
        }
        uint bits = BitConverter.SingleToUInt32Bits(f);
        if (Math.Abs((double)f) > Math.Abs(value))
        {
            bits--; // one step toward zero: the magnitude bits are monotonic in the value
        }
        return new(BFloat16Conversion.Round(bits | 1u));
    }

    /// <summary>The nearest bfloat16 to a <see cref="Half"/> (exact except for rounding of 10 to 7 mantissa bits).</summary>
    public static explicit operator BFloat16(Half value) => (BFloat16)(float)value;

    /// <summary>IEEE equality (false when either is NaN; +0 equals −0).</summary>
    public static bool operator ==(BFloat16 left, BFloat16 right) => (float)left == (float)right;

    /// <summary>IEEE inequality (true when either is NaN).</summary>
    public static bool operator !=(BFloat16 left, BFloat16 right) => (float)left != (float)right;

    /// <summary>IEEE less-than (false when either is NaN).</summary>
    public static bool operator <(BFloat16 left, BFloat16 right) => (float)left < (float)right;

    /// <summary>IEEE greater-than (false when either is NaN).</summary>
    public static bool operator >(BFloat16 left, BFloat16 right) => (float)left > (float)right;

    /// <summary>IEEE less-or-equal (false when either is NaN).</summary>
    public static bool operator <=(BFloat16 left, BFloat16 right) => (float)left <= (float)right;

    /// <summary>IEEE greater-or-equal (false when either is NaN).</summary>
    public static bool operator >=(BFloat16 left, BFloat16 right) => (float)left >= (float)right;

    /// <summary>Equality as <see cref="float.Equals(float)"/>: NaN equals NaN, −0 equals +0.</summary>
    public bool Equals(BFloat16 other) => ((float)this).Equals((float)other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BFloat16 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => ((float)this).GetHashCode();

    /// <summary>Order as <see cref="float.CompareTo(float)"/>: NaN below everything, −0 equal to +0.</summary>
    public int CompareTo(BFloat16 other) => ((float)this).CompareTo((float)other);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="obj"/> is not a <see cref="BFloat16"/> or null.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        BFloat16 other => CompareTo(other),
        _ => throw new ArgumentException("object is not a BFloat16", nameof(obj)),
    };

    /// <summary>
    /// The shortest decimal that reads back (through float32, rounded to bfloat16) as this value, written as
    /// <see cref="float.ToString()"/> writes: <c>0.1</c> for the bfloat16 nearest 0.1 (0.10009765625).
    /// </summary>
    public override string ToString() => ToString(null, null);

    /// <summary>
    /// The value formatted with a float32 format string; with none (or "R"/"G"), the shortest round-trip form
    /// as <see cref="ToString()"/>.
    /// </summary>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        float value = (float)this;
        if (!string.IsNullOrEmpty(format) && format is not ("R" or "r" or "G" or "g"))
        {
            return value.ToString(format, formatProvider);
        }
        if (!float.IsFinite(value) || value == 0)
        {
            return value.ToString(formatProvider);
        }
        // A bfloat16 has 8 significant bits, so at most 4 significant digits tell it apart; try fewer first.
        for (int digits = 1; digits < 9; digits++)
        {
            float candidate = float.Parse(value.ToString("E" + (digits - 1), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (((BFloat16)candidate)._bits == _bits)
            {
                return candidate.ToString(formatProvider);
            }
        }
        return value.ToString(formatProvider);
    }

    /// <summary>
    /// Widens bfloat16 values to float32 (exact; vectorised: a 16-bit shift per element).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="source"/>.</exception>
    public static void ToSingle(ReadOnlySpan<BFloat16> source, Span<float> destination) =>
        BFloat16Conversion.Widen(MemoryMarshal.Cast<BFloat16, ushort>(source), destination);

    /// <summary>
    /// Narrows float32 values to bfloat16 (vectorised; ties to even, overflow to ±∞, NaN stays NaN).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="source"/>.</exception>
    public static void FromSingle(ReadOnlySpan<float> source, Span<BFloat16> destination) =>
        BFloat16Conversion.Narrow(source, MemoryMarshal.Cast<BFloat16, ushort>(destination));
}
