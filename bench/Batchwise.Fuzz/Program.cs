// Usage: dotnet run -c Release --project bench/Batchwise.Fuzz -- [runs=300000] [seed=1] [minutes=30]
using Batchwise.Tests.IO;

long runs = args.Length > 0 ? long.Parse(args[0]) : 300_000;
int seed = args.Length > 1 ? int.Parse(args[1]) : 1;
double minutes = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 30;

var fuzzer = new NpyFuzzer(seed);
var clock = System.Diagnostics.Stopwatch.StartNew();
const long Report = 50_000;
for (long done = 0; done < runs && clock.Elapsed.TotalMinutes < minutes; done += Report)
{
    fuzzer.Run(Math.Min(Report, runs - done), TimeSpan.FromMinutes(minutes) - clock.Elapsed);
    Console.WriteLine($"{fuzzer.Runs,9} runs  {fuzzer.Accepted,8} accepted  {fuzzer.Rejected,8} rejected  {fuzzer.Findings.Count} findings  {clock.Elapsed.TotalSeconds:F1} s");
}
foreach (string finding in fuzzer.Findings)
{
    Console.WriteLine("FINDING " + finding);
}
return fuzzer.Findings.Count == 0 ? 0 : 1;
