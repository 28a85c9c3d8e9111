using Batchwise.Expressions;
using Xunit;

namespace Batchwise.Tests.Expressions.Syntax;

public sealed class ExpressionParserTests
{
    [Theory]
    // + - and * / @ are two left-associative levels; @ shares the level of * and /.
    [InlineData("a + b * c", "(+ a (* b c))")]
    [InlineData("a * b + c", "(+ (* a b) c)")]
    [InlineData("a - b - c", "(- (- a b) c)")]
    [InlineData("a - b + c", "(+ (- a b) c)")]
    [InlineData("a / b * c", "(* (/ a b) c)")]
    [InlineData("a @ b * c", "(* (@ a b) c)")]
    [InlineData("a * b @ c", "(@ (* a b) c)")]
    [InlineData("a @ b @ c", "(@ (@ a b) c)")]
    [InlineData("a @ b + c @ d", "(+ (@ a b) (@ c d))")]
    [InlineData("a - (b - c)", "(- a (- b c))")]
    [InlineData("(a)", "a")]
    [InlineData("((a + b)) * c", "(* (+ a b) c)")]
    // Unary minus binds tighter than * / @ and looser than postfix.
    [InlineData("-a @ b", "(@ (neg a) b)")]
    [InlineData("-a + b", "(+ (neg a) b)")]
    [InlineData("a * -b", "(* a (neg b))")]
    [InlineData("a - -b", "(- a (neg b))")]
    [InlineData("-a.T", "(neg (.T a))")]
    [InlineData("-x[0]", "(neg (idx x 0))")]
    [InlineData("-x.sum()", "(neg (.sum x))")]
    [InlineData("--a", "(neg (neg a))")]
    [InlineData("-(-a)", "(neg (neg a))")]
    [InlineData("-(a - b) * c", "(* (neg (- a b)) c)")]
    // Python's order, loosest first: comparison, |, ^, &, + -, * / @, unary - and ~, **, postfix.
    [InlineData("a < b + c", "(< a (+ b c))")]
    [InlineData("a | b & c", "(| a (& b c))")]
    [InlineData("a ^ b | c", "(| (^ a b) c)")]
    [InlineData("a & b ^ c", "(^ (& a b) c)")]
    [InlineData("a > 0 & b", "(> a (& 0 b))")]
    [InlineData("(a > 0.0) & (b <= 0.5)", "(& (> a 0.0) (<= b 0.5))")]
    [InlineData("~m[::-1]", "(~ (idx m ::-1))")]
    [InlineData("~a & b", "(& (~ a) b)")]
    [InlineData("-x ** 2", "(neg (** x 2))")]
    [InlineData("-2 ** 2", "(neg (** 2 2))")]
    [InlineData("x ** -1", "(** x -1)")]
    [InlineData("x ** y ** 2", "(** x (** y 2))")]
    [InlineData("x ** -y", "(** x (neg y))")]
    [InlineData("a * b ** c", "(* a (** b c))")]
    [InlineData("x.T ** 2", "(** (.T x) 2)")]
    [InlineData("x[i]", "(idx x i)")]
    [InlineData("x[i + 1, :, m > 0]", "(idx x i + 1, :, m > 0)")]
    [InlineData("x[-i]", "(idx x -i)")]
    [InlineData("x[None, i]", "(idx x None, i)")]
    [InlineData("x[1 + i]", "(idx x 1 + i)")]
    [InlineData("x[-1, i[:, None]]", "(idx x -1, i[:, None])")]
    // A minus on a numeric literal folds into the literal.
    [InlineData("-1", "-1")]
    [InlineData("- 2.5", "-2.5")]
    [InlineData("-inf", "-inf")]
    [InlineData("-nan", "nan")]
    [InlineData("-(1)", "-1")]
    [InlineData("--1", "1")]
    [InlineData("a--1", "(- a -1)")]
    [InlineData("2 * -3", "(* 2 -3)")]
    [InlineData("-2 * a", "(* -2 a)")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("-1[0]", "(neg (idx 1 0))")]
    // Literals.
    [InlineData("1.5", "1.5")]
    [InlineData(".5", "0.5")]
    [InlineData("2.", "2.0")]
    [InlineData("2.0", "2.0")]
    [InlineData("1e-3", "0.001")]
    [InlineData("1E3", "1000.0")]
    [InlineData("1e+20", "1e+20")]
    [InlineData("1e999", "inf")]
    [InlineData("inf", "inf")]
    [InlineData("True", "True")]
    [InlineData("False", "False")]
    [InlineData("None", "None")]
    [InlineData("'ij,jk->ik'", "'ij,jk->ik'")]
    [InlineData("\"nuc\"", "'nuc'")]
    [InlineData(@"'a\'b'", @"'a\'b'")]
    // Tuples and lists.
    [InlineData("()", "(tuple)")]
    [InlineData("(a,)", "(tuple a)")]
    [InlineData("(a, b)", "(tuple a b)")]
    [InlineData("(a, b,)", "(tuple a b)")]
    [InlineData("[]", "(tuple)")]
    [InlineData("[a]", "(tuple a)")]
    [InlineData("[a, -1,]", "(tuple a -1)")]
    [InlineData("(a, b)[0]", "(idx (tuple a b) 0)")]
    // Postfix chains, calls and keywords.
    [InlineData("x.T.mT", "(.mT (.T x))")]
    [InlineData("x[0][1]", "(idx (idx x 0) 1)")]
    [InlineData("x.reshape(4, 3).swapaxes(0, 1)", "(.swapaxes (.reshape x 4 3) 0 1)")]
    [InlineData("x.max(keepdims=True)", "(.max x keepdims=True)")]
    [InlineData("x.sum(-1, keepdims=True,)", "(.sum x -1 keepdims=True)")]
    [InlineData("f()", "(f)")]
    [InlineData("f(a)(b)", null)]
    [InlineData("matmul(A, x[..., None]).squeeze(axis=-1)", "(.squeeze (matmul A (idx x ..., None)) axis=-1)")]
    [InlineData("linalg.eigh(a)[0]", "(idx (linalg.eigh a) 0)")]
    [InlineData("linalg . solve (a, b)", "(linalg.solve a b)")]
    [InlineData("linalg", "linalg")]
    [InlineData("linalg.T", "(.T linalg)")]
    [InlineData("sdpa(q, k, v, mask=None, causal=False)", "(sdpa q k v mask=None causal=False)")]
    [InlineData("any_name(x)", "(any_name x)")]
    [InlineData("x.any_method()", "(.any_method x)")]
    // Index items.
    [InlineData("x[()]", "(idx x )")]
    [InlineData("x[0,]", "(idx x 0)")]
    [InlineData("x[..., None, :]", "(idx x ..., None, :)")]
    [InlineData("x[1:2:3, -1:, :-1, ::-1, ::]", "(idx x 1:2:3, -1:, :-1, ::-1, :)")]
    [InlineData("x[- 1, -2147483648, 2147483647]", "(idx x -1, -2147483648, 2147483647)")]
    [InlineData("x[1::1, 2::-2]", "(idx x 1::1, 2::-2)")]
    public void Parse_Expression_HasExpectedStructure(string expression, string? expected)
    {
        if (expected is null)
        {
            Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse(expression));
            return;
        }

        Assert.Equal(expected, SyntaxTestHelpers.Prefix(ExpressionParser.Parse(expression)));
    }

    [Theory]
    [InlineData("", 1, "empty expression")]
    [InlineData("   ", 1, "empty expression")]
    [InlineData("a +", 4, "unexpected end of expression")]
    [InlineData("(a", 3, "unexpected end of expression")]
    [InlineData("(a + b))", 8, "unexpected ')'")]
    [InlineData("a b", 3, "unexpected name 'b'")]
    [InlineData("a = b", 3, "unexpected '='")]
    [InlineData("+a", 1, "unexpected '+'")]
    [InlineData("a @@ b", 4, "unexpected '@'")]
    [InlineData("a + 'abc", 5, "unterminated string")]
    [InlineData("'abc\\'", 1, "unterminated string")]
    [InlineData("a # b", 3, "unexpected character '#'")]
    [InlineData("a\0", 2, "unexpected character U+0000")]
    [InlineData("a é", 3, "unexpected character 'é' (U+00E9)")]
    [InlineData("...", 1, "only allowed inside an index")]
    [InlineData("1a", 1, "invalid number '1a'")]
    [InlineData("1.T", 1, "invalid number")]
    [InlineData("x.foo", 3, "unknown attribute '.foo'")]
    [InlineData("x.sum", 3, "unknown attribute '.sum'")]
    [InlineData("x.", 3, "unexpected end of expression")]
    [InlineData("x.1", 2, "unexpected number .1")]
    [InlineData("f(a=1, b)", 8, "positional argument follows keyword argument")]
    [InlineData("f(a=1, a=2)", 8, "keyword argument 'a' repeated")]
    [InlineData("f(,)", 3, "unexpected ','")]
    [InlineData("f(a,,)", 5, "unexpected ','")]
    [InlineData("f(a b)", 5, "unexpected name 'b'")]
    [InlineData("(,)", 2, "unexpected ','")]
    [InlineData("[a b]", 4, "unexpected name 'b'")]
    [InlineData("x[]", 3, "unexpected ']'")]
    [InlineData("x[a:b]", 4, "unexpected ':'")]
    [InlineData("x[1:a]", 5, "unexpected name 'a'")]
    [InlineData("a < b < c", 7, "chained comparisons")]
    [InlineData("x ** ", 6, "unexpected end of expression")]
    [InlineData("x[1:2:3:4]", 8, "unexpected ':'")]
    [InlineData("x[0", 4, "unexpected end of expression")]
    [InlineData("9223372036854775808", 1, "integer 9223372036854775808 is too large")]
    [InlineData("a + 99999999999999999999999", 5, "is too large")]
    [InlineData("-9223372036854775809", 2, "is too large")]
    [InlineData("--9223372036854775808", 1, "is too large")]
    [InlineData("x[2147483648]", 3, "index 2147483648 is out of range")]
    [InlineData("x[:-2147483649]", 4, "index -2147483649 is out of range")]
    [InlineData(@"'\x4'", 2, @"invalid \x escape")]
    public void Parse_InvalidExpression_ThrowsAtColumn(string expression, int column, string fragment)
    {
        ExpressionSyntaxException e = Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse(expression));
        Assert.Equal(column, e.Column);
        Assert.Contains(fragment, e.Message);
        Assert.Contains($" at column {column}", e.Message);
        Assert.Equal(expression, e.Expression);
    }

    [Fact]
    public void Message_UnexpectedToken_ShowsSourceLineAndCaret()
    {
        ExpressionSyntaxException e = Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse("(a + b))"));

        Assert.Equal(
            "unexpected ')' at column 8: expected an operator or the end of the expression\n  (a + b))\n         ^",
            e.Message);
        Assert.Equal("unexpected ')'", e.Reason);
    }

    [Fact]
    public void Message_TabInSource_KeepsCaretAligned()
    {
        ExpressionSyntaxException e = Assert.Throws<ExpressionSyntaxException>(() => ExpressionParser.Parse("a\t+ )"));

        string[] lines = e.Message.Split('\n');
        Assert.Equal("  a + )", lines[1]);
        Assert.Equal(lines[1].IndexOf(')'), lines[2].IndexOf('^'));
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => ExpressionParser.Parse(null!));
    }

    [Fact]
    public void Spans_NestedExpression_PointAtSubExpressions()
    {
        const string Text = "(l[..., None] @ r).sum(axis=-1) + -1";
        var sum = (Binary)ExpressionParser.Parse(Text);
        var method = (MethodCall)sum.Left;
        var matmul = (Binary)method.Target;
        var index = (IndexExpr)matmul.Left;

        Assert.Equal(new SourceSpan(0, Text.Length), sum.Span);
        Assert.Equal("(l[..., None] @ r).sum(axis=-1)", Text[method.Span.Start..method.Span.End]);
        Assert.Equal("l[..., None] @ r", Text[matmul.Span.Start..matmul.Span.End]);
        Assert.Equal("l[..., None]", Text[index.Span.Start..index.Span.End]);
        Assert.Equal("None", Text[index.Items[1].Span.Start..index.Items[1].Span.End]);
        Assert.Equal("axis=-1", Text[method.Keywords[0].Span.Start..method.Keywords[0].Span.End]);
        Assert.Equal("-1", Text[sum.Right.Span.Start..sum.Right.Span.End]);
        Assert.Equal(2, matmul.Span.Column);
    }

    [Fact]
    public void Spans_CallAndSlice_CoverTheirSource()
    {
        const string Text = "linalg.solve(a, x[1:-1:2])";
        var call = (Call)ExpressionParser.Parse(Text);
        var index = (IndexExpr)call.Arguments[1];

        Assert.Equal(new SourceSpan(0, Text.Length), call.Span);
        Assert.Equal("1:-1:2", Text[index.Items[0].Span.Start..index.Items[0].Span.End]);
    }

    [Fact]
    public void Equals_SameStructureDifferentSpacing_IsEqualWithEqualHash()
    {
        SyntaxNode compact = ExpressionParser.Parse("x.sum(axis=(0,1))+f(a)[...,None]");
        SyntaxNode spaced = ExpressionParser.Parse("x.sum( axis = ( 0 , 1 ) ) + f( a )[ ... , None ]");

        Assert.NotEqual(compact.Span, spaced.Span);
        Assert.Equal(compact, spaced);
        Assert.Equal(compact.GetHashCode(), spaced.GetHashCode());
    }

    [Theory]
    [InlineData("a + b", "a - b")]
    [InlineData("x[0]", "x[1]")]
    [InlineData("x[0:]", "x[0]")]
    [InlineData("f(a, b=1)", "f(a, c=1)")]
    [InlineData("1", "1.0")]
    [InlineData("(a,)", "(a, a)")]
    [InlineData("x.T", "x.mT")]
    [InlineData("x[()]", "x[...]")]
    public void Equals_DifferentStructure_IsNotEqual(string left, string right)
    {
        Assert.NotEqual(ExpressionParser.Parse(left), ExpressionParser.Parse(right));
    }
}
