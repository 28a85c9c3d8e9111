using Batchwise.Expressions;
using Xunit;

namespace Batchwise.Tests.Expressions.Syntax;

public sealed class SyntaxPrinterTests
{
    [Theory]
    [InlineData("a+b*c", "a + b * c")]
    [InlineData("(a+b)*c", "(a + b) * c")]
    [InlineData("a-(b-c)", "a - (b - c)")]
    [InlineData("a-(b+c)", "a - (b + c)")]
    [InlineData("(a-b)-c", "a - b - c")]
    [InlineData("(a*b)*c", "a * b * c")]
    [InlineData("a*(b*c)", "a * (b * c)")]
    [InlineData("a@(b/c)", "a @ (b / c)")]
    [InlineData("-(a+b)", "-(a + b)")]
    [InlineData("-(a@b)", "-(a @ b)")]
    [InlineData("-(-a)", "--a")]
    [InlineData("(-a).T", "(-a).T")]
    [InlineData("-a.T", "-a.T")]
    [InlineData("(-1).T", "(-1).T")]
    [InlineData("(1).T", "(1).T")]
    [InlineData("(2.5)[0]", "(2.5)[0]")]
    [InlineData("a - -1", "a - -1")]
    [InlineData("(a+b).sum(axis=-1,keepdims=True)", "(a + b).sum(axis=-1, keepdims=True)")]
    [InlineData("l[...,None]@r", "l[..., None] @ r")]
    [InlineData("x[:,None,...,1:2,::-1,-1:]", "x[:, None, ..., 1:2, ::-1, -1:]")]
    [InlineData("x[1::]", "x[1:]")]
    [InlineData("x[()]", "x[()]")]
    [InlineData("(a,)", "(a,)")]
    [InlineData("[a,b]", "(a, b)")]
    [InlineData("[]", "()")]
    [InlineData("f(a,b=(1,2),)", "f(a, b=(1, 2))")]
    [InlineData("f(b=1)", "f(b=1)")]
    [InlineData("linalg.norm(x,ord=-inf)", "linalg.norm(x, ord=-inf)")]
    [InlineData("masked_fill(x, m, -1e9)", "masked_fill(x, m, -1000000000.0)")]
    [InlineData("1e-3", "0.001")]
    [InlineData("1e20", "1e+20")]
    [InlineData("2.", "2.0")]
    [InlineData("-0.0", "-0.0")]
    [InlineData("nan", "nan")]
    [InlineData("\"a'b\"", @"'a\'b'")]
    [InlineData(@"'tab\there'", @"'tab\there'")]
    [InlineData(@"'back\\slash'", @"'back\\slash'")]
    [InlineData(@"'\x01'", @"'\x01'")]
    [InlineData(@"'\q'", @"'\\q'")]
    public void ToString_ParsedExpression_PrintsMinimalPythonSource(string expression, string expected)
    {
        SyntaxNode node = ExpressionParser.Parse(expression);

        Assert.Equal(expected, node.ToString());
        Assert.Equal(node, ExpressionParser.Parse(expected));
    }

    [Fact]
    public void ToString_SubExpression_NamesItForErrorMessages()
    {
        var matmul = (Binary)ExpressionParser.Parse("l[..., None] @ r");

        Assert.Equal("matmul of l[..., None] and r", $"matmul of {matmul.Left} and {matmul.Right}");
    }

    [Fact]
    public void ToString_HandBuiltTree_ParenthesisesByStructure()
    {
        // (a - b) @ -(c), written without parentheses in the tree.
        var node = new Binary(
            BinaryOperator.MatMul,
            new Binary(BinaryOperator.Subtract, new Variable("a"), new Variable("b")),
            new Negate(new Variable("c")));

        Assert.Equal("(a - b) @ -c", node.ToString());
        Assert.Equal(node, ExpressionParser.Parse(node.ToString()));
    }

    [Fact]
    public void ToString_IndexItemsAndKeywords_PrintAlone()
    {
        Assert.Equal("::-1", new SliceItem(null, null, -1).ToString());
        Assert.Equal(":", new SliceItem(null, null, null).ToString());
        Assert.Equal("...", new EllipsisItem().ToString());
        Assert.Equal("None", new NewAxisItem().ToString());
        Assert.Equal("axis=(0, 1)", new KeywordArgument("axis", new TupleExpr(new SyntaxList<SyntaxNode>([new IntLiteral(0), new IntLiteral(1)]))).ToString());
    }
}
