using Batchwise.Shapes;

namespace Batchwise.Expressions;

/// <summary>The products' shape rules over symbolic dimensions (matmul's own rule is <see cref="MatMulRule"/>).</summary>
internal static partial class SymbolicShapes
{
    public static SymbolicArray MatMul(SymbolicArray a, SymbolicArray b) =>
        new(MatMulRule.Apply<SymbolicDim>(a.Shape, b.Shape, "x1", "x2").Result);

    public static SymbolicArray Mm(SymbolicArray a, SymbolicArray b) => new(ProductRule.Mm<SymbolicDim>(a.Shape, b.Shape));

    public static SymbolicArray Bmm(SymbolicArray a, SymbolicArray b) => new(ProductRule.Bmm<SymbolicDim>(a.Shape, b.Shape));

    public static SymbolicArray Dot(SymbolicArray a, SymbolicArray b) => new(ProductRule.Dot<SymbolicDim>(a.Shape, b.Shape));

    public static SymbolicArray VDot(SymbolicArray a, SymbolicArray b)
    {
        SymbolicDim sa = SymbolicDim.Product(a.Shape), sb = SymbolicDim.Product(b.Shape);
        if (!sa.Equals(sb))
        {
            throw new ShapeException($"vdot: vectors have different sizes: {sa} (shape {a}) vs {sb} (shape {b})");
        }
        return new SymbolicArray([]);
    }

    public static SymbolicArray Inner(SymbolicArray a, SymbolicArray b) => new(ProductRule.Inner<SymbolicDim>(a.Shape, b.Shape));

    public static SymbolicArray TensorDot(SymbolicArray a, SymbolicArray b, object? axes)
    {
        (int[] aAxes, int[] bAxes) = axes is object?[] { Length: 2 } pair
            ? (Axes(pair[0]) ?? [], Axes(pair[1]) ?? [])
            : ProductRule.TensorDotAxes<SymbolicDim>(a.Shape, b.Shape, Int(axes));
        return new SymbolicArray(ProductRule.TensorDot<SymbolicDim>(a.Shape, b.Shape, aAxes, bAxes));
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
