using System.Globalization;
using System.Text;

namespace Batchwise.Printing;

/// <summary>
/// Formats the elements of one tensor to a common width, as NumPy's <c>FloatingFormat</c>,
/// <c>IntegerFormat</c> and <c>BoolFormat</c> do with the default <c>floatmode='maxprec'</c>: each float
/// gets the shortest digits that identify it, at most <see cref="PrintOptions.Precision"/> after the
/// point (rounded half to even on the exact binary value); scientific notation when a non-zero
/// magnitude is at least 1e8, or (unless suppressed) below 1e-4, or the largest over the smallest
/// passes 1000.
/// </summary>
internal sealed class ElementFormatter<T>
{
    private readonly int _precision;
    private readonly bool _scientific;
    private readonly int _padLeft;
    private readonly int _padRight;
    private readonly int _exponentDigits;
    private readonly int _width;

    public ElementFormatter(T[] shown, PrintOptions options)
    {
        _precision = options.Precision;
        if (IsFloat)
        {
            var finite = new List<double>(shown.Length);
            double maxAbs = 0, minAbs = double.PositiveInfinity;
            bool negativeInfinity = false;
            foreach (T value in shown)
            {
                double v = ToDouble(value);
                if (double.IsFinite(v))
                {
                    finite.Add(v);
                    if (v != 0)
                    {
                        maxAbs = Math.Max(maxAbs, Math.Abs(v));
                        minAbs = Math.Min(minAbs, Math.Abs(v));
                    }
                }
                negativeInfinity |= double.IsNegativeInfinity(v);
            }
            _scientific = maxAbs > 0 && (maxAbs >= 1e8 || (!options.Suppress && (minAbs < 1e-4 || maxAbs / minAbs > 1e3)));
            if (finite.Count > 0)
            {
                foreach (double v in finite)
                {
                    string s = _scientific ? Scientific(v, _precision) : Positional(v, _precision);
                    int e = s.IndexOf('e');
                    string mantissa = e < 0 ? s : s[..e];
                    int dot = mantissa.IndexOf('.');
                    _padLeft = Math.Max(_padLeft, dot);
                    _padRight = Math.Max(_padRight, mantissa.Length - dot - 1);
                    if (e >= 0)
                    {
                        _exponentDigits = Math.Max(_exponentDigits, s.Length - e - 2);
                    }
                }
                if (_scientific)
                {
                    // All mantissas get the longest one's digits; the width behind the point counts them,
                    // the 'e', the exponent's sign and its digits.
                    _precision = _padRight;
                    _padRight = _exponentDigits + 2 + _precision;
                }
            }
            if (finite.Count != shown.Length)
            {
                int offset = _padRight + 1;
                _padLeft = Math.Max(_padLeft, Math.Max(3 - offset, 3 + (negativeInfinity ? 1 : 0) - offset));
            }
            _width = _padLeft + _padRight + 1;
        }
        else if (typeof(T) == typeof(bool))
        {
            // NumPy prints " True" so that True and False align, even when no False is shown.
            _width = 5;
        }
        else
        {
            foreach (T value in shown)
            {
                _width = Math.Max(_width, IntegerText(value).Length);
            }
        }
    }

    private static bool IsFloat => typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half) || typeof(T) == typeof(BFloat16);

    private static double ToDouble(T value) => value switch
    {
        float f => f,
        double d => d,
        Half h => (double)h,
        BFloat16 b => (double)b,
        _ => 0,
    };

    private static string IntegerText(T value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    /// <summary>One element, padded to the common width.</summary>
    public string Format(T value)
    {
        if (value is bool b)
        {
            return (b ? "True" : "False").PadLeft(_width);
        }
        if (!IsFloat)
        {
            return IntegerText(value).PadLeft(_width);
        }
        double v = ToDouble(value);
        if (!double.IsFinite(v))
        {
            return (double.IsNaN(v) ? "nan" : v > 0 ? "inf" : "-inf").PadLeft(_width);
        }
        if (_scientific)
        {
            string s = Scientific(v, _precision);
            int e = s.IndexOf('e');
            int dot = s.IndexOf('.');
            string integer = s[..dot];
            string fraction = s[(dot + 1)..e].PadRight(_precision, '0');
            string exponent = s[(e + 2)..].PadLeft(_exponentDigits, '0');
            return $"{integer.PadLeft(_padLeft)}.{fraction}e{s[e + 1]}{exponent}";
        }
        string text = Positional(v, _precision);
        int point = text.IndexOf('.');
        return text[..point].PadLeft(_padLeft) + text[point..].PadRight(_padRight + 1);
    }

    /// <summary>A 0-d tensor's element as NumPy's scalar <c>str()</c> (Python's <c>repr</c> rules for floats).</summary>
    public static string ScalarText(T value)
    {
        if (value is bool b)
        {
            return b ? "True" : "False";
        }
        if (!IsFloat)
        {
            return IntegerText(value);
        }
        double v = ToDouble(value);
        if (!double.IsFinite(v))
        {
            return double.IsNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
        if (v == 0)
        {
            return double.IsNegative(v) ? "-0.0" : "0.0";
        }
        (string digits, int exponent) = Shortest(v);
        if (exponent < -4 || exponent >= 16)
        {
            string mantissa = digits.Length == 1 ? digits : $"{digits[0]}.{digits[1..]}";
            return $"{(v < 0 ? "-" : "")}{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
        }
        string text = Positional(v, int.MaxValue);
        return text.EndsWith('.') ? text + "0" : text;
    }

    /// <summary>
    /// NumPy's <c>dragon4_positional(v, precision, unique=True, trim='.')</c>: the shortest digits,
    /// rounded to <paramref name="precision"/> fraction digits when longer, trailing zeros dropped,
    /// the point kept (<c>1.</c>, <c>-0.</c>, <c>2.25</c>).
    /// </summary>
    private static string Positional(double v, int precision)
    {
        string sign = double.IsNegative(v) ? "-" : "";
        if (v == 0)
        {
            return sign + "0.";
        }
        (string digits, int exponent) = Shortest(v);
        int fractionDigits = digits.Length - 1 - exponent;
        if (fractionDigits > precision)
        {
            // Too many digits: round the exact value at 10^-precision.
            digits = RoundScaled(Math.Abs(v), precision).ToString(CultureInfo.InvariantCulture);
            exponent = digits.Length - 1 - precision;
            digits = digits.TrimEnd('0');
            if (digits.Length == 0)
            {
                return sign + "0.";
            }
        }
        string integer = exponent >= 0 ? digits[..Math.Min(digits.Length, exponent + 1)].PadRight(exponent + 1, '0') : "0";
        string fraction = exponent >= 0
            ? (digits.Length > exponent + 1 ? digits[(exponent + 1)..] : "")
            : new string('0', -exponent - 1) + digits;
        return $"{sign}{integer}.{fraction}";
    }

    /// <summary>
    /// NumPy's <c>dragon4_scientific(v, precision, unique=True, trim='.')</c>: <c>d.ddde±XX</c> with the
    /// shortest digits, at most <paramref name="precision"/> after the point, trailing zeros dropped.
    /// </summary>
    private static string Scientific(double v, int precision)
    {
        string sign = double.IsNegative(v) ? "-" : "";
        string digits;
        int exponent;
        if (v == 0)
        {
            (digits, exponent) = ("0", 0);
        }
        else
        {
            (digits, exponent) = Shortest(v);
            if (digits.Length - 1 > precision)
            {
                digits = RoundScaled(Math.Abs(v), precision - exponent).ToString(CultureInfo.InvariantCulture);
                if (digits.Length > precision + 1)
                {
                    // Rounding carried into a new leading digit (9.99... -> 10.0...).
                    exponent++;
                    digits = digits[..(precision + 1)];
                }
                digits = digits.TrimEnd('0');
            }
        }
        string fraction = digits.Length > 1 ? digits[1..] : "";
        return $"{sign}{digits[0]}.{fraction}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
    }

    /// <summary>
    /// The shortest decimal digits that identify <paramref name="v"/> among values of the element type
    /// (no leading or trailing zeros), and the power of ten of the first digit.
    /// </summary>
    private static (string Digits, int Exponent) Shortest(double v)
    {
        double magnitude = Math.Abs(v);
        string shortest = typeof(T) == typeof(float) ? ((float)magnitude).ToString("R", CultureInfo.InvariantCulture)
            : typeof(T) == typeof(Half) ? ((Half)magnitude).ToString(CultureInfo.InvariantCulture)
            : typeof(T) == typeof(BFloat16) ? ((BFloat16)magnitude).ToString(null, CultureInfo.InvariantCulture)
            : magnitude.ToString("R", CultureInfo.InvariantCulture);
        // Read the round-trip text, which may be positional or use E notation.
        int e = shortest.IndexOfAny(['E', 'e']);
        string mantissa = e < 0 ? shortest : shortest[..e];
        int power = e < 0 ? 0 : int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.');
        int integerDigits = dot < 0 ? mantissa.Length : dot;
        string all = mantissa.Replace(".", "", StringComparison.Ordinal);
        int leadingZeros = all.Length - all.TrimStart('0').Length;
        string digits = all.TrimStart('0').TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, integerDigits - 1 - leadingZeros + power);
    }

    /// <summary><c>round(x · 10^scale)</c> computed exactly on the binary value, ties to even (as Dragon4).</summary>
    private static BigInteger RoundScaled(double x, int scale)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        int biased = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & ((1L << 52) - 1);
        BigInteger mantissa = biased == 0 ? fraction : fraction | (1L << 52);
        int binaryExponent = (biased == 0 ? 1 : biased) - 1075;
        // x = mantissa · 2^binaryExponent; the result is numerator / denominator rounded.
        BigInteger numerator = mantissa, denominator = BigInteger.One;
        if (binaryExponent >= 0)
        {
            numerator <<= binaryExponent;
        }
        else
        {
            denominator <<= -binaryExponent;
        }
        if (scale >= 0)
        {
            numerator *= BigInteger.Pow(10, scale);
        }
        else
        {
            denominator *= BigInteger.Pow(10, -scale);
        }
        BigInteger quotient = BigInteger.DivRem(numerator, denominator, out BigInteger remainder);
        int half = (remainder * 2).CompareTo(denominator);
        if (half > 0 || (half == 0 && !quotient.IsEven))
        {
            quotient++;
        }
        return quotient;
    }
}
