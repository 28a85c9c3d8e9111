using System.Numerics;

namespace Batchwise.NN;

public static partial class Functional
{
    /// <summary><c>relu(x) = max(x, 0)</c>; NaN stays NaN.</summary>
    public static Tensor<T> Relu<T>(Tensor<T> x) where T : unmanaged, INumber<T> => Tensor.Maximum(x, T.Zero);

    /// <summary><c>silu(x) = x · σ(x) = x / (1 + e^−x)</c>.</summary>
    public static Tensor<T> Silu<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        x / (Tensor.Exp(-x) + T.One);

    /// <summary>
    /// <c>gelu(x) = x · Φ(x)</c>, exact (<c>½x(1 + erf(x/√2))</c>) or PyTorch's tanh approximation
    /// <c>½x(1 + tanh(√(2/π)(x + 0.044715x³)))</c>.
    /// </summary>
    public static Tensor<T> Gelu<T>(Tensor<T> x, bool tanhApproximation = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T half = T.CreateChecked(0.5);
        if (tanhApproximation)
        {
            T c = T.CreateChecked(Math.Sqrt(2 / Math.PI));
            Tensor<T> inner = (x + x * x * x * T.CreateChecked(0.044715)) * c;
            return x * (Tensor.Tanh(inner) + T.One) * half;
        }
        Tensor<T> result = Tensor.Empty<T>(x.Shape);
        T[] values = x.ToArray();
        Span<T> span = result.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            double v = double.CreateChecked(values[i]);
            span[i] = T.CreateChecked(0.5 * v * (1 + Erf(v / Math.Sqrt(2))));
        }
        return result;
    }

    /// <summary>
    /// Layer normalisation over the last <paramref name="normalizedRank"/> axes:
    /// <c>(x − mean) / √(var + eps) · weight + bias</c> with the biased variance, as PyTorch.
    /// </summary>
    /// <exception cref="ShapeException">weight or bias do not have the normalised shape.</exception>
    public static Tensor<T> LayerNorm<T>(Tensor<T> x, int normalizedRank = 1, Tensor<T>? weight = null, Tensor<T>? bias = null, double eps = 1e-5)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        if (normalizedRank < 1 || normalizedRank > x.Rank)
        {
            throw new InvalidValueException($"layer_norm: cannot normalise the last {normalizedRank} axes of shape {x.ShapeString}");
        }
        int[] axes = Enumerable.Range(x.Rank - normalizedRank, normalizedRank).ToArray();
        Tensor<T> mean = Tensor.Mean(x, axes, keepDims: true);
        Tensor<T> centered = x - mean;
        Tensor<T> variance = Tensor.Mean(centered * centered, axes, keepDims: true);
        Tensor<T> result = centered / Tensor.Sqrt(variance + T.CreateChecked(eps));
        ReadOnlySpan<int> normalized = x.Shape[^normalizedRank..];
        if (weight is not null)
        {
            RequireShape("weight", weight, normalized);
            result = result * weight;
        }
        if (bias is not null)
        {
            RequireShape("bias", bias, normalized);
            result = result + bias;
        }
        return result;
    }

    private static void RequireShape<T>(string name, Tensor<T> t, ReadOnlySpan<int> shape) where T : unmanaged
    {
        if (!t.Shape.SequenceEqual(shape))
        {
            throw new ShapeException($"layer_norm: {name} has shape {t.ShapeString}, expected {Shapes.ShapeText.Format(shape)}");
        }
    }

    /// <summary>
    /// The error function to about 1e-15: its Maclaurin series below 2.5, where it converges quickly,
    /// and the continued fraction of erfc above, where the series would cancel catastrophically.
    /// </summary>
    private static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }
        double ax = Math.Abs(x);
        double result;
        if (ax < 2.5)
        {
            double term = ax, sum = ax, x2 = ax * ax;
            for (int n = 1; n < 200 && Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
            {
                term *= -x2 / n;
                sum += term / (2 * n + 1);
            }
            result = 2 / Math.Sqrt(Math.PI) * sum;
        }
        else
        {
            // erfc(x) = exp(−x²)/(x√π) · 1/(1+ 1/(2x²)/(1+ 2/(2x²)/(1+ ...))) evaluated bottom-up.
            double t = 0;
            for (int n = 60; n >= 1; n--)
            {
                t = n / 2.0 / (ax + t);
            }
            double erfc = Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / (ax + t);
            result = 1 - erfc;
        }
        return x < 0 ? -result : result;
    }
}
