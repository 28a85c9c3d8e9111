using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Batchwise.Expressions;

namespace Batchwise.Bench;

/// <summary>
/// Runs every workload of shared/bench/workloads.json through Batchwise and writes records with
/// anchors.py's fields (<c>impl: "batchwise"</c>), so summarize.py puts Batchwise, NumPy, PyTorch and
/// the hardware bound in one table. Timing follows anchors.py (samples of at least 40 ms, 7 samples,
/// per-call median/min/max) except for a longer warm-up, at least 2 calls and 1.5 s, so that .NET's
/// tiered compilation has replaced the first-tier code before sampling starts: the kernels are
/// optimized from their first call, but the layers above them tier up for about a second (a batched
/// dot through the evaluator took 17-70 us a call until 0.8-1.0 s into a process, 10-16 us after, on
/// the 2-core Zen 3).
/// </summary>
internal static class WorkloadRunner
{
    private const double WarmUpSeconds = 1.5;

    /// <summary>
    /// Whether each timed call runs in its own <see cref="TensorScope"/>, so its result goes back to the
    /// pool when the call returns, as NumPy and PyTorch free a result nobody keeps the moment the call
    /// returns. <c>BATCHWISE_BENCH_SCOPE=0</c> leaves dead results to the collector instead (an A/B of
    /// the two; the first, checked call is never scoped).
    /// </summary>
    internal static bool ReleaseResults { get; } = Environment.GetEnvironmentVariable("BATCHWISE_BENCH_SCOPE") != "0";

    /// <param name="selected">Which workloads to run, by name.</param>
    /// <param name="into">Also time every plain <c>a @ b</c> workload as <c>MatMul(a, b, into: out)</c>
    /// with a result allocated once, recorded as <c>NAME_into</c>: the product without the cost of fresh
    /// result memory (see bench/README.md).</param>
    public static int Run(string workloadsPath, string? outPath, Func<string, bool> selected, int repeats, bool into = false)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(workloadsPath));
        CheckTestVector(document.RootElement.GetProperty("input_init").GetProperty("test_vector"));
        var records = new JsonArray();
        int threads = Environment.ProcessorCount;
        foreach (JsonElement workload in document.RootElement.GetProperty("workloads").EnumerateArray())
        {
            string name = workload.GetProperty("name").GetString()!;
            if (!selected(name))
            {
                continue;
            }
            // Each workload starts from a collected heap, as each anchors.py configuration starts in
            // a fresh process: the previous workload's garbage is not this one's cost.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Dictionary<string, object> inputs = WorkloadInputs.Build(workload.GetProperty("inputs"));
            records.Add(Measure(name, workload, Callable(workload, inputs), repeats, threads, inputs));
            if (into && workload.TryGetProperty("expression_batchwise", out JsonElement e) && e.ValueKind == JsonValueKind.String && e.GetString() == "a @ b")
            {
                records.Add(Measure(name + "_into", workload, IntoCallable(inputs), repeats, threads, inputs));
            }
        }
        var result = new JsonObject
        {
            ["meta"] = new JsonObject
            {
                ["impl"] = "batchwise",
                ["machine"] = Environment.MachineName,
                ["processors"] = Environment.ProcessorCount,
                ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                ["isa"] = Kernels.InstructionSet.Width.ToString(),
                ["date"] = DateTime.UtcNow.ToString("O"),
            },
            ["records"] = records,
        };
        string text = result.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        if (outPath is null)
        {
            Console.WriteLine(text);
        }
        else
        {
            File.WriteAllText(outPath, text);
        }
        return records.Any(r => r!["check_ok"]!.GetValue<bool>() == false) ? 1 : 0;
    }

    /// <summary>Checks one callable's result against NumPy's checksum, times it, and makes its record.</summary>
    private static JsonObject Measure(string name, JsonElement workload, (Func<object?> Call, string How) callable, int repeats, int threads, Dictionary<string, object> inputs)
    {
        (Func<object?> call, string how) = callable;
        var clock = Stopwatch.StartNew();
        object? first = call();
        double firstCall = clock.Elapsed.TotalSeconds;
        double checkSum = SumAbs(first, workload);
        double expected = workload.GetProperty("check_sum_abs_numpy").GetDouble();
        string? disorder = OrderChecks.Problem(name, first, inputs);
        bool checkOk = MatchesNumPy(checkSum, workload) && disorder is null;
        (double median, double min, double max, int inner, double cpu) = Time(call, repeats);
        double? flops = workload.TryGetProperty("flops", out JsonElement f) && f.ValueKind == JsonValueKind.Number ? f.GetDouble() : null;
        long bytes = workload.GetProperty("bytes_min").GetInt64();
        var record = new JsonObject
        {
            ["name"] = name,
            ["impl"] = "batchwise",
            ["threads"] = threads,
            ["impl_id"] = $"batchwise@{threads}t",
            ["how"] = WorkloadRunner.Describe(how),
            ["dtype"] = workload.GetProperty("dtype").GetString(),
            ["median_s"] = median,
            ["min_s"] = min,
            ["max_s"] = max,
            ["repeats"] = repeats,
            ["inner"] = inner,
            ["first_call_s"] = firstCall,
            ["flops"] = flops,
            ["gflops"] = flops is double fl ? fl / median / 1e9 : null,
            ["gflops_best"] = flops is double fb ? fb / min / 1e9 : null,
            ["bytes_min"] = bytes,
            ["gbs"] = bytes / median / 1e9,
            ["check_sum_abs"] = checkSum,
            ["check_ok"] = checkOk,
            ["cpu_util"] = cpu,
            ["blas_coretype"] = "batchwise",
        };
        Console.Error.WriteLine($"{name,-22} {Format(median),10} median {Format(min),10} min  check {(checkOk ? "ok" : $"MISMATCH {checkSum:G6} vs {expected:G6} {disorder}")}  ({how})");
        return record;
    }

    /// <summary><c>a @ b</c> into a result allocated once (float or double inputs).</summary>
    internal static (Func<object?> Call, string How) IntoCallable(Dictionary<string, object> inputs)
    {
        const string How = "direct: MatMul(a, b, into: out), out allocated once";
        if (inputs["a"] is Tensor<double> ad)
        {
            var bd = (Tensor<double>)inputs["b"];
            Tensor<double> outD = Tensor.MatMul(ad, bd);
            return (() => Tensor.MatMul(ad, bd, outD), How);
        }
        var a = (Tensor<float>)inputs["a"];
        var b = (Tensor<float>)inputs["b"];
        Tensor<float> output = Tensor.MatMul(a, b);
        return (() => Tensor.MatMul(a, b, output), How);
    }

    /// <summary>
    /// The call to time: the expression through the evaluator, except where the evaluator's own cost
    /// (parsing is excluded, but binding and dispatch are not) would distort a tiny workload, or where
    /// the workload writes into a given buffer, which the vocabulary cannot say.
    /// </summary>
    internal static (Func<object?> Call, string How) Callable(JsonElement workload, Dictionary<string, object> inputs)
    {
        string name = workload.GetProperty("name").GetString()!;
        switch (name)
        {
            case "overhead_add_1":
                {
                    var a = (Tensor<float>)inputs["a"];
                    var b = (Tensor<float>)inputs["b"];
                    return (() => a + b, "direct: a + b");
                }
            case "overhead_matmul_4x4":
                {
                    var a = (Tensor<float>)inputs["a"];
                    var b = (Tensor<float>)inputs["b"];
                    return (() => Tensor.MatMul(a, b), "direct: Tensor.MatMul");
                }
            case "bouter_mul_out":
                {
                    var a = (Tensor<float>)inputs["a"];
                    var b = (Tensor<float>)inputs["b"];
                    var output = (Tensor<float>)inputs["out"];
                    Tensor<float> left = a[TensorIndex.Ellipsis, TensorIndex.NewAxis], right = b[TensorIndex.Ellipsis, TensorIndex.NewAxis, ..];
                    return (() => Tensor.Multiply(left, right, output), "direct: Multiply(a[..., None], b[..., None, :], into: out)");
                }
            case "add_bcast_4096_out":
                {
                    var x = (Tensor<float>)inputs["x"];
                    var v = (Tensor<float>)inputs["v"];
                    var output = (Tensor<float>)inputs["out"];
                    return (() => Tensor.Add(x, v, output), "direct: Add(x, v, into: out)");
                }
        }
        string expression = workload.GetProperty("expression_batchwise").GetString()
            ?? throw new InvalidOperationException($"{name} has no expression_batchwise");
        SyntaxNode tree = ExpressionParser.Parse(expression);
        var values = inputs.Where(i => !(name.Contains("causal", StringComparison.Ordinal) && i.Key == "mask"))
            .ToDictionary(i => i.Key, i => i.Value);
        return (() => Expression.Evaluate(tree, values), $"evaluator: {expression}");
    }

    private static (double Median, double Min, double Max, int Inner, double Cpu) Time(Func<object?> call, int repeats)
    {
        (int inner, double perSample) = WarmUp(call);
        if (perSample * repeats > 4)
        {
            repeats = Math.Max(3, (int)(4 / perSample));
        }
        var samples = new double[repeats];
        TimeSpan cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        long wallStart = Stopwatch.GetTimestamp();
        for (int r = 0; r < repeats; r++)
        {
            samples[r] = Sample(call, inner);
        }
        double wall = Stopwatch.GetElapsedTime(wallStart).TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds / wall;
        Array.Sort(samples);
        return (samples[repeats / 2], samples[0], samples[^1], inner, cpu);
    }

    /// <summary>
    /// Calls <paramref name="call"/> at least twice and for <see cref="WarmUpSeconds"/>; returns the
    /// calls per sample that make a sample last at least 40 ms, and that sample's expected length.
    /// </summary>
    internal static (int Inner, double PerSample) WarmUp(Func<object?> call)
    {
        var clock = Stopwatch.StartNew();
        int warm = 0;
        while (warm < 2 || clock.Elapsed.TotalSeconds < WarmUpSeconds)
        {
            CallOnce(call);
            warm++;
        }
        double perCall = clock.Elapsed.TotalSeconds / warm;
        int inner = (int)Math.Clamp(0.04 / Math.Max(perCall, 1e-9), 1, 10_000_000);
        return (inner, perCall * inner);
    }

    /// <summary>One sample: <paramref name="inner"/> calls back to back; returns seconds per call.</summary>
    internal static double Sample(Func<object?> call, int inner)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < inner; i++)
        {
            CallOnce(call);
        }
        return Stopwatch.GetElapsedTime(start).TotalSeconds / inner;
    }

    /// <summary>How a call is timed, for the record: whether its result is released as it returns.</summary>
    internal static string Describe(string how) => ReleaseResults ? $"{how}; each timed call in a TensorScope" : how;

    /// <summary>One timed call, its result released when it returns unless <see cref="ReleaseResults"/> is off.</summary>
    private static void CallOnce(Func<object?> call)
    {
        if (!ReleaseResults)
        {
            call();
            return;
        }
        using (TensorScope.Begin())
        {
            call();
        }
    }

    /// <summary>Whether a sum(|out|) matches the workload's NumPy checksum (relative 1e-3).</summary>
    internal static bool MatchesNumPy(double checkSum, JsonElement workload)
    {
        double expected = workload.GetProperty("check_sum_abs_numpy").GetDouble();
        return Math.Abs(checkSum - expected) <= 1e-3 * Math.Max(Math.Abs(expected), 1e-30);
    }

    /// <summary>
    /// sum(|out|) in float64 over the finite elements (the workload list counts non-finite ones apart);
    /// for eigh the eigenvalues, for svd the singular values. Integer results are summed as float64 too.
    /// </summary>
    internal static double SumAbs(object? result, JsonElement workload)
    {
        if (result is object?[] tuple)
        {
            string expression = workload.GetProperty("expression_batchwise").GetString() ?? "";
            result = expression.Contains("svd", StringComparison.Ordinal) ? tuple[1] : tuple[0];
        }
        IEnumerable<double> values = result switch
        {
            Tensor<float> t => t.ToArray().Select(v => (double)v),
            Tensor<double> t => t.ToArray(),
            Tensor<long> t => t.ToArray().Select(v => (double)v),
            Tensor<int> t => t.ToArray().Select(v => (double)v),
            _ => [double.NaN],
        };
        return values.Where(v => !double.IsInfinity(v)).Sum(Math.Abs);
    }

    internal static void CheckTestVector(JsonElement vector)
    {
        double[] seed1 = vector.GetProperty("u[0..3]").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        double[] seed2 = vector.GetProperty("seed2_u[0..3]").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (int i = 0; i < 4; i++)
        {
            if (PortableUniform.At(i, 1) != seed1[i] || PortableUniform.At(i, 2) != seed2[i])
            {
                throw new InvalidDataException("portable_uniform does not reproduce the test vector of workloads.json");
            }
        }
    }

    private static string Format(double s) => s < 1e-3 ? $"{s * 1e6:F2} µs" : $"{s * 1e3:F3} ms";
}
