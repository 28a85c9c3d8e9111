using Token = Batchwise.Expressions.ExpressionToken;
using TokenKind = Batchwise.Expressions.ExpressionTokenKind;

namespace Batchwise.Expressions;

public static partial class ExpressionParser
{
    // Token access, depth bounds and error construction shared by the grammar rules.
    private sealed partial class Parser
    {
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
