using Batchwise.LinearAlgebra;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary>
    /// The matrix product with <c>np.matmul</c>'s rules: a stack of matrices in the last two axes,
    /// batch axes broadcast, a 1-D left operand taken as a row (1, k) and a 1-D right operand as a
    /// column (k, 1) with the added axis removed from the result. k = 0 gives zeros. Transposed and
    /// sliced views and broadcast batches are multiplied in place, never copied.
    /// </summary>
    /// <param name="a">The left operand, at least 1-D.</param>
    /// <param name="b">The right operand, at least 1-D.</param>
    /// <param name="into">Optional destination of exactly the result's shape.</param>
    /// <exception cref="ShapeException">A 0-d operand, differing contracted dimensions, batch axes that
    /// do not broadcast, or a destination of the wrong shape.</exception>
    public static Tensor<T> MatMul<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumberBase<T>
    {
        if (a.Rank == 2 && b.Rank == 2 && a.Shape[1] == b.Shape[0])
        {
            // Two matrices: no batch, no promotion, nothing to check beyond k. This skips the general
            // rule's shape arrays, which are most of a 4x4 product's cost.
            if (into is null)
            {
                Tensor<T> product = Tensor<T>.Allocate([a.Shape[0], b.Shape[1]]);
                GemmCall.Run(a, b, product, [], freshResult: true);
                return product;
            }
            if (into.Rank == 2 && into.Shape[0] == a.Shape[0] && into.Shape[1] == b.Shape[1]
                && !into.SharesStorageWith(a) && !into.SharesStorageWith(b))
            {
                into.RequireWritable("matmul");
                GemmCall.Run(a, b, into, []);
                return into;
            }
        }
        return MatMulGeneral(a, b, into, bias: null);
    }

    /// <summary>np.matmul's full rule (promotion, batch broadcasting, destination checks), with an optional bias over the last axis.</summary>
    private static Tensor<T> MatMulGeneral<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into, Tensor<T>? bias) where T : unmanaged, INumberBase<T>
    {
        MatMulShape<Dim> rule = MatMulRule.Apply(Tensor<T>.AsDims(a.Shape), Tensor<T>.AsDims(b.Shape));
        Tensor<T> left = rule.LeftIsVector ? a.Unsqueeze(0) : a;
        Tensor<T> right = rule.RightIsVector ? b.Unsqueeze(-1) : b;
        int[] batch = DimsToInts(rule.Batch);
        int[] full = [.. batch, left.Shape[^2], right.Shape[^1]];
        int[] resultShape = DimsToInts(rule.Result);
        Tensor<T> destination = ProductDestination("matmul", resultShape, full, into, a, b);
        GemmCall.Run(left, right, destination, batch, bias, freshResult: into is null);
        return Deliver(destination, resultShape, into);
    }

    /// <summary>
    /// <c>matmul(a, b) + bias</c> for a 1-D bias as long as the result's last axis, with the bias added in
    /// the GEMM's store (no second pass over the result, no temporary). The expression evaluator runs
    /// <c>X @ W.T + b</c> through it.
    /// </summary>
    /// <returns>Null when the sum is not of that form (b 1-D, bias not 1-D or of another length); the
    /// caller then multiplies and adds as usual.</returns>
    internal static Tensor<T>? TryMatMulAddBias<T>(Tensor<T> a, Tensor<T> b, Tensor<T> bias) where T : unmanaged, INumberBase<T>
    {
        return a.Rank < 1 || b.Rank < 2 || bias.Rank != 1 || bias.Shape[0] != b.Shape[^1]
            ? null
            : MatMulGeneral(a, b, null, bias);
    }

    /// <summary>
    /// PyTorch's <c>mm</c>: both operands exactly 2-D, no promotion, no broadcasting.
    /// </summary>
    /// <exception cref="ShapeException">An operand is not 2-D, or the inner dimensions differ.</exception>
    public static Tensor<T> Mm<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumberBase<T>
    {
        ProductRule.Mm(AsDims(a), AsDims(b));
        return MatMul(a, b, into);
    }

    /// <summary>
    /// PyTorch's <c>bmm</c>: both operands exactly 3-D with equal batch sizes (1 does not broadcast).
    /// </summary>
    /// <exception cref="ShapeException">An operand is not 3-D, the batch sizes differ, or the inner dimensions differ.</exception>
    public static Tensor<T> Bmm<T>(Tensor<T> a, Tensor<T> b, Tensor<T>? into = null) where T : unmanaged, INumberBase<T>
    {
        ProductRule.Bmm(AsDims(a), AsDims(b));
        return MatMul(a, b, into);
    }

    /// <summary>
    /// Where a product is written: a new contiguous tensor of the full (batch, m, n) shape, or the
    /// caller's destination seen with that shape. A destination that shares storage with an input is
    /// written through a temporary, since the engine requires C not to alias A or B.
    /// </summary>
    internal static Tensor<T> ProductDestination<T>(string operation, int[] resultShape, int[] fullShape, Tensor<T>? into, Tensor<T> a, Tensor<T> b)
        where T : unmanaged
    {
        if (into is null)
        {
            return Tensor<T>.Allocate(fullShape);
        }
        if (!into.Shape.SequenceEqual(resultShape))
        {
            ThrowHelper.Shape($"{operation}: the destination has shape {into.ShapeString} but the result has shape {ShapeText.Format(resultShape)}");
        }
        into.RequireWritable(operation);
        if (into.SharesStorageWith(a) || into.SharesStorageWith(b))
        {
            return Tensor<T>.Allocate(fullShape);
        }
        return into.Reshape(fullShape) is var view && view.SharesStorageWith(into) ? view : Tensor<T>.Allocate(fullShape);
    }

    /// <summary>The product seen with the result shape, copied into the destination when it went through a temporary.</summary>
    internal static Tensor<T> Deliver<T>(Tensor<T> written, int[] resultShape, Tensor<T>? into) where T : unmanaged
    {
        if (into is null)
        {
            return written.Reshape(resultShape);
        }
        if (!written.SharesStorageWith(into))
        {
            into.CopyFrom(written.Reshape(resultShape));
        }
        return into;
    }

    internal static int[] DimsToInts(Dim[] dims)
    {
        var result = new int[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            result[i] = dims[i].Size;
        }
        return result;
    }

    private static ReadOnlySpan<Dim> AsDims<T>(Tensor<T> x) where T : unmanaged => Tensor<T>.AsDims(x.Shape);
}
