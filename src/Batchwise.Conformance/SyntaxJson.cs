using System.Text.Json;
using System.Text.Json.Nodes;

using Batchwise.Expressions;

namespace Batchwise.Conformance;

/// <summary>
/// Converts syntax trees to and from the JSON node form of the conformance cases
/// (<c>["bin", "@", ["var", "a"], ["var", "b"]]</c>; see <c>conformance/README.md</c>).
/// </summary>
/// <remarks>
/// Non-finite floats are the strings <c>"Infinity"</c>, <c>"-Infinity"</c> and <c>"NaN"</c>, the
/// spelling of System.Text.Json's <c>AllowNamedFloatingPointLiterals</c>. Trees read from JSON
/// have empty spans.
/// </remarks>
public static class SyntaxJson
{
    /// <summary>The JSON node form of <paramref name="node"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="node"/> is null.</exception>
    public static JsonArray ToJson(SyntaxNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node switch
        {
            Variable variable => ["var", variable.Name],
            IntLiteral literal => ["int", literal.Value],
            FloatLiteral literal => ["float", FloatToJson(literal.Value)],
            BoolLiteral literal => ["bool", literal.Value],
            StringLiteral literal => ["str", literal.Value],
            NoneLiteral => ["none"],
            TupleExpr tuple => ["tuple", NodesToJson(tuple.Items)],
            Negate negate => ["neg", ToJson(negate.Operand)],
            Invert invert => ["invert", ToJson(invert.Operand)],
            Binary binary => ["bin", SyntaxPrinter.Symbol(binary.Operator), ToJson(binary.Left), ToJson(binary.Right)],
            AttributeExpr attribute => ["attr", ToJson(attribute.Target), attribute.Name],
            MethodCall method =>
                ["method", ToJson(method.Target), method.Name, NodesToJson(method.Arguments), KeywordsToJson(method.Keywords)],
            Call call => ["call", call.Name, NodesToJson(call.Arguments), KeywordsToJson(call.Keywords)],
            IndexExpr index => ["index", ToJson(index.Target), new JsonArray([.. index.Items.Select(ItemToJson)])],
            _ => throw new ArgumentException($"unknown syntax node {node.GetType().Name}", nameof(node)),
        };
    }

    /// <summary>Reads a tree from its JSON node form.</summary>
    /// <exception cref="JsonException"><paramref name="element"/> is not a valid node, or nests
    /// deeper than <see cref="ExpressionParser.MaxDepth"/> levels.</exception>
    public static SyntaxNode FromJson(JsonElement element) => ReadNode(element, 1);

    private static JsonNode FloatToJson(double value) => value switch
    {
        double.PositiveInfinity => "Infinity",
        double.NegativeInfinity => "-Infinity",
        _ when double.IsNaN(value) => "NaN",
        _ => JsonValue.Create(value),
    };

    private static JsonArray NodesToJson(SyntaxList<SyntaxNode> nodes) => new([.. nodes.Select(ToJson)]);

    private static JsonObject KeywordsToJson(SyntaxList<KeywordArgument> keywords)
    {
        var json = new JsonObject();
        foreach (KeywordArgument keyword in keywords)
        {
            json.Add(keyword.Name, ToJson(keyword.Value));
        }

        return json;
    }

    private static JsonArray ItemToJson(IndexItem item) => item switch
    {
        IntItem integer => ["int", integer.Value],
        SliceItem slice => ["slice", slice.Start, slice.Stop, slice.Step],
        EllipsisItem => ["ellipsis"],
        NewAxisItem => ["newaxis"],
        ArrayItem array => ToJson(array.Value),
        _ => throw new ArgumentException($"unknown index item {item.GetType().Name}", nameof(item)),
    };

    private static SyntaxNode ReadNode(JsonElement element, int depth)
    {
        if (depth > ExpressionParser.MaxDepth)
        {
            throw new JsonException($"ast nests deeper than {ExpressionParser.MaxDepth} levels");
        }

        string tag = ReadTag(element);
        int length = element.GetArrayLength();
        SyntaxNode node = (tag, length) switch
        {
            ("var", 2) => new Variable(ReadString(element[1])),
            ("int", 2) => new IntLiteral(ReadInt64(element[1])),
            ("float", 2) => new FloatLiteral(ReadFloat(element[1])),
            ("bool", 2) when element[1].ValueKind is JsonValueKind.True or JsonValueKind.False => new BoolLiteral(element[1].GetBoolean()),
            ("str", 2) => new StringLiteral(ReadString(element[1])),
            ("none", 1) => new NoneLiteral(),
            ("tuple", 2) => new TupleExpr(ReadNodes(element[1], depth)),
            ("neg", 2) => new Negate(ReadNode(element[1], depth + 1)),
            ("invert", 2) => new Invert(ReadNode(element[1], depth + 1)),
            ("bin", 4) => new Binary(ReadOperator(element[1]), ReadNode(element[2], depth + 1), ReadNode(element[3], depth + 1)),
            ("attr", 3) => new AttributeExpr(ReadNode(element[1], depth + 1), ReadString(element[2])),
            ("method", 5) => new MethodCall(
                ReadNode(element[1], depth + 1),
                ReadString(element[2]),
                ReadNodes(element[3], depth),
                ReadKeywords(element[4], depth)),
            ("call", 4) => new Call(ReadString(element[1]), ReadNodes(element[2], depth), ReadKeywords(element[3], depth)),
            ("index", 3) => new IndexExpr(ReadNode(element[1], depth + 1), ReadItems(element[2], depth)),
            _ => throw Invalid(element, "not a known node form"),
        };
        return node;
    }

    private static string ReadTag(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0 || element[0].ValueKind != JsonValueKind.String)
        {
            throw Invalid(element, "a node is a JSON array that starts with its kind");
        }

        return element[0].GetString()!;
    }

    private static SyntaxList<SyntaxNode> ReadNodes(JsonElement element, int depth)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(element, "expected an array of nodes");
        }

        return new SyntaxList<SyntaxNode>(element.EnumerateArray().Select(item => ReadNode(item, depth + 1)).ToList());
    }

    private static SyntaxList<KeywordArgument> ReadKeywords(JsonElement element, int depth)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(element, "expected an object of keyword arguments");
        }

        var keywords = new List<KeywordArgument>();
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (keywords.Any(keyword => keyword.Name == property.Name))
            {
                throw Invalid(element, $"keyword argument '{property.Name}' repeated");
            }

            keywords.Add(new KeywordArgument(property.Name, ReadNode(property.Value, depth + 1)));
        }

        return new SyntaxList<KeywordArgument>(keywords);
    }

    private static SyntaxList<IndexItem> ReadItems(JsonElement element, int depth)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(element, "expected an array of index items");
        }

        var items = new List<IndexItem>();
        foreach (JsonElement item in element.EnumerateArray())
        {
            string tag = ReadTag(item);
            items.Add((tag, item.GetArrayLength()) switch
            {
                ("int", 2) => new IntItem(ReadInt32(item[1])),
                ("slice", 4) => new SliceItem(ReadOptionalInt32(item[1]), ReadOptionalInt32(item[2]), ReadOptionalInt32(item[3])),
                ("ellipsis", 1) => new EllipsisItem(),
                ("newaxis", 1) => new NewAxisItem(),
                // Any other node is an advanced index: an expression giving an int or bool array.
                _ => new ArrayItem(ReadNode(item, depth + 1)),
            });
        }

        return new SyntaxList<IndexItem>(items);
    }

    private static BinaryOperator ReadOperator(JsonElement element) => ReadString(element) switch
    {
        "+" => BinaryOperator.Add,
        "-" => BinaryOperator.Subtract,
        "*" => BinaryOperator.Multiply,
        "/" => BinaryOperator.Divide,
        "@" => BinaryOperator.MatMul,
        "**" => BinaryOperator.Power,
        "//" => BinaryOperator.FloorDivide,
        "%" => BinaryOperator.Remainder,
        "<" => BinaryOperator.Less,
        "<=" => BinaryOperator.LessEqual,
        ">" => BinaryOperator.Greater,
        ">=" => BinaryOperator.GreaterEqual,
        "==" => BinaryOperator.Equal,
        "!=" => BinaryOperator.NotEqual,
        "&" => BinaryOperator.And,
        "|" => BinaryOperator.Or,
        "^" => BinaryOperator.Xor,
        _ => throw Invalid(element, "expected one of the operators + - * / // % @ ** < <= > >= == != & | ^"),
    };

    private static string ReadString(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Invalid(element, "expected a string");

    private static long ReadInt64(JsonElement element) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out long value)
            ? value
            : throw Invalid(element, "expected a 64-bit integer");

    private static int ReadInt32(JsonElement element) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int value)
            ? value
            : throw Invalid(element, "expected a 32-bit integer");

    private static int? ReadOptionalInt32(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? null : ReadInt32(element);

    private static double ReadFloat(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Number)
        {
            return element.GetDouble();
        }

        return element.ValueKind == JsonValueKind.String
            ? element.GetString() switch
            {
                "Infinity" => double.PositiveInfinity,
                "-Infinity" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => throw Invalid(element, "expected a number, \"Infinity\", \"-Infinity\" or \"NaN\""),
            }
            : throw Invalid(element, "expected a number, \"Infinity\", \"-Infinity\" or \"NaN\"");
    }

    private static JsonException Invalid(JsonElement element, string problem)
    {
        const int MaxShown = 80;
        string raw = element.GetRawText();
        string shown = raw.Length <= MaxShown ? raw : raw[..MaxShown] + "...";
        return new JsonException($"invalid ast {shown}: {problem}");
    }
}
