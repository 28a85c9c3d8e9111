namespace Batchwise.Expressions;

public static partial class ShapeChecker
{
    /// <summary>Evaluates a tree over symbolic arrays, recording each array-valued step.</summary>
    private sealed partial class Walker
    {
        private readonly Dictionary<string, SymbolicArray> _inputs;

        public Walker(Dictionary<string, SymbolicArray> inputs)
        {
            _inputs = inputs;
        }

        public List<ShapeStep> Steps { get; } = [];

        private object? Shape(FunctionEntry entry, string written, List<object?> positional, SyntaxList<KeywordArgument> keywords) =>
            entry.Shape(entry.Signature.Bind(written, positional, [.. keywords.Select(k => (k.Name, Evaluate(k.Value)))]));

        public object? Evaluate(SyntaxNode node)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            object? value;
            try
            {
                value = node switch
                {
                    Variable v => _inputs.TryGetValue(v.Name, out SymbolicArray? a) ? a : throw new ExpressionException($"name '{ExpressionException.Shorten(v.Name)}' has no shape: give it as {ExpressionException.Shorten(v.Name)}=DIMS"),
                    _ when Literals.TryGetValue(node, out object? literal) => literal,
                    TupleExpr t => t.Items.Select(Evaluate).ToArray(),
                    Negate n => Evaluate(n.Operand) is SymbolicArray a ? a : Evaluate(n.Operand),
                    Invert n => Array(Evaluate(n.Operand), "~") with { IsBool = true },
                    Binary b => BinaryShape(b),
                    AttributeExpr a => AttributeShape(a),
                    IndexExpr ix => IndexShape(ix),
                    MethodCall m => Shape(Dispatcher.Describe(m.Name, method: true), m.Name, [Evaluate(m.Target), .. m.Arguments.Select(Evaluate)], m.Keywords),
                    Call c => Shape(Dispatcher.Describe(c.Name, method: false), c.Name, [.. c.Arguments.Select(Evaluate)], c.Keywords),
                    _ => throw new ExpressionException($"cannot check {node.GetType().Name}"),
                };
            }
            catch (ShapeException e)
            {
                throw new ShapeCheckException(e.Reason, node.ToString(), e.Kind, e.Suggestion ?? Suggest(node), Steps);
            }
            catch (BatchwiseException e)
            {
                throw new ShapeCheckException(e.Message, node.ToString(), e.Kind, null, Steps);
            }
            if (value is SymbolicArray or object?[])
            {
                Steps.Add(new ShapeStep(node.ToString(), Describe(value), KnownSize(value)));
            }
            return value;
        }

        /// <summary>The element count when every dimension is known; for tuples the largest item's.</summary>
        private static long? KnownSize(object? value)
        {
            if (value is object?[] tuple)
            {
                return tuple.Select(KnownSize).Max();
            }
            if (value is not SymbolicArray array || array.Shape.Any(d => !d.IsKnown))
            {
                return null;
            }
            double size = array.Shape.Aggregate(1.0, (p, d) => p * d.Size);
            return size > long.MaxValue ? long.MaxValue : (long)size;
        }

        private object BinaryShape(Binary b)
        {
            object? left = Evaluate(b.Left), right = Evaluate(b.Right);
            if (b.Operator == BinaryOperator.MatMul)
            {
                SymbolicArray l = Array(left, "@"), r = Array(right, "@");
                return new SymbolicArray(MatMulRule.Apply<SymbolicDim>(l.Shape, r.Shape, Wrap(b.Left), Wrap(b.Right)).Result);
            }
            bool isBool = b.Operator is >= BinaryOperator.Less and <= BinaryOperator.Xor;
            if (left is not SymbolicArray && right is not SymbolicArray)
            {
                return isBool ? false : left is long && right is long && b.Operator != BinaryOperator.Divide ? 0L : 0.0;
            }
            SymbolicArray a = left as SymbolicArray ?? new SymbolicArray([]);
            SymbolicArray c = right as SymbolicArray ?? new SymbolicArray([]);
            return new SymbolicArray(Broadcast(a.Shape, c.Shape), isBool);
        }

        private static SymbolicDim[] Broadcast(SymbolicDim[] a, SymbolicDim[] b) => SymbolicShapes.Broadcast(a, b);

        private object AttributeShape(AttributeExpr a)
        {
            SymbolicArray x = Array(Evaluate(a.Target), "." + a.Name);
            switch (a.Name)
            {
                case "shape":
                    return x.Shape.Select(SymbolicShapes.Value).ToArray();
                case "ndim":
                    return (long)x.Shape.Length;
                case "size":
                    return SymbolicShapes.Value(SymbolicDim.Product(x.Shape));
            }
            if (a.Name == "T")
            {
                return x with { Shape = x.Shape.Reverse().ToArray() };
            }
            if (x.Shape.Length < 2)
            {
                throw new ShapeException($"matrix transpose with ndim < 2 is undefined (shape {x})");
            }
            SymbolicDim[] shape = [.. x.Shape];
            (shape[^1], shape[^2]) = (shape[^2], shape[^1]);
            return x with { Shape = shape };
        }

        /// <summary>NumPy basic indexing over symbolic dimensions.</summary>
        private object? IndexShape(IndexExpr ix)
        {
            object? target = Evaluate(ix.Target);
            if (target is object?[] tuple)
            {
                if (ix.Items.Count != 1 || ix.Items[0] is not IntItem item)
                {
                    throw new InvalidValueException("a tuple result can only be indexed by one integer");
                }
                int i = item.Value < 0 ? item.Value + tuple.Length : item.Value;
                return (uint)i < (uint)tuple.Length ? tuple[i] : throw new AxisIndexException($"tuple index {item.Value} out of range");
            }
            SymbolicArray x = Array(target, "[]");
            if (ix.Items.Any(it => it is ArrayItem))
            {
                return AdvancedIndexShape(x, ix.Items);
            }
            int consuming = ix.Items.Count(it => it is IntItem or SliceItem);
            if (ix.Items.Count(it => it is EllipsisItem) > 1)
            {
                throw new AxisIndexException("an index can only have a single ellipsis ('...')");
            }
            if (consuming > x.Shape.Length)
            {
                throw new AxisIndexException($"too many indices for array: array is {x.Shape.Length}-dimensional, but {consuming} were indexed");
            }
            var shape = new List<SymbolicDim>();
            int axis = 0;
            foreach (IndexItem item in ix.Items)
            {
                switch (item)
                {
                    case IntItem i:
                        SymbolicDim extent = x.Shape[axis];
                        if (extent.IsKnown && (i.Value >= extent.Size || i.Value < -extent.Size))
                        {
                            throw new AxisIndexException($"index {i.Value} is out of bounds for axis {axis} with size {extent.Size}");
                        }
                        axis++;
                        break;
                    default:
                        axis = BasicItemShape(item, x.Shape, axis, consuming, shape);
                        break;
                }
            }
            shape.AddRange(x.Shape[axis..]);
            return x with { Shape = [.. shape] };
        }

        /// <summary>
        /// A slice, new axis or ellipsis (the items basic and advanced indexing treat alike): appends the
        /// dimensions it leaves to <paramref name="shape"/> and returns the next axis of x it reads.
        /// </summary>
        private static int BasicItemShape(IndexItem item, SymbolicDim[] dims, int axis, int consuming, List<SymbolicDim> shape)
        {
            switch (item)
            {
                case SliceItem s:
                    shape.Add(SliceLength(s, dims[axis]));
                    return axis + 1;
                case NewAxisItem:
                    shape.Add(SymbolicDim.One);
                    return axis;
                case EllipsisItem:
                    int whole = dims.Length - consuming;
                    shape.AddRange(dims[axis..(axis + whole)]);
                    return axis + whole;
                default:
                    throw new InvalidOperationException($"{item} is not a basic index item");
            }
        }

        /// <summary>A slice's length: exact for known extents; for named ones, assuming the bounds lie inside.</summary>
        private static SymbolicDim SliceLength(SliceItem s, SymbolicDim extent)
        {
            if (s.Step == 0)
            {
                throw new InvalidValueException("slice step cannot be zero");
            }
            if (extent.IsKnown)
            {
                TensorIndex slice = TensorIndex.Slice(s.Start, s.Stop, s.Step);
                return SymbolicDim.Of(Tensor<float>.ResolveSlice(slice, extent.Size).Length);
            }
            int step = s.Step ?? 1;
            if (s.Start is null && s.Stop is null)
            {
                return step is 1 or -1 ? extent : SymbolicDim.Named($"ceil({extent}/{Math.Abs(step)})");
            }
            if (step == 1 && s.Start is int a && s.Stop is int b && a >= 0 && b >= 0)
            {
                return SymbolicDim.Of(Math.Max(b - a, 0));
            }
            if (step == 1 && s.Stop is null && s.Start is int start)
            {
                return start >= 0 ? SymbolicDim.Named($"{extent}-{start}") : SymbolicDim.Of(-start);
            }
            if (step == 1 && s.Start is null && s.Stop is int stop)
            {
                return stop >= 0 ? SymbolicDim.Of(stop) : SymbolicDim.Named($"{extent}{stop}");
            }
            return SymbolicDim.Named($"len({extent}[{new SliceItem(s.Start, s.Stop, s.Step)}])");
        }

        private static SymbolicArray Array(object? value, string where) => SymbolicShapes.Array(value, where);

        /// <summary>The usual fix for an element-wise operation whose operands do not broadcast.</summary>
        private string? Suggest(SyntaxNode node) =>
            node is Binary { Operator: not BinaryOperator.MatMul } b && Peek(b.Left) is SymbolicArray l && Peek(b.Right) is SymbolicArray r
                ? ShapeSuggestion.ForBroadcast<SymbolicDim>(l.Shape, r.Shape, Wrap(b.Left), Wrap(b.Right))
                : null;

        /// <summary>Re-evaluates a sub-expression quietly (for suggestions), or null when it fails.</summary>
        private object? Peek(SyntaxNode node)
        {
            var quiet = new Walker(_inputs);
            try
            {
                return quiet.Evaluate(node);
            }
            catch (Exception e) when (e is ShapeCheckException or BatchwiseException or ExpressionException)
            {
                return null;
            }
        }

        private static string Wrap(SyntaxNode node) => node is Variable or IndexExpr or Call or MethodCall or AttributeExpr ? node.ToString() : $"({node})";
    }
}
