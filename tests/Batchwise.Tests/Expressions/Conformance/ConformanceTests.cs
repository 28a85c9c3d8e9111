using Batchwise.Conformance;

namespace Batchwise.Tests.Expressions.Conformance;

/// <summary>
/// Runs the shared NumPy/PyTorch conformance cases (TestData/conformance-cases.jsonl and the porting
/// vocabulary's conformance-porting.jsonl, copied from shared/conformance) through the expression
/// evaluator, one test per family.
/// </summary>
public sealed class ConformanceTests
{
    private static readonly Lazy<IReadOnlyList<ConformanceCase>> s_cases = new(() =>
        [.. ConformanceCase.Load(TestData.Path("conformance-cases.jsonl")), .. ConformanceCase.Load(TestData.Path("conformance-porting.jsonl"))]);

    private static readonly Lazy<IReadOnlyDictionary<string, int>> s_knownGaps = new(() =>
        File.ReadLines(TestData.Path("conformance-known-gaps.txt"))
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(parts => parts[0], parts => int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)));

    public static TheoryData<string> Families()
    {
        var data = new TheoryData<string>();
        foreach (string family in s_cases.Value.Select(c => c.Family).Distinct().Order())
        {
            data.Add(family);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Family_EveryCase_MatchesNumPyOrIsAKnownGap(string family)
    {
        List<CaseResult> results = s_cases.Value.Where(c => c.Family == family).Select(ConformanceRunner.Run).ToList();
        Assert.NotEmpty(results);
        if (s_knownGaps.Value.TryGetValue(family, out int issue))
        {
            // A gap family may only fail for want of an operation; once nothing is missing it must leave the list.
            var wrong = results.Where(r => !r.Passed && !IsMissingOperation(r.Reason)).ToList();
            Assert.True(wrong.Count == 0, $"{wrong.Count} '{family}' case(s) failed for a reason other than a missing operation:\n" + Describe(wrong));
            Assert.True(results.Any(r => !r.Passed),
                $"every '{family}' case passes now: remove the family from conformance-known-gaps.txt (issue #{issue})");
            return;
        }
        var failures = results.Where(r => !r.Passed).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of {results.Count} '{family}' cases failed:\n" + Describe(failures));
    }

    [Fact]
    public void KnownGaps_NameOnlyExistingFamilies()
    {
        var families = s_cases.Value.Select(c => c.Family).ToHashSet();
        Assert.All(s_knownGaps.Value.Keys, family => Assert.Contains(family, families));
    }

    private static bool IsMissingOperation(string reason) =>
        reason.Contains("not implemented yet", StringComparison.Ordinal)
        || reason.StartsWith("unknown function", StringComparison.Ordinal)
        || reason.StartsWith("unknown method", StringComparison.Ordinal);

    private static string Describe(IEnumerable<CaseResult> results) =>
        string.Join('\n', results.Take(40).Select(r => $"  {r.Case.Id}: {r.Case.Expr} -> {(r.Passed ? "passed" : r.Reason)}"));
}
