using System.Numerics.Tensors;
using Batchwise.Kernels.Gemm;
using Batchwise.Kernels.Iteration;

namespace Batchwise.Kernels.Linalg;

/// <summary>
/// The few level-1 and level-3 building blocks the dense factorizations share: row axpy and dot on
/// contiguous rows (vectorised by <see cref="TensorPrimitives"/>), row swaps, and a GEMM call on
/// row-major sub-blocks. Matrices are row-major with a leading dimension (row stride) in elements.
/// </summary>
internal static class DenseBlas
{
    /// <summary><c>y -= alpha * x</c> over equal-length rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void SubtractScaled<T>(Span<T> y, T alpha, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(x.Length == y.Length);
        if (y.Length < 8)
        {
            // Short rows (panel edges, small matrices): a plain loop beats the call's dispatch.
            for (int i = 0; i < y.Length; i++)
            {
                y[i] -= alpha * x[i];
            }
            return;
        }
        TensorPrimitives.MultiplyAdd(x, -alpha, y, y);
    }

    /// <summary>Sum of <c>x[i] * y[i]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : unmanaged, IFloatingPointIeee754<T> =>
        x.Length switch
        {
            0 => T.Zero,
            1 => x[0] * y[0],
            _ => TensorPrimitives.Dot(x, y),
        };

    /// <summary>Swaps rows <paramref name="i"/> and <paramref name="j"/> of a row-major matrix.</summary>
    public static void SwapRows<T>(Span<T> a, int ld, int cols, int i, int j) where T : unmanaged
    {
        if (i != j)
        {
            Span<T> x = a.Slice(i * ld, cols), y = a.Slice(j * ld, cols);
            Span<T> buffer = stackalloc T[64];
            for (int c = 0; c < cols; c += 64)
            {
                int length = Math.Min(64, cols - c);
                Span<T> t = buffer[..length], xs = x.Slice(c, length), ys = y.Slice(c, length);
                xs.CopyTo(t);
                ys.CopyTo(xs);
                t.CopyTo(ys);
            }
        }
    }

    /// <summary>
    /// <c>C = A·B</c> (or <c>C += A·B</c> when <paramref name="accumulate"/>) for row-major blocks: A is
    /// m x k with row stride <paramref name="lda"/>; B is k x n with row stride <paramref name="ldb"/>
    /// (or, when <paramref name="transposeB"/>, B is read as the transpose of an n x k block with that
    /// row stride); C is m x n with row stride <paramref name="ldc"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gemm<T>(int m, int n, int k, ref T a, int lda, ref T b, int ldb, bool transposeB, ref T c, int ldc, bool accumulate)
        where T : unmanaged, INumberBase<T>
    {
        if (m == 0 || n == 0)
        {
            return;
        }
        var left = new StridedMatrix<T>(ref a, lda, 1, default);
        var right = transposeB ? new StridedMatrix<T>(ref b, 1, ldb, default) : new StridedMatrix<T>(ref b, ldb, 1, default);
        var result = new StridedMatrix<T>(ref c, ldc, 1, default);
        BatchedGemm.Multiply(default, m, n, k, left, right, result, default, accumulate);
    }

    /// <summary>
    /// Runs <paramref name="body"/>(first, count) over the columns [0, <paramref name="columns"/>) in
    /// ranges of whole cache lines, split over the cores when <paramref name="multiplyAdds"/> repays it:
    /// for the row-oriented steps of the triangular solves, whose columns do not depend on one another.
    /// Each column sees the same operations in the same order however the columns are split.
    /// </summary>
    public static unsafe void ForColumnRanges<T>(int columns, long multiplyAdds, Action<int, int> body) where T : unmanaged
    {
        int line = Math.Max(1, 64 / sizeof(T));
        WorkSplitter.For((columns + line - 1) / line, WorkSplitter.WorkersFor(multiplyAdds), (_, start, end) =>
        {
            int first = (int)start * line;
            body(first, Math.Min(columns, (int)end * line) - first);
        });
    }

    /// <summary>
    /// Runs <paramref name="body"/>(first, count) over the rows [0, <paramref name="rows"/>) in one
    /// contiguous range per core that <paramref name="multiplyAdds"/> repays: for the Cholesky's GEMM
    /// steps, which keep each range of rows on the core that last wrote it.
    /// </summary>
    public static void ForRowRanges(int rows, long multiplyAdds, Action<int, int> body) =>
        WorkSplitter.For(rows, WorkSplitter.WorkersFor(multiplyAdds), (_, start, end) => body((int)start, (int)(end - start)));

    /// <summary>Copies an m x n block (row stride <paramref name="lds"/>) negated into a packed m x n buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CopyNegated<T>(ReadOnlySpan<T> source, int lds, int m, int n, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            TensorPrimitives.Negate(source.Slice(i * lds, n), destination.Slice(i * n, n));
        }
    }

    /// <summary>
    /// Writes the n x n identity, row-major, into the start of <paramref name="m"/>; <paramref name="one"/>
    /// is the element's 1 (a number, or a vector of ones for a batch tile).
    /// </summary>
    public static void SetIdentity<TElement>(Span<TElement> m, int n, TElement one)
    {
        m[..(n * n)].Clear();
        for (int i = 0; i < n; i++)
        {
            m[i * n + i] = one;
        }
    }

    /// <summary>Machine epsilon (the gap from 1 to the next value): 2^-23 for float, 2^-52 for double.</summary>
    public static T Epsilon<T>() where T : unmanaged, IFloatingPointIeee754<T> => T.BitDecrement(T.One) is var below ? (T.One - below) * T.CreateTruncating(2) : T.Zero;

    /// <summary>A reference to element (i, j) of a row-major span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref T At<T>(Span<T> a, int ld, int i, int j) => ref Unsafe.Add(ref MemoryMarshal.GetReference(a), i * ld + j);
}
