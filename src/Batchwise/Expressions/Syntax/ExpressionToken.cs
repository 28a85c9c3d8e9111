namespace Batchwise.Expressions;

/// <summary>The kinds of token of the expression grammar.</summary>
internal enum ExpressionTokenKind
{
    End,
    Name,
    Int,
    Float,
    String,
    Plus,
    Minus,
    Star,
    Slash,
    At,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Colon,
    Equals,
    Dot,
    Ellipsis,
    DoubleStar,
    DoubleSlash,
    Percent,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    EqualEqual,
    NotEqual,
    Ampersand,
    Pipe,
    Caret,
    Tilde,
}

/// <summary>
/// One token. <see cref="Text"/> is the name or the decoded string; <see cref="Integer"/> the
/// magnitude of an integer literal (up to 2^63, which only fits after a minus sign);
/// <see cref="Number"/> the value of a float literal.
/// </summary>
internal readonly record struct ExpressionToken(ExpressionTokenKind Kind, int Start, int Length, string Text = "", ulong Integer = 0, double Number = 0)
{
    public int End => Start + Length;

    public SourceSpan Span => new(Start, Length);
}
