using System.Text.Json;

using Batchwise.Expressions;

namespace Batchwise.Conformance;

/// <summary>What a conformance case expects: an array, a tuple of arrays, or an error of some kind.</summary>
public abstract record Expectation;

/// <summary>An expected array.</summary>
public sealed record ExpectedArray(object Value) : Expectation;

/// <summary>An expected tuple of arrays (e.g. <c>slogdet</c>).</summary>
public sealed record ExpectedTuple(IReadOnlyList<object> Values) : Expectation;

/// <summary>An expected error; only its kind is compared.</summary>
public sealed record ExpectedError(ErrorKind Kind, string Message) : Expectation;

/// <summary>
/// One line of a conformance file (format: shared/conformance/README.md): an expression over named
/// inputs, the syntax tree to evaluate, and what NumPy or PyTorch computed.
/// </summary>
public sealed record ConformanceCase(
    string Id,
    string Family,
    string Expr,
    SyntaxNode Ast,
    IReadOnlyDictionary<string, object> Inputs,
    Expectation Expect,
    double Rtol,
    double Atol,
    string Notes)
{
    /// <summary>Reads every case of a JSON-lines file.</summary>
    public static IEnumerable<ConformanceCase> Load(string path)
    {
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            ConformanceCase parsed;
            try
            {
                parsed = Parse(line);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: not a valid conformance case: {e.Message}", e);
            }
            yield return parsed;
        }
    }

    /// <summary>Parses one JSON line.</summary>
    public static ConformanceCase Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        var inputs = new Dictionary<string, object>();
        foreach (JsonProperty input in root.GetProperty("inputs").EnumerateObject())
        {
            inputs[input.Name] = ArrayJson.Read(input.Value);
        }
        JsonElement expect = root.GetProperty("expect");
        Expectation expectation = expect.ValueKind switch
        {
            JsonValueKind.Array => new ExpectedTuple(expect.EnumerateArray().Select(ArrayJson.Read).ToArray()),
            _ when expect.TryGetProperty("error", out JsonElement kind) => new ExpectedError(ParseKind(kind.GetString()!), expect.GetProperty("message").GetString() ?? ""),
            _ => new ExpectedArray(ArrayJson.Read(expect)),
        };
        JsonElement tol = root.GetProperty("tol");
        return new ConformanceCase(
            root.GetProperty("id").GetString()!,
            root.GetProperty("family").GetString()!,
            root.GetProperty("expr").GetString()!,
            SyntaxJson.FromJson(root.GetProperty("ast")),
            inputs,
            expectation,
            tol.GetProperty("rtol").GetDouble(),
            tol.GetProperty("atol").GetDouble(),
            root.TryGetProperty("notes", out JsonElement notes) ? notes.GetString() ?? "" : "");
    }

    private static ErrorKind ParseKind(string kind) => kind switch
    {
        "shape" => ErrorKind.Shape,
        "index" => ErrorKind.Index,
        "value" => ErrorKind.Value,
        "linalg" => ErrorKind.LinAlg,
        _ => throw new FormatException($"unknown error kind '{kind}'"),
    };
}
