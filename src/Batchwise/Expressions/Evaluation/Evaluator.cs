namespace Batchwise.Expressions;

/// <summary>
/// Walks a syntax tree and calls the public Batchwise API for each node: the evaluator holds no maths
/// of its own. Values are tensors of bool, int32, int64, float32 or float64, Python literals
/// (<see cref="long"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="string"/>, null) and tuples
/// (<c>object?[]</c>). Calls and operators go through <see cref="Dispatcher"/>, which promotes the
/// arrays of each call with NumPy 2's rules.
/// </summary>
internal sealed partial class Evaluator
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
            _ when Literals.TryGetValue(node, out object? literal) => literal,
            TupleExpr t => t.Items.Select(Evaluate).ToArray(),
            Negate n => NegateValue(Evaluate(n.Operand)),
            Invert n => Dispatcher.Call("invert", method: false, [Evaluate(n.Operand)], []),
            Binary { Operator: BinaryOperator.Add, Left: Binary { Operator: BinaryOperator.MatMul } product } sum => MatMulPlus(product, sum.Right),
            Binary b => BinaryValue(b.Operator, Evaluate(b.Left), Evaluate(b.Right)),
            AttributeExpr a => Attribute(a.Name, Evaluate(a.Target)),
            IndexExpr ix => IndexValue(Evaluate(ix.Target), ix.Items),
            MethodCall { Name: "sum", Target: Binary { Operator: BinaryOperator.Multiply } product } m => SumOfProduct(product, m),
            MethodCall m => Invoke(m.Name, method: true, Evaluate(m.Target), m.Arguments, m.Keywords),
            Call c => Invoke(c.Name, method: false, null, c.Arguments, c.Keywords),
            _ => throw new ExpressionException($"cannot evaluate {node.GetType().Name}"),
        };
    }

    /// <summary>NumPy's attributes: .T, .mT, .shape (a tuple of ints), .ndim and .size (ints).</summary>
    private static object? Attribute(string name, object? target)
    {
        if (name is "T" or "mT")
        {
            return ArrayFunction.Apply(target, new Transposed(name == "T"), "." + name);
        }
        int[] shape = ArgumentValues.ShapeOf(target, "." + name);
        return name switch
        {
            "shape" => shape.Select(d => (object?)(long)d).ToArray(),
            "ndim" => (long)shape.Length,
            "size" => shape.Aggregate(1L, (p, d) => p * d),
            _ => throw new ExpressionException($"unknown attribute '.{name}'"),
        };
    }

    private readonly struct Transposed(bool all) : IArrayFunction
    {
        public object? Invoke<T>(Tensor<T> x) where T : unmanaged => all ? x.T : x.MT;
    }

    /// <summary>Calls a function or method: a method's target, when given, is its first argument.</summary>
    private object? Invoke(string written, bool method, object? target, SyntaxList<SyntaxNode> arguments, SyntaxList<KeywordArgument> keywords)
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
        var named = keywords.Count == 0 ? [] : new (string, object?)[keywords.Count];
        for (int i = 0; i < keywords.Count; i++)
        {
            named[i] = (keywords[i].Name, Evaluate(keywords[i].Value));
        }
        return Dispatcher.Call(written, method, positional, named);
    }

    /// <summary>
    /// <c>(l * r).sum(axis)</c>: over one axis where l and r have the same extent, this is NumPy 2's
    /// <c>vecdot</c>, which runs as a batch of dot products without materialising the product (the
    /// seed recipe's dot product, as fast as its matmul form). Anything else is multiplied, then summed.
    /// </summary>
    private object? SumOfProduct(Binary product, MethodCall call)
    {
        object? left = Evaluate(product.Left), right = Evaluate(product.Right);
        object?[] arguments = [.. call.Arguments.Select(Evaluate)];
        (string, object?)[] keywords = [.. call.Keywords.Select(k => (k.Name, Evaluate(k.Value)))];
        BoundArguments args = Dispatcher.Describe("sum", method: true).Signature.Bind("sum", [null, .. arguments], keywords);
        if (args["axis"] is long axis && !args.Bool("keepdims"))
        {
            object? fused = (left, right) switch
            {
                (Tensor<float> l, Tensor<float> r) => FusedVecDot(l, r, axis),
                (Tensor<double> l, Tensor<double> r) => FusedVecDot(l, r, axis),
                _ => null,
            };
            if (fused is not null)
            {
                return fused;
            }
        }
        return Dispatcher.Call("sum", method: true, [BinaryValue(BinaryOperator.Multiply, left, right), .. arguments], keywords);
    }

    private static Tensor<T>? FusedVecDot<T>(Tensor<T> l, Tensor<T> r, long axis) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int rank = Math.Max(l.Rank, r.Rank);
        long fromEnd = axis < 0 ? axis : axis - rank;
        return fromEnd >= -Math.Min(l.Rank, r.Rank) && fromEnd < 0 && l.Shape[(int)(l.Rank + fromEnd)] == r.Shape[(int)(r.Rank + fromEnd)]
            ? Tensor.VecDot(l, r, (int)fromEnd)
            : null;
    }

    /// <summary>
    /// <c>l @ r + bias</c> (the linear layer <c>X @ W.T + b</c>): with a 1-D bias over the product's
    /// columns the bias is added as the GEMM stores its result, saving a pass and a temporary; the
    /// same sum, rounded once more per K block. Anything else is multiplied, then added.
    /// </summary>
    private object? MatMulPlus(Binary product, SyntaxNode addend)
    {
        object? left = Evaluate(product.Left), right = Evaluate(product.Right), bias = Evaluate(addend);
        object? fused = (left, right, bias) switch
        {
            (Tensor<float> l, Tensor<float> r, Tensor<float> b) => Tensor.TryMatMulAddBias(l, r, b),
            (Tensor<double> l, Tensor<double> r, Tensor<double> b) => Tensor.TryMatMulAddBias(l, r, b),
            _ => null,
        };
        return fused ?? BinaryValue(BinaryOperator.Add, BinaryValue(BinaryOperator.MatMul, left, right), bias);
    }
}
