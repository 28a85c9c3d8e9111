using System.Numerics;
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
        if (x.Rank < 1 || w.Rank != 2)
        {
            throw new ShapeException($"linear: input must be at least 1-D and weight 2-D (out, in); got {x.ShapeString} and {w.ShapeString}");
        }
        int outFeatures = w.Shape[0], inFeatures = w.Shape[1];
        if (x.Shape[^1] != inFeatures)
        {
            throw new ShapeException($"linear: input has {x.Shape[^1]} features but weight {w.ShapeString} expects {inFeatures} (weight is (out, in))");
        }
        if (b is not null && (b.Rank != 1 || b.Shape[0] != outFeatures))
        {
            throw new ShapeException($"linear: bias must have shape ({outFeatures},), got {b.ShapeString}");
        }
        // All leading axes become rows of one product: (rows, in) @ (in, out).
        int rows = Layouts.Layout.SizeOf(x.Shape[..^1]);
        Tensor<T> input = x.Reshape(rows, inFeatures);
        Tensor<T> result = Tensor.Empty<T>(rows, outFeatures);
        GemmCall.Run(input, w.T, result, [], b);
        return result.Reshape([.. x.Shape[..^1], outFeatures]);
    }
}
