using Batchwise.Kernels.Linalg;
using Batchwise.Kernels.Threading;
using F = Batchwise.NN.Functional;
using L = Batchwise.Linalg;

namespace Batchwise.Tests;

/// <summary>
/// Tensors under 85 KB live in ordinary, movable arrays, and so do the arrays a caller wraps: a kernel
/// that keeps a raw pointer into one without pinning it reads and writes the old place once a collection
/// moves it (a fresh result moves at its first collection). Every family runs here on small tensors, with a
/// compacting collection forced before each part the worker pool runs (calls too small for the pool run
/// without one), and must give the result it gives without them, bit for bit.
/// </summary>
[Collection("Alone")]
public sealed class MovableOperandsTests
{
    private const int Rounds = 3;

    [Fact]
    public void EveryFamily_OnMovableArrays_SurvivesCompactingCollections()
    {
        (string Name, Func<double[]> Call)[] operations = Operations();
        double[][] expected = [.. operations.Select(o => o.Call())];

        // Every part the worker pool runs starts with a compacting collection: by then the kernels hold
        // their raw pointers, so an operand or result that is not pinned has just moved under them.
        int collections = 0;
        WorkerPool.Trace = new PoolTrace
        {
            BeforePart = () =>
            {
                Interlocked.Increment(ref collections);
                GC.Collect(0, GCCollectionMode.Forced, blocking: true, compacting: true);
            },
        };
        var failures = new List<string>();
        try
        {
            for (int round = 0; round < Rounds; round++)
            {
                for (int i = 0; i < operations.Length; i++)
                {
                    // Dead arrays ahead of the fresh result, so that the compaction slides it down.
                    for (int j = 0; j < 8; j++)
                    {
                        GC.KeepAlive(new byte[2048]);
                    }

                    double[] actual = operations[i].Call();
                    if (!actual.SequenceEqual(expected[i]))
                    {
                        failures.Add($"round {round}: {operations[i].Name} differs from its result without collections");
                    }
                }
            }
        }
        finally
        {
            WorkerPool.Trace = null;
        }

        Assert.True(collections >= Rounds * operations.Length, $"only {collections} parts ran through the pool");
        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }

    /// <summary>
    /// The GEMM engine's own entry, as blocked LU, Cholesky and triangular solves call it with spans of
    /// movable scratch: the operands must stay pinned until the last part has run, however the caller
    /// got its references.
    /// </summary>
    [Fact]
    public void EngineProduct_OnMovableArrays_PinsThemUntilItEnds()
    {
        const int M = 120, N = 120, K = 160; // each operand under 85 KB, enough work for two threads
        float[] a = Tensor.Rand<float>([M, K], seed: 21).ToArray();
        float[] b = Tensor.Rand<float>([K, N], seed: 22).ToArray();
        float[] expected = new float[M * N];
        DenseBlas.Gemm(M, N, K, ref a[0], K, ref b[0], N, false, ref expected[0], N, accumulate: false);

        int collections = 0;
        WorkerPool.Trace = new PoolTrace
        {
            BeforePart = () =>
            {
                Interlocked.Increment(ref collections);
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            },
        };
        try
        {
            for (int round = 0; round < Rounds; round++)
            {
                for (int j = 0; j < 8; j++)
                {
                    GC.KeepAlive(new byte[2048]);
                }

                float[] left = [.. a], right = [.. b], result = new float[M * N];
                DenseBlas.Gemm(M, N, K, ref left[0], K, ref right[0], N, false, ref result[0], N, accumulate: false);
                Assert.Equal(expected, result);
            }
        }
        finally
        {
            WorkerPool.Trace = null;
        }

        // With one thread the product runs in one part, outside the pool, and nothing is collected inside it.
        Assert.True(collections > 0 || WorkerPool.MaxDegree < 2, "no collection ran inside the product: the test proved nothing");
    }

    /// <summary>One small call per family, each with a movable operand or result.</summary>
    private static (string, Func<double[]>)[] Operations()
    {
        Tensor<float> square = Tensor.Rand<float>([96, 96], seed: 1);
        Tensor<double> wide = Tensor.Rand<double>([64, 120], seed: 2);
        Tensor<double> tall = Tensor.Rand<double>([120, 80], seed: 3);
        Tensor<float> stack = Tensor.Rand<float>([400, 4, 4], seed: 4);
        Tensor<float> vector = Tensor.Rand<float>([96], seed: 5);
        Tensor<double> system = LinearAlgebra.Linalg.LinalgTestHelpers.WellConditioned<double>([], 130, 6);
        Tensor<double> rhs = Tensor.Randn<double>([130, 3], seed: 7);
        Tensor<float> q = Tensor.Rand<float>([1, 2, 64, 32], seed: 8);
        Tensor<float> k = Tensor.Rand<float>([1, 2, 64, 32], seed: 9);
        Tensor<float> v = Tensor.Rand<float>([1, 2, 64, 32], seed: 10);
        Tensor<float> longRows = Tensor.Rand<float>([48, 16384], seed: 12);
        Tensor<float> longColumns = Tensor.Rand<float>([16384, 48], seed: 13);
        double[] callerOwned = Tensor.Rand<double>([50, 50], seed: 11).ToArray();

        return
        [
            ("deep product into a small result", () => Widen(Tensor.MatMul(longRows, longColumns))),
            ("sgemm 96 (packed)", () => Widen(Tensor.MatMul(square, square))),
            ("dgemm 64x120x80", () => Tensor.MatMul(wide, tall).ToArray()),
            ("gemv", () => Widen(Tensor.MatMul(square, vector))),
            ("batched 4x4", () => Widen(Tensor.MatMul(stack, stack))),
            ("einsum", () => Widen(Tensor.Einsum("bhqd,bhkd->bhqk", q, k))),
            ("attention", () => Widen(F.ScaledDotProductAttention(q, k, v, isCausal: true))),
            ("softmax", () => Widen(F.Softmax(square, -1))),
            ("exp and sum", () => Widen(Tensor.Sum(Tensor.Exp(square), -1))),
            ("solve 130 (blocked LU)", () => L.Solve(system, rhs).ToArray()),
            ("inv 130", () => L.Inv(system).ToArray()),
            ("batched solve 4x4", () => Widen(L.Solve(stack + Tensor.Eye<float>(4) * 4f, stack))),
            ("qr", () => L.Qr(tall).R.ToArray()),
            ("sort", () => Widen(Tensor.Sort(square, -1))),
            ("topk", () => Widen(Tensor.TopK(square, 5, -1).Values)),
            ("cumsum", () => Widen(Tensor.CumSum(square, 1))),
            ("wrapped caller array", () =>
            {
                Tensor<double> wrapped = Tensor.FromArray(callerOwned, [50, 50]);
                return Tensor.MatMul(wrapped, wrapped).ToArray();
            }),
        ];
    }

    private static double[] Widen(Tensor<float> t) => [.. t.ToArray().Select(x => (double)x)];
}
