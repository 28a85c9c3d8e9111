namespace Batchwise.Expressions;

/// <summary>
/// Base of every element of an expression's syntax tree: expressions (<see cref="SyntaxNode"/>),
/// index items (<see cref="IndexItem"/>) and keyword arguments (<see cref="KeywordArgument"/>).
/// </summary>
/// <remarks>
/// Equality is structural and ignores <see cref="Span"/>: <c>a+b</c> and <c>a + b</c> parse to equal
/// trees. <see cref="ToString"/> prints the element back as Python source with the fewest
/// parentheses that keep its structure, so <c>Parse(node.ToString())</c> equals <c>node</c>.
/// </remarks>
public abstract record SyntaxElement
{
    /// <summary>Where the element was parsed from; used to point error messages at it.</summary>
    public SourceSpan Span { get; init; }

    /// <summary>Compares the element type only; derived records add their own members.</summary>
    public virtual bool Equals(SyntaxElement? other) => other is not null && EqualityContract == other.EqualityContract;

    /// <inheritdoc/>
    public override int GetHashCode() => EqualityContract.GetHashCode();

    /// <summary>The element as Python/NumPy source, e.g. <c>l[..., None] @ r</c>.</summary>
    public sealed override string ToString() => SyntaxPrinter.Print(this);
}

/// <summary>An expression: a value-producing node of the syntax tree.</summary>
public abstract record SyntaxNode : SyntaxElement;

/// <summary>The binary operators: arithmetic, comparisons and Python's bitwise operators on bools.</summary>
public enum BinaryOperator
{
    /// <summary><c>+</c></summary>
    Add,

    /// <summary><c>-</c></summary>
    Subtract,

    /// <summary><c>*</c></summary>
    Multiply,

    /// <summary><c>/</c></summary>
    Divide,

    /// <summary><c>@</c> (matrix product).</summary>
    MatMul,

    /// <summary><c>**</c> (right-associative; binds tighter than unary minus on its left).</summary>
    Power,

    /// <summary><c>//</c> (floor division, Python's: rounds toward minus infinity).</summary>
    FloorDivide,

    /// <summary><c>%</c> (remainder with the divisor's sign, Python's).</summary>
    Remainder,

    /// <summary><c>&lt;</c></summary>
    Less,

    /// <summary><c>&lt;=</c></summary>
    LessEqual,

    /// <summary><c>&gt;</c></summary>
    Greater,

    /// <summary><c>&gt;=</c></summary>
    GreaterEqual,

    /// <summary><c>==</c></summary>
    Equal,

    /// <summary><c>!=</c></summary>
    NotEqual,

    /// <summary><c>&amp;</c> (logical and of bool arrays).</summary>
    And,

    /// <summary><c>|</c> (logical or of bool arrays).</summary>
    Or,

    /// <summary><c>^</c> (logical exclusive or of bool arrays).</summary>
    Xor,
}

/// <summary>A named input, e.g. <c>a</c>.</summary>
public sealed record Variable(string Name) : SyntaxNode;

/// <summary>An integer literal; <c>-1</c> is folded into one literal with value -1.</summary>
public sealed record IntLiteral(long Value) : SyntaxNode;

/// <summary>A float literal, including <c>inf</c> and <c>nan</c>; <c>-inf</c> is folded into one literal.</summary>
public sealed record FloatLiteral(double Value) : SyntaxNode;

/// <summary><c>True</c> or <c>False</c>.</summary>
public sealed record BoolLiteral(bool Value) : SyntaxNode;

/// <summary>A string literal (single or double quotes), e.g. the subscripts of <c>einsum</c>.</summary>
public sealed record StringLiteral(string Value) : SyntaxNode;

/// <summary><c>None</c> as a value (inside an index it is a <see cref="NewAxisItem"/> instead).</summary>
public sealed record NoneLiteral : SyntaxNode;

/// <summary>A tuple <c>(a, b)</c>, <c>(a,)</c>, <c>()</c> or a list <c>[a, b]</c>; lists and tuples are the same.</summary>
public sealed record TupleExpr(SyntaxList<SyntaxNode> Items) : SyntaxNode;

/// <summary>Unary minus of a non-literal, e.g. <c>-a</c>.</summary>
public sealed record Negate(SyntaxNode Operand) : SyntaxNode;

/// <summary><c>~x</c>: logical not of a bool array.</summary>
public sealed record Invert(SyntaxNode Operand) : SyntaxNode;

/// <summary>A binary operation, e.g. <c>a @ b</c>.</summary>
public sealed record Binary(BinaryOperator Operator, SyntaxNode Left, SyntaxNode Right) : SyntaxNode;

/// <summary>An attribute, <c>x.T</c> or <c>x.mT</c>.</summary>
public sealed record AttributeExpr(SyntaxNode Target, string Name) : SyntaxNode;

/// <summary>A method call, e.g. <c>x.sum(axis=-1)</c>.</summary>
public sealed record MethodCall(
    SyntaxNode Target,
    string Name,
    SyntaxList<SyntaxNode> Arguments,
    SyntaxList<KeywordArgument> Keywords) : SyntaxNode;

/// <summary>A function call, e.g. <c>matmul(a, b)</c>; <c>linalg.solve(a, b)</c> has the name <c>"linalg.solve"</c>.</summary>
public sealed record Call(
    string Name,
    SyntaxList<SyntaxNode> Arguments,
    SyntaxList<KeywordArgument> Keywords) : SyntaxNode;

/// <summary>Indexing, e.g. <c>x[..., None, 1:3]</c> or <c>x[i, :, m]</c>; <c>x[()]</c> has no items.</summary>
public sealed record IndexExpr(SyntaxNode Target, SyntaxList<IndexItem> Items) : SyntaxNode;

/// <summary>A keyword argument <c>name=value</c> of a call.</summary>
public sealed record KeywordArgument(string Name, SyntaxNode Value) : SyntaxElement;

/// <summary>One item of an index.</summary>
public abstract record IndexItem : SyntaxElement;

/// <summary>An integer index item, e.g. the <c>-1</c> of <c>x[-1]</c>.</summary>
public sealed record IntItem(int Value) : IndexItem;

/// <summary>A slice <c>start:stop:step</c>; a null part was omitted.</summary>
public sealed record SliceItem(int? Start, int? Stop, int? Step) : IndexItem;

/// <summary><c>...</c> in an index.</summary>
public sealed record EllipsisItem : IndexItem;

/// <summary><c>None</c> in an index (NumPy's <c>newaxis</c>).</summary>
public sealed record NewAxisItem : IndexItem;

/// <summary>
/// An advanced index item: any expression that evaluates to an integer or bool array, e.g. the
/// <c>i</c> of <c>x[:, i]</c> or the <c>x &gt; 0.0</c> of <c>x[x &gt; 0.0]</c>.
/// </summary>
public sealed record ArrayItem(SyntaxNode Value) : IndexItem;
