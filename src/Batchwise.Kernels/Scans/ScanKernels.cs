using Batchwise.Kernels.Iteration;
using Batchwise.Kernels.Sorting;

namespace Batchwise.Kernels.Scans;

/// <summary>
/// Inclusive running sum (or product, with <see cref="Product"/>) of one line: <c>out[i] = Σ_{j≤i} x[j]</c>.
/// float and Half lines accumulate in double and round each output once, so a float32 cumsum is as
/// accurate as the double one rounded; other types accumulate in their own type (integers wrap).
/// NaN and inf propagate as IEEE arithmetic does. The output may be the input (same layout).
/// </summary>
public unsafe struct CumulativeLine<T> : ILineKernel where T : unmanaged, INumberBase<T>
{
    public bool Product;

    public readonly int ScratchBytes(int length) => 0;

    public readonly void Line(void* output, nint outputStride, void* input, nint inputStride, int length, void* output2, nint output2Stride, Span<byte> scratch)
    {
        T* x = (T*)input, d = (T*)output;
        if (typeof(T) == typeof(float) || typeof(T) == typeof(Half))
        {
            double wide = Product ? 1 : 0;
            for (int i = 0; i < length; i++)
            {
                double v = double.CreateTruncating(x[i * inputStride]);
                wide = Product ? wide * v : wide + v;
                d[i * outputStride] = T.CreateTruncating(wide);
            }
            return;
        }
        T acc = Product ? T.One : T.Zero;
        for (int i = 0; i < length; i++)
        {
            acc = Product ? acc * x[i * inputStride] : acc + x[i * inputStride];
            d[i * outputStride] = acc;
        }
    }
}

/// <summary>
/// Inclusive running <c>log Σ_{j≤i} exp x[j]</c> of one line (torch.logcumsumexp), computed stably as
/// <c>m + log1p(exp(min − m))</c> with m the larger of the running value and the new element, in
/// double. −inf entries leave the running value unchanged; +inf makes it +inf from there on; NaN
/// propagates.
/// </summary>
public unsafe struct LogCumSumExpLine<T> : ILineKernel where T : unmanaged, INumberBase<T>
{
    public readonly int ScratchBytes(int length) => 0;

    public readonly void Line(void* output, nint outputStride, void* input, nint inputStride, int length, void* output2, nint output2Stride, Span<byte> scratch)
    {
        T* x = (T*)input, d = (T*)output;
        double acc = double.NegativeInfinity;
        for (int i = 0; i < length; i++)
        {
            double v = double.CreateTruncating(x[i * inputStride]);
            acc = LogAddExp(acc, v);
            d[i * outputStride] = T.CreateTruncating(acc);
        }
    }

    /// <summary><c>log(exp a + exp b)</c>; two equal infinities give that infinity, not NaN.</summary>
    public static double LogAddExp(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return double.NaN;
        }
        double max = Math.Max(a, b), min = Math.Min(a, b);
        if (min == max && double.IsInfinity(min))
        {
            return min;
        }
        return max + LogOnePlus(Math.Exp(min - max));
    }

    /// <summary>log(1 + e) without losing the digits of a tiny e (Goldberg's correction).</summary>
    private static double LogOnePlus(double e)
    {
        double u = 1 + e;
        return u == 1 ? e : Math.Log(u) * e / (u - 1);
    }
}

/// <summary>
/// The <see cref="N"/>-th forward difference of one line, <c>out[k] = x[k+1] − x[k]</c> applied N times
/// in T (integers stay integers), the same subtractions in the same order as np.diff. The output line
/// is N shorter (the library sizes it; an input of N elements or fewer gives an empty line).
/// </summary>
public unsafe struct DiffLine<T> : ILineKernel where T : unmanaged, INumberBase<T>
{
    public int N;

    public readonly int ScratchBytes(int length) => length * sizeof(T);

    public readonly void Line(void* output, nint outputStride, void* input, nint inputStride, int length, void* output2, nint output2Stride, Span<byte> scratch)
    {
        if (length <= N)
        {
            return;
        }
        Span<T> values = MemoryMarshal.Cast<byte, T>(scratch)[..length];
        Lines.Read((T*)input, inputStride, values);
        for (int round = 1; round <= N; round++)
        {
            for (int i = 0; i < length - round; i++)
            {
                values[i] = values[i + 1] - values[i];
            }
        }
        Lines.Write<T>(values[..(length - N)], (T*)output, outputStride);
    }
}
