using Batchwise.IO;
using F = Batchwise.NN.Functional;
using L = Batchwise.Linalg;

namespace Batchwise.Tests;

/// <summary>
/// Many threads calling every operation family at once (each call itself spreading over the cores):
/// every result must be bitwise equal to the same call made alone, and the whole run must finish
/// before a watchdog fires (a deadlock in the worker pool or the buffer recycling would hang it).
/// It runs alone: tests that force a vector width or GEMM block sizes change results while they run.
/// </summary>
[Collection("Alone")]
public sealed class ConcurrencyStressTests
{
    private const int Threads = 8;
    private const int CallsPerThread = 40;
    private static readonly TimeSpan s_watchdog = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task EveryFamily_ManyThreads_BitwiseEqualToSingleCalls()
    {
        (string Name, Func<float[]> Call)[] operations = Operations();
        // The reference: each operation once, alone.
        float[][] expected = [.. operations.Select(o => o.Call())];

        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        Task[] workers = [.. Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(() =>
        {
            var rng = new Random(t);
            for (int call = 0; call < CallsPerThread; call++)
            {
                int which = rng.Next(operations.Length);
                float[] actual = operations[which].Call();
                if (!Bitwise(expected[which], actual))
                {
                    failures.Enqueue($"thread {t}, call {call}: {operations[which].Name} differs from its single-threaded result");
                }
            }
        }, TaskCreationOptions.LongRunning))];

        Task all = Task.WhenAll(workers);
        Assert.True(await Task.WhenAny(all, Task.Delay(s_watchdog)) == all, $"the stress run did not finish within {s_watchdog} (a deadlock?)");
        await all;
        Assert.Empty(failures);
    }

    private static bool Bitwise(float[] a, float[] b) =>
        a.Length == b.Length && a.Select(BitConverter.SingleToInt32Bits).SequenceEqual(b.Select(BitConverter.SingleToInt32Bits));

    /// <summary>One call per family, on inputs large enough that each call runs on several cores.</summary>
    private static (string, Func<float[]>)[] Operations()
    {
        Tensor<float> big = Tensor.Rand<float>([512, 512], seed: 1);
        Tensor<float> row = Tensor.Rand<float>([512], seed: 2);
        Tensor<float> stack = Tensor.Rand<float>([2000, 4, 4], seed: 3);
        Tensor<float> spd = LinearAlgebra.Linalg.LinalgTestHelpers.Spd<float>([500], 6, 4);
        Tensor<float> square = LinearAlgebra.Linalg.LinalgTestHelpers.WellConditioned<float>([], 96, 5);
        Tensor<float> q = Tensor.Rand<float>([2, 4, 128, 32], seed: 6);
        Tensor<float> k = Tensor.Rand<float>([2, 4, 128, 32], seed: 7);
        Tensor<float> v = Tensor.Rand<float>([2, 4, 128, 32], seed: 8);
        Tensor<float> w = Tensor.Rand<float>([256, 512], seed: 9);
        return
        [
            ("broadcast add", () => (big + row).ToArray()),
            ("exp", () => Tensor.Exp(big).ToArray()),
            ("sum over rows", () => Tensor.Sum(big, -1).ToArray()),
            ("sum over columns", () => Tensor.Sum(big, 0).ToArray()),
            ("var", () => Tensor.Var(big, [0]).ToArray()),
            ("sgemm 512", () => Tensor.MatMul(big, big).ToArray()),
            ("batched 4x4", () => Tensor.MatMul(stack, stack).ToArray()),
            ("linear", () => F.Linear(big, w, row[TensorIndex.Slice(0, 256)]).ToArray()),
            ("einsum", () => Tensor.Einsum("bhqd,bhkd->bhqk", q, k).ToArray()),
            ("softmax", () => F.Softmax(big, -1).ToArray()),
            ("attention", () => F.ScaledDotProductAttention(q, k, v, isCausal: true).ToArray()),
            ("solve", () => L.Solve(stack + Tensor.Eye<float>(4) * 4f, stack).ToArray()),
            ("inv 96", () => L.Inv(square).ToArray()),
            ("cholesky", () => L.Cholesky(spd).ToArray()),
            ("eigh", () => L.EigvalsH(spd).ToArray()),
            ("svd", () => L.SvdVals(stack).ToArray()),
            ("qr", () => L.Qr(square).R.ToArray()),
            ("norm", () => L.Norm(big).ToArray()),
            // Scoped calls hand arrays straight back to the pool while the other threads rent them.
            ("expression with temporaries", () => ((Tensor<float>)Batchwise.Expressions.Expression.Evaluate("(a + b) * a - b / 2", ("a", big), ("b", row))!).ToArray()),
            ("scoped loop", () =>
            {
                Tensor<float> state = big;
                for (int step = 0; step < 3; step++)
                {
                    using TensorScope scope = TensorScope.Begin();
                    state = scope.Keep(Tensor.Tanh(state * 0.5f + row));
                }
                return state.ToArray();
            }),
            ("concatenate", () => Tensor.Concatenate([big, big, big], axis: 1).ToArray()),
            ("npz round trip", () =>
            {
                using var stream = new MemoryStream();
                using (NpzWriter writer = Npz.Create(stream, compressed: true, leaveOpen: true))
                {
                    writer.Add("big", big);
                }
                stream.Position = 0;
                using NpzArchive archive = Npz.Load(stream);
                return archive.Load<float>("big").ToArray();
            }),
        ];
    }
}

/// <summary>Tests that must not share the process with any other test while they run.</summary>
[CollectionDefinition("Alone", DisableParallelization = true)]
public sealed class AloneCollection;
