namespace Batchwise;

/// <summary>
/// Batched <c>numpy.linalg</c>: every function works on stacks of matrices in the last two axes
/// (vectors in the last axis) and runs over all leading axes, on all cores. Failures are
/// <see cref="LinAlgException"/>s with NumPy's message and the flat index of the failing batch element.
/// </summary>
/// <remarks>
/// float and double are computed natively (float in float, not promoted). Sizes up to
/// <see cref="Kernels.Linalg.Lu.SmallLuBatch.MaxOrder"/> run kernels vectorised across the batch
/// (one matrix per SIMD lane); large matrices run blocked algorithms on the GEMM engine.
/// </remarks>
public static partial class Linalg
{
    /// <summary>Checks a (..., n, n) stack (<see cref="LinalgRule.RequireSquare"/>) and returns n.</summary>
    private static int RequireSquare<T>(string operation, Tensor<T> a) where T : unmanaged
    {
        LinalgRule.RequireSquare(operation, Tensor<T>.AsDims(a.Shape));
        return a.Shape[^1];
    }

    private static void RequireMatrix<T>(string operation, Tensor<T> a) where T : unmanaged =>
        LinalgRule.RequireMatrix(operation, a.Shape);

    /// <summary>Batch count of a (..., m, n) stack.</summary>
    private static int BatchCount(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (int d in shape[..^2])
        {
            count *= d;
        }
        return checked((int)count);
    }

    private static int[] Concat(ReadOnlySpan<int> batch, params ReadOnlySpan<int> tail) => [.. batch, .. tail];

    private static int[] BroadcastBatch(string operation, ReadOnlySpan<int> a, ReadOnlySpan<int> b, string aShape, string bShape)
    {
        if (!BroadcastRule.TryBroadcast(Tensor<float>.AsDims(a), Tensor<float>.AsDims(b), out Dim[] result))
        {
            ThrowHelper.Shape($"{operation}: batch dimensions do not broadcast: shapes {aShape} and {bShape}");
        }
        return Tensor.DimsToInts(result);
    }

    /// <summary>Throws the batch failure, if any.</summary>
    private static void ThrowIfFailed(long failed, string message)
    {
        if (failed >= 0)
        {
            throw new LinAlgException(message, failed);
        }
    }

    /// <summary>A fresh contiguous copy of <paramref name="a"/> broadcast to <paramref name="shape"/>.</summary>
    private static Tensor<T> CopyAs<T>(Tensor<T> a, int[] shape) where T : unmanaged =>
        a.Shape.SequenceEqual(shape) ? a.Copy() : a.BroadcastTo(shape).Copy();

    private static T Epsilon<T>() where T : unmanaged, IFloatingPointIeee754<T> => Kernels.Linalg.DenseBlas.Epsilon<T>();
}
