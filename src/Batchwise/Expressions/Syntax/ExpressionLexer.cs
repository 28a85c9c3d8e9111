using System.Globalization;
using System.Text;
using Token = Batchwise.Expressions.ExpressionToken;
using TokenKind = Batchwise.Expressions.ExpressionTokenKind;

namespace Batchwise.Expressions;

/// <summary>
/// Splits expression text into tokens. Numbers follow Python: <c>1</c>, <c>1.5</c>, <c>.5</c>,
/// <c>2.</c>, <c>1e-3</c>; a minus sign is always its own token (the parser folds it into literals).
/// </summary>
internal static class ExpressionLexer
{
    // Integer literals up to 2^63 lex; the parser accepts 2^63 only as the magnitude of long.MinValue.
    private const ulong MaxIntegerMagnitude = 9223372036854775808UL;

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (true)
        {
            while (i < text.Length && IsWhitespace(text[i]))
            {
                i++;
            }

            if (i == text.Length)
            {
                tokens.Add(new Token(TokenKind.End, i, 0));
                return tokens;
            }

            char c = text[i];
            Token token;
            if (IsNameStart(c))
            {
                int end = i + 1;
                while (end < text.Length && IsNamePart(text[end]))
                {
                    end++;
                }

                token = new Token(TokenKind.Name, i, end - i, text[i..end]);
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                token = LexNumber(text, i);
            }
            else if (c is '\'' or '"')
            {
                token = LexString(text, i);
            }
            else if (c == '.' && i + 2 < text.Length && text[i + 1] == '.' && text[i + 2] == '.')
            {
                token = new Token(TokenKind.Ellipsis, i, 3);
            }
            else if (TwoCharacterOperator(text, i) is TokenKind pair)
            {
                token = new Token(pair, i, 2);
            }
            else
            {
                TokenKind kind = c switch
                {
                    '+' => TokenKind.Plus,
                    '-' => TokenKind.Minus,
                    '*' => TokenKind.Star,
                    '/' => TokenKind.Slash,
                    '@' => TokenKind.At,
                    '(' => TokenKind.LeftParen,
                    ')' => TokenKind.RightParen,
                    '[' => TokenKind.LeftBracket,
                    ']' => TokenKind.RightBracket,
                    ',' => TokenKind.Comma,
                    ':' => TokenKind.Colon,
                    '=' => TokenKind.Equals,
                    '.' => TokenKind.Dot,
                    '<' => TokenKind.Less,
                    '>' => TokenKind.Greater,
                    '&' => TokenKind.Ampersand,
                    '|' => TokenKind.Pipe,
                    '^' => TokenKind.Caret,
                    '~' => TokenKind.Tilde,
                    '%' => TokenKind.Percent,
                    _ => throw new ExpressionSyntaxException($"unexpected character {DescribeCharacter(text, i)}", text, i + 1),
                };
                token = new Token(kind, i, 1);
            }

            tokens.Add(token);
            i = token.End;
        }
    }

    private static TokenKind? TwoCharacterOperator(string text, int i) => i + 1 < text.Length
        ? (text[i], text[i + 1]) switch
        {
            ('*', '*') => TokenKind.DoubleStar,
            ('/', '/') => TokenKind.DoubleSlash,
            ('<', '=') => TokenKind.LessEqual,
            ('>', '=') => TokenKind.GreaterEqual,
            ('=', '=') => TokenKind.EqualEqual,
            ('!', '=') => TokenKind.NotEqual,
            _ => null,
        }
        : null;

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n' or '\f';

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static Token LexNumber(string text, int start)
    {
        int i = start;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        bool isFloat = false;
        if (i < text.Length && text[i] == '.' && !(i + 1 < text.Length && text[i + 1] == '.'))
        {
            isFloat = true;
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            int digits = i + 1;
            if (digits < text.Length && text[digits] is '+' or '-')
            {
                digits++;
            }

            if (digits < text.Length && char.IsAsciiDigit(text[digits]))
            {
                isFloat = true;
                i = digits;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
            }
        }

        // Python rejects `1a`, `1e`, `1.T` and `1_0`-style literals as invalid decimal literals.
        if (i < text.Length && IsNamePart(text[i]))
        {
            int end = i;
            while (end < text.Length && IsNamePart(text[end]))
            {
                end++;
            }

            throw new ExpressionSyntaxException($"invalid number '{Excerpt(text, start, end)}'", text, start + 1);
        }

        ReadOnlySpan<char> literal = text.AsSpan(start, i - start);
        if (isFloat)
        {
            double value = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
            return new Token(TokenKind.Float, start, i - start, Number: value);
        }

        if (!ulong.TryParse(literal, NumberStyles.None, CultureInfo.InvariantCulture, out ulong magnitude) || magnitude > MaxIntegerMagnitude)
        {
            throw new ExpressionSyntaxException(
                $"integer {Excerpt(text, start, i)} is too large",
                text,
                start + 1,
                $"integers must lie in [{long.MinValue}, {long.MaxValue}]");
        }

        return new Token(TokenKind.Int, start, i - start, Integer: magnitude);
    }

    private static Token LexString(string text, int start)
    {
        char quote = text[start];
        var value = new StringBuilder();
        int i = start + 1;
        while (true)
        {
            if (i >= text.Length || text[i] is '\n' or '\r')
            {
                throw new ExpressionSyntaxException("unterminated string", text, start + 1, $"add the closing {quote}");
            }

            char c = text[i];
            if (c == quote)
            {
                return new Token(TokenKind.String, start, i + 1 - start, value.ToString());
            }

            if (c != '\\')
            {
                value.Append(c);
                i++;
                continue;
            }

            if (i + 1 >= text.Length)
            {
                throw new ExpressionSyntaxException("unterminated string", text, start + 1, $"add the closing {quote}");
            }

            char escaped = text[i + 1];
            i += 2;
            char? simple = escaped switch
            {
                '\\' or '\'' or '"' => escaped,
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                '0' => '\0',
                _ => null,
            };
            if (simple is char plain)
            {
                value.Append(plain);
            }
            else if (escaped == 'x')
            {
                if (i + 2 > text.Length
                    || !byte.TryParse(text.AsSpan(i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte code))
                {
                    throw new ExpressionSyntaxException(@"invalid \x escape", text, i - 1, @"write \x followed by two hex digits");
                }

                value.Append((char)code);
                i += 2;
            }
            else
            {
                // Python keeps unknown escapes as written, backslash included.
                value.Append('\\').Append(escaped);
            }
        }
    }

    private static string DescribeCharacter(string text, int index)
    {
        char c = text[index];
        if (c is > ' ' and < '\x7f')
        {
            return $"'{c}'";
        }

        if (char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c))
        {
            return $"U+{(int)c:X4}";
        }

        return $"'{c}' (U+{(int)c:X4})";
    }

    /// <summary>The source text from <paramref name="start"/> to <paramref name="end"/>, shortened when long.</summary>
    public static string Excerpt(string text, int start, int end)
    {
        const int MaxLength = 24;
        return end - start <= MaxLength ? text[start..end] : text.Substring(start, MaxLength) + "...";
    }
}
