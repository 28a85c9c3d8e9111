using Batchwise.Kernels.Gemm;
using Batchwise.Kernels.Gemm.MicroKernels;
using static Batchwise.Tests.Kernels.Gemm.GemmTestHelpers;

namespace Batchwise.Tests.Kernels.Gemm;

public class BatchedGemmTests
{
    public static TheoryData<MatrixLayout, MatrixLayout, MatrixLayout> LayoutTriples()
    {
        var data = new TheoryData<MatrixLayout, MatrixLayout, MatrixLayout>();
        foreach (MatrixLayout a in AllLayouts)
        {
            foreach (MatrixLayout b in AllLayouts)
            {
                foreach (MatrixLayout c in AllLayouts)
                {
                    data.Add(a, b, c);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LayoutTriples))]
    public void Multiply_AnyStrides_MatchesReference(MatrixLayout la, MatrixLayout lb, MatrixLayout lc)
    {
        int[][] shapes = [[7, 67, 13], [20, 33, 100], [1, 50, 30], [40, 1, 30], [1, 1, 17], [3, 3, 3], [9, 70, 1], [64, 130, 70]];
        foreach (int[] s in shapes)
        {
            foreach (bool bias in new[] { false, true })
            {
                Check<float>([], s[0], s[1], s[2], la, lb, lc, bias, accumulate: false);
                Check<double>([], s[0], s[1], s[2], la, lb, lc, bias, accumulate: true);
            }
        }
    }

    [Fact]
    public void Multiply_EdgeSizes_MatchesReference()
    {
        SweepEdges<float>(GemmKernel6x4V512<float>.MR, GemmKernel6x4V512<float>.NR);
        SweepEdges<double>(GemmKernel6x4V512<double>.MR, GemmKernel6x4V512<double>.NR);
    }

    internal static void SweepEdges<T>(int mr, int nr)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int kc = Blocking.Kc<T>(nr);
        // mr + 1 to mr + 3 and 32 end in an edge of one to three rows; GemmKernel6x2 runs edges of one
        // or two rows two panels at a time (RunEdgePair), 2 * nr + 3 columns leaving a panel unpaired.
        int[] ms = [0, 1, mr - 1, mr, mr + 1, mr + 2, mr + 3, 2 * mr + 1, 31, 32];
        int[] ns = [0, 1, nr - 1, nr, nr + 1, 2 * nr + 3];
        // Up to a third past KC runs as one block (Blocking.KcFor); one more splits in two.
        int[] ks = [0, 1, 3, kc - 1, kc, kc + 1, kc + kc / 3, kc + kc / 3 + 1, 2 * kc + 1];
        foreach (int m in ms)
        {
            foreach (int n in ns)
            {
                foreach (int k in ks)
                {
                    Check<T>([], m, n, k, withBias: (m + n) % 2 == 0, accumulate: k % 2 == 1);
                }
            }
        }
    }

    [Fact]
    public void Multiply_Batches_MatchesReference()
    {
        // Plain, A broadcast, B broadcast (shared, folded), multi-axis with mixed broadcast, empty.
        Check<float>([5], 7, 9, 11);
        Check<float>([5], 7, 9, 11, broadcastA: [true]);
        Check<float>([5], 7, 70, 11, broadcastB: [true]);
        Check<float>([5], 7, 70, 11, MatrixLayout.ColMajor, broadcastB: [true]);
        Check<double>([2, 3], 13, 65, 20, broadcastB: [false, true], withBias: true);
        Check<double>([3, 2], 13, 65, 20, MatrixLayout.ColMajor, MatrixLayout.ColMajor, broadcastB: [true, true], withBias: true);
        Check<float>([4, 1, 3], 2, 5, 6, broadcastA: [false, false, true], accumulate: true);
        Check<float>([0, 3], 4, 4, 4);
        Check<float>([2, 0], 4, 4, 4);
        Check<float>([50], 1, 1, 64);
        Check<float>([50], 1, 1, 64, MatrixLayout.ColMajor, MatrixLayout.ColMajor, withBias: true, accumulate: true);
        Check<double>([40], 1, 9, 33, broadcastB: [true]);
        Check<float>([40], 17, 1, 33, accumulate: true);
        Check<float>([1000], 3, 3, 3);
        Check<double>([300], 4, 4, 4, withBias: true);
        Check<float>([300], 16, 16, 16, MatrixLayout.ColMajor);
        Check<float>([30], 5, 13, 7, lc: MatrixLayout.ColMajor);
        Check<double>([30], 16, 16, 16, accumulate: true, withBias: true);
        Check<float>([7], 64, 64, 64);
        Check<float>([3], 100, 200, 50, MatrixLayout.Padded, MatrixLayout.ColMajor, broadcastA: [true]);
    }

    [Fact]
    public void Multiply_PackedRowMajorA_MatchesReference()
    {
        // A too large to read in place, so it is packed: every k % 4 tail of the vectorised pack,
        // row edges past the last full 6-row panel, padded rows.
        foreach (int k in new[] { 129, 130, 131, 132, 257, 258, 259 })
        {
            Check<float>([], 131, 70, k, withBias: k % 2 == 0);
            Check<float>([], 131, 70, k, MatrixLayout.Padded, accumulate: true);
            Check<double>([], 67, 70, k);
        }
    }

    [Fact]
    public void Multiply_NarrowResultReadsLargeAInPlace_MatchesReference()
    {
        // A too large for L2 but a result at most 64 columns wide: A is read in place, row edges past
        // the last full panel, partial column tiles, padded rows, accumulation and bias included.
        foreach (int n in new[] { 8, 20, 40, 64 })
        {
            Check<float>([], 131, n, 700, withBias: n % 8 == 0);
            Check<float>([], 131, n, 259, MatrixLayout.Padded, accumulate: true);
            Check<double>([], 67, n, 700, accumulate: true);
            Check<double>([], 301, n, 130, MatrixLayout.Padded, withBias: true);
        }
    }

    [Fact]
    public void Multiply_IntThroughReference_MatchesNaiveLoop()
    {
        int[] a = GC.AllocateArray<int>(2 * 3 * 4, pinned: true);
        int[] b = GC.AllocateArray<int>(4 * 5, pinned: true);
        int[] c = GC.AllocateArray<int>(2 * 3 * 5, pinned: true);
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = i % 7 - 3;
        }

        for (int i = 0; i < b.Length; i++)
        {
            b[i] = i % 5 - 2;
        }

        int[] bias = [1, 2, 3, 4, 5];
        BatchedGemm.Multiply<int>([2], 3, 5, 4,
            new StridedMatrix<int>(ref a[0], 4, 1, [12]),
            new StridedMatrix<int>(ref b[0], 5, 1, [0]),
            new StridedMatrix<int>(ref c[0], 5, 1, [15]), bias);
        for (int t = 0; t < 2; t++)
        {
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 5; j++)
                {
                    int sum = bias[j];
                    for (int p = 0; p < 4; p++)
                    {
                        sum += a[t * 12 + i * 4 + p] * b[p * 5 + j];
                    }

                    Assert.Equal(sum, c[t * 15 + i * 5 + j]);
                }
            }
        }
    }

    [Fact]
    public void Multiply_StacksLargerThanHalfOfL3_MatchReference()
    {
        // Operands over half of L3 stream from memory, and the GEMV and vector-matrix kernels prefetch
        // ahead of them (GemmJob.Streams): the same results, with prefetches past the last matrix.
        int items = (int)(Blocking.L3Bytes / 2 / (64 * 64 * sizeof(float))) + 1;
        Check<float>([items], 64, 1, 64);
        Check<float>([items], 1, 64, 64, withBias: true);
        Check<float>([items / 2, 2], 1, 64, 64, lc: MatrixLayout.Padded, accumulate: true);
    }

    [Fact]
    public void Multiply_LargeProduct_PassesRandomVectorCheck()
    {
        // BLIS's check: for random x, C x must equal A (B x) up to rounding (O(mnk) -> O(mk + kn) oracle).
        const int M = 700, N = 900, K = 800;
        var rng = new Random(5);
        float[] a = RandomPinned(rng, M * K);
        float[] b = RandomPinned(rng, K * N);
        float[] c = GC.AllocateArray<float>(M * N, pinned: true);
        Array.Fill(c, float.NaN);
        BatchedGemm.Multiply<float>([], M, N, K,
            new StridedMatrix<float>(ref a[0], K, 1, []),
            new StridedMatrix<float>(ref b[0], 1, K, []),
            new StridedMatrix<float>(ref c[0], N, 1, []));

        double[] x = new double[N];
        for (int j = 0; j < N; j++)
        {
            x[j] = rng.NextDouble() - 0.5;
        }

        double[] bx = new double[K];
        for (int p = 0; p < K; p++)
        {
            double s = 0;
            for (int j = 0; j < N; j++)
            {
                s += b[j * K + p] * x[j];
            }

            bx[p] = s;
        }

        for (int i = 0; i < M; i++)
        {
            double cx = 0, abx = 0, scale = 0;
            for (int j = 0; j < N; j++)
            {
                cx += c[i * N + j] * x[j];
                scale += Math.Abs(x[j]);
            }

            for (int p = 0; p < K; p++)
            {
                abx += a[i * K + p] * bx[p];
            }

            Assert.True(Math.Abs(cx - abx) <= 4 * K * 1.2e-7 * scale, $"row {i}: {cx} vs {abx}");
        }
    }

    [Fact]
    public void Multiply_Repeated256_AllocatesNothing()
    {
        const int N = 256;
        var rng = new Random(3);
        float[] a = RandomPinned(rng, N * N);
        float[] b = RandomPinned(rng, N * N);
        float[] c = GC.AllocateArray<float>(N * N, pinned: true);
        nint[] none = [];
        nint[] batchStride = [9];
        int[] batch = [100];
        void Run()
        {
            BatchedGemm.Multiply<float>([], N, N, N,
                new StridedMatrix<float>(ref a[0], N, 1, none),
                new StridedMatrix<float>(ref b[0], N, 1, none),
                new StridedMatrix<float>(ref c[0], N, 1, none));
            BatchedGemm.Multiply<float>(batch, 3, 3, 3,
                new StridedMatrix<float>(ref a[0], 3, 1, batchStride),
                new StridedMatrix<float>(ref b[0], 3, 1, batchStride),
                new StridedMatrix<float>(ref c[0], 3, 1, batchStride));
        }

        Run();
        long allocated = AllocationProbe.Measure(() =>
        {
            for (int i = 0; i < 20; i++)
            {
                Run();
            }
        });

        Assert.True(allocated < 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Multiply_MismatchedBatchStrides_Throws()
    {
        float[] a = GC.AllocateArray<float>(4, pinned: true);
        Assert.Throws<ArgumentException>(() => BatchedGemm.Multiply<float>([2], 1, 1, 1,
            new StridedMatrix<float>(ref a[0], 1, 1, []),
            new StridedMatrix<float>(ref a[0], 1, 1, [0]),
            new StridedMatrix<float>(ref a[0], 1, 1, [1])));
    }

    internal static float[] RandomPinned(Random rng, int length)
    {
        float[] data = GC.AllocateArray<float>(length, pinned: true);
        for (int i = 0; i < length; i++)
        {
            data[i] = (float)(rng.NextDouble() * 2 - 1);
        }

        return data;
    }
}
