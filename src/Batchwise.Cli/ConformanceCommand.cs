using Batchwise.Conformance;

namespace Batchwise.Cli;

/// <summary><c>batchwise conformance FILE.jsonl [--family NAME]... [--verbose]</c>.</summary>
internal static class ConformanceCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<string>("file") { Description = "Cases in the shared conformance format (JSON lines)." };
        var families = new Option<string[]>("--family") { Description = "Run only these families (repeatable).", AllowMultipleArgumentsPerToken = true };
        var verbose = new Option<bool>("--verbose") { Description = "Print the id, expression and reason of each failure." };
        var command = new Command("conformance", "Run conformance cases through the expression evaluator; exit 0 only when nothing failed.") { file, families, verbose };
        command.SetAction(parsed =>
        {
            string path = parsed.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"no such file: {path}");
            }
            var wanted = (parsed.GetValue(families) ?? []).ToHashSet();
            List<CaseResult> results = ConformanceCase.Load(path)
                .Where(c => wanted.Count == 0 || wanted.Contains(c.Family))
                .Select(ConformanceRunner.Run)
                .ToList();
            if (wanted.Count > 0 && results.Count == 0)
            {
                throw new UsageException($"no cases of famil{(wanted.Count == 1 ? "y" : "ies")} {string.Join(", ", wanted)} in {path}");
            }
            output.WriteLine($"{"family",-22} {"passed",7} {"failed",7}");
            foreach (var group in results.GroupBy(r => r.Case.Family).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"{group.Key,-22} {group.Count(r => r.Passed),7} {group.Count(r => !r.Passed),7}");
            }
            if (parsed.GetValue(verbose))
            {
                foreach (CaseResult failure in results.Where(r => !r.Passed))
                {
                    output.WriteLine($"FAIL {failure.Case.Id}: {failure.Case.Expr}\n     {failure.Reason}");
                }
            }
            int passed = results.Count(r => r.Passed), failed = results.Count - passed;
            output.WriteLine($"conformance: {passed} passed, {failed} failed");
            return failed == 0 ? CommandLine.Success : CommandLine.UserError;
        });
        return command;
    }
}
