using Batchwise.Kernels.Conversion;
using Batchwise.Kernels.Mixed;

namespace Batchwise.NN;

public static partial class Functional
{
    /// <summary>
    /// <c>x @ w.T + b</c> with bfloat16 weights w (out, in), float32 x (..., in) and result. The weights
    /// stay bfloat16 in memory (half the bytes of float32): a few rows of x (a decode step) run a kernel
    /// that widens each weight row in registers and reads w once; more rows widen w to float32 and run
    /// the float GEMM. Products and sums are float32, as PyTorch computes a bf16-weight model in float32.
    /// </summary>
    /// <exception cref="ShapeException">x is 0-d, w is not 2-D, the in-features differ, or b is not (out,).</exception>
    public static Tensor<float> Linear(Tensor<float> x, Tensor<BFloat16> w, Tensor<float>? b = null)
    {
        Shapes.NetworkRule.Linear(Tensor<float>.AsDims(x.Shape), Tensor<BFloat16>.AsDims(w.Shape), b is null ? default : Tensor<float>.AsDims(b.Shape), b is not null);
        int outFeatures = w.Shape[0], inFeatures = w.Shape[1];
        int rows = Layouts.Layout.SizeOf(x.Shape[..^1]);
        if (rows < 1 || rows > WidenedLinear.MaxRows || inFeatures == 0)
        {
            return Linear(x, Widened(w), b);
        }
        Tensor<float> input = x.Reshape(rows, inFeatures).Contiguous();
        Tensor<BFloat16> weights = w.Contiguous();
        Tensor<float> result = Tensor.Empty<float>(rows, outFeatures);
        ReadOnlySpan<ushort> bits = System.Runtime.InteropServices.MemoryMarshal.Cast<BFloat16, ushort>(weights.AsSpan());
        WidenedLinear.Run(input.AsSpan(), bits, b is null ? default : b.Contiguous().AsSpan(), result.AsSpan(), rows, outFeatures, inFeatures);
        return result.Reshape([.. x.Shape[..^1], outFeatures]);
    }

    /// <summary>The weights widened to float32 (exact).</summary>
    private static Tensor<float> Widened(Tensor<BFloat16> w)
    {
        Tensor<BFloat16> source = w.Contiguous();
        Tensor<float> result = Tensor.Empty<float>(w.Shape);
        BFloat16Conversion.Widen(System.Runtime.InteropServices.MemoryMarshal.Cast<BFloat16, ushort>(source.AsSpan()), result.AsSpan());
        return result;
    }
}
