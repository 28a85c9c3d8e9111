using System.Text;
using Batchwise.Conformance;
using Batchwise.Expressions;
using Xunit;

namespace Batchwise.Tests.Expressions.Syntax;

/// <summary>Input built to break the parser must give a clear error, never a crash.</summary>
public sealed class HostileInputTests
{
    private const int OneMegabyte = 1 << 20;

    public static TheoryData<string, string> TooDeepInputs => new()
    {
        { "10,000 open parentheses", new string('(', 10_000) },
        { "10,000 balanced parentheses", new string('(', 10_000) + "a" + new string(')', 10_000) },
        { "10,000 open brackets", new string('[', 10_000) },
        { "10,000 nested calls", string.Concat(Enumerable.Repeat("f(", 10_000)) + "a" + new string(')', 10_000) },
        { "10,000 unary minus", new string('-', 10_000) + "a" },
        { "10,000 minus before a literal", new string('-', 10_000) + "1" },
        { "1 MB sum chain", "a" + string.Concat(Enumerable.Repeat(" + a", OneMegabyte / 4)) },
        { "1 MB matmul chain", "a" + string.Concat(Enumerable.Repeat("@a", OneMegabyte / 2)) },
        { "1 MB transpose chain", "x" + string.Concat(Enumerable.Repeat(".T", OneMegabyte / 2)) },
        { "1 MB index chain", "x" + string.Concat(Enumerable.Repeat("[0]", OneMegabyte / 3)) },
        { "1 MB method chain", "x" + string.Concat(Enumerable.Repeat(".sum()", OneMegabyte / 6)) },
    };

    [Theory]
    [MemberData(nameof(TooDeepInputs))]
    public void Parse_NestedBeyondLimit_ThrowsNamingTheLimit(string description, string text)
    {
        ExpressionSyntaxException e = Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse(text));

        Assert.Contains("nested too deeply", e.Message);
        Assert.Contains(ExpressionParser.MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
        Assert.True(e.Message.Length < 400, $"{description}: message of {e.Message.Length} characters");
    }

    [Fact]
    public void Parse_ParenthesesAtTheLimit_SucceedsAndOnePastFails()
    {
        // The whole expression is one level, so MaxDepth - 1 parentheses fit.
        int fit = ExpressionParser.MaxDepth - 1;
        SyntaxNode node = ExpressionParser.Parse(new string('(', fit) + "a" + new string(')', fit));
        Assert.Equal(new Variable("a"), node);

        Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse(new string('(', fit + 1) + "a" + new string(')', fit + 1)));
    }

    [Fact]
    public void Parse_OperatorChainAtTheLimit_SucceedsAndOnePastFails()
    {
        // A chain of n operators is a tree of height n + 1.
        int fit = ExpressionParser.MaxDepth - 1;
        SyntaxNode node = ExpressionParser.Parse("a" + string.Concat(Enumerable.Repeat(" + a", fit)));
        Assert.Equal(node, ExpressionParser.Parse(node.ToString()));

        Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse("a" + string.Concat(Enumerable.Repeat(" + a", fit + 1))));
    }

    [Fact]
    public void Parse_OneMegabyteWideCall_Succeeds()
    {
        int count = OneMegabyte / 3;
        string text = "f(" + string.Join(", ", Enumerable.Repeat("a", count)) + ")";

        var call = Assert.IsType<Call>(ExpressionParser.Parse(text));

        Assert.Equal(count, call.Arguments.Count);
        Assert.Equal(text, call.ToString());
    }

    [Fact]
    public void Parse_OneMegabyteString_Succeeds()
    {
        string value = new('s', OneMegabyte);

        var literal = Assert.IsType<StringLiteral>(ExpressionParser.Parse("'" + value + "'"));

        Assert.Equal(value, literal.Value);
    }

    public static TheoryData<string, string, int> MalformedLargeInputs => new()
    {
        { "unterminated 1 MB string", "'" + new string('s', OneMegabyte), 1 },
        { "1 MB integer", new string('9', OneMegabyte), 1 },
        { "1 MB of a name then garbage", new string('a', OneMegabyte) + "$", OneMegabyte + 1 },
        { "1 MB of commas", "f(" + new string(',', OneMegabyte), 3 },
        { "1 MB of spaces then ')'", new string(' ', OneMegabyte) + ")", OneMegabyte + 1 },
    };

    [Theory]
    [MemberData(nameof(MalformedLargeInputs))]
    public void Parse_MalformedLargeInput_ThrowsWithShortMessage(string description, string text, int column)
    {
        ExpressionSyntaxException e = Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse(text));

        Assert.Equal(column, e.Column);
        Assert.True(e.Message.Length < 400, $"{description}: message of {e.Message.Length} characters");
    }

    [Theory]
    [InlineData("a\u0001b")]
    [InlineData("a\u00a0b")]
    [InlineData("\ud83d\ude00")]
    [InlineData("\ud800")]
    [InlineData("a ; b")]
    [InlineData("a % % b")]
    [InlineData("a < b < c")]
    [InlineData("a ! b")]
    [InlineData("lambda: 0")]
    [InlineData("x[0]=1")]
    [InlineData("x[1 2]")]
    [InlineData("x[::-]")]
    [InlineData("x..T")]
    [InlineData("x.T.")]
    [InlineData("..")]
    [InlineData("1e")]
    [InlineData("1_000")]
    [InlineData("0x10")]
    public void Parse_Garbage_ThrowsSyntaxException(string text)
    {
        ExpressionSyntaxException e = Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse(text));

        Assert.InRange(e.Column, 1, text.Length + 1);
    }

    [Fact]
    public void Parse_RandomTokenSoup_ParsesOrThrowsSyntaxExceptionOnly()
    {
        // Fragments of the grammar glued at random: every outcome must be a tree that prints and
        // reparses to itself, or an ExpressionSyntaxException; anything else is a parser bug.
        string[] fragments =
        [
            "a", "b", "x", "1", "-", "2.5", "inf", "None", "True", "'s'", "+", "-", "*", "/", "@", "(", ")", "[",
            "]", ",", ":", "=", ".", "...", ".T", ".mT", "sum", "(", "f(", "linalg", "linalg.inv(", "[0]", "[..., None]",
            "[1:-1:2]", "axis=", " ", "-1", "x[()]", "\"", "e3", "0",
        ];
        var random = new Random(20240611);
        int parsed = 0;
        for (int trial = 0; trial < 20_000; trial++)
        {
            var builder = new StringBuilder();
            int length = random.Next(1, 14);
            for (int i = 0; i < length; i++)
            {
                builder.Append(fragments[random.Next(fragments.Length)]);
            }

            string text = builder.ToString();
            SyntaxNode node;
            try
            {
                node = ExpressionParser.Parse(text);
            }
            catch (ExpressionSyntaxException e)
            {
                Assert.InRange(e.Column, 1, text.Length + 1);
                continue;
            }

            parsed++;
            string printed = node.ToString();
            Assert.True(ExpressionParser.Parse(printed) == node, $"{text} printed as {printed} does not reparse to itself");
            Assert.Equal(node, SyntaxJson.FromJson(System.Text.Json.JsonSerializer.SerializeToElement(SyntaxJson.ToJson(node))));
        }

        Assert.True(parsed > 100, $"only {parsed} random inputs parsed; the fuzzer tests too little");
    }
}
