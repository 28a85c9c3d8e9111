using Batchwise.NN;

namespace Batchwise.Models;

/// <summary>
/// A linear layer's weight in nn.Linear's (out, in) layout, held as the checkpoint stores it: float32,
/// or bfloat16 (half the memory, and half the bytes a decode step reads).
/// </summary>
internal sealed class Projection
{
    private readonly Tensor<float>? _float;
    private readonly Tensor<BFloat16>? _half;

    public Projection(Tensor<float> weight)
    {
        _float = weight;
    }

    public Projection(Tensor<BFloat16> weight)
    {
        _half = weight;
    }

    /// <summary>Bytes held.</summary>
    public long Bytes => _float is not null ? (long)_float.Size * sizeof(float) : (long)_half!.Size * 2;

    /// <summary><c>x @ W.T + b</c>.</summary>
    public Tensor<float> Apply(Tensor<float> x, Tensor<float>? bias = null) =>
        _float is not null ? Functional.Linear(x, _float, bias) : Functional.Linear(x, _half!, bias);

    /// <summary>Rows of the weight as float32, (batch, tokens, in): an embedding table's lookup.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id outside the table.</exception>
    public Tensor<float> Rows(Tensor<long> ids)
    {
        int rows = _float?.Shape[0] ?? _half!.Shape[0], width = _float?.Shape[1] ?? _half!.Shape[1];
        long[] flat = ids.Contiguous().ToArray();
        Tensor<float> result = Tensor.Empty<float>([.. ids.Shape, width]);
        Span<float> destination = result.AsSpan();
        for (int i = 0; i < flat.Length; i++)
        {
            if ((ulong)flat[i] >= (ulong)rows)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), $"token id {flat[i]} is outside the vocabulary of {rows}");
            }
            Span<float> row = destination.Slice(i * width, width);
            if (_float is not null)
            {
                _float.AsSpan().Slice((int)flat[i] * width, width).CopyTo(row);
            }
            else
            {
                ReadOnlySpan<BFloat16> source = _half!.AsSpan().Slice((int)flat[i] * width, width);
                Kernels.Conversion.BFloat16Conversion.Widen(System.Runtime.InteropServices.MemoryMarshal.Cast<BFloat16, ushort>(source), row);
            }
        }
        return result;
    }
}
