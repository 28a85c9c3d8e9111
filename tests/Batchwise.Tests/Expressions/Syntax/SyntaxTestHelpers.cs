using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Batchwise.Expressions;

namespace Batchwise.Tests.Expressions.Syntax;

/// <summary>Shared helpers: a compact prefix notation for trees and a canonical JSON form.</summary>
internal static class SyntaxTestHelpers
{
    /// <summary>
    /// The tree in prefix notation: <c>(+ a (* b c))</c>, <c>(neg a)</c>, <c>(.T x)</c>,
    /// <c>(idx x ..., None, 1:2)</c>, <c>(tuple a b)</c>. Floats always show a '.', 'e', inf or nan.
    /// </summary>
    public static string Prefix(SyntaxElement element) => element switch
    {
        Variable variable => variable.Name,
        IntLiteral literal => literal.Value.ToString(CultureInfo.InvariantCulture),
        FloatLiteral literal => SyntaxPrinter.FormatFloat(literal.Value),
        BoolLiteral or StringLiteral or NoneLiteral => element.ToString(),
        TupleExpr tuple => Join("tuple", tuple.Items.Select(Prefix)),
        Negate negate => $"(neg {Prefix(negate.Operand)})",
        Invert invert => $"(~ {Prefix(invert.Operand)})",
        Binary binary => $"({SyntaxPrinter.Symbol(binary.Operator)} {Prefix(binary.Left)} {Prefix(binary.Right)})",
        AttributeExpr attribute => $"(.{attribute.Name} {Prefix(attribute.Target)})",
        MethodCall method => Join("." + method.Name, [Prefix(method.Target), .. method.Arguments.Select(Prefix), .. method.Keywords.Select(Prefix)]),
        Call call => Join(call.Name, [.. call.Arguments.Select(Prefix), .. call.Keywords.Select(Prefix)]),
        IndexExpr index => $"(idx {Prefix(index.Target)} {index.Items})",
        KeywordArgument keyword => $"{keyword.Name}={Prefix(keyword.Value)}",
        _ => throw new ArgumentException(element.GetType().Name),
    };

    private static string Join(string head, IEnumerable<string> parts)
    {
        string rest = string.Join(" ", parts);
        return rest.Length == 0 ? $"({head})" : $"({head} {rest})";
    }

    /// <summary>
    /// A canonical text for a JSON tree: object keys sorted, numbers by value (so <c>2</c> and
    /// <c>2.0</c> agree; the ast's "int"/"float" tag is what tells them apart).
    /// </summary>
    public static string Canonical(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonArray array:
                builder.Append('[');
                for (int i = 0; i < array.Count; i++)
                {
                    builder.Append(i > 0 ? "," : string.Empty);
                    Write(builder, array[i]);
                }

                builder.Append(']');
                break;
            case JsonObject obj:
                builder.Append('{');
                bool first = true;
                foreach (KeyValuePair<string, JsonNode?> pair in obj.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    builder.Append(first ? string.Empty : ",").Append(JsonSerializer.Serialize(pair.Key)).Append(':');
                    Write(builder, pair.Value);
                    first = false;
                }

                builder.Append('}');
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                string text = value.ToJsonString();
                builder.Append(long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer)
                    ? integer.ToString(CultureInfo.InvariantCulture)
                    : double.Parse(text, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture));
                break;
            case JsonValue value:
                builder.Append(value.ToJsonString());
                break;
        }
    }
}
