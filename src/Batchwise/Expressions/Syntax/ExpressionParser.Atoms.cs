using Token = Batchwise.Expressions.ExpressionToken;
using TokenKind = Batchwise.Expressions.ExpressionTokenKind;

namespace Batchwise.Expressions;

public static partial class ExpressionParser
{
    // Atoms: names, literals, calls, parenthesised expressions, tuples and lists.
    private sealed partial class Parser
    {
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
    }
}
