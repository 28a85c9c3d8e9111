using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Batchwise.Cli;

/// <summary><c>batchwise bench EXPR NAME=KIND:SHAPE[:DTYPE] ... [--repeat N] [--json]</c>.</summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output)
    {
        var expression = NamedArguments.Expression("A NumPy-syntax expression.");
        var inputs = NamedArguments.Inputs("NAME=KIND:SHAPE[:DTYPE].");
        var repeat = new Option<int>("--repeat") { Description = "Number of timed samples (default 7).", DefaultValueFactory = _ => 7 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object {expr, median_s, min_s, repeats}." };
        var command = new Command("bench", "Time an expression: warm-up, then the median and minimum of N samples (parsing and input creation excluded).") { expression, inputs, repeat, json };
        command.SetAction(parsed =>
        {
            string text = parsed.GetValue(expression)!;
            int repeats = parsed.GetValue(repeat);
            if (repeats < 1)
            {
                throw new UsageException("--repeat must be at least 1");
            }
            SyntaxNode tree = ExpressionParser.Parse(text);
            Dictionary<string, object> values = Inputs.Load(parsed.GetValue(inputs) ?? [], seed: 0, allowFiles: false);
            Timing timing = Measure(() => Expression.Evaluate(tree, values), repeats);
            if (parsed.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["expr"] = text,
                    ["median_s"] = timing.Median,
                    ["min_s"] = timing.Min,
                    ["repeats"] = repeats,
                }));
            }
            else
            {
                output.WriteLine($"{text}\n  median {Seconds(timing.Median)}, min {Seconds(timing.Min)} per call ({repeats} samples of {timing.CallsPerSample} calls)");
            }
            return CommandLine.Success;
        });
        return command;
    }

    public readonly record struct Timing(double Median, double Min, int CallsPerSample);

    /// <summary>
    /// The shortest warm-up. The layers above the kernels run as tier-0 code for about a second (README,
    /// Warm-up), and a result over the buffer pool's 32 MB is fresh memory until the collector has freed
    /// a few: after 0.1 s, (3000, 300) @ (300, 3000) measured 61 ms a call, against 33 ms in steady state.
    /// </summary>
    private const double WarmUpSeconds = 1.0;

    /// <summary>
    /// Warms up (at least 2 calls and <see cref="WarmUpSeconds"/>), then calibrates calls per sample so
    /// one sample lasts at least 20 ms, and takes <paramref name="repeats"/> samples; the figures are
    /// per call.
    /// </summary>
    public static Timing Measure(Action call, int repeats)
    {
        var clock = Stopwatch.StartNew();
        int warm = 0;
        while (warm < 2 || clock.Elapsed.TotalSeconds < WarmUpSeconds)
        {
            call();
            warm++;
        }
        double perCall = clock.Elapsed.TotalSeconds / warm;
        int calls = (int)Math.Clamp(0.02 / Math.Max(perCall, 1e-9), 1, 1_000_000);
        var samples = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++)
            {
                call();
            }
            samples[r] = Stopwatch.GetElapsedTime(start).TotalSeconds / calls;
        }
        Array.Sort(samples);
        return new Timing(samples[repeats / 2], samples[0], calls);
    }

    private static string Seconds(double s) => s switch
    {
        < 1e-6 => (s * 1e9).ToString("F1", CultureInfo.InvariantCulture) + " ns",
        < 1e-3 => (s * 1e6).ToString("F2", CultureInfo.InvariantCulture) + " µs",
        < 1 => (s * 1e3).ToString("F3", CultureInfo.InvariantCulture) + " ms",
        _ => s.ToString("F3", CultureInfo.InvariantCulture) + " s",
    };
}
