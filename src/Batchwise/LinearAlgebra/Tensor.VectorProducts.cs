using System.Numerics;

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
        RequireRank("vecdot", x1, 1);
        RequireRank("vecdot", x2, 1);
        Tensor<T> a = x1.MoveAxis(axis, -1), b = x2.MoveAxis(axis, -1);
        if (a.Shape[^1] != b.Shape[^1])
        {
            ThrowHelper.Shape($"vecdot: vector lengths differ: {a.Shape[^1]} vs {b.Shape[^1]} (shapes {x1.ShapeString} and {x2.ShapeString}, axis {axis})");
        }
        return MatMul(a.Unsqueeze(-2), b.Unsqueeze(-1)).Squeeze(-1, -2);
    }

    /// <summary>NumPy 2.2's <c>matvec</c> (gufunc <c>(m,n),(n)->(m)</c>) with broadcast batch axes.</summary>
    /// <exception cref="ShapeException">Wrong ranks, differing n, or batch axes that do not broadcast.</exception>
    public static Tensor<T> MatVec<T>(Tensor<T> matrix, Tensor<T> vector) where T : unmanaged, INumberBase<T>
    {
        RequireRank("matvec", matrix, 2);
        RequireRank("matvec", vector, 1);
        if (matrix.Shape[^1] != vector.Shape[^1])
        {
            ThrowHelper.Shape($"matvec: contracted dimensions differ: {matrix.Shape[^1]} (matrix, axis -1) vs {vector.Shape[^1]} (vector, axis -1); shapes {matrix.ShapeString} and {vector.ShapeString}");
        }
        return MatMul(matrix, vector.Unsqueeze(-1)).Squeeze(-1);
    }

    /// <summary>NumPy 2.2's <c>vecmat</c> (gufunc <c>(n),(n,m)->(m)</c>) with broadcast batch axes.</summary>
    /// <exception cref="ShapeException">Wrong ranks, differing n, or batch axes that do not broadcast.</exception>
    public static Tensor<T> VecMat<T>(Tensor<T> vector, Tensor<T> matrix) where T : unmanaged, INumberBase<T>
    {
        RequireRank("vecmat", vector, 1);
        RequireRank("vecmat", matrix, 2);
        if (matrix.Shape[^2] != vector.Shape[^1])
        {
            ThrowHelper.Shape($"vecmat: contracted dimensions differ: {vector.Shape[^1]} (vector, axis -1) vs {matrix.Shape[^2]} (matrix, axis -2); shapes {vector.ShapeString} and {matrix.ShapeString}");
        }
        return MatMul(vector.Unsqueeze(-2), matrix).Squeeze(-2);
    }

    private static void RequireRank<T>(string operation, Tensor<T> x, int rank) where T : unmanaged
    {
        if (x.Rank < rank)
        {
            ThrowHelper.Shape($"{operation}: an operand of shape {x.ShapeString} has fewer than the {rank} core dimension(s) it needs");
        }
    }
}
