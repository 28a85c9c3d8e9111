using Batchwise.Kernels.Elementwise;
using Batchwise.Kernels.Gathering;
using Batchwise.Kernels.Iteration;
using Batchwise.NN;

namespace Batchwise.Tests.Kernels.Elementwise;

/// <summary>
/// Joins and gathers whose result is too large for cache write it with non-temporal stores. The kernels
/// are driven here with streaming forced on small buffers (every head, tail and misaligned start), and
/// the library at sizes that stream on any machine (a result of 32 MB or more), element by element.
/// On a path without streaming stores (scalar, 128-bit) the same calls take the plain copy.
/// </summary>
public sealed unsafe class StreamedCopyTests
{
    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(3, 17, 1)]
    [InlineData(5, 1031, 3)]       // runs that end mid-line, starting off a line
    [InlineData(2, 40_000, 0)]     // long runs: split across workers
    public void Copy_Streamed_CopiesEveryElement(int rows, int n, int offset)
    {
        int span = n + 5;
        float[] x = [.. Enumerable.Range(0, rows * span + offset).Select(i => (float)i)];
        var d = new float[rows * n + offset + 1];
        d[^1] = -1f;
        var nest = default(LoopNest);
        nest.Add(rows, n, span);
        nest.Add(n, 1, 1);
        nest.Coalesce();
        fixed (float* pd = d, px = x)
        {
            // A whole destination of 2^60 elements: streamed whenever the path has streaming stores.
            ElementwiseDriver.Copy(nest, pd + offset, px + offset, 1L << 60);
        }
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(x[offset + r * span + i], d[offset + r * n + i]);
            }
        }
        Assert.Equal(-1f, d[^1]); // nothing written past the end
    }

    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(64)]
    [InlineData(1029)]
    public void RowGather_Streamed_MatchesThePlainGather(int inner)
    {
        const int N = 50, Count = 37, Outer = 2;
        double[] source = [.. Enumerable.Range(0, Outer * N * inner).Select(i => Math.Sin(i))];
        long[] index = [.. Enumerable.Range(0, Count).Select(j => (long)(j * 7 % N) - (j % 3 == 0 ? N : 0))];
        var streamed = new double[Outer * Count * inner + 1];
        var plain = new double[Outer * Count * inner + 1];
        fixed (double* s = source, a = streamed, b = plain)
        fixed (long* i = index)
        {
            RowGather.Rows(s, i, Count, N, inner, a + 1, 0, Outer * Count - 1, stream: true);
            RowGather.Rows(s, i, Count, N, inner, b + 1, 0, Outer * Count - 1, stream: false);
        }
        Assert.Equal(plain, streamed);
        Assert.Equal(0.0, streamed[^1]);
    }

    [Fact]
    public void Concatenate_LargeResultOnTheLastAxis_MatchesElementwise()
    {
        // (2048, 4099) float32 is 33.6 MB; rows of 2049 and 2050 start every other block off a line.
        var a = Tensor.Rand<float>([2048, 2049], seed: 1);
        var b = Tensor.Rand<float>([2048, 2050], seed: 2);
        float[] xs = a.ToArray(), ys = b.ToArray(), result = Tensor.Concatenate([a, b], axis: 1).ToArray();
        for (int i = 0; i < 2048; i++)
        {
            for (int j = 0; j < 4099; j++)
            {
                float expected = j < 2049 ? xs[i * 2049 + j] : ys[i * 2050 + j - 2049];
                if (result[i * 4099 + j] != expected)
                {
                    Assert.Fail($"element ({i}, {j}) is {result[i * 4099 + j]}, expected {expected}");
                }
            }
        }
    }

    [Fact]
    public void Stack_LargeResult_MatchesEachPiece()
    {
        // Four (1024, 2049) float32 pieces: a 33.6 MB result whose pieces start off a cache line.
        Tensor<float>[] pieces = [.. Enumerable.Range(0, 4).Select(p => Tensor.Rand<float>([1024, 2049], seed: (ulong)(10 + p)))];
        Tensor<float> stacked = Tensor.Stack(pieces, axis: 0);
        for (int p = 0; p < 4; p++)
        {
            Assert.True(pieces[p].ToArray().AsSpan().SequenceEqual(stacked[p].ToArray()), $"piece {p} differs");
        }
    }

    [Fact]
    public void Embedding_LargeResult_MatchesRowByRow()
    {
        // 8192 rows of 1029 float32 (33.7 MB), ids with repeats, every row starting off a line.
        const int V = 3000, D = 1029, T = 8192;
        var weight = Tensor.Rand<float>([V, D], seed: 3);
        long[] ids = [.. Enumerable.Range(0, T).Select(t => (long)(t * 7919 % V))];
        Tensor<float> looked = Functional.Embedding(Tensor.FromArray(ids, T), weight);
        float[] w = weight.ToArray(), result = looked.ToArray();
        for (int t = 0; t < T; t++)
        {
            if (!w.AsSpan((int)ids[t] * D, D).SequenceEqual(result.AsSpan(t * D, D)))
            {
                Assert.Fail($"row {t} (id {ids[t]}) differs");
            }
        }
    }
}
