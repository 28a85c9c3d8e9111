namespace Batchwise.Models;

/// <summary>RMSNorm over the last axis: <c>x · rsqrt(mean(x²) + eps) · weight</c>, one row at a time.</summary>
internal static class Norms
{
    public static Tensor<float> Rms(Tensor<float> x, Tensor<float> weight, double eps)
    {
        Tensor<float> source = x.Contiguous();
        Tensor<float> result = Tensor.Empty<float>(x.Shape);
        int width = x.Shape[^1];
        ReadOnlySpan<float> input = source.AsSpan(), scale = weight.Contiguous().AsSpan();
        Span<float> output = result.AsSpan();
        for (int row = 0; row < input.Length / Math.Max(width, 1); row++)
        {
            ReadOnlySpan<float> r = input.Slice(row * width, width);
            Span<float> o = output.Slice(row * width, width);
            float meanSquare = System.Numerics.Tensors.TensorPrimitives.SumOfSquares(r) / width;
            float inverse = 1f / MathF.Sqrt(meanSquare + (float)eps);
            System.Numerics.Tensors.TensorPrimitives.Multiply(r, inverse, o);
            System.Numerics.Tensors.TensorPrimitives.Multiply(o, scale, o);
        }
        return result;
    }
}
