namespace Batchwise;

public static partial class Tensor
{
    /// <summary>
    /// NumPy 2's <c>vecdot</c> (gufunc <c>(n),(n)->()</c>): Σ x1·x2 over <paramref name="axis"/> of each
    /// operand, the other axes broadcast. Runs as a batch of 1×n @ n×1 products.
    /// </summary>
    /// <exception cref="ShapeException">The vector lengths differ, or the batch axes do not broadcast.</exception>
    /// <exception cref="AxisIndexException">The axis is out of range for an operand.</exception>
    public static Tensor<T> VecDot<T>(Tensor<T> x1, Tensor<T> x2, int axis = -1) where T : unmanaged, INumberBase<T>
    {
        ProductRule.VecDot(Tensor<T>.AsDims(x1.Shape), Tensor<T>.AsDims(x2.Shape), axis);
        Tensor<T> a = x1.MoveAxis(axis, -1), b = x2.MoveAxis(axis, -1);
        return MatMul(a.Unsqueeze(-2), b.Unsqueeze(-1)).Squeeze(-1, -2);
    }

    /// <summary>NumPy 2.2's <c>matvec</c> (gufunc <c>(m,n),(n)->(m)</c>) with broadcast batch axes.</summary>
    /// <exception cref="ShapeException">Wrong ranks, differing n, or batch axes that do not broadcast.</exception>
    public static Tensor<T> MatVec<T>(Tensor<T> matrix, Tensor<T> vector) where T : unmanaged, INumberBase<T>
    {
        ProductRule.MatVec(Tensor<T>.AsDims(matrix.Shape), Tensor<T>.AsDims(vector.Shape), vectorFirst: false);
        return MatMul(matrix, vector.Unsqueeze(-1)).Squeeze(-1);
    }

    /// <summary>NumPy 2.2's <c>vecmat</c> (gufunc <c>(n),(n,m)->(m)</c>) with broadcast batch axes.</summary>
    /// <exception cref="ShapeException">Wrong ranks, differing n, or batch axes that do not broadcast.</exception>
    public static Tensor<T> VecMat<T>(Tensor<T> vector, Tensor<T> matrix) where T : unmanaged, INumberBase<T>
    {
        ProductRule.MatVec(Tensor<T>.AsDims(matrix.Shape), Tensor<T>.AsDims(vector.Shape), vectorFirst: true);
        return MatMul(vector.Unsqueeze(-2), matrix).Squeeze(-2);
    }
}
