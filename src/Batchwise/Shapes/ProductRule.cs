namespace Batchwise.Shapes;

/// <summary>
/// The shape rules of NumPy's other products, for tensors and the symbolic checker alike:
/// <c>dot</c> (no batch broadcasting: a's last axis against b's second-to-last), <c>inner</c> (the last
/// axes), <c>tensordot</c> (paired axis lists) and PyTorch's strict <c>mm</c> and <c>bmm</c>.
/// </summary>
public static class ProductRule
{
    /// <summary>np.dot's result shape: <c>a.shape[:-1] + b.shape[:-2] + b.shape[-1:]</c>; a 0-d operand multiplies.</summary>
    /// <exception cref="ShapeException">The contracted dimensions differ.</exception>
    public static TDim[] Dot<TDim>(ReadOnlySpan<TDim> a, ReadOnlySpan<TDim> b)
        where TDim : struct, IDimension<TDim>
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return BroadcastRule.Broadcast(a, b);
        }
        int bAxis = b.Length == 1 ? 0 : b.Length - 2;
        if (!a[^1].Equals(b[bAxis]))
        {
            ThrowHelper.Shape($"dot: shapes {ShapeText.Format(a)} and {ShapeText.Format(b)} not aligned: {a[^1]} (dim {a.Length - 1}) != {b[bAxis]} (dim {bAxis})");
        }
        return b.Length == 1 ? [.. a[..^1]] : [.. a[..^1], .. b[..^2], b[^1]];
    }

    /// <summary>np.inner's result shape: <c>a.shape[:-1] + b.shape[:-1]</c>; a 0-d operand multiplies.</summary>
    /// <exception cref="ShapeException">The last dimensions differ.</exception>
    public static TDim[] Inner<TDim>(ReadOnlySpan<TDim> a, ReadOnlySpan<TDim> b)
        where TDim : struct, IDimension<TDim>
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return BroadcastRule.Broadcast(a, b);
        }
        if (!a[^1].Equals(b[^1]))
        {
            ThrowHelper.Shape($"inner: shapes {ShapeText.Format(a)} and {ShapeText.Format(b)} not aligned: {a[^1]} (dim {a.Length - 1}) != {b[^1]} (dim {b.Length - 1})");
        }
        return [.. a[..^1], .. b[..^1]];
    }

    /// <summary>tensordot's axes for an int n: the last n of a against the first n of b.</summary>
    /// <exception cref="InvalidValueException">n is negative.</exception>
    /// <exception cref="AxisIndexException">n is more axes than an operand has.</exception>
    public static (int[] A, int[] B) TensorDotAxes<TDim>(ReadOnlySpan<TDim> a, ReadOnlySpan<TDim> b, int n)
    {
        if (n < 0)
        {
            ThrowHelper.Value($"tensordot: axes={n} must not be negative");
        }
        if (n > a.Length || n > b.Length)
        {
            ThrowHelper.Index($"tensordot: axes={n} is more axes than shapes {ShapeText.Format(a)} and {ShapeText.Format(b)} have");
        }
        return ([.. Enumerable.Range(a.Length - n, n)], [.. Enumerable.Range(0, n)]);
    }

    /// <summary>tensordot's result shape: a's free axes, then b's, in order.</summary>
    /// <exception cref="ShapeException">The lists differ in length, or paired dimensions differ.</exception>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    /// <exception cref="InvalidValueException">A repeated axis.</exception>
    public static TDim[] TensorDot<TDim>(ReadOnlySpan<TDim> a, ReadOnlySpan<TDim> b, ReadOnlySpan<int> aAxes, ReadOnlySpan<int> bAxes)
        where TDim : struct, IDimension<TDim>
    {
        if (aAxes.Length != bAxes.Length)
        {
            ThrowHelper.Shape($"tensordot: shape-mismatch for sum: {aAxes.Length} axes of a against {bAxes.Length} of b");
        }
        bool[] aContracted = AxisRule.ToMask(aAxes, a.Length), bContracted = AxisRule.ToMask(bAxes, b.Length);
        for (int i = 0; i < aAxes.Length; i++)
        {
            TDim da = a[AxisRule.Normalize(aAxes[i], a.Length)], db = b[AxisRule.Normalize(bAxes[i], b.Length)];
            if (!da.Equals(db))
            {
                ThrowHelper.Shape($"tensordot: shape-mismatch for sum: axis {aAxes[i]} of {ShapeText.Format(a)} has {da}, axis {bAxes[i]} of {ShapeText.Format(b)} has {db}");
            }
        }
        var result = new List<TDim>(a.Length + b.Length);
        for (int d = 0; d < a.Length; d++)
        {
            if (!aContracted[d])
            {
                result.Add(a[d]);
            }
        }
        for (int d = 0; d < b.Length; d++)
        {
            if (!bContracted[d])
            {
                result.Add(b[d]);
            }
        }
        return [.. result];
    }

    /// <summary>torch.mm: both operands exactly 2-D, then matmul's rule.</summary>
    /// <exception cref="ShapeException">An operand is not 2-D, or the inner dimensions differ.</exception>
    public static TDim[] Mm<TDim>(ReadOnlySpan<TDim> a, ReadOnlySpan<TDim> b)
        where TDim : struct, IDimension<TDim>
    {
        RequireRanks("mm", a, b, 2, "matrices");
        if (!a[1].Equals(b[0]))
        {
            ThrowHelper.Shape($"mm: mat1 and mat2 shapes cannot be multiplied ({a[0]}x{a[1]} and {b[0]}x{b[1]})");
        }
        return [a[0], b[1]];
    }

    /// <summary>torch.bmm: both operands exactly 3-D with equal batch sizes (1 does not broadcast).</summary>
    /// <exception cref="ShapeException">An operand is not 3-D, the batch sizes differ, or the inner dimensions differ.</exception>
    public static TDim[] Bmm<TDim>(ReadOnlySpan<TDim> a, ReadOnlySpan<TDim> b)
        where TDim : struct, IDimension<TDim>
    {
        RequireRanks("bmm", a, b, 3, "batches of matrices");
        if (!a[0].Equals(b[0]))
        {
            ThrowHelper.Shape($"bmm: batch sizes differ: {a[0]} vs {b[0]} (shapes {ShapeText.Format(a)} and {ShapeText.Format(b)}); bmm does not broadcast");
        }
        if (!a[2].Equals(b[1]))
        {
            ThrowHelper.Shape($"bmm: contracted dimensions differ: {a[2]} vs {b[1]} (shapes {ShapeText.Format(a)} and {ShapeText.Format(b)})");
        }
        return [a[0], a[1], b[2]];
    }

    /// <summary>torch's exact-rank check of mm and bmm (neither accepts a vector or broadcasts a batch).</summary>
    private static void RequireRanks<TDim>(string operation, ReadOnlySpan<TDim> a, ReadOnlySpan<TDim> b, int rank, string what)
        where TDim : struct, IDimension<TDim>
    {
        if (a.Length != rank || b.Length != rank)
        {
            ThrowHelper.Shape($"{operation}: both operands must be {rank}-D {what}; got shapes {ShapeText.Format(a)} and {ShapeText.Format(b)}");
        }
    }

    /// <summary>NumPy 2's vecdot <c>(n),(n)->()</c> over <paramref name="axis"/> of each operand, the rest broadcast.</summary>
    /// <exception cref="ShapeException">An operand is 0-d, the lengths differ, or the rest does not broadcast.</exception>
    /// <exception cref="AxisIndexException">The axis is out of range for an operand.</exception>
    public static TDim[] VecDot<TDim>(ReadOnlySpan<TDim> a, ReadOnlySpan<TDim> b, int axis)
        where TDim : struct, IDimension<TDim>
    {
        RequireCore("vecdot", a, 1);
        RequireCore("vecdot", b, 1);
        TDim[] x = ViewRule.Select(a, ViewRule.MovePermutation(a.Length, [axis], [-1]));
        TDim[] y = ViewRule.Select(b, ViewRule.MovePermutation(b.Length, [axis], [-1]));
        if (!x[^1].Equals(y[^1]))
        {
            ThrowHelper.Shape($"vecdot: vector lengths differ: {x[^1]} vs {y[^1]} (shapes {ShapeText.Format(a)} and {ShapeText.Format(b)}, axis {axis})");
        }
        return BroadcastRule.Broadcast<TDim>(x[..^1], y[..^1]);
    }

    /// <summary>NumPy 2.2's matvec <c>(m,n),(n)->(m)</c>, or vecmat <c>(n),(n,m)->(m)</c> when <paramref name="vectorFirst"/>.</summary>
    /// <exception cref="ShapeException">Too few dimensions, differing n, or batch axes that do not broadcast.</exception>
    public static TDim[] MatVec<TDim>(ReadOnlySpan<TDim> matrix, ReadOnlySpan<TDim> vector, bool vectorFirst)
        where TDim : struct, IDimension<TDim>
    {
        string operation = vectorFirst ? "vecmat" : "matvec";
        RequireCore(operation, matrix, 2);
        RequireCore(operation, vector, 1);
        TDim contracted = vectorFirst ? matrix[^2] : matrix[^1];
        if (!contracted.Equals(vector[^1]))
        {
            ThrowHelper.Shape($"{operation}: contracted dimensions differ: {contracted} (matrix, axis {(vectorFirst ? -2 : -1)}) vs {vector[^1]} (vector, axis -1); shapes {ShapeText.Format(matrix)} and {ShapeText.Format(vector)}");
        }
        return [.. BroadcastRule.Broadcast<TDim>(matrix[..^2], vector[..^1]), vectorFirst ? matrix[^1] : matrix[^2]];
    }

    private static void RequireCore<TDim>(string operation, ReadOnlySpan<TDim> shape, int rank)
    {
        if (shape.Length < rank)
        {
            ThrowHelper.Shape($"{operation}: an operand of shape {ShapeText.Format(shape)} has fewer than the {rank} core dimension(s) it needs");
        }
    }
}
