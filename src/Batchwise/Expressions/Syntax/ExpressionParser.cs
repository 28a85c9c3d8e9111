using Token = Batchwise.Expressions.ExpressionToken;
using TokenKind = Batchwise.Expressions.ExpressionTokenKind;

namespace Batchwise.Expressions;

/// <summary>
/// Parses NumPy-syntax expressions such as <c>(l[..., None, :] @ r[..., None]).squeeze((-2, -1))</c>
/// into a <see cref="SyntaxNode"/> tree.
/// </summary>
/// <remarks>
/// <para>
/// The grammar and precedence are Python's, loosest first: one comparison (<c>&lt; &lt;= &gt; &gt;= == !=</c>),
/// <c>|</c>, <c>^</c>, <c>&amp;</c>, <c>+ -</c>, <c>* / @</c> (all left-associative), unary <c>-</c> and
/// <c>~</c>, <c>**</c> (right-associative), then postfix index, attributes and <c>.method(args)</c>. A minus applied to a numeric literal is folded into the literal
/// (<c>-1</c> is <see cref="IntLiteral"/> -1, <c>-inf</c> is <see cref="FloatLiteral"/> −∞).
/// Function and method names are not checked here; the evaluator decides which exist.
/// </para>
/// <para>
/// Syntax trees are limited to <see cref="MaxDepth"/> levels, and so is the nesting of
/// parentheses, brackets, calls and unary minus, so hostile input fails with an
/// <see cref="ExpressionSyntaxException"/> instead of exhausting the stack.
/// </para>
/// </remarks>
public static partial class ExpressionParser
{
    /// <summary>The deepest nesting of brackets, calls and unary minus, and the deepest syntax tree, accepted.</summary>
    public const int MaxDepth = 200;

    /// <summary>Parses <paramref name="text"/> into a syntax tree whose spans point into <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ExpressionSyntaxException">The text does not follow the grammar, an integer
    /// literal does not fit in 64 bits (32 bits inside an index), or the nesting exceeds <see cref="MaxDepth"/>.</exception>
    public static SyntaxNode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Parser(text, ExpressionLexer.Tokenize(text)).ParseRoot();
    }

    /// <summary>Recursive descent over a token list; one instance per parse.</summary>
    private sealed partial class Parser(string text, List<Token> tokens)
    {
        /// <summary>Module names that start a dotted function path or constant; an input of one of these
        /// names is still a variable wherever the path is neither a call nor a known constant.</summary>
        private static readonly HashSet<string> s_moduleRoots = ["np", "numpy", "torch", "F", "nn", "math", "linalg"];

        /// <summary>The module constants that read as float literals.</summary>
        private static readonly Dictionary<string, double> s_constants = new()
        {
            ["math.inf"] = double.PositiveInfinity,
            ["math.nan"] = double.NaN,
            ["math.pi"] = Math.PI,
            ["math.e"] = Math.E,
            ["np.inf"] = double.PositiveInfinity,
            ["np.nan"] = double.NaN,
            ["np.pi"] = Math.PI,
            ["np.e"] = Math.E,
            ["numpy.inf"] = double.PositiveInfinity,
            ["numpy.nan"] = double.NaN,
            ["numpy.pi"] = Math.PI,
            ["torch.inf"] = double.PositiveInfinity,
            ["torch.nan"] = double.NaN,
            ["torch.pi"] = Math.PI,
        };

        // Heights of the composite nodes built so far (leaves are 1), to bound the tree depth
        // without walking subtrees: printing, comparing and evaluating trees all recurse.
        private readonly Dictionary<SyntaxElement, int> _heights = new(ReferenceEqualityComparer.Instance);
        private int _position;
        private int _nesting;
        private int _previousEnd;

        private Token Current => tokens[_position];

        public SyntaxNode ParseRoot()
        {
            if (Current.Kind == TokenKind.End)
            {
                throw new ExpressionSyntaxException("empty expression", text, 1);
            }

            SyntaxNode root = ParseExpression();
            if (Current.Kind != TokenKind.End)
            {
                throw Unexpected(Current, "expected an operator or the end of the expression");
            }

            return root;
        }
        // expr := bor [CMPOP bor]   (one comparison; Python's chains do not occur)
        private SyntaxNode ParseExpression()
        {
            Enter(Current);
            int start = Current.Start;
            SyntaxNode left = ParseBitOr();
            BinaryOperator? comparison = Current.Kind switch
            {
                TokenKind.Less => BinaryOperator.Less,
                TokenKind.LessEqual => BinaryOperator.LessEqual,
                TokenKind.Greater => BinaryOperator.Greater,
                TokenKind.GreaterEqual => BinaryOperator.GreaterEqual,
                TokenKind.EqualEqual => BinaryOperator.Equal,
                TokenKind.NotEqual => BinaryOperator.NotEqual,
                _ => null,
            };
            if (comparison is BinaryOperator op)
            {
                Token token = Advance();
                left = MakeBinary(token, op, start, left, ParseBitOr());
                if (Current.Kind is TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual or TokenKind.EqualEqual or TokenKind.NotEqual)
                {
                    throw Unexpected(Current, "chained comparisons are not supported; combine two with '&'");
                }
            }

            _nesting--;
            return left;
        }

        // bor := bxor ('|' bxor)*;  bxor := band ('^' band)*;  band := arith ('&' arith)*
        private SyntaxNode ParseBitOr() =>
            ParseLeftAssociative(static kind => kind == TokenKind.Pipe ? BinaryOperator.Or : null, ParseBitXor);

        private SyntaxNode ParseBitXor() =>
            ParseLeftAssociative(static kind => kind == TokenKind.Caret ? BinaryOperator.Xor : null, ParseBitAnd);

        private SyntaxNode ParseBitAnd() =>
            ParseLeftAssociative(static kind => kind == TokenKind.Ampersand ? BinaryOperator.And : null, ParseArithmetic);

        // arith := term (('+' | '-') term)*
        private SyntaxNode ParseArithmetic() => ParseLeftAssociative(
            static kind => kind switch
            {
                TokenKind.Plus => BinaryOperator.Add,
                TokenKind.Minus => BinaryOperator.Subtract,
                _ => null,
            },
            ParseTerm);

        // term := unary (('*' | '/' | '//' | '%' | '@') unary)*
        private SyntaxNode ParseTerm() => ParseLeftAssociative(
            static kind => kind switch
            {
                TokenKind.Star => BinaryOperator.Multiply,
                TokenKind.Slash => BinaryOperator.Divide,
                TokenKind.At => BinaryOperator.MatMul,
                TokenKind.DoubleSlash => BinaryOperator.FloorDivide,
                TokenKind.Percent => BinaryOperator.Remainder,
                _ => null,
            },
            ParseUnary);

        /// <summary>One level of left-associative binary operators: operands joined while the current token is one of the level's.</summary>
        private SyntaxNode ParseLeftAssociative(Func<TokenKind, BinaryOperator?> operatorOf, Func<SyntaxNode> operand)
        {
            int start = Current.Start;
            SyntaxNode left = operand();
            while (operatorOf(Current.Kind) is BinaryOperator op)
            {
                Token token = Advance();
                left = MakeBinary(token, op, start, left, operand());
            }

            return left;
        }

        // unary := '-' unary | '~' unary | power
        private SyntaxNode ParseUnary()
        {
            if (Current.Kind == TokenKind.Tilde)
            {
                Token tilde = Advance();
                Enter(tilde);
                SyntaxNode inverted = ParseUnary();
                _nesting--;
                return Track(new Invert(inverted) { Span = SourceSpan.FromBounds(tilde.Start, _previousEnd) }, tilde, inverted);
            }

            if (Current.Kind != TokenKind.Minus)
            {
                return ParsePower();
            }

            Token minus = Advance();

            // `-9223372036854775808` is long.MinValue; its magnitude alone does not fit, so fold
            // a minus followed by a bare integer (no postfix, no power) before building the literal.
            if (Current.Kind == TokenKind.Int && !IsPostfixStart(Peek(1).Kind) && Peek(1).Kind != TokenKind.DoubleStar)
            {
                Token digits = Advance();
                long value = digits.Integer == 1UL << 63 ? long.MinValue : -(long)digits.Integer;
                return new IntLiteral(value) { Span = SourceSpan.FromBounds(minus.Start, digits.End) };
            }

            Enter(minus);
            SyntaxNode operand = ParseUnary();
            _nesting--;
            SourceSpan span = SourceSpan.FromBounds(minus.Start, _previousEnd);
            switch (operand)
            {
                case IntLiteral literal:
                    if (literal.Value == long.MinValue)
                    {
                        throw new ExpressionSyntaxException("integer 9223372036854775808 is too large", text, minus.Start + 1);
                    }

                    return new IntLiteral(-literal.Value) { Span = span };
                case FloatLiteral literal:
                    return new FloatLiteral(-literal.Value) { Span = span };
                default:
                    return Track(new Negate(operand) { Span = span }, minus, operand);
            }
        }

        // power := postfix ['**' unary]   (right-associative: the exponent is a unary, which may hold a power)
        private SyntaxNode ParsePower()
        {
            int start = Current.Start;
            SyntaxNode left = ParsePostfix();
            if (Current.Kind != TokenKind.DoubleStar)
            {
                return left;
            }

            Token op = Advance();
            Enter(op);
            SyntaxNode right = ParseUnary();
            _nesting--;
            return MakeBinary(op, BinaryOperator.Power, start, left, right);
        }

        // postfix := atom ('[' indices ']' | '.' ATTR | '.' METHOD '(' args ')')*
        private SyntaxNode ParsePostfix()
        {
            int start = Current.Start;
            SyntaxNode node = ParseAtom();
            while (true)
            {
                if (Current.Kind == TokenKind.LeftBracket)
                {
                    node = ParseIndex(start, node);
                }
                else if (Current.Kind == TokenKind.Dot)
                {
                    Token dot = Advance();
                    Token name = Expect(TokenKind.Name, "expected a method name or T or mT after '.'");
                    if (Current.Kind == TokenKind.LeftParen)
                    {
                        (SyntaxList<SyntaxNode> arguments, SyntaxList<KeywordArgument> keywords) = ParseArguments();
                        var method = new MethodCall(node, name.Text, arguments, keywords)
                        {
                            Span = SourceSpan.FromBounds(start, _previousEnd),
                        };
                        node = Track(method, dot, [node, .. arguments, .. keywords]);
                    }
                    else if (name.Text is "T" or "mT" or "shape" or "ndim" or "size")
                    {
                        var attribute = new AttributeExpr(node, name.Text) { Span = SourceSpan.FromBounds(start, name.End) };
                        node = Track(attribute, dot, node);
                    }
                    else
                    {
                        throw new ExpressionSyntaxException(
                            $"unknown attribute '.{name.Text}'",
                            text,
                            name.Start + 1,
                            $"the attributes are .T, .mT, .shape, .ndim and .size; a method call needs parentheses, as in .{name.Text}()");
                    }
                }
                else
                {
                    return node;
                }
            }
        }
    }
}
