namespace Batchwise.Randomness;

/// <summary>
/// The natural logarithm from +, −, ×, ÷ and bit operations only, so that it gives the same bits on every
/// machine and runtime (<see cref="Math.Log(double)"/> is the platform's libm, which may differ in the last
/// bit). Accurate to about one ulp: fdlibm's reduction to [√2/2, √2) and the atanh series.
/// </summary>
internal static class DeterministicMath
{
    private const double Ln2High = 6.93147180369123816490e-01; // ln 2 with its low bits clear, so e·Ln2High is exact
    private const double Ln2Low = 1.90821492927058770002e-10;  // ln 2 − Ln2High
    private const double Sqrt2 = 1.4142135623730951;

    /// <summary>ln x for a positive, finite, normal <paramref name="x"/> (the callers' draws never give others).</summary>
    public static double Log(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        int exponent = (int)((bits >> 52) & 0x7FF) - 1023;
        double m = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        if (m > Sqrt2)
        {
            m *= 0.5;
            exponent++;
        }
        // ln m = 2·atanh(s) = 2s + 2s·(s²/3 + s⁴/5 + ...), s = (m − 1)/(m + 1), |s| ≤ 0.1716.
        double f = m - 1;
        double s = f / (2 + f);
        double z = s * s;
        double series = z * (1.0 / 3 + z * (1.0 / 5 + z * (1.0 / 7 + z * (1.0 / 9 + z * (1.0 / 11 + z * (1.0 / 13
            + z * (1.0 / 15 + z * (1.0 / 17 + z * (1.0 / 19 + z * (1.0 / 21 + z * (1.0 / 23)))))))))));
        double twoS = 2 * s;
        return exponent * Ln2High + (twoS + (twoS * series + exponent * Ln2Low));
    }
}
