using System.Text.Json;
using System.Text.Json.Nodes;

namespace Batchwise.Bench;

/// <summary>
/// The Batchwise side of bench/paired.py: a long-lived process that answers one short timing per
/// request, so that the coordinator can alternate Batchwise with NumPy and PyTorch every second
/// instead of timing each side once, minutes apart. Requests are lines on stdin, <c>NAME</c> or
/// <c>NAME_into</c>; each answer is one JSON line on stdout with the per-call median of
/// <c>samples</c> samples of at least 40 ms. A workload's inputs are built, checked against
/// NumPy's checksum and warmed up (as the runner does) on its first request and kept until a
/// request names another workload (NAME and NAME_into are one workload: the coordinator alternates them).
/// </summary>
internal static class WorkloadServer
{
    public static int Serve(string workloadsPath, int samples)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(workloadsPath));
        WorkloadRunner.CheckTestVector(document.RootElement.GetProperty("input_init").GetProperty("test_vector"));
        Dictionary<string, JsonElement> workloads = document.RootElement.GetProperty("workloads").EnumerateArray()
            .ToDictionary(w => w.GetProperty("name").GetString()!);

        // The current workload's inputs, built once, and its prepared requests (NAME and NAME_into).
        var prepared = new Dictionary<string, (Func<object?>? Call, JsonObject Reply, int Inner)>();
        string? currentWorkload = null;
        Dictionary<string, object>? inputs = null;
        while (Console.ReadLine()?.Trim() is string request)
        {
            if (request.Length == 0)
            {
                continue;
            }
            string workloadName = BaseName(request, workloads);
            if (workloadName != currentWorkload)
            {
                prepared.Clear();
                inputs = null;
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                currentWorkload = workloadName;
                if (workloads.TryGetValue(workloadName, out JsonElement w))
                {
                    inputs = WorkloadInputs.Build(w.GetProperty("inputs"));
                }
            }
            if (!prepared.TryGetValue(request, out var entry))
            {
                entry = inputs is null
                    ? (null, new JsonObject { ["name"] = request, ["error"] = "no such workload" }, 0)
                    : Prepare(request, workloads[workloadName], inputs);
                prepared[request] = entry;
            }
            (Func<object?>? call, JsonObject reply, int inner) = entry;
            if (call is null)
            {
                Console.WriteLine(reply.ToJsonString());
                continue;
            }

            var perCall = new double[samples];
            for (int s = 0; s < samples; s++)
            {
                perCall[s] = WorkloadRunner.Sample(call, inner);
            }
            Array.Sort(perCall);
            reply["median_s"] = perCall[samples / 2];
            reply["min_s"] = perCall[0];
            Console.WriteLine(reply.ToJsonString());
        }
        return 0;
    }

    /// <summary>The workload a request names: NAME_into is NAME into a result allocated once.</summary>
    private static string BaseName(string request, Dictionary<string, JsonElement> workloads) =>
        request.EndsWith("_into", StringComparison.Ordinal) && !workloads.ContainsKey(request) ? request[..^"_into".Length] : request;

    /// <summary>Checks and warms up a request of <paramref name="workload"/>; a null call when its result is wrong.</summary>
    private static (Func<object?>? Call, JsonObject Reply, int Inner) Prepare(string request, JsonElement workload, Dictionary<string, object> inputs)
    {
        bool into = request != workload.GetProperty("name").GetString();
        (Func<object?> call, string how) = into ? WorkloadRunner.IntoCallable(inputs) : WorkloadRunner.Callable(workload, inputs);
        bool checkOk = WorkloadRunner.MatchesNumPy(WorkloadRunner.SumAbs(call(), workload), workload);
        (int inner, _) = WorkloadRunner.WarmUp(call);
        var reply = new JsonObject
        {
            ["name"] = request,
            ["impl_id"] = $"batchwise@{Environment.ProcessorCount}t",
            ["how"] = WorkloadRunner.Describe(how),
            ["check_ok"] = checkOk,
            ["inner"] = inner,
        };
        return (checkOk ? call : null, reply, inner);
    }
}
