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

    public static SymbolicArray VecDot(SymbolicArray a, SymbolicArray b, int axis) => new(ProductRule.VecDot<SymbolicDim>(a.Shape, b.Shape, axis));


    public static SymbolicArray GufuncProduct(SymbolicArray matrix, SymbolicArray vector, bool vectorFirst) =>
        new(ProductRule.MatVec<SymbolicDim>(matrix.Shape, vector.Shape, vectorFirst));
}
