using Batchwise.Kernels.Threading;
using Xunit;
using F = Batchwise.NN.Functional;
using L = Batchwise.Linalg;

namespace Batchwise.Tests.Settings;

/// <summary>
/// <see cref="BatchwiseSettings.Threads"/> caps every operation: the worker pool records which managed
/// threads ran each operation's parts (<see cref="WorkerPool.Trace"/>). With 1 thread only the calling
/// thread may appear; with 2, each operation is large enough to ask for several parts and uses at most
/// two threads, and over the run both threads take part.
/// </summary>
[Collection("Alone")]
public sealed class ThreadCapTests
{
    [Fact]
    public void Operations_ThreadsOne_RunOnCallingThreadOnly()
    {
        int caller = Environment.CurrentManagedThreadId;
        RunCapped(1, (name, trace) =>
            Assert.True(trace.PartsByThread.Keys.All(id => id == caller),
                $"{name} ran parts on threads {string.Join(", ", trace.PartsByThread.Keys)}; only the caller {caller} may"));
    }

    [Fact]
    public void Operations_ThreadsTwo_UseAtMostTwoThreads()
    {
        int cap = Math.Min(2, Environment.ProcessorCount);
        var everyThread = new HashSet<int>();
        // A worker that wakes late leaves all parts to the caller, so rounds repeat until both threads
        // have been seen (one round almost always suffices).
        for (int round = 0; round < 20 && everyThread.Count < cap; round++)
        {
            RunCapped(2, (name, trace) =>
            {
                Assert.True(trace.MostParts >= cap, $"{name} asked the pool for {trace.MostParts} part(s); the test needs an input large enough to split");
                Assert.InRange(trace.PartsByThread.Count, 1, cap);
                everyThread.UnionWith(trace.PartsByThread.Keys);
            });
        }
        Assert.Equal(cap, everyThread.Count);
    }

    /// <summary>
    /// The trace sees only work that reaches the pool; this guards the rest: no library source outside
    /// WorkerPool.cs starts threads or tasks of its own.
    /// </summary>
    [Fact]
    public void LibrarySources_OutsideWorkerPool_StartNoThreads()
    {
        string? root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "Batchwise.slnx")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar));
        }
        Assert.NotNull(root);
        string[] forbidden = ["Parallel.For", "Parallel.Invoke", "Task.Run(", "Task.Factory", "new Thread(", "ThreadPool.", "Environment.ProcessorCount"];
        string[] allowed = ["WorkerPool.cs", "EnvironmentSettings.cs", "BatchwiseSettings.cs"];
        var offenders = new List<string>();
        foreach (string project in new[] { "Batchwise", "Batchwise.Kernels" })
        {
            string folder = Path.Combine(root, "src", project);
            foreach (string file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(folder, file);
                if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal)
                    || allowed.Contains(Path.GetFileName(file)))
                {
                    continue;
                }
                string text = File.ReadAllText(file);
                offenders.AddRange(forbidden.Where(f => text.Contains(f, StringComparison.Ordinal)).Select(f => $"{project}/{relative}: {f}"));
            }
        }
        Assert.Empty(offenders);
    }

    /// <summary>Runs every operation with <see cref="BatchwiseSettings.Threads"/> = <paramref name="threads"/>, checking each one's trace.</summary>
    private static void RunCapped(int threads, Action<string, PoolTrace> check)
    {
        (string Name, Action Call)[] operations = Operations();
        int saved = BatchwiseSettings.Threads;
        try
        {
            BatchwiseSettings.Threads = threads;
            foreach ((string name, Action call) in operations)
            {
                var trace = new PoolTrace();
                WorkerPool.Trace = trace;
                try
                {
                    call();
                }
                finally
                {
                    WorkerPool.Trace = null;
                }
                check(name, trace);
            }
        }
        finally
        {
            BatchwiseSettings.Threads = saved;
        }
    }

    /// <summary>One call per family, each on an input past its parallel threshold.</summary>
    private static (string, Action)[] Operations()
    {
        Tensor<float> big = Tensor.Rand<float>([512, 512], seed: 1);
        Tensor<float> row = Tensor.Rand<float>([512], seed: 2);
        Tensor<float> stack = Tensor.Rand<float>([8000, 4, 4], seed: 3) + Tensor.Eye<float>(4) * 4f;
        Tensor<float> spd = LinearAlgebra.Linalg.LinalgTestHelpers.Spd<float>([4000], 8, 4);
        Tensor<float> q = Tensor.Rand<float>([2, 4, 128, 32], seed: 6);
        Tensor<float> k = Tensor.Rand<float>([2, 4, 128, 32], seed: 7);
        Tensor<float> v = Tensor.Rand<float>([2, 4, 128, 32], seed: 8);
        Tensor<long> rows = Tensor.Arange<long>(511, -1, -1);
        return
        [
            ("sgemm 512", () => Tensor.MatMul(big, big)),
            ("batched 4x4 matmul", () => Tensor.MatMul(stack, stack)),
            ("batched inv", () => L.Inv(stack)),
            ("batched cholesky", () => L.Cholesky(spd)),
            ("batched solve", () => L.Solve(stack, stack)),
            ("broadcast add", () => _ = big + row),
            ("sum over rows", () => Tensor.Sum(big, -1)),
            ("sum over columns", () => Tensor.Sum(big, 0)),
            ("softmax", () => F.Softmax(big, -1)),
            ("attention", () => F.ScaledDotProductAttention(q, k, v, isCausal: true)),
            ("sort rows", () => Tensor.Sort(big, -1)),
            ("tril", () => Tensor.Tril(big)),
            ("take rows", () => Tensor.Take(big, rows, axis: 0)),
        ];
    }
}
