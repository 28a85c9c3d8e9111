using Batchwise.LinearAlgebra;

namespace Batchwise.NN;

public static partial class Functional
{
    /// <summary>
    /// PyTorch's <c>linear</c>: <c>x @ w.T + b</c> with x (..., in), w (out, in), b (out,). The bias is
    /// added in the GEMM's epilogue (no second pass) and <c>w.T</c> is read in place, never copied.
    /// A 1-D x gives (out,); in = 0 gives the bias broadcast.
    /// </summary>
    /// <exception cref="ShapeException">x is 0-d, w is not 2-D, the in-features differ, or b is not (out,).</exception>
    public static Tensor<T> Linear<T>(Tensor<T> x, Tensor<T> w, Tensor<T>? b = null) where T : unmanaged, INumberBase<T>
    {
        Shapes.NetworkRule.Linear(Tensor<T>.AsDims(x.Shape), Tensor<T>.AsDims(w.Shape), b is null ? default : Tensor<T>.AsDims(b.Shape), b is not null);
        int outFeatures = w.Shape[0], inFeatures = w.Shape[1];
        // All leading axes become rows of one product: (rows, in) @ (in, out).
        int rows = Layouts.Layout.SizeOf(x.Shape[..^1]);
        Tensor<T> input = x.Reshape(rows, inFeatures);
        Tensor<T> result = Tensor.Empty<T>(rows, outFeatures);
        GemmCall.Run(input, w.T, result, [], b);
        return result.Reshape([.. x.Shape[..^1], outFeatures]);
    }
}
