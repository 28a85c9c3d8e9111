using System.Numerics;

namespace Batchwise.Expressions;

/// <summary>
/// Walks a syntax tree and calls the public Batchwise API for each node: the evaluator holds no maths
/// of its own. Values are <see cref="Tensor{TElement}"/> of the floating type <typeparamref name="T"/>,
/// <c>Tensor&lt;bool&gt;</c> masks, Python literals (<see cref="long"/>, <see cref="double"/>,
/// <see cref="bool"/>, <see cref="string"/>, null) and tuples (<c>object?[]</c>).
/// </summary>
/// <typeparam name="T">The floating type of the expression's arrays (NumPy: one float dtype per expression).</typeparam>
internal sealed partial class Evaluator<T> where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    private readonly IReadOnlyDictionary<string, object> _inputs;

    public Evaluator(IReadOnlyDictionary<string, object> inputs)
    {
        _inputs = inputs;
    }

    public object? Evaluate(SyntaxNode node)
    {
        // Deeply nested trees come from hostile input; the parser bounds depth, this guards hand-built trees.
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        return node switch
        {
            Variable v => _inputs.TryGetValue(v.Name, out object? value) ? value : throw new ExpressionException($"name '{ExpressionException.Shorten(v.Name)}' is not defined"),
            IntLiteral i => i.Value,
            FloatLiteral f => f.Value,
            BoolLiteral b => b.Value,
            StringLiteral s => s.Value,
            NoneLiteral => null,
            TupleExpr t => t.Items.Select(Evaluate).ToArray(),
            Negate n => NegateValue(Evaluate(n.Operand)),
            Binary { Operator: BinaryOperator.Add, Left: Binary { Operator: BinaryOperator.MatMul } product } sum => MatMulPlus(product, sum.Right),
            Binary b => BinaryValue(b.Operator, Evaluate(b.Left), Evaluate(b.Right)),
            AttributeExpr a => Attribute(a.Name, Evaluate(a.Target)),
            IndexExpr ix => IndexValue(Evaluate(ix.Target), ix.Items),
            MethodCall { Name: "sum", Target: Binary { Operator: BinaryOperator.Multiply } product } m => SumOfProduct(product, m),
            MethodCall m => Invoke(s_catalogue.Method(m.Name), m.Name, method: true, Evaluate(m.Target), m.Arguments, m.Keywords),
            Call c => Invoke(s_catalogue.Function(c.Name), c.Name, method: false, null, c.Arguments, c.Keywords),
            _ => throw new ExpressionException($"cannot evaluate {node.GetType().Name}"),
        };
    }

    private static readonly Catalogue s_catalogue = Functions<T>.Table;

    /// <summary>NumPy's attributes: .T, .mT, .shape (a tuple of ints), .ndim and .size (ints).</summary>
    private static object Attribute(string name, object? target)
    {
        if (name is "T" or "mT")
        {
            return target switch
            {
                Tensor<bool> m => name == "T" ? m.T : m.MT,
                Tensor<long> l => name == "T" ? l.T : l.MT,
                _ => name == "T" ? Tensor(target, ".T").T : Tensor(target, ".mT").MT,
            };
        }
        int[] shape = target switch
        {
            Tensor<bool> m => m.Shape.ToArray(),
            Tensor<long> l => l.Shape.ToArray(),
            _ => Tensor(target, "." + name).Shape.ToArray(),
        };
        return name switch
        {
            "shape" => shape.Select(d => (object?)(long)d).ToArray(),
            "ndim" => (long)shape.Length,
            "size" => shape.Aggregate(1L, (p, d) => p * d),
            _ => throw new ExpressionException($"unknown attribute '.{name}'"),
        };
    }

    /// <summary>Calls an entry: a method's target, when given, is its first argument.</summary>
    private object? Invoke(FunctionEntry entry, string written, bool method, object? target, SyntaxList<SyntaxNode> arguments, SyntaxList<KeywordArgument> keywords)
    {
        int first = method ? 1 : 0;
        var positional = new object?[first + arguments.Count];
        if (first == 1)
        {
            positional[0] = target;
        }
        for (int i = 0; i < arguments.Count; i++)
        {
            positional[first + i] = Evaluate(arguments[i]);
        }
        var named = new (string, object?)[keywords.Count];
        for (int i = 0; i < keywords.Count; i++)
        {
            named[i] = (keywords[i].Name, Evaluate(keywords[i].Value));
        }
        return entry.Run(entry.Signature.Bind(written, positional, named));
    }

    /// <summary>
    /// <c>(l * r).sum(axis)</c>: over one axis where l and r have the same extent, this is NumPy 2's
    /// <c>vecdot</c>, which runs as a batch of dot products without materialising the product (the
    /// seed recipe's dot product, as fast as its matmul form). Anything else is multiplied, then summed.
    /// </summary>
    private object? SumOfProduct(Binary product, MethodCall call)
    {
        object? left = Evaluate(product.Left), right = Evaluate(product.Right);
        FunctionEntry sum = s_catalogue.Method("sum");
        List<object?> positional = [null, .. call.Arguments.Select(Evaluate)];
        (string, object?)[] keywords = [.. call.Keywords.Select(k => (k.Name, Evaluate(k.Value)))];
        BoundArguments args = sum.Signature.Bind("sum", positional, keywords);
        if (left is Tensor<T> l && right is Tensor<T> r && args["axis"] is long axis && !args.Bool("keepdims"))
        {
            int rank = Math.Max(l.Rank, r.Rank);
            long fromEnd = axis < 0 ? axis : axis - rank;
            if (fromEnd >= -Math.Min(l.Rank, r.Rank) && fromEnd < 0 && l.Shape[(int)(l.Rank + fromEnd)] == r.Shape[(int)(r.Rank + fromEnd)])
            {
                return Batchwise.Tensor.VecDot(l, r, (int)fromEnd);
            }
        }
        positional[0] = BinaryValue(BinaryOperator.Multiply, left, right);
        return sum.Run(sum.Signature.Bind("sum", positional, keywords));
    }

    /// <summary>
    /// <c>l @ r + bias</c> (the linear layer <c>X @ W.T + b</c>): with a 1-D bias over the product's
    /// columns the bias is added as the GEMM stores its result, saving a pass and a temporary; the
    /// same sum, rounded once more per K block. Anything else is multiplied, then added.
    /// </summary>
    private object MatMulPlus(Binary product, SyntaxNode addend)
    {
        object? left = Evaluate(product.Left), right = Evaluate(product.Right), bias = Evaluate(addend);
        if (left is Tensor<T> l && right is Tensor<T> r && bias is Tensor<T> b
            && Batchwise.Tensor.TryMatMulAddBias(l, r, b) is Tensor<T> fused)
        {
            return fused;
        }
        return BinaryValue(BinaryOperator.Add, BinaryValue(BinaryOperator.MatMul, left, right), bias);
    }

    private object NegateValue(object? value) => value switch
    {
        long i => -i,
        double d => -d,
        _ => Batchwise.Tensor.Negate(Tensor(value, "unary -")),
    };

    private object BinaryValue(BinaryOperator op, object? left, object? right)
    {
        if (op == BinaryOperator.MatMul)
        {
            return Batchwise.Tensor.MatMul(Tensor(left, "@"), Tensor(right, "@"));
        }
        if (IsNumber(left) && IsNumber(right))
        {
            double x = Number(left), y = Number(right);
            return op switch
            {
                BinaryOperator.Add => x + y,
                BinaryOperator.Subtract => x - y,
                BinaryOperator.Multiply => x * y,
                _ => x / y,
            };
        }
        // NumPy 2's weak scalars: a Python number takes the array's dtype.
        if (IsNumber(right))
        {
            Tensor<T> a = Tensor(left, OperatorText(op));
            T s = Scalar(right);
            return op switch
            {
                BinaryOperator.Add => a + s,
                BinaryOperator.Subtract => a - s,
                BinaryOperator.Multiply => a * s,
                _ => a / s,
            };
        }
        if (IsNumber(left))
        {
            T s = Scalar(left);
            Tensor<T> b = Tensor(right, OperatorText(op));
            return op switch
            {
                BinaryOperator.Add => s + b,
                BinaryOperator.Subtract => s - b,
                BinaryOperator.Multiply => s * b,
                _ => s / b,
            };
        }
        Tensor<T> l = Tensor(left, OperatorText(op)), r = Tensor(right, OperatorText(op));
        return op switch
        {
            BinaryOperator.Add => l + r,
            BinaryOperator.Subtract => l - r,
            BinaryOperator.Multiply => l * r,
            _ => l / r,
        };
    }

    private static string OperatorText(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        _ => "@",
    };

    private object? IndexValue(object? target, SyntaxList<IndexItem> items)
    {
        if (target is object?[] tuple)
        {
            if (items.Count != 1 || items[0] is not IntItem item)
            {
                throw new InvalidValueException("a tuple result can only be indexed by one integer");
            }
            int i = item.Value < 0 ? item.Value + tuple.Length : item.Value;
            if ((uint)i >= (uint)tuple.Length)
            {
                throw new AxisIndexException($"tuple index {item.Value} out of range for a tuple of {tuple.Length}");
            }
            return tuple[i];
        }
        TensorIndex[] index = items.Select(ToIndex).ToArray();
        return target switch
        {
            Tensor<T> t => t[index],
            Tensor<bool> b => b[index],
            Tensor<long> l => l[index],
            _ => throw new InvalidValueException($"cannot index a {Describe(target)}"),
        };
    }

    private static TensorIndex ToIndex(IndexItem item) => item switch
    {
        IntItem i => TensorIndex.At(i.Value),
        SliceItem s => TensorIndex.Slice(s.Start, s.Stop, s.Step),
        EllipsisItem => TensorIndex.Ellipsis,
        _ => TensorIndex.NewAxis,
    };

    // ---- value conversions -------------------------------------------------------------------

    private static bool IsNumber(object? value) => value is long or double;

    private static double Number(object? value) => value switch
    {
        long i => i,
        double d => d,
        _ => throw BoundArguments.Expected("operand", "a number", value),
    };

    private static T Scalar(object? value) => Functions<T>.Scalar(value, "operand");

    private static Tensor<T> Tensor(object? value, string where) => Functions<T>.Tensor(value, where);

    private static string Describe(object? value) => BoundArguments.Describe(value);
}
