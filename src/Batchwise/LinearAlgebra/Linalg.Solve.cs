using Batchwise.Kernels.Linalg.Lu;
using Batchwise.LinearAlgebra.Decompositions;

namespace Batchwise;

public static partial class Linalg
{
    /// <summary>
    /// Solves <c>a @ x = b</c> for x (NumPy 2's <c>numpy.linalg.solve</c>): a is (..., n, n). b is a vector
    /// only when it is 1-D (n,), shared by every matrix of a, and x is then (..., n); otherwise b is a
    /// stack of (n, k) matrices whose batch axes broadcast against a's, and x is (batch..., n, k).
    /// </summary>
    /// <remarks>LU with partial pivoting per matrix. Empty batches and n = 0 give empty results. NaN
    /// propagates. Not in-place: a and b are left unchanged.</remarks>
    /// <exception cref="ShapeException">a is not a stack of square matrices, b's rows differ from n,
    /// or the batch axes do not broadcast.</exception>
    /// <exception cref="LinAlgException">"Singular matrix": a matrix has an exactly zero pivot; the
    /// exception's <see cref="LinAlgException.BatchIndex"/> is its flat batch index.</exception>
    public static Tensor<T> Solve<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        LinalgRule.Solve(Tensor<T>.AsDims(a.Shape), Tensor<T>.AsDims(b.Shape));
        int n = a.Shape[^1];
        bool vector = b.Rank == 1;
        int[] batch = vector ? a.Shape[..^2].ToArray() : BroadcastBatch("solve", a.Shape[..^2], b.Shape[..^2], a.ShapeString, b.ShapeString);
        Tensor<T> rhs = vector ? b.Reshape(n, 1) : b;
        int k = rhs.Shape[^1];
        int[] aShape = Concat(batch, n, n);
        // The batch kernels for small n only read a (they eliminate in their own tiles): no copy then.
        Tensor<T> lu = n <= SmallLuBatch.MaxOrder && a.IsContiguous && a.Shape.SequenceEqual(aShape) ? a : CopyAs(a, aShape);
        Tensor<T> x = CopyAs(rhs, Concat(batch, n, k));
        int count = BatchCount(x.Shape);
        if (count > 0 && n > 0 && k > 0)
        {
            ThrowIfFailed(SolveInPlace(lu, x, count, n, k), "Singular matrix");
        }
        return vector ? x.Reshape(Concat(batch, n)) : x;
    }

    /// <summary>Overwrites the contiguous stacks <paramref name="x"/> (right-hand sides) by the solutions.</summary>
    private static long SolveInPlace<T>(Tensor<T> lu, Tensor<T> x, int count, int n, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long flops = 2L * n * n * n / 3 + 2L * n * n * k;
        if (n <= SmallLuBatch.MaxOrder)
        {
            return BatchRunner.Run<T>(count, flops, SmallLuBatch.ScratchSize<T>(n, k), (start, end, scratch) =>
            {
                long failed = SmallLuBatch.Solve(lu.AsSpan()[(start * n * n)..], x.AsSpan()[(start * n * k)..], end - start, n, k, scratch);
                return failed < 0 ? -1 : start + failed;
            });
        }
        int pivotsAt = LuKernels.ScratchSize(n);
        return BatchRunner.ForEach<T>(count, flops, pivotsAt + n, (i, scratch) =>
        {
            Span<T> m = lu.AsSpan().Slice(i * n * n, n * n);
            Span<int> pivots = System.Runtime.InteropServices.MemoryMarshal.Cast<T, int>(scratch[pivotsAt..])[..n];
            if (LuKernels.Factor(m, n, pivots, scratch[..pivotsAt]) >= 0)
            {
                return false;
            }
            LuKernels.Solve<T>(m, n, pivots, x.AsSpan().Slice(i * n * k, n * k), k, scratch[..pivotsAt]);
            return true;
        });
    }

    /// <summary>
    /// The inverse of each matrix of a (..., n, n) stack (<c>numpy.linalg.inv</c>).
    /// </summary>
    /// <remarks>LU with partial pivoting; the inverse is formed as <c>U^-1·L^-1·P</c>. Empty stacks
    /// give empty results. One singular matrix fails the whole call.</remarks>
    /// <exception cref="ShapeException">a is not a stack of square matrices.</exception>
    /// <exception cref="LinAlgException">"Singular matrix", with the failing batch index.</exception>
    public static Tensor<T> Inv<T>(Tensor<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = RequireSquare("inv", a);
        Tensor<T> source = a.Contiguous();
        Tensor<T> result = Tensor<T>.Allocate(a.Shape);
        int count = BatchCount(a.Shape);
        if (count == 0 || n == 0)
        {
            return result;
        }
        long flops = 2L * n * n * n;
        long failed;
        if (n <= SmallLuBatch.MaxOrder)
        {
            failed = BatchRunner.Run<T>(count, flops, SmallLuBatch.ScratchSize<T>(n, n), (start, end, scratch) =>
            {
                long f = SmallLuBatch.Inverse(source.AsSpan()[(start * n * n)..], result.AsSpan()[(start * n * n)..], end - start, n, scratch);
                return f < 0 ? -1 : start + f;
            });
        }
        else
        {
            int luAt = LuKernels.ScratchSize(n), pivotsAt = luAt + n * n;
            failed = BatchRunner.ForEach<T>(count, flops, pivotsAt + n, (i, scratch) =>
            {
                Span<T> lu = scratch.Slice(luAt, n * n);
                source.AsSpan().Slice(i * n * n, n * n).CopyTo(lu);
                Span<int> pivots = System.Runtime.InteropServices.MemoryMarshal.Cast<T, int>(scratch[pivotsAt..])[..n];
                if (LuKernels.Factor(lu, n, pivots, scratch[..luAt]) >= 0)
                {
                    return false;
                }
                LuKernels.Inverse<T>(lu, n, pivots, result.AsSpan().Slice(i * n * n, n * n), scratch[..luAt]);
                return true;
            });
        }
        ThrowIfFailed(failed, "Singular matrix");
        return result;
    }
}
