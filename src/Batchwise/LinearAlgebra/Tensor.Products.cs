namespace Batchwise;

public static partial class Tensor
{
    /// <summary>
    /// <c>np.dot</c>: a 0-d operand multiplies; 1-D·1-D is the inner product; 2-D·2-D the matrix product;
    /// N-D·1-D sums over the last axes; N-D·M-D (M ≥ 2) sums over a's last axis and b's second-to-last,
    /// giving <c>a.shape[:-1] + b.shape[:-2] + b.shape[-1:]</c> (no batch broadcasting, unlike matmul).
    /// </summary>
    /// <exception cref="ShapeException">The contracted dimensions differ.</exception>
    public static Tensor<T> Dot<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, INumberBase<T>
    {
        if (a.Rank == 0 || b.Rank == 0)
        {
            return Multiply(a, b);
        }
        int[] result = DimsToInts(ProductRule.Dot(Tensor<T>.AsDims(a.Shape), Tensor<T>.AsDims(b.Shape)));
        int k = a.Shape[^1];
        if (b.Rank <= 2)
        {
            // Here np.dot and np.matmul agree (a's leading axes are rows of one big matrix).
            Tensor<T> rows = a.Reshape(Layouts.Layout.SizeOf(a.Shape[..^1]), k);
            return MatMul(rows, b).Reshape(result);
        }
        // b: (..., k, n) → (k, ...·n): its contracted axis first, the rest flattened.
        Tensor<T> right = b.MoveAxis(b.Rank - 2, 0).Reshape(k, Layouts.Layout.SizeOf(b.Shape[..^2]) * b.Shape[^1]);
        Tensor<T> flat = MatMul(a.Reshape(Layouts.Layout.SizeOf(a.Shape[..^1]), k), right);
        return flat.Reshape(result);
    }

    /// <summary><c>np.vdot</c>: both flattened, then the inner product (sizes must match, shapes may differ). A 0-d result.</summary>
    /// <exception cref="ShapeException">The sizes differ.</exception>
    public static Tensor<T> VDot<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, INumberBase<T>
    {
        if (a.Size != b.Size)
        {
            ThrowHelper.Shape($"vdot: vectors have different sizes: {a.Size} (shape {a.ShapeString}) vs {b.Size} (shape {b.ShapeString})");
        }
        return MatMul(a.Ravel(), b.Ravel());
    }

    /// <summary>
    /// <c>np.inner</c>: contracts the last axes, giving <c>a.shape[:-1] + b.shape[:-1]</c>; a 0-d operand multiplies.
    /// </summary>
    /// <exception cref="ShapeException">The last dimensions differ.</exception>
    public static Tensor<T> Inner<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, INumberBase<T>
    {
        if (a.Rank == 0 || b.Rank == 0)
        {
            return Multiply(a, b);
        }
        int[] result = DimsToInts(ProductRule.Inner(Tensor<T>.AsDims(a.Shape), Tensor<T>.AsDims(b.Shape)));
        int k = a.Shape[^1];
        Tensor<T> product = MatMul(a.Reshape(Layouts.Layout.SizeOf(a.Shape[..^1]), k), b.Reshape(Layouts.Layout.SizeOf(b.Shape[..^1]), k).MT);
        return product.Reshape(result);
    }

    /// <summary><c>np.outer</c>: both operands flattened; the result is <c>(a.size, b.size)</c>.</summary>
    public static Tensor<T> Outer<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, INumberBase<T> =>
        Multiply(a.Ravel().Unsqueeze(1), b.Ravel().Unsqueeze(0));

    /// <summary><c>np.tensordot(a, b, axes=n)</c>: the last n axes of a against the first n of b.</summary>
    /// <exception cref="ShapeException">The contracted dimensions differ.</exception>
    /// <exception cref="InvalidValueException">n is negative.</exception>
    /// <exception cref="AxisIndexException">n is larger than a rank (NumPy: an axis out of range).</exception>
    public static Tensor<T> TensorDot<T>(Tensor<T> a, Tensor<T> b, int axes = 2) where T : unmanaged, INumberBase<T>
    {
        (int[] aAxes, int[] bAxes) = ProductRule.TensorDotAxes(Tensor<T>.AsDims(a.Shape), Tensor<T>.AsDims(b.Shape), axes);
        return TensorDot(a, b, aAxes, bAxes);
    }

    /// <summary><c>np.tensordot(a, b, axes=(aAxes, bAxes))</c>: pairs of axes (negative allowed) summed over.</summary>
    /// <exception cref="ShapeException">Paired dimensions differ, or the lists differ in length.</exception>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    /// <exception cref="InvalidValueException">A repeated axis.</exception>
    public static Tensor<T> TensorDot<T>(Tensor<T> a, Tensor<T> b, ReadOnlySpan<int> aAxes, ReadOnlySpan<int> bAxes) where T : unmanaged, INumberBase<T>
    {
        int[] resultShape = DimsToInts(ProductRule.TensorDot(Tensor<T>.AsDims(a.Shape), Tensor<T>.AsDims(b.Shape), aAxes, bAxes));
        bool[] aMask = AxisRule.ToMask(aAxes, a.Rank);
        bool[] bMask = AxisRule.ToMask(bAxes, b.Rank);
        int contracted = 1;
        foreach (int axis in aAxes)
        {
            contracted *= a.Shape[AxisRule.Normalize(axis, a.Rank)];
        }
        // a: free axes then contracted (in the given order); b: contracted (same order) then free.
        var aFree = Enumerable.Range(0, a.Rank).Where(d => !aMask[d]).ToArray();
        var bFree = Enumerable.Range(0, b.Rank).Where(d => !bMask[d]).ToArray();
        int[] aPerm = [.. aFree, .. Normalized(aAxes, a.Rank)];
        int[] bPerm = [.. Normalized(bAxes, b.Rank), .. bFree];
        int rows = Layouts.Layout.SizeOf(aFree.Select(d => a.Shape[d]).ToArray());
        int cols = Layouts.Layout.SizeOf(bFree.Select(d => b.Shape[d]).ToArray());
        Tensor<T> left = a.Transpose(aPerm).Reshape(rows, contracted);
        Tensor<T> right = b.Transpose(bPerm).Reshape(contracted, cols);
        return MatMul(left, right).Reshape(resultShape);
    }

    private static int[] Normalized(ReadOnlySpan<int> axes, int rank)
    {
        var result = new int[axes.Length];
        for (int i = 0; i < axes.Length; i++)
        {
            result[i] = AxisRule.Normalize(axes[i], rank);
        }
        return result;
    }
}
