using Token = Batchwise.Expressions.ExpressionToken;
using TokenKind = Batchwise.Expressions.ExpressionTokenKind;

namespace Batchwise.Expressions;

public static partial class ExpressionParser
{
    // Index items: ints, slices, '...', None, and expressions that evaluate to index arrays.
    private sealed partial class Parser
    {
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
            return Track(index, open, [target, .. items]);
        }

        // item := '...' | 'None' | sint | [sint] ':' [sint] [':' [sint]] | expr
        private IndexItem ParseIndexItem()
        {
            Token first = Current;
            if (first.Kind == TokenKind.Ellipsis)
            {
                Advance();
                return new EllipsisItem { Span = first.Span };
            }

            if (first.Kind == TokenKind.Name && first.Text == "None" && Peek(1).Kind is TokenKind.Comma or TokenKind.RightBracket)
            {
                Advance();
                return new NewAxisItem { Span = first.Span };
            }

            if (!StartsBasicItem())
            {
                // Anything else is an advanced index: an expression giving an int or bool array.
                SyntaxNode value = ParseExpression();
                return Track(new ArrayItem(value) { Span = value.Span }, first, value);
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

        // A basic item starts here: a colon, or a signed int literal followed by ':', ',' or ']'.
        private bool StartsBasicItem()
        {
            if (Current.Kind == TokenKind.Colon)
            {
                return true;
            }

            int digits = Current.Kind == TokenKind.Minus ? 1 : 0;
            return Peek(digits).Kind == TokenKind.Int && Peek(digits + 1).Kind is TokenKind.Colon or TokenKind.Comma or TokenKind.RightBracket;
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
    }
}
