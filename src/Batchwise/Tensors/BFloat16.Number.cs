using System.Globalization;
using System.Runtime.CompilerServices;

namespace Batchwise;

// The generic-math surface of BFloat16, so that it works wherever Batchwise takes INumberBase<T> (To,
// comparisons, reductions). Arithmetic is float32 arithmetic rounded once to bfloat16: float32 has more
// than 2 × 8 + 2 significant bits, so the result is the correctly rounded bfloat16 one (no double rounding).
public readonly partial struct BFloat16
{
    /// <summary>−1.</summary>
    public static BFloat16 NegativeOne => new(0xBF80);

    static BFloat16 IAdditiveIdentity<BFloat16, BFloat16>.AdditiveIdentity => Zero;

    static BFloat16 IMultiplicativeIdentity<BFloat16, BFloat16>.MultiplicativeIdentity => One;

    static int INumberBase<BFloat16>.Radix => 2;

    /// <summary>The sum, correctly rounded.</summary>
    public static BFloat16 operator +(BFloat16 left, BFloat16 right) => (BFloat16)((float)left + (float)right);

    /// <summary>The difference, correctly rounded.</summary>
    public static BFloat16 operator -(BFloat16 left, BFloat16 right) => (BFloat16)((float)left - (float)right);

    /// <summary>The product, correctly rounded.</summary>
    public static BFloat16 operator *(BFloat16 left, BFloat16 right) => (BFloat16)((float)left * (float)right);

    /// <summary>The quotient, correctly rounded.</summary>
    public static BFloat16 operator /(BFloat16 left, BFloat16 right) => (BFloat16)((float)left / (float)right);

    /// <summary>The remainder as <see cref="float"/>'s <c>%</c> (exact, so no rounding).</summary>
    public static BFloat16 operator %(BFloat16 left, BFloat16 right) => (BFloat16)((float)left % (float)right);

    /// <summary>The value with its sign flipped (NaN too).</summary>
    public static BFloat16 operator -(BFloat16 value) => new((ushort)(value._bits ^ 0x8000));

    /// <summary>The value.</summary>
    public static BFloat16 operator +(BFloat16 value) => value;

    /// <summary>The value plus one.</summary>
    public static BFloat16 operator ++(BFloat16 value) => value + One;

    /// <summary>The value minus one.</summary>
    public static BFloat16 operator --(BFloat16 value) => value - One;

    /// <summary>|x| (clears the sign bit, NaN too).</summary>
    public static BFloat16 Abs(BFloat16 value) => new((ushort)(value._bits & 0x7FFF));

    /// <summary>True for every value (one encoding per value).</summary>
    public static bool IsCanonical(BFloat16 value) => true;

    /// <summary>False: a real number.</summary>
    public static bool IsComplexNumber(BFloat16 value) => false;

    /// <summary>True for an even integer.</summary>
    public static bool IsEvenInteger(BFloat16 value) => float.IsEvenInteger((float)value);

    /// <summary>False: a real number.</summary>
    public static bool IsImaginaryNumber(BFloat16 value) => false;

    /// <summary>True for an integer.</summary>
    public static bool IsInteger(BFloat16 value) => float.IsInteger((float)value);

    /// <summary>True when the sign bit is set (−0 and negative NaNs included).</summary>
    public static bool IsNegative(BFloat16 value) => (value._bits & 0x8000) != 0;

    /// <summary>True for −∞.</summary>
    public static bool IsNegativeInfinity(BFloat16 value) => value._bits == 0xFF80;

    /// <summary>True for a normal number (not zero, subnormal, infinite or NaN).</summary>
    public static bool IsNormal(BFloat16 value) => (value._bits & 0x7F80) is not (0 or 0x7F80);

    /// <summary>True for an odd integer.</summary>
    public static bool IsOddInteger(BFloat16 value) => float.IsOddInteger((float)value);

    /// <summary>True when the sign bit is clear.</summary>
    public static bool IsPositive(BFloat16 value) => (value._bits & 0x8000) == 0;

    /// <summary>True for +∞.</summary>
    public static bool IsPositiveInfinity(BFloat16 value) => value._bits == 0x7F80;

    /// <summary>True unless NaN.</summary>
    public static bool IsRealNumber(BFloat16 value) => !IsNaN(value);

    /// <summary>True for a subnormal number.</summary>
    public static bool IsSubnormal(BFloat16 value) => (value._bits & 0x7F80) == 0 && (value._bits & 0x007F) != 0;

    /// <summary>True for ±0.</summary>
    public static bool IsZero(BFloat16 value) => (value._bits & 0x7FFF) == 0;

    /// <summary>As <see cref="float.MaxMagnitude(float, float)"/>.</summary>
    public static BFloat16 MaxMagnitude(BFloat16 x, BFloat16 y) => (BFloat16)float.MaxMagnitude((float)x, (float)y);

    /// <summary>As <see cref="float.MaxMagnitudeNumber(float, float)"/>.</summary>
    public static BFloat16 MaxMagnitudeNumber(BFloat16 x, BFloat16 y) => (BFloat16)float.MaxMagnitudeNumber((float)x, (float)y);

    /// <summary>As <see cref="float.MinMagnitude(float, float)"/>.</summary>
    public static BFloat16 MinMagnitude(BFloat16 x, BFloat16 y) => (BFloat16)float.MinMagnitude((float)x, (float)y);

    /// <summary>As <see cref="float.MinMagnitudeNumber(float, float)"/>.</summary>
    public static BFloat16 MinMagnitudeNumber(BFloat16 x, BFloat16 y) => (BFloat16)float.MinMagnitudeNumber((float)x, (float)y);

    /// <summary>Parses a number as <see cref="double"/> does and rounds it once to bfloat16.</summary>
    /// <exception cref="FormatException">Not a number.</exception>
    public static BFloat16 Parse(string s, NumberStyles style = NumberStyles.Float | NumberStyles.AllowThousands, IFormatProvider? provider = null) =>
        (BFloat16)double.Parse(s, style, provider);

    /// <inheritdoc cref="Parse(string, NumberStyles, IFormatProvider?)"/>
    public static BFloat16 Parse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider) => (BFloat16)double.Parse(s, style, provider);

    /// <inheritdoc cref="Parse(string, NumberStyles, IFormatProvider?)"/>
    public static BFloat16 Parse(string s, IFormatProvider? provider) => (BFloat16)double.Parse(s, provider);

    /// <inheritdoc cref="Parse(string, NumberStyles, IFormatProvider?)"/>
    public static BFloat16 Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => (BFloat16)double.Parse(s, provider);

    /// <summary>Parses as <see cref="Parse(string, NumberStyles, IFormatProvider?)"/>; false when not a number.</summary>
    public static bool TryParse(string? s, NumberStyles style, IFormatProvider? provider, out BFloat16 result) =>
        Rounded(double.TryParse(s, style, provider, out double d), d, out result);

    /// <inheritdoc cref="TryParse(string?, NumberStyles, IFormatProvider?, out BFloat16)"/>
    public static bool TryParse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, out BFloat16 result) =>
        Rounded(double.TryParse(s, style, provider, out double d), d, out result);

    /// <inheritdoc cref="TryParse(string?, NumberStyles, IFormatProvider?, out BFloat16)"/>
    public static bool TryParse(string? s, IFormatProvider? provider, out BFloat16 result) =>
        Rounded(double.TryParse(s, provider, out double d), d, out result);

    /// <inheritdoc cref="TryParse(string?, NumberStyles, IFormatProvider?, out BFloat16)"/>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out BFloat16 result) =>
        Rounded(double.TryParse(s, provider, out double d), d, out result);

    private static bool Rounded(bool parsed, double value, out BFloat16 result)
    {
        result = parsed ? (BFloat16)value : Zero;
        return parsed;
    }

    /// <summary>Formats as <see cref="ToString(string?, IFormatProvider?)"/> into a span.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        string text = ToString(format.IsEmpty ? null : format.ToString(), provider);
        charsWritten = text.Length <= destination.Length ? text.Length : 0;
        return text.AsSpan().TryCopyTo(destination);
    }

    static bool INumberBase<BFloat16>.TryConvertFromChecked<TOther>(TOther value, out BFloat16 result) => TryConvertFrom(value, out result);

    static bool INumberBase<BFloat16>.TryConvertFromSaturating<TOther>(TOther value, out BFloat16 result) => TryConvertFrom(value, out result);

    static bool INumberBase<BFloat16>.TryConvertFromTruncating<TOther>(TOther value, out BFloat16 result) => TryConvertFrom(value, out result);

    static bool INumberBase<BFloat16>.TryConvertToChecked<TOther>(BFloat16 value, out TOther result)
    {
        result = TOther.CreateChecked((float)value);
        return true;
    }

    static bool INumberBase<BFloat16>.TryConvertToSaturating<TOther>(BFloat16 value, out TOther result)
    {
        result = TOther.CreateSaturating((float)value);
        return true;
    }

    static bool INumberBase<BFloat16>.TryConvertToTruncating<TOther>(BFloat16 value, out TOther result)
    {
        result = TOther.CreateTruncating((float)value);
        return true;
    }

    // From any number: one rounding from float, double or Half; other types go through double, which is
    // exact for every integer type but 64-bit values beyond 2^53 (those may round twice).
    private static bool TryConvertFrom<TOther>(TOther value, out BFloat16 result) where TOther : INumberBase<TOther>
    {
        if (typeof(TOther) == typeof(BFloat16))
        {
            result = Unsafe.As<TOther, BFloat16>(ref value);
        }
        else if (typeof(TOther) == typeof(float))
        {
            result = (BFloat16)Unsafe.As<TOther, float>(ref value);
        }
        else if (typeof(TOther) == typeof(Half))
        {
            result = (BFloat16)Unsafe.As<TOther, Half>(ref value);
        }
        else
        {
            result = (BFloat16)double.CreateTruncating(value);
        }
        return true;
    }
}
