namespace Batchwise.Kernels.Elementwise;

/// <summary>
/// Scalar double functions that neither <see cref="Math"/> nor <c>TensorPrimitives</c> has in an
/// accurate form: erf, and log1p / expm1 (TensorPrimitives' <c>LogP1</c> and <c>ExpM1</c> are
/// <c>log(1 + x)</c> and <c>exp(x) − 1</c>, which lose every digit for tiny x).
/// </summary>
public static class SpecialFunctions
{
    private const double TwoOverSqrtPi = 1.1283791670955126;
    private const double OneOverSqrtPi = 0.56418958354775628;

    /// <summary>
    /// <c>ln(1 + x)</c> to a few ulp: Kahan's <c>ln(u)·x/(u − 1)</c> with <c>u = 1 + x</c> rounded,
    /// which cancels the rounding of u. −1 gives −inf, below −1 NaN, −0 stays −0.
    /// </summary>
    public static double Log1p(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0 || double.IsPositiveInfinity(x))
        {
            return x;
        }
        return Math.Log(u) * (x / (u - 1.0));
    }

    /// <summary>
    /// <c>eˣ − 1</c> to a few ulp: Kahan's <c>(u − 1)·x/ln u</c> with <c>u = eˣ</c> rounded. Overflows
    /// to +inf; −inf gives −1; −0 stays −0.
    /// </summary>
    public static double Expm1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }
        double um1 = u - 1.0;
        if (um1 == -1.0 || double.IsPositiveInfinity(u))
        {
            return um1;
        }
        return um1 * x / Math.Log(u);
    }

    /// <summary>
    /// The error function <c>erf x = 2/√π ∫₀ˣ e^−t² dt</c>, within a few ulp of double: below 3 the
    /// series <c>2/√π · e^−x² · Σ 2ⁿx²ⁿ⁺¹/(1·3···(2n+1))</c>, whose terms are all positive (no
    /// cancellation, unlike the Maclaurin series); from 3 on <c>1 − erfc x</c> with erfc's continued
    /// fraction, which converges fast there and whose error erfc's smallness (≤ 2.2e-5) scales down.
    /// erf(±inf) = ±1, NaN stays NaN, −0 stays −0.
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }
        double ax = Math.Abs(x);
        double result;
        if (ax < 3.0)
        {
            if (ax < 1e-150)
            {
                // Also keeps subnormals exact up to the constant's rounding (x² would underflow anyway).
                return TwoOverSqrtPi * x;
            }
            double x2 = ax * ax, term = ax, sum = ax;
            for (int n = 1; n < 200; n++)
            {
                term *= 2 * x2 / (2 * n + 1);
                sum += term;
                if (term < 1e-17 * sum)
                {
                    break;
                }
            }
            result = TwoOverSqrtPi * Math.Exp(-x2) * sum;
        }
        else if (ax < 6.5)
        {
            // erfc x = e^−x²/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated bottom-up.
            double t = 0;
            for (int n = 80; n >= 1; n--)
            {
                t = n * 0.5 / (ax + t);
            }
            result = 1.0 - Math.Exp(-ax * ax) * OneOverSqrtPi / (ax + t);
        }
        else
        {
            // erfc(6.5) < 4e-20: 1 − erfc rounds to 1.
            result = 1.0;
        }
        return x < 0 ? -result : result;
    }

    /// <summary>
    /// <c>√(x² + y²)</c> without intermediate overflow or underflow (the larger magnitude is factored
    /// out); an infinite operand gives +inf even when the other is NaN (C99).
    /// </summary>
    public static double Hypot(double x, double y)
    {
        double ax = Math.Abs(x), ay = Math.Abs(y);
        if (double.IsPositiveInfinity(ax) || double.IsPositiveInfinity(ay))
        {
            return double.PositiveInfinity;
        }
        if (double.IsNaN(ax) || double.IsNaN(ay))
        {
            return double.NaN;
        }
        double big = Math.Max(ax, ay), small = Math.Min(ax, ay);
        if (small == 0)
        {
            return big;
        }
        // In the middle of the range squares are exact enough and cannot overflow.
        if (big < 1e150 && small > 1e-150)
        {
            return Math.Sqrt(Math.FusedMultiplyAdd(big, big, small * small));
        }
        double r = small / big;
        return big * Math.Sqrt(1.0 + r * r);
    }
}
