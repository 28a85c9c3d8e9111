// Batchwise benchmarks.
//   dotnet run -c Release --project bench/Batchwise.Bench -- workloads ../shared/bench/workloads.json --out results/batchwise.json
//   dotnet run -c Release --project bench/Batchwise.Bench -- bdn --filter '*Elementwise*'
//   dotnet run -c Release --project bench/Batchwise.Bench -- serve ../shared/bench/workloads.json   (for bench/paired.py)
//   dotnet run -c Release --project bench/Batchwise.Bench -- tune ../shared/bench/workloads.json sgemm_2048 default BATCHWISE_GEMM_MC=168 default
using Batchwise.Bench;
using BenchmarkDotNet.Running;

if (args.Length >= 2 && args[0] == "workloads")
{
    string? outPath = Option(args, "--out");
    string[] only = Option(args, "--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
    string? exact = Option(args, "--exact");
    int repeats = int.Parse(Option(args, "--repeats") ?? "7", System.Globalization.CultureInfo.InvariantCulture);
    Func<string, bool> selected = exact is not null ? name => name == exact
        : only.Length > 0 ? name => only.Any(o => name.Contains(o, StringComparison.Ordinal))
        : _ => true;
    return WorkloadRunner.Run(args[1], outPath, selected, repeats, into: args.Contains("--into"));
}
if (args.Length >= 2 && args[0] == "serve")
{
    int samples = int.Parse(Option(args, "--samples") ?? "5", System.Globalization.CultureInfo.InvariantCulture);
    return WorkloadServer.Serve(args[1], samples);
}
if (args.Length >= 3 && args[0] == "tune")
{
    var settings = args[3..].ToList();
    int rounds = 41;
    int at = settings.IndexOf("--rounds");
    if (at >= 0 && at + 1 < settings.Count)
    {
        rounds = int.Parse(settings[at + 1], System.Globalization.CultureInfo.InvariantCulture);
        settings.RemoveRange(at, 2);
    }
    return SettingsTuner.Run(args[1], args[2], rounds, settings.ToArray());
}
if (args.Length >= 1 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(ElementwiseBenchmarks).Assembly).Run(args[1..]);
    return 0;
}
Console.Error.WriteLine("usage: Batchwise.Bench workloads PATH [--out FILE] [--only a,b | --exact NAME] [--repeats N] [--into] | serve PATH [--samples N] | tune PATH NAME [--rounds N] SETTING SETTING... | bdn [BenchmarkDotNet args]");
return 2;

static string? Option(string[] args, string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
