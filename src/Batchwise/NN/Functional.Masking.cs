namespace Batchwise.NN;

public static partial class Functional
{
    /// <summary>
    /// PyTorch's out-of-place <c>masked_fill</c>: <paramref name="value"/> where <paramref name="mask"/> is true,
    /// <paramref name="x"/> elsewhere. The result has the broadcast shape of x and mask (x may be
    /// broadcast up to the mask) and x's type.
    /// </summary>
    /// <exception cref="ShapeException">The shapes do not broadcast.</exception>
    public static Tensor<T> MaskedFill<T>(Tensor<T> x, Tensor<bool> mask, T value) where T : unmanaged =>
        Tensor.Where(mask, Tensor.Scalar(value), x);
}
