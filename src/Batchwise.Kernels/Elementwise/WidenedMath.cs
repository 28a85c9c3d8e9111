using System.Numerics.Tensors;

namespace Batchwise.Kernels.Elementwise;

/// <summary>
/// Float functions evaluated in double: chunks of the input are widened into an L1-resident buffer,
/// the double <see cref="TensorPrimitives"/> function runs there, and the results are rounded once to
/// float. Used where TensorPrimitives' float version is not accurate enough (its float exp is not
/// exact at 0); the double functions' error is far below a float ulp, so the results are correctly
/// rounded but for ties within it.
/// </summary>
public static class WidenedMath
{
    /// <summary>Doubles per chunk: 4 KiB of buffer on the stack.</summary>
    private const int ChunkLength = 512;

    /// <summary><c>d[i] = (float)f((double)x[i])</c> for an <see cref="IDoubleFunction"/>; d may be x.</summary>
    public static void Map<TFunction>(ReadOnlySpan<float> x, Span<float> d)
        where TFunction : IDoubleFunction
    {
        Span<double> buffer = stackalloc double[ChunkLength];
        for (int start = 0; start < x.Length; start += ChunkLength)
        {
            int n = Math.Min(ChunkLength, x.Length - start);
            Span<double> chunk = buffer[..n];
            TensorPrimitives.ConvertTruncating(x.Slice(start, n), chunk);
            TFunction.Invoke(chunk, chunk);
            TensorPrimitives.ConvertTruncating<double, float>(chunk, d.Slice(start, n));
        }
    }
}
