using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Batchwise.Conformance;
using Batchwise.Expressions;
using Xunit;

namespace Batchwise.Tests.Expressions.Syntax;

/// <summary>
/// Every conformance case's <c>expr</c> against its stored <c>ast</c>, which a parser of exactly
/// the documented grammar produced: the answer key of the parser.
/// </summary>
public sealed class ConformanceAstTests
{
    private static readonly Lazy<IReadOnlyList<(string Id, string Expr, JsonElement Ast)>> s_cases = new(LoadCases);

    private static IReadOnlyList<(string Id, string Expr, JsonElement Ast)> Cases => s_cases.Value;

    private static IReadOnlyList<(string Id, string Expr, JsonElement Ast)> LoadCases()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "conformance-cases.jsonl");
        var cases = new List<(string, string, JsonElement)>();
        foreach (string line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            cases.Add((root.GetProperty("id").GetString()!, root.GetProperty("expr").GetString()!, root.GetProperty("ast").Clone()));
        }

        return cases;
    }

    [Fact]
    public void Load_ConformanceFile_HasOverAThousandCases()
    {
        Assert.True(Cases.Count > 1000, $"only {Cases.Count} cases loaded");
    }

    [Fact]
    public void Parse_EveryConformanceCase_MatchesStoredAst()
    {
        AssertAll(c =>
        {
            string expected = SyntaxTestHelpers.Canonical(JsonNode.Parse(c.Ast.GetRawText()));
            string actual = SyntaxTestHelpers.Canonical(SyntaxJson.ToJson(ExpressionParser.Parse(c.Expr)));
            return expected == actual ? null : $"expected {expected}\n      actual   {actual}";
        });
    }

    [Fact]
    public void FromJson_EveryConformanceCase_EqualsParsedTree()
    {
        AssertAll(c =>
        {
            SyntaxNode fromJson = SyntaxJson.FromJson(c.Ast);
            SyntaxNode parsed = ExpressionParser.Parse(c.Expr);
            return fromJson == parsed ? null : $"FromJson gives {fromJson}, Parse gives {parsed}";
        });
    }

    [Fact]
    public void ToJson_EveryConformanceAstReadBack_ReproducesStoredAst()
    {
        AssertAll(c =>
        {
            string expected = SyntaxTestHelpers.Canonical(JsonNode.Parse(c.Ast.GetRawText()));
            string actual = SyntaxTestHelpers.Canonical(SyntaxJson.ToJson(SyntaxJson.FromJson(c.Ast)));
            return expected == actual ? null : $"expected {expected}\n      actual   {actual}";
        });
    }

    [Fact]
    public void ToString_EveryConformanceCase_ReparsesToSameTree()
    {
        AssertAll(c =>
        {
            SyntaxNode parsed = ExpressionParser.Parse(c.Expr);
            string printed = parsed.ToString();
            SyntaxNode reparsed = ExpressionParser.Parse(printed);
            return reparsed == parsed && reparsed.GetHashCode() == parsed.GetHashCode()
                ? null
                : $"printed as {printed}, which parses to {SyntaxTestHelpers.Prefix(reparsed)}";
        });
    }

    // Runs the check on every case and fails once, listing every mismatch.
    private static void AssertAll(Func<(string Id, string Expr, JsonElement Ast), string?> check)
    {
        var failures = new StringBuilder();
        int count = 0;
        foreach ((string Id, string Expr, JsonElement Ast) c in Cases)
        {
            string? problem;
            try
            {
                problem = check(c);
            }
            catch (Exception e)
            {
                problem = $"{e.GetType().Name}: {e.Message}";
            }

            if (problem is not null)
            {
                count++;
                failures.Append(c.Id).Append("  ").Append(c.Expr).Append("\n      ").Append(problem).Append('\n');
            }
        }

        Assert.True(count == 0, $"{count} of {Cases.Count} cases failed:\n{failures}");
    }
}
