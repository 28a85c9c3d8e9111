using System.Text.Json;
using System.Text.Json.Nodes;
using Batchwise.Conformance;
using Batchwise.Expressions;
using Xunit;

namespace Batchwise.Tests.Expressions.Syntax;

public sealed class SyntaxJsonTests
{
    [Theory]
    [InlineData("-inf", """["float","-Infinity"]""")]
    [InlineData("inf", """["float","Infinity"]""")]
    [InlineData("nan", """["float","NaN"]""")]
    [InlineData("2", """["int",2]""")]
    [InlineData("2.5", """["float",2.5]""")]
    [InlineData("None", """["none"]""")]
    [InlineData("False", """["bool",false]""")]
    [InlineData("'ij->i'", """["str","ij->i"]""")]
    [InlineData("(1,)", """["tuple",[["int",1]]]""")]
    [InlineData("-a", """["neg",["var","a"]]""")]
    [InlineData("a / b", """["bin","/",["var","a"],["var","b"]]""")]
    [InlineData("x.mT", """["attr",["var","x"],"mT"]""")]
    [InlineData("x[()]", """["index",["var","x"],[]]""")]
    [InlineData("x[0, 1:, ..., None]", """["index",["var","x"],[["int",0],["slice",1,null,null],["ellipsis"],["newaxis"]]]""")]
    [InlineData("x.sum(0, keepdims=True)", """["method",["var","x"],"sum",[["int",0]],{"keepdims":["bool",true]}]""")]
    [InlineData("linalg.qr(a)", """["call","linalg.qr",[["var","a"]],{}]""")]
    public void ToJson_Expression_GivesReadmeNodeForm(string expression, string expected)
    {
        JsonArray json = SyntaxJson.ToJson(ExpressionParser.Parse(expression));

        Assert.Equal(SyntaxTestHelpers.Canonical(JsonNode.Parse(expected)), SyntaxTestHelpers.Canonical(json));
        Assert.Equal(ExpressionParser.Parse(expression), SyntaxJson.FromJson(JsonDocument.Parse(expected).RootElement));
    }

    [Fact]
    public void ToJson_IntAndFloatOfSameValue_KeepTheirTags()
    {
        Assert.Equal("int", SyntaxJson.ToJson(ExpressionParser.Parse("2"))[0]!.GetValue<string>());
        Assert.Equal("float", SyntaxJson.ToJson(ExpressionParser.Parse("2.0"))[0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"var":"a"}""")]
    [InlineData("""[]""")]
    [InlineData("""[1]""")]
    [InlineData("""["bogus"]""")]
    [InlineData("""["var"]""")]
    [InlineData("""["var",1]""")]
    [InlineData("""["int",1.5]""")]
    [InlineData("""["int",9223372036854775808]""")]
    [InlineData("""["float","Inf"]""")]
    [InlineData("""["bool",1]""")]
    [InlineData("""["bin","<>",["var","a"],["var","b"]]""")]
    [InlineData("""["call","f",[],[]]""")]
    [InlineData("""["call","f",[],{"a":["int",1],"a":["int",2]}]""")]
    [InlineData("""["index",["var","x"],[["slice",1,2]]]""")]
    [InlineData("""["index",["var","x"],[["int",3000000000]]]""")]
    [InlineData("""["index",["var","x"],[["int",1.0e0]]]""")]
    public void FromJson_MalformedAst_ThrowsJsonException(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);

        Assert.Throws<JsonException>(() => SyntaxJson.FromJson(document.RootElement));
    }

    [Fact]
    public void FromJson_NestedBeyondLimit_ThrowsJsonException()
    {
        int depth = ExpressionParser.MaxDepth + 1;
        string json = string.Concat(Enumerable.Repeat("""["neg",""", depth)) + """["var","a"]""" + new string(']', depth);
        using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 * depth });

        JsonException e = Assert.Throws<JsonException>(() => SyntaxJson.FromJson(document.RootElement));
        Assert.Contains(ExpressionParser.MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }
}
