namespace Batchwise;

public static partial class Linalg
{
    /// <summary>
    /// Raises each square matrix of a (..., n, n) stack to the integer power <paramref name="power"/>
    /// (<c>numpy.linalg.matrix_power</c>) by repeated squaring, so any int64 power takes at most 126
    /// products. 0 gives the identity (also for singular matrices); negative powers invert first.
    /// </summary>
    /// <exception cref="ShapeException">a is not a stack of square matrices.</exception>
    /// <exception cref="LinAlgException">"Singular matrix" for a negative power of a singular matrix.</exception>
    public static Tensor<T> MatrixPower<T>(Tensor<T> a, long power) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = RequireSquare("matrix_power", a);
        if (power == 0)
        {
            return Tensor.Eye<T>(n).BroadcastTo(a.Shape).Copy();
        }
        Tensor<T> baseMatrix = power < 0 ? Inv(a) : a;
        ulong remaining = power < 0 ? (ulong)(-(power + 1)) + 1 : (ulong)power;
        Tensor<T>? result = null;
        while (true)
        {
            if ((remaining & 1) != 0)
            {
                result = result is null ? baseMatrix : Tensor.MatMul(result, baseMatrix);
            }
            remaining >>= 1;
            if (remaining == 0)
            {
                break;
            }
            baseMatrix = Tensor.MatMul(baseMatrix, baseMatrix);
        }
        return ReferenceEquals(result, a) ? a.Copy() : result!;
    }

    /// <summary>
    /// The cross product of 3-vectors along the last axis (<c>numpy.cross</c>), with the leading axes broadcast.
    /// </summary>
    /// <exception cref="ShapeException">A last axis is not 3, or the shapes do not broadcast.</exception>
    public static Tensor<T> Cross<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Rank == 0 || b.Rank == 0 || a.Shape[^1] != 3 || b.Shape[^1] != 3)
        {
            ThrowHelper.Shape($"cross: incompatible dimensions for cross product (the last axis must be 3); shapes {a.ShapeString} and {b.ShapeString}");
        }
        int[] shape = [.. BroadcastBatch("cross", a.Shape[..^1], b.Shape[..^1], a.ShapeString, b.ShapeString), 3];
        Tensor<T> result = Tensor<T>.Allocate(shape);
        Tensor<T> Component(Tensor<T> t, int i) => t[TensorIndex.Ellipsis, TensorIndex.At(i)];
        for (int i = 0; i < 3; i++)
        {
            int j = (i + 1) % 3, k = (i + 2) % 3;
            Component(result, i).CopyFrom(Component(a, j) * Component(b, k) - Component(a, k) * Component(b, j));
        }
        return result;
    }

    /// <summary>
    /// The product of a chain of matrices in the cheapest order (<c>numpy.linalg.multi_dot</c>): the first
    /// operand may be 1-D (a row vector) and the last 1-D (a column vector); the others are 2-D.
    /// </summary>
    /// <exception cref="ShapeException">Fewer than two operands, a wrong rank, or mismatched inner dimensions.</exception>
    public static Tensor<T> MultiDot<T>(params Tensor<T>[] arrays) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (arrays.Length < 2)
        {
            ThrowHelper.Shape("multi_dot: expecting at least two arrays");
        }
        int count = arrays.Length;
        var mats = new Tensor<T>[count];
        for (int i = 0; i < count; i++)
        {
            Tensor<T> t = arrays[i];
            bool edgeVector = t.Rank == 1 && (i == 0 || i == count - 1);
            if (!edgeVector && t.Rank != 2)
            {
                ThrowHelper.Shape($"multi_dot: operand {i} has {t.Rank} dimensions; only the first and last may be 1-D, the others must be 2-D");
            }
            mats[i] = t.Rank == 2 ? t : i == 0 ? t.Unsqueeze(0) : t.Unsqueeze(-1);
        }
        var dims = new int[count + 1];
        for (int i = 0; i < count; i++)
        {
            dims[i] = mats[i].Shape[0];
            if (i > 0 && mats[i - 1].Shape[1] != mats[i].Shape[0])
            {
                ThrowHelper.Shape($"multi_dot: shapes {mats[i - 1].ShapeString} and {mats[i].ShapeString} are not aligned");
            }
        }
        dims[count] = mats[count - 1].Shape[1];
        // Matrix-chain order by dynamic programming (cost in multiply-adds).
        var cost = new double[count, count];
        var split = new int[count, count];
        for (int length = 1; length < count; length++)
        {
            for (int i = 0; i + length < count; i++)
            {
                int j = i + length;
                cost[i, j] = double.PositiveInfinity;
                for (int s = i; s < j; s++)
                {
                    double c = cost[i, s] + cost[s + 1, j] + (double)dims[i] * dims[s + 1] * dims[j + 1];
                    if (c < cost[i, j])
                    {
                        cost[i, j] = c;
                        split[i, j] = s;
                    }
                }
            }
        }
        Tensor<T> Multiply(int i, int j) => i == j ? mats[i] : Tensor.MatMul(Multiply(i, split[i, j]), Multiply(split[i, j] + 1, j));
        Tensor<T> result = Multiply(0, count - 1);
        if (arrays[0].Rank == 1)
        {
            result = result.Squeeze(0);
        }
        if (arrays[^1].Rank == 1)
        {
            result = result.Squeeze(-1);
        }
        return result.Contiguous();
    }
}
