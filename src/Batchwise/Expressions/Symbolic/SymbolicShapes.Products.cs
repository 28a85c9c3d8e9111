using Batchwise.Shapes;

namespace Batchwise.Expressions;

/// <summary>The products' shape rules over symbolic dimensions (matmul's own rule is <see cref="MatMulRule"/>).</summary>
internal static partial class SymbolicShapes
{
    public static SymbolicArray MatMul(SymbolicArray a, SymbolicArray b) =>
        new(MatMulRule.Apply<SymbolicDim>(a.Shape, b.Shape, "x1", "x2").Result);

    public static SymbolicArray Mm(SymbolicArray a, SymbolicArray b)
    {
        if (a.Shape.Length != 2 || b.Shape.Length != 2)
        {
            throw new ShapeException($"mm: both operands must be 2-D; got {a} and {b}");
        }
        return new SymbolicArray(MatMulRule.Apply<SymbolicDim>(a.Shape, b.Shape, operation: "mm").Result);
    }

    public static SymbolicArray Bmm(SymbolicArray a, SymbolicArray b)
    {
        if (a.Shape.Length != 3 || b.Shape.Length != 3)
        {
            throw new ShapeException($"bmm: both operands must be 3-D; got {a} and {b}");
        }
        if (!a.Shape[0].Equals(b.Shape[0]))
        {
            throw new ShapeException($"bmm: batch sizes differ: {a.Shape[0]} vs {b.Shape[0]}; bmm does not broadcast");
        }
        return new SymbolicArray(MatMulRule.Apply<SymbolicDim>(a.Shape, b.Shape, operation: "bmm").Result);
    }

    public static SymbolicArray Dot(SymbolicArray a, SymbolicArray b)
    {
        if (a.Shape.Length == 0 || b.Shape.Length == 0)
        {
            return new SymbolicArray(Broadcast(a.Shape, b.Shape));
        }
        int bAxis = b.Shape.Length == 1 ? 0 : b.Shape.Length - 2;
        if (!a.Shape[^1].Equals(b.Shape[bAxis]))
        {
            throw new ShapeException($"dot: shapes {a} and {b} not aligned: {a.Shape[^1]} (dim {a.Shape.Length - 1}) != {b.Shape[bAxis]} (dim {bAxis})");
        }
        SymbolicDim[] tail = b.Shape.Length == 1 ? [] : [.. b.Shape[..^2], b.Shape[^1]];
        return new SymbolicArray([.. a.Shape[..^1], .. tail]);
    }

    public static SymbolicArray VDot(SymbolicArray a, SymbolicArray b)
    {
        SymbolicDim sa = SymbolicDim.Product(a.Shape), sb = SymbolicDim.Product(b.Shape);
        if (!sa.Equals(sb))
        {
            throw new ShapeException($"vdot: vectors have different sizes: {sa} (shape {a}) vs {sb} (shape {b})");
        }
        return new SymbolicArray([]);
    }

    public static SymbolicArray Inner(SymbolicArray a, SymbolicArray b)
    {
        if (a.Shape.Length == 0 || b.Shape.Length == 0)
        {
            return new SymbolicArray(Broadcast(a.Shape, b.Shape));
        }
        if (!a.Shape[^1].Equals(b.Shape[^1]))
        {
            throw new ShapeException($"inner: shapes {a} and {b} not aligned: {a.Shape[^1]} != {b.Shape[^1]}");
        }
        return new SymbolicArray([.. a.Shape[..^1], .. b.Shape[..^1]]);
    }

    public static SymbolicArray TensorDot(SymbolicArray a, SymbolicArray b, object? axes)
    {
        int[] aAxes, bAxes;
        if (axes is object?[] pair && pair.Length == 2)
        {
            aAxes = Axes(pair[0]) ?? [];
            bAxes = Axes(pair[1]) ?? [];
        }
        else
        {
            int n = Int(axes);
            if (n < 0)
            {
                throw new InvalidValueException($"tensordot: axes={n} must not be negative");
            }
            if (n > a.Shape.Length || n > b.Shape.Length)
            {
                throw new AxisIndexException($"tensordot: axes={n} is more axes than shapes {a} and {b} have");
            }
            aAxes = Enumerable.Range(a.Shape.Length - n, n).ToArray();
            bAxes = Enumerable.Range(0, n).ToArray();
        }
        if (aAxes.Length != bAxes.Length)
        {
            throw new ShapeException("tensordot: shape-mismatch for sum");
        }
        bool[] aMask = AxisRule.ToMask(aAxes, a.Shape.Length), bMask = AxisRule.ToMask(bAxes, b.Shape.Length);
        for (int i = 0; i < aAxes.Length; i++)
        {
            SymbolicDim da = a.Shape[AxisRule.Normalize(aAxes[i], a.Shape.Length)], db = b.Shape[AxisRule.Normalize(bAxes[i], b.Shape.Length)];
            if (!da.Equals(db))
            {
                throw new ShapeException($"tensordot: shape-mismatch for sum: {da} vs {db}");
            }
        }
        return new SymbolicArray([.. a.Shape.Where((_, d) => !aMask[d]), .. b.Shape.Where((_, d) => !bMask[d])]);
    }

    public static SymbolicArray VecDot(SymbolicArray a, SymbolicArray b, int axis)
    {
        if (a.Shape.Length == 0 || b.Shape.Length == 0)
        {
            throw new ShapeException("vecdot: operands need at least one dimension");
        }
        SymbolicArray x = MoveToEnd(a, axis), y = MoveToEnd(b, axis);
        if (!x.Shape[^1].Equals(y.Shape[^1]))
        {
            throw new ShapeException($"vecdot: vector lengths differ: {x.Shape[^1]} vs {y.Shape[^1]}");
        }
        return new SymbolicArray(Broadcast(x.Shape[..^1], y.Shape[..^1]));
    }

    public static SymbolicArray MoveToEnd(SymbolicArray x, int axis)
    {
        int a = AxisRule.Normalize(axis, x.Shape.Length);
        return x with { Shape = [.. x.Shape.Where((_, d) => d != a), x.Shape[a]] };
    }

    public static SymbolicArray GufuncProduct(SymbolicArray matrix, SymbolicArray vector, bool vectorFirst)
    {
        if (matrix.Shape.Length < 2 || vector.Shape.Length < 1)
        {
            throw new ShapeException($"{(vectorFirst ? "vecmat" : "matvec")}: operands have too few dimensions ({matrix} and {vector})");
        }
        SymbolicDim contracted = vectorFirst ? matrix.Shape[^2] : matrix.Shape[^1];
        if (!contracted.Equals(vector.Shape[^1]))
        {
            throw new ShapeException($"{(vectorFirst ? "vecmat" : "matvec")}: contracted dimensions differ: {contracted} vs {vector.Shape[^1]}");
        }
        SymbolicDim free = vectorFirst ? matrix.Shape[^1] : matrix.Shape[^2];
        return new SymbolicArray([.. Broadcast(matrix.Shape[..^2], vector.Shape[..^1]), free]);
    }
}
