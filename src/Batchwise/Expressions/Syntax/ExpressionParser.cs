using Token = Batchwise.Expressions.ExpressionToken;
using TokenKind = Batchwise.Expressions.ExpressionTokenKind;

namespace Batchwise.Expressions;

/// <summary>
/// Parses NumPy-syntax expressions such as <c>(l[..., None, :] @ r[..., None]).squeeze((-2, -1))</c>
/// into a <see cref="SyntaxNode"/> tree.
/// </summary>
/// <remarks>
/// <para>
/// The grammar and precedence are Python's, loosest first: <c>+ -</c>, then <c>* / @</c> (both
/// levels left-associative), then unary <c>-</c>, then postfix index, <c>.T</c>/<c>.mT</c> and
/// <c>.method(args)</c>. A minus applied to a numeric literal is folded into the literal
/// (<c>-1</c> is <see cref="IntLiteral"/> -1, <c>-inf</c> is <see cref="FloatLiteral"/> −∞).
/// Function and method names are not checked here; the evaluator decides which exist.
/// </para>
/// <para>
/// Syntax trees are limited to <see cref="MaxDepth"/> levels, and so is the nesting of
/// parentheses, brackets, calls and unary minus, so hostile input fails with an
/// <see cref="ExpressionSyntaxException"/> instead of exhausting the stack.
/// </para>
/// </remarks>
public static class ExpressionParser
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
    private sealed class Parser(string text, List<Token> tokens)
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

        // expr := term (('+' | '-') term)*
        private SyntaxNode ParseExpression()
        {
            Enter(Current);
            int start = Current.Start;
            SyntaxNode left = ParseTerm();
            while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
            {
                Token op = Advance();
                SyntaxNode right = ParseTerm();
                left = MakeBinary(op, op.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract, start, left, right);
            }

            _nesting--;
            return left;
        }

        // term := unary (('*' | '/' | '@') unary)*
        private SyntaxNode ParseTerm()
        {
            int start = Current.Start;
            SyntaxNode left = ParseUnary();
            while (true)
            {
                BinaryOperator op;
                switch (Current.Kind)
                {
                    case TokenKind.Star:
                        op = BinaryOperator.Multiply;
                        break;
                    case TokenKind.Slash:
                        op = BinaryOperator.Divide;
                        break;
                    case TokenKind.At:
                        op = BinaryOperator.MatMul;
                        break;
                    default:
                        return left;
                }

                Token token = Advance();
                SyntaxNode right = ParseUnary();
                left = MakeBinary(token, op, start, left, right);
            }
        }

        // unary := '-' unary | postfix
        private SyntaxNode ParseUnary()
        {
            if (Current.Kind != TokenKind.Minus)
            {
                return ParsePostfix();
            }

            Token minus = Advance();

            // `-9223372036854775808` is long.MinValue; its magnitude alone does not fit, so fold
            // a minus followed by a bare integer (no postfix) before building the literal.
            if (Current.Kind == TokenKind.Int && !IsPostfixStart(Peek(1).Kind))
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

        private SyntaxNode ParseAtom()
        {
            Token token = Current;
            switch (token.Kind)
            {
                case TokenKind.Name:
                    return ParseName();
                case TokenKind.Int:
                    Advance();
                    if (token.Integer > long.MaxValue)
                    {
                        throw new ExpressionSyntaxException(
                            $"integer {ExpressionLexer.Excerpt(text, token.Start, token.End)} is too large",
                            text,
                            token.Start + 1,
                            $"integers must lie in [{long.MinValue}, {long.MaxValue}]");
                    }

                    return new IntLiteral((long)token.Integer) { Span = token.Span };
                case TokenKind.Float:
                    Advance();
                    return new FloatLiteral(token.Number) { Span = token.Span };
                case TokenKind.String:
                    Advance();
                    return new StringLiteral(token.Text) { Span = token.Span };
                case TokenKind.LeftParen:
                    return ParseParenthesised();
                case TokenKind.LeftBracket:
                    return ParseList();
                case TokenKind.Ellipsis:
                    throw new ExpressionSyntaxException("unexpected '...'", text, token.Start + 1, "'...' is only allowed inside an index");
                default:
                    throw Unexpected(token, "expected an expression");
            }
        }

        // NAME, a reserved word, FUNC '(' args ')' or 'linalg' '.' LFUNC '(' args ')'.
        private SyntaxNode ParseName()
        {
            Token name = Advance();
            switch (name.Text)
            {
                case "True":
                    return new BoolLiteral(true) { Span = name.Span };
                case "False":
                    return new BoolLiteral(false) { Span = name.Span };
                case "None":
                    return new NoneLiteral { Span = name.Span };
                case "inf":
                    return new FloatLiteral(double.PositiveInfinity) { Span = name.Span };
                case "nan":
                    return new FloatLiteral(double.NaN) { Span = name.Span };
            }

            string function = name.Text;
            if (s_moduleRoots.Contains(name.Text) && Current.Kind == TokenKind.Dot && Peek(1).Kind == TokenKind.Name)
            {
                // A dotted path pasted from NumPy/PyTorch code: np.linalg.solve(...), F.softmax(...), math.inf.
                int length = 1;
                while (Peek(2 * length).Kind == TokenKind.Dot && Peek(2 * length + 1).Kind == TokenKind.Name)
                {
                    length++;
                }
                string path = name.Text + string.Concat(Enumerable.Range(0, length).Select(i => "." + Peek(2 * i + 1).Text));
                if (Peek(2 * length).Kind == TokenKind.LeftParen || s_constants.ContainsKey(path))
                {
                    for (int i = 0; i < 2 * length; i++)
                    {
                        Advance();
                    }
                    if (s_constants.TryGetValue(path, out double constant))
                    {
                        return new FloatLiteral(constant) { Span = SourceSpan.FromBounds(name.Start, _previousEnd) };
                    }
                    function = path;
                }
            }

            if (Current.Kind != TokenKind.LeftParen)
            {
                return new Variable(name.Text) { Span = name.Span };
            }

            (SyntaxList<SyntaxNode> arguments, SyntaxList<KeywordArgument> keywords) = ParseArguments();
            var call = new Call(function, arguments, keywords) { Span = SourceSpan.FromBounds(name.Start, _previousEnd) };
            return Track(call, name, [.. arguments, .. keywords]);
        }

        // '(' ')' | '(' expr ')' | '(' expr ',' [expr (',' expr)*] [','] ')'
        private SyntaxNode ParseParenthesised()
        {
            Token open = Advance();
            if (Current.Kind == TokenKind.RightParen)
            {
                Advance();
                return new TupleExpr(SyntaxList<SyntaxNode>.Empty) { Span = SourceSpan.FromBounds(open.Start, _previousEnd) };
            }

            SyntaxNode first = ParseExpression();
            if (Current.Kind != TokenKind.Comma)
            {
                Expect(TokenKind.RightParen, "expected ')' or ','");
                return first;
            }

            var items = new List<SyntaxNode> { first };
            while (Current.Kind == TokenKind.Comma)
            {
                Advance();
                if (Current.Kind == TokenKind.RightParen)
                {
                    break;
                }

                items.Add(ParseExpression());
            }

            Expect(TokenKind.RightParen, "expected ')' or ','");
            var tuple = new TupleExpr(new SyntaxList<SyntaxNode>(items)) { Span = SourceSpan.FromBounds(open.Start, _previousEnd) };
            return Track(tuple, open, [.. items]);
        }

        // '[' [expr (',' expr)*] [','] ']'
        private SyntaxNode ParseList()
        {
            Token open = Advance();
            var items = new List<SyntaxNode>();
            while (Current.Kind != TokenKind.RightBracket)
            {
                items.Add(ParseExpression());
                if (Current.Kind != TokenKind.Comma)
                {
                    break;
                }

                Advance();
            }

            Expect(TokenKind.RightBracket, "expected ']' or ','");
            var tuple = new TupleExpr(new SyntaxList<SyntaxNode>(items)) { Span = SourceSpan.FromBounds(open.Start, _previousEnd) };
            return Track(tuple, open, [.. items]);
        }

        // args := [arg (',' arg)*] [',']   arg := expr | NAME '=' expr   (keywords last)
        private (SyntaxList<SyntaxNode> Arguments, SyntaxList<KeywordArgument> Keywords) ParseArguments()
        {
            Expect(TokenKind.LeftParen, "expected '('");
            var arguments = new List<SyntaxNode>();
            var keywords = new List<KeywordArgument>();
            while (Current.Kind != TokenKind.RightParen)
            {
                if (Current.Kind == TokenKind.Name && Peek(1).Kind == TokenKind.Equals)
                {
                    Token name = Advance();
                    Advance();
                    if (keywords.Any(keyword => keyword.Name == name.Text))
                    {
                        throw new ExpressionSyntaxException($"keyword argument '{name.Text}' repeated", text, name.Start + 1);
                    }

                    SyntaxNode value = ParseExpression();
                    var keyword = new KeywordArgument(name.Text, value) { Span = SourceSpan.FromBounds(name.Start, _previousEnd) };
                    keywords.Add(Track(keyword, name, value));
                }
                else
                {
                    if (keywords.Count > 0)
                    {
                        throw new ExpressionSyntaxException("positional argument follows keyword argument", text, Current.Start + 1);
                    }

                    arguments.Add(ParseExpression());
                }

                if (Current.Kind != TokenKind.Comma)
                {
                    break;
                }

                Advance();
            }

            Expect(TokenKind.RightParen, "expected ')' or ','");
            return (new SyntaxList<SyntaxNode>(arguments), new SyntaxList<KeywordArgument>(keywords));
        }

        // '[' indices ']'   indices := '(' ')' | [item (',' item)*] [',']
        private IndexExpr ParseIndex(int start, SyntaxNode target)
        {
            Token open = Advance();
            var items = new List<IndexItem>();
            if (Current.Kind == TokenKind.LeftParen && Peek(1).Kind == TokenKind.RightParen && Peek(2).Kind == TokenKind.RightBracket)
            {
                Advance();
                Advance();
            }
            else
            {
                do
                {
                    items.Add(ParseIndexItem());
                    if (Current.Kind != TokenKind.Comma)
                    {
                        break;
                    }

                    Advance();
                }
                while (Current.Kind != TokenKind.RightBracket);
            }

            Expect(TokenKind.RightBracket, "expected ']' or ','");
            var index = new IndexExpr(target, new SyntaxList<IndexItem>(items)) { Span = SourceSpan.FromBounds(start, _previousEnd) };
            return Track(index, open, target);
        }

        // item := '...' | 'None' | sint | [sint] ':' [sint] [':' [sint]]
        private IndexItem ParseIndexItem()
        {
            Token first = Current;
            if (first.Kind == TokenKind.Ellipsis)
            {
                Advance();
                return new EllipsisItem { Span = first.Span };
            }

            if (first.Kind == TokenKind.Name && first.Text == "None")
            {
                Advance();
                return new NewAxisItem { Span = first.Span };
            }

            if (first.Kind is not (TokenKind.Int or TokenKind.Minus or TokenKind.Colon))
            {
                throw Unexpected(first, "an index item is an integer, a slice, '...' or None");
            }

            int? start = ParseOptionalIndexInteger();
            if (Current.Kind != TokenKind.Colon)
            {
                return new IntItem(start!.Value) { Span = SourceSpan.FromBounds(first.Start, _previousEnd) };
            }

            Advance();
            int? stop = ParseOptionalIndexInteger();
            int? step = null;
            if (Current.Kind == TokenKind.Colon)
            {
                Advance();
                step = ParseOptionalIndexInteger();
            }

            return new SliceItem(start, stop, step) { Span = SourceSpan.FromBounds(first.Start, _previousEnd) };
        }

        // sint := ['-'] INT, as a 32-bit index.
        private int? ParseOptionalIndexInteger()
        {
            if (Current.Kind is not (TokenKind.Minus or TokenKind.Int))
            {
                return null;
            }

            bool negative = Current.Kind == TokenKind.Minus;
            int start = Current.Start;
            if (negative)
            {
                Advance();
            }

            Token digits = Expect(TokenKind.Int, "an index item is an integer, a slice, '...' or None");
            ulong limit = negative ? 1UL << 31 : int.MaxValue;
            if (digits.Integer > limit)
            {
                throw new ExpressionSyntaxException(
                    $"index {ExpressionLexer.Excerpt(text, start, digits.End)} is out of range",
                    text,
                    start + 1,
                    $"indices must lie in [{int.MinValue}, {int.MaxValue}]");
            }

            return negative ? (int)-(long)digits.Integer : (int)digits.Integer;
        }

        private static bool IsPostfixStart(TokenKind kind) => kind is TokenKind.LeftBracket or TokenKind.Dot or TokenKind.LeftParen;

        private Token Peek(int offset) => tokens[Math.Min(_position + offset, tokens.Count - 1)];

        private Token Advance()
        {
            Token token = tokens[_position];
            if (token.Kind != TokenKind.End)
            {
                _position++;
                _previousEnd = token.End;
            }

            return token;
        }

        private Token Expect(TokenKind kind, string hint)
        {
            if (Current.Kind != kind)
            {
                throw Unexpected(Current, hint);
            }

            return Advance();
        }

        private void Enter(Token token)
        {
            if (++_nesting > MaxDepth)
            {
                throw TooDeep(token);
            }
        }

        private ExpressionSyntaxException TooDeep(Token token) =>
            new("expression nested too deeply", text, token.Start + 1, $"at most {MaxDepth} levels of brackets, calls, operators and unary minus are allowed");

        // Spans run from the first token to the last one, so they include the parentheses of
        // parenthesised operands (as Python's do) but not a node's own redundant parentheses.
        private SyntaxNode MakeBinary(Token op, BinaryOperator kind, int start, SyntaxNode left, SyntaxNode right)
        {
            var binary = new Binary(kind, left, right) { Span = SourceSpan.FromBounds(start, _previousEnd) };
            return Track(binary, op, left, right);
        }

        // Records the height of a new composite element and enforces MaxDepth on the tree.
        private T Track<T>(T element, Token at, params ReadOnlySpan<SyntaxElement> children)
            where T : SyntaxElement
        {
            int height = 0;
            foreach (SyntaxElement child in children)
            {
                height = Math.Max(height, _heights.GetValueOrDefault(child, 1));
            }

            height++;
            if (height > MaxDepth)
            {
                throw TooDeep(at);
            }

            _heights[element] = height;
            return element;
        }

        private ExpressionSyntaxException Unexpected(Token token, string hint) =>
            new($"unexpected {Describe(token)}", text, token.Start + 1, hint);

        private string Describe(Token token) => token.Kind switch
        {
            TokenKind.End => "end of expression",
            TokenKind.Name => $"name '{ExpressionLexer.Excerpt(text, token.Start, token.End)}'",
            TokenKind.Int or TokenKind.Float => $"number {ExpressionLexer.Excerpt(text, token.Start, token.End)}",
            TokenKind.String => $"string {ExpressionLexer.Excerpt(text, token.Start, token.End)}",
            _ => $"'{text.AsSpan(token.Start, token.Length)}'",
        };
    }
}
