using System.Globalization;
using System.Text;

namespace Batchwise.Expressions;

/// <summary>
/// Prints syntax trees back as Python source with the fewest parentheses that keep the structure.
/// </summary>
public static class SyntaxPrinter
{
    /// <summary>The element as Python source, e.g. <c>l[..., None] @ r</c>.</summary>
    public static string Print(SyntaxElement element)
    {
        var builder = new StringBuilder();
        Write(builder, element);
        return builder.ToString();
    }

    /// <summary>The source spelling of an operator.</summary>
    public static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.MatMul => "@",
        BinaryOperator.Power => "**",
        BinaryOperator.FloorDivide => "//",
        BinaryOperator.Remainder => "%",
        BinaryOperator.Less => "<",
        BinaryOperator.LessEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterEqual => ">=",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.And => "&",
        BinaryOperator.Or => "|",
        BinaryOperator.Xor => "^",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "unknown binary operator"),
    };

    /// <summary>A float as Python would write it: <c>2.0</c>, <c>1e-05</c>, <c>inf</c>, <c>nan</c>.</summary>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E'))
        {
            return text.Replace('E', 'e');
        }

        return text.Contains('.') ? text : text + ".0";
    }

    /// <summary>A string as a single-quoted Python literal that the lexer reads back unchanged.</summary>
    public static string QuoteString(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('\'');
        foreach (char c in value)
        {
            string? escape = c switch
            {
                '\\' => @"\\",
                '\'' => @"\'",
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                _ => null,
            };
            if (escape is not null)
            {
                builder.Append(escape);
            }
            else if (c < ' ' || c == '\x7f')
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                builder.Append(c);
            }
        }

        builder.Append('\'');
        return builder.ToString();
    }

    private static Precedence Level(SyntaxNode node) => node switch
    {
        Binary { Operator: BinaryOperator.Add or BinaryOperator.Subtract } => Precedence.Sum,
        Binary { Operator: BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.MatMul or BinaryOperator.FloorDivide or BinaryOperator.Remainder } => Precedence.Product,
        Binary { Operator: BinaryOperator.Power } => Precedence.Power,
        Binary { Operator: BinaryOperator.And } => Precedence.And,
        Binary { Operator: BinaryOperator.Xor } => Precedence.Xor,
        Binary { Operator: BinaryOperator.Or } => Precedence.Or,
        Binary => Precedence.Comparison,
        Negate or Invert or IntLiteral or FloatLiteral => Precedence.Unary,
        IndexExpr or AttributeExpr or MethodCall => Precedence.Postfix,
        _ => Precedence.Atom,
    };

    private static void Write(StringBuilder builder, SyntaxElement element)
    {
        switch (element)
        {
            case Variable variable:
                builder.Append(variable.Name);
                break;
            case IntLiteral literal:
                builder.Append(literal.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case FloatLiteral literal:
                builder.Append(FormatFloat(literal.Value));
                break;
            case BoolLiteral literal:
                builder.Append(literal.Value ? "True" : "False");
                break;
            case StringLiteral literal:
                builder.Append(QuoteString(literal.Value));
                break;
            case NoneLiteral:
                builder.Append("None");
                break;
            case TupleExpr tuple:
                builder.Append('(');
                WriteList(builder, tuple.Items);
                if (tuple.Items.Count == 1)
                {
                    builder.Append(',');
                }

                builder.Append(')');
                break;
            case Negate negate:
                builder.Append('-');
                WriteOperand(builder, negate.Operand, Precedence.Unary);
                break;
            case Invert invert:
                builder.Append('~');
                WriteOperand(builder, invert.Operand, Precedence.Unary);
                break;
            case Binary { Operator: BinaryOperator.Power } power:
                // Right-associative: the base must be a postfix, the exponent may be any unary.
                WriteOperand(builder, power.Left, Precedence.Postfix);
                builder.Append(" ** ");
                WriteOperand(builder, power.Right, Precedence.Unary);
                break;
            case Binary binary:
                Precedence level = Level(binary);
                WriteOperand(builder, binary.Left, level == Precedence.Comparison ? level + 1 : level);
                builder.Append(' ').Append(Symbol(binary.Operator)).Append(' ');
                WriteOperand(builder, binary.Right, level + 1);
                break;
            case AttributeExpr attribute:
                WriteOperand(builder, attribute.Target, Precedence.Postfix);
                builder.Append('.').Append(attribute.Name);
                break;
            case MethodCall method:
                WriteOperand(builder, method.Target, Precedence.Postfix);
                builder.Append('.').Append(method.Name);
                WriteArguments(builder, method.Arguments, method.Keywords);
                break;
            case Call call:
                builder.Append(call.Name);
                WriteArguments(builder, call.Arguments, call.Keywords);
                break;
            case IndexExpr index:
                WriteOperand(builder, index.Target, Precedence.Postfix);
                builder.Append('[');
                if (index.Items.Count == 0)
                {
                    builder.Append("()");
                }
                else
                {
                    WriteList(builder, index.Items);
                }

                builder.Append(']');
                break;
            case KeywordArgument keyword:
                builder.Append(keyword.Name).Append('=');
                Write(builder, keyword.Value);
                break;
            case IntItem item:
                builder.Append(item.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case SliceItem slice:
                WriteOptional(builder, slice.Start);
                builder.Append(':');
                WriteOptional(builder, slice.Stop);
                if (slice.Step is not null)
                {
                    builder.Append(':');
                    WriteOptional(builder, slice.Step);
                }

                break;
            case EllipsisItem:
                builder.Append("...");
                break;
            case NewAxisItem:
                builder.Append("None");
                break;
            case ArrayItem item:
                Write(builder, item.Value);
                break;
            default:
                throw new ArgumentException($"unknown syntax element {element.GetType().Name}", nameof(element));
        }
    }

    // Parenthesises an operand that binds more loosely than its position requires. Numeric
    // literals are never bare postfix targets: `1.T` would lex as the float `1.` followed by `T`.
    private static void WriteOperand(StringBuilder builder, SyntaxNode operand, Precedence minimumLevel)
    {
        bool parenthesise = Level(operand) < minimumLevel;
        if (parenthesise)
        {
            builder.Append('(');
        }

        Write(builder, operand);
        if (parenthesise)
        {
            builder.Append(')');
        }
    }

    private static void WriteList<T>(StringBuilder builder, SyntaxList<T> items)
        where T : SyntaxElement
    {
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            Write(builder, items[i]);
        }
    }

    private static void WriteArguments(StringBuilder builder, SyntaxList<SyntaxNode> arguments, SyntaxList<KeywordArgument> keywords)
    {
        builder.Append('(');
        WriteList(builder, arguments);
        if (arguments.Count > 0 && keywords.Count > 0)
        {
            builder.Append(", ");
        }

        WriteList(builder, keywords);
        builder.Append(')');
    }

    private static void WriteOptional(StringBuilder builder, int? value)
    {
        if (value is int v)
        {
            builder.Append(v.ToString(CultureInfo.InvariantCulture));
        }
    }

    // Binding strength, loosest first. Numeric literals rank with unary minus: a negative literal
    // reads as one, and a positive one must be parenthesised before a postfix (`(1).T`, not `1.T`).
    private enum Precedence
    {
        Comparison = 1,
        Or,
        Xor,
        And,
        Sum,
        Product,
        Unary,
        Power,
        Postfix,
        Atom,
    }
}
