using System.Numerics;
using Batchwise.Kernels.Gemm;
using Batchwise.Kernels.Reference;
using Xunit;

namespace Batchwise.Tests.Kernels.Gemm;

/// <summary>How a test lays one matrix out in memory.</summary>
public enum MatrixLayout
{
    RowMajor,
    ColMajor,
    Padded,
    ReversedRows,
    ReversedCols,
}

/// <summary>Builds strided batched operands in pinned arrays and checks the engine against <see cref="GemmReference"/>.</summary>
internal static class GemmTestHelpers
{
    public static readonly MatrixLayout[] AllLayouts = Enum.GetValues<MatrixLayout>();

    internal sealed class Operand<T>
        where T : unmanaged
    {
        public required T[] Data;
        public required int Origin;
        public required nint RowStride;
        public required nint ColStride;
        public required nint[] BatchStrides;

        public StridedMatrix<T> View(T[] data) =>
            new(ref data[Origin], RowStride, ColStride, BatchStrides);
    }

    public static Operand<T> Make<T>(Random rng, int[] batch, bool[] broadcast, int rows, int cols, MatrixLayout layout, T fill, bool random)
        where T : unmanaged, INumberBase<T>
    {
        nint rs, cs;
        int origin;
        int size;
        switch (layout)
        {
            case MatrixLayout.ColMajor:
                rs = 1;
                cs = rows;
                origin = 0;
                size = rows * cols;
                break;
            case MatrixLayout.Padded:
                rs = cols + 3;
                cs = 1;
                origin = 0;
                size = rows * (cols + 3);
                break;
            case MatrixLayout.ReversedRows:
                rs = -cols;
                cs = 1;
                origin = Math.Max(rows - 1, 0) * cols;
                size = rows * cols;
                break;
            case MatrixLayout.ReversedCols:
                rs = cols;
                cs = -1;
                origin = Math.Max(cols - 1, 0);
                size = rows * cols;
                break;
            default:
                rs = cols;
                cs = 1;
                origin = 0;
                size = rows * cols;
                break;
        }

        var strides = new nint[batch.Length];
        long stride = Math.Max(size, 1);
        for (int d = batch.Length - 1; d >= 0; d--)
        {
            strides[d] = broadcast[d] ? 0 : (nint)stride;
            if (!broadcast[d])
            {
                stride *= Math.Max(batch[d], 1);
            }
        }

        var data = GC.AllocateArray<T>((int)stride + 1, pinned: true);
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = random ? T.CreateTruncating(rng.Next(-1000, 1001)) / T.CreateTruncating(1000) : fill;
        }

        if (random && typeof(T) == typeof(int))
        {
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = T.CreateTruncating(rng.Next(-9, 10));
            }
        }

        return new Operand<T> { Data = data, Origin = origin, RowStride = rs, ColStride = cs, BatchStrides = strides };
    }

    /// <summary>Runs one product on the engine and on the reference and compares every element of C's buffer.</summary>
    public static void Check<T>(int[] batch, int m, int n, int k,
        MatrixLayout la = MatrixLayout.RowMajor, MatrixLayout lb = MatrixLayout.RowMajor, MatrixLayout lc = MatrixLayout.RowMajor,
        bool withBias = false, bool accumulate = false, bool[]? broadcastA = null, bool[]? broadcastB = null, int seed = 1)
        where T : unmanaged, INumberBase<T>, IFloatingPointIeee754<T>
    {
        var rng = new Random(seed + m * 7919 + n * 104729 + k * 31);
        bool[] none = new bool[batch.Length];
        var a = Make<T>(rng, batch, broadcastA ?? none, m, k, la, T.Zero, true);
        var b = Make<T>(rng, batch, broadcastB ?? none, k, n, lb, T.Zero, true);
        var c = Make<T>(rng, batch, none, m, n, lc, T.NaN, accumulate);
        T[] bias = withBias ? Make<T>(rng, [], [], 1, n, MatrixLayout.RowMajor, T.Zero, true).Data[..n] : [];

        T[] expected = (T[])c.Data.Clone();
        GemmReference.Multiply<T>(batch, m, n, k, a.View(a.Data), b.View(b.Data), c.View(expected), bias, accumulate);
        BatchedGemm.Multiply<T>(batch, m, n, k, a.View(a.Data), b.View(b.Data), c.View(c.Data), bias, accumulate);

        // Inputs lie in [-1, 1]: a blocked sum differs from the naive one by at most ~k roundings of
        // terms up to k in size.
        T tolerance = typeof(T) == typeof(float) ? T.CreateTruncating(1.2e-7 * 8 * (k + 2)) : T.CreateTruncating(2.3e-16 * 8 * (k + 2));
        for (int i = 0; i < expected.Length; i++)
        {
            T e = expected[i], g = c.Data[i];
            if (T.IsNaN(e) && T.IsNaN(g))
            {
                continue;
            }

            if (!(T.Abs(e - g) <= tolerance))
            {
                Assert.Fail($"batch=({string.Join(",", batch)}) m={m} n={n} k={k} {la}/{lb}/{lc} bias={withBias} acc={accumulate}: " +
                    $"element {i} expected {e} got {g}");
            }
        }
    }
}
