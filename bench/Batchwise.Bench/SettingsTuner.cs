using System.Globalization;
using System.Text.Json;

namespace Batchwise.Bench;

/// <summary>
/// In-process A/B of settings that Batchwise reloads from the environment between calls (the GEMM block sizes
/// <c>BATCHWISE_GEMM_KC</c>, <c>_MC</c>, <c>_NC</c>): one workload, its inputs built once, and the
/// settings switched call by call, so that every round times each setting within a fraction of a
/// second of the others on the same warm inputs.
/// </summary>
/// <remarks>
/// On the 2-vCPU Zen 3 VM (2026-11-30), whose speed drifts 20-50% within seconds, this is the finest
/// instrument there is: the first setting against itself (listed twice) gave medians within 1-2% over
/// 41-151 rounds, where paired.py's two builds in two processes differ by 2-3.5% with the roles alone.
/// It cannot compare code changes, only settings; paired.py's <c>--baseline</c> does that.
/// </remarks>
internal static class SettingsTuner
{
    /// <summary>A setting: "default" (none of the variables set) or "KEY=VALUE,KEY=VALUE".</summary>
    private sealed record Setting(string Label, KeyValuePair<string, string>[] Variables);

    public static int Run(string workloadsPath, string name, int rounds, string[] settingArgs)
    {
        if (settingArgs.Length < 2)
        {
            Console.Error.WriteLine("tune: give at least two settings (the first is the reference; list it twice for a control)");
            return 2;
        }

        Setting[] settings;
        try
        {
            settings = settingArgs.Select(Parse).ToArray();
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        string[] keys = settings.SelectMany(s => s.Variables.Select(v => v.Key)).Distinct().ToArray();

        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(workloadsPath));
        WorkloadRunner.CheckTestVector(document.RootElement.GetProperty("input_init").GetProperty("test_vector"));
        JsonElement? found = document.RootElement.GetProperty("workloads").EnumerateArray()
            .Select(w => (JsonElement?)w).FirstOrDefault(w => w!.Value.GetProperty("name").GetString() == name);
        if (found is not JsonElement workload)
        {
            Console.Error.WriteLine($"tune: no workload named '{name}'");
            return 2;
        }

        Dictionary<string, object> inputs = WorkloadInputs.Build(workload.GetProperty("inputs"));
        (Func<object?> call, string how) = WorkloadRunner.Callable(workload, inputs);

        // Every setting must give NumPy's result; each is warmed up, and the slowest sets the calls per sample.
        int inner = 1;
        foreach (Setting setting in settings)
        {
            Apply(setting, keys);
            if (!WorkloadRunner.MatchesNumPy(WorkloadRunner.SumAbs(call(), workload), workload))
            {
                Console.Error.WriteLine($"tune: {setting.Label} does not match NumPy's checksum");
                return 1;
            }

            inner = Math.Max(inner, WorkloadRunner.WarmUp(call).Inner);
        }

        var times = settings.Select(_ => new List<double>()).ToArray();
        var ratios = settings.Select(_ => new List<double>()).ToArray();
        var perRound = new double[settings.Length];
        for (int round = 0; round < rounds; round++)
        {
            // The order rotates, so no setting always follows the same one.
            for (int step = 0; step < settings.Length; step++)
            {
                int s = (step + round) % settings.Length;
                Apply(settings[s], keys);
                call(); // untimed: the first call after a switch
                perRound[s] = WorkloadRunner.Sample(call, inner);
                times[s].Add(perRound[s]);
            }

            for (int s = 0; s < settings.Length; s++)
            {
                ratios[s].Add(perRound[0] / perRound[s]);
            }
        }

        Apply(new Setting("default", []), keys);
        Console.WriteLine($"{name} ({how}), {rounds} rounds of {inner} call(s) per setting; speed = reference time / this setting's time, per round");
        Console.WriteLine($"| setting | median per call | median speed | range | rounds faster |");
        Console.WriteLine($"|---|---|---|---|---|");
        for (int s = 0; s < settings.Length; s++)
        {
            string label = s == 0 ? settings[s].Label + " (reference)" : settings[s].Label;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {Median(times[s]) * 1e3:F3} ms | {Median(ratios[s]):F3}x | {ratios[s].Min():F2}-{ratios[s].Max():F2}x | {ratios[s].Count(r => r > 1)}/{rounds} |"));
        }

        return 0;
    }

    private static Setting Parse(string text)
    {
        if (text == "default")
        {
            return new Setting(text, []);
        }

        var variables = text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"tune: a setting is 'default' or KEY=VALUE[,KEY=VALUE]: '{text}'");
            }

            return KeyValuePair.Create(pair[..eq], pair[(eq + 1)..]);
        }).ToArray();
        return new Setting(text, variables);
    }

    private static void Apply(Setting setting, string[] keys)
    {
        foreach (string key in keys)
        {
            Environment.SetEnvironmentVariable(key, null);
        }

        foreach ((string key, string value) in setting.Variables)
        {
            Environment.SetEnvironmentVariable(key, value);
        }

        // Settings are read once at startup; apply the changed variables now.
        BatchwiseSettings.ReloadFromEnvironment();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
