namespace Batchwise.Models;

/// <summary>
/// Rotary position embeddings in Hugging Face's rotate-half form: for a head vector x split into
/// halves x1 and x2, <c>x·cos + (-x2, x1)·sin</c>, with angle <c>position · θ^(-2i/d)</c> for pair i.
/// The angles are computed in float32 as the reference implementation does, so logits match it.
/// </summary>
internal sealed class RotaryEmbedding
{
    private readonly float[] _cos, _sin;
    private readonly int _half, _maxPositions;

    public RotaryEmbedding(int headDim, int maxPositions, double theta)
    {
        _half = headDim / 2;
        _maxPositions = maxPositions;
        _cos = new float[maxPositions * _half];
        _sin = new float[maxPositions * _half];
        for (int i = 0; i < _half; i++)
        {
            float inverse = 1f / MathF.Pow((float)theta, 2 * i / (float)headDim);
            for (int p = 0; p < maxPositions; p++)
            {
                float angle = p * inverse;
                _cos[p * _half + i] = MathF.Cos(angle);
                _sin[p * _half + i] = MathF.Sin(angle);
            }
        }
    }

    /// <summary>Rotates x, (batch, tokens, heads, head dim), by each token's position; a new tensor.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A position outside the model's range.</exception>
    public Tensor<float> Apply(Tensor<float> x, Tensor<long> positions)
    {
        Tensor<float> source = x.Contiguous();
        Tensor<float> result = Tensor.Empty<float>(x.Shape);
        int batch = x.Shape[0], tokens = x.Shape[1], heads = x.Shape[2], dim = 2 * _half;
        long[] at = positions.Contiguous().ToArray();
        ReadOnlySpan<float> input = source.AsSpan();
        Span<float> output = result.AsSpan();
        for (int t = 0; t < batch * tokens; t++)
        {
            if ((ulong)at[t] >= (ulong)_maxPositions)
            {
                throw new ArgumentOutOfRangeException(nameof(positions), $"position {at[t]} is outside the model's {_maxPositions}");
            }
            ReadOnlySpan<float> cos = _cos.AsSpan((int)at[t] * _half, _half), sin = _sin.AsSpan((int)at[t] * _half, _half);
            for (int h = 0; h < heads; h++)
            {
                int offset = (t * heads + h) * dim;
                ReadOnlySpan<float> x1 = input.Slice(offset, _half), x2 = input.Slice(offset + _half, _half);
                Span<float> y1 = output.Slice(offset, _half), y2 = output.Slice(offset + _half, _half);
                for (int i = 0; i < _half; i++)
                {
                    y1[i] = x1[i] * cos[i] - x2[i] * sin[i];
                    y2[i] = x2[i] * cos[i] + x1[i] * sin[i];
                }
            }
        }
        return result;
    }
}
