using Batchwise.Kernels.Linalg.Lu;
using Batchwise.LinearAlgebra.Decompositions;

namespace Batchwise;

public static partial class Linalg
{
    /// <summary>
    /// The determinant of each matrix of a (..., n, n) stack (<c>numpy.linalg.det</c>): result shape (...).
    /// </summary>
    /// <remarks>From the LU factors: <c>(-1)^swaps · prod(diag U)</c>. Exactly 0 for a matrix with a zero
    /// pivot (no exception); 1 for 0 x 0 matrices; empty for an empty batch. May overflow to ±inf where
    /// <see cref="SlogDet"/> does not.</remarks>
    /// <exception cref="ShapeException">a is not a stack of square matrices.</exception>
    public static Tensor<T> Det<T>(Tensor<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = RequireSquare("det", a);
        Tensor<T> source = a.Contiguous();
        int count = BatchCount(a.Shape);
        Tensor<T> result = Tensor<T>.Allocate(a.Shape[..^2]);
        if (count == 0)
        {
            return result;
        }
        if (n == 0)
        {
            result.AsSpan().Fill(T.One);
            return result;
        }
        long flops = 2L * n * n * n / 3;
        if (n <= SmallLuBatch.MaxOrder)
        {
            BatchRunner.Run<T>(count, flops, SmallLuBatch.ScratchSize<T>(n, 0), (start, end, scratch) =>
            {
                SmallLuBatch.Determinant(source.AsSpan()[(start * n * n)..], result.AsSpan()[start..end], end - start, n, scratch);
                return -1;
            });
            return result;
        }
        ForEachLu(source, count, n, (i, lu, pivots) => result.AsSpan()[i] = LuKernels.Determinant<T>(lu, n, pivots));
        return result;
    }

    /// <summary>
    /// Sign and natural log of the absolute determinant of each matrix (<c>numpy.linalg.slogdet</c>):
    /// <c>det = sign · exp(logabsdet)</c> without overflow. Both results have shape (...).
    /// </summary>
    /// <remarks>A singular matrix gives (0, -inf); a 0 x 0 matrix gives (1, 0).</remarks>
    /// <exception cref="ShapeException">a is not a stack of square matrices.</exception>
    public static (Tensor<T> Sign, Tensor<T> LogAbsDet) SlogDet<T>(Tensor<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = RequireSquare("slogdet", a);
        Tensor<T> source = a.Contiguous();
        int count = BatchCount(a.Shape);
        Tensor<T> sign = Tensor<T>.Allocate(a.Shape[..^2]);
        Tensor<T> log = Tensor<T>.Allocate(a.Shape[..^2]);
        if (count == 0)
        {
            return (sign, log);
        }
        if (n == 0)
        {
            sign.AsSpan().Fill(T.One);
            log.AsSpan().Clear();
            return (sign, log);
        }
        ForEachLu(source, count, n, (i, lu, pivots) => (sign.AsSpan()[i], log.AsSpan()[i]) = LuKernels.LogDeterminant<T>(lu, n, pivots));
        return (sign, log);
    }

    private delegate void LuConsumer<T>(int index, ReadOnlySpan<T> lu, ReadOnlySpan<int> pivots);

    /// <summary>Factors a copy of every matrix (singular ones too) and hands the factors to <paramref name="consume"/>.</summary>
    private static void ForEachLu<T>(Tensor<T> source, int count, int n, LuConsumer<T> consume) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int luAt = LuKernels.ScratchSize(n), pivotsAt = luAt + n * n;
        BatchRunner.ForEach<T>(count, 2L * n * n * n / 3, pivotsAt + n, (i, scratch) =>
        {
            Span<T> lu = scratch.Slice(luAt, n * n);
            source.AsSpan().Slice(i * n * n, n * n).CopyTo(lu);
            Span<int> pivots = System.Runtime.InteropServices.MemoryMarshal.Cast<T, int>(scratch[pivotsAt..])[..n];
            LuKernels.Factor(lu, n, pivots, scratch[..luAt]);
            consume(i, lu, pivots);
            return true;
        });
    }
}
