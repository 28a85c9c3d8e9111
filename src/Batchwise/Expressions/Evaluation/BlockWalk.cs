using System.Runtime.InteropServices;
using Batchwise.Shapes;

namespace Batchwise.Expressions;

/// <summary>
/// The shapes of an expression's steps where every step may run block by block (see <see cref="BlockPlan"/>):
/// null for anything else, or for shapes that do not fit (the ordinary evaluation then reports the error).
/// Also counts the steps that make arrays and notes the axes that slices, joins, reductions and matrix
/// products act on.
/// </summary>
internal sealed class BlockWalk(IReadOnlyDictionary<string, object> inputs)
{
    private const int Unknown = int.MinValue;

    /// <summary>The steps that make a new array: operators, element-wise functions, joins, reductions, products.</summary>
    public int Steps { get; private set; }

    /// <summary>
    /// The deepest axis, counted from the end (the last axis is 1), that a slice, join, reduction or
    /// product acts on: the axes before it in the result can be blocked. 0 when there is none.
    /// </summary>
    public int LargestTouchedFromEnd { get; private set; }

    /// <summary>The arrays the expression reads, by name.</summary>
    public Dictionary<string, object> Leaves { get; } = [];

    /// <summary>The shape of every array the expression reads or makes (a reduction's input can outgrow the result).</summary>
    public List<int[]> Shapes { get; } = [];

    /// <summary>The shape of <paramref name="node"/>'s value (empty for a number), or null.</summary>
    public int[]? Shape(SyntaxNode node)
    {
        int[]? shape = StepShape(node);
        if (shape is { Length: > 0 })
        {
            Shapes.Add(shape);
        }
        return shape;
    }

    private int[]? StepShape(SyntaxNode node)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node)
        {
            case Variable v when inputs.TryGetValue(v.Name, out object? value) && ArrayTypes.Of(value) is not null:
                Leaves.TryAdd(v.Name, value);
                return ArgumentValues.ShapeOf(value, v.Name);
            case IntLiteral or FloatLiteral:
                return [];
            case Negate n:
                Steps += IsNumber(n.Operand) ? 0 : 1;
                return Shape(n.Operand);
            case Binary b when ElementWise(Evaluator.FunctionOf(b.Operator), method: false):
                Steps += IsNumber(b.Left) && IsNumber(b.Right) ? 0 : 1; // two numbers: Python's arithmetic
                return Broadcast(Shape(b.Left), Shape(b.Right));
            case Call c when WorksAlongAxes(c.Name, method: false) is FunctionEntry entry:
                Steps++;
                return AlongAxes(entry, c.Name, [.. c.Arguments], c.Keywords);
            case MethodCall m when WorksAlongAxes(m.Name, method: true) is FunctionEntry entry:
                Steps++;
                return AlongAxes(entry, m.Name, [m.Target, .. m.Arguments], m.Keywords);
            case Call c when Is(c.Name, "concatenate"):
                Steps++;
                return Concatenated(c);
            case Binary { Operator: BinaryOperator.MatMul } b:
                Steps++;
                return MatMul(Shape(b.Left), Shape(b.Right));
            case Call { Arguments.Count: 2, Keywords.Count: 0 } c when Is(c.Name, "matmul"):
                Steps++;
                return MatMul(Shape(c.Arguments[0]), Shape(c.Arguments[1]));
            case AttributeExpr { Name: "mT" } a:
                return Transposed(Shape(a.Target));
            case Call { Keywords.Count: 0 } c when (Is(c.Name, "math.sqrt") || Is(c.Name, "float")) && c.Arguments.All(IsLiteral):
                return []; // Python's scalar helpers on literals give numbers
            case Call c when ElementWise(c.Name, method: false):
                Steps++;
                return Arguments(null, c.Arguments, c.Keywords);
            case MethodCall m when ElementWise(m.Name, method: true):
                Steps++;
                return Arguments(m.Target, m.Arguments, m.Keywords);
            case IndexExpr ix:
                return Sliced(Shape(ix.Target), ix.Items);
            default:
                return null;
        }
    }

    private static bool IsLiteral(SyntaxNode node) => Literals.TryGetValue(node, out _);

    private static bool IsNumber(SyntaxNode node) => node is IntLiteral or FloatLiteral or Negate { Operand: IntLiteral or FloatLiteral };

    private static bool ElementWise(string name, bool method) => Dispatcher.TryDescribe(name, method) is { ElementWise: true };

    private static FunctionEntry? WorksAlongAxes(string name, bool method) =>
        Dispatcher.TryDescribe(name, method) is { AlongAxes: not null } entry ? entry : null;

    /// <summary>Whether a written function name is the catalogue's <paramref name="name"/> (any alias or module prefix).</summary>
    private static bool Is(string written, string name) => Dispatcher.TryDescribe(written, method: false)?.Name == name;

    /// <summary>
    /// matmul of two stacks of matrices, whose batch axes broadcast and line up from the end with the
    /// result's; it touches the last two axes. A 1-D operand changes the rank and is refused.
    /// </summary>
    private int[]? MatMul(int[]? a, int[]? b)
    {
        if (a is not { Length: >= 2 } || b is not { Length: >= 2 } || !MatMulRule.Fits(Dims(a), Dims(b)))
        {
            return null;
        }
        Touch(2);
        return Sizes(MatMulRule.Apply(Dims(a), Dims(b)).Result);
    }

    /// <summary><c>.mT</c>: the last two axes swapped, both touched.</summary>
    private int[]? Transposed(int[]? shape)
    {
        if (shape is not { Length: >= 2 })
        {
            return null;
        }
        Touch(2);
        return [.. shape[..^2], shape[^1], shape[^2]];
    }

    /// <summary>An element-wise call: array and number arguments broadcast; keywords must be literals (gelu's approximate).</summary>
    private int[]? Arguments(SyntaxNode? target, SyntaxList<SyntaxNode> arguments, SyntaxList<KeywordArgument> keywords)
    {
        int[]? shape = target is null ? [] : Shape(target);
        foreach (SyntaxNode argument in arguments)
        {
            shape = IsLiteral(argument) ? shape : Broadcast(shape, Shape(argument));
        }
        foreach (KeywordArgument keyword in keywords)
        {
            if (!IsLiteral(keyword.Value))
            {
                return null;
            }
        }
        return shape;
    }

    /// <summary>The operators' broadcast (<see cref="BroadcastRule"/>), or null where the shapes do not broadcast.</summary>
    private static int[]? Broadcast(int[]? a, int[]? b) =>
        a is not null && b is not null && BroadcastRule.TryBroadcast(Dims(a), Dims(b), out Dim[] shape) ? Sizes(shape) : null;

    private static ReadOnlySpan<Dim> Dims(int[] shape) => MemoryMarshal.Cast<int, Dim>(shape);

    private static int[] Sizes(Dim[] shape) => MemoryMarshal.Cast<Dim, int>(shape).ToArray();

    /// <summary>
    /// A reduction, scan or softmax along literal axes, which it touches; a reduction must keep its
    /// dimensions (ranks must line up), and every other argument must be a literal.
    /// </summary>
    private int[]? AlongAxes(FunctionEntry entry, string written, List<object?> positional, SyntaxList<KeywordArgument> keywords)
    {
        BoundArguments bound;
        try
        {
            bound = entry.Signature.Bind(written, positional, [.. keywords.Select(k => (k.Name, (object?)k.Value))]);
        }
        catch (BatchwiseException)
        {
            return null; // the ordinary evaluation reports it
        }
        if (bound.At(0) is not SyntaxNode array || Shape(array) is not { Length: > 0 } shape)
        {
            return null;
        }
        int[] result = [.. shape];
        Parameter[] parameters = entry.Signature.Parameters;
        bool reduces = parameters.Any(q => q.Name == "keepdims");
        for (int p = 1; p < parameters.Length; p++)
        {
            object? value = bound.At(p);
            if (parameters[p].Name == entry.AlongAxes)
            {
                if (AxesOf(value, shape.Length) is not int[] axes)
                {
                    return null;
                }
                foreach (int axis in axes)
                {
                    Touch(shape.Length - axis);
                    result[axis] = reduces ? 1 : result[axis];
                }
            }
            else if (parameters[p].Name == "keepdims" ? value is not BoolLiteral { Value: true } : value is SyntaxNode node && !IsLiteral(node))
            {
                return null;
            }
        }
        return result;
    }

    /// <summary>Literal axes (an int, a tuple of ints, or an int default), distinct and in range; null otherwise (None: every axis).</summary>
    private static int[]? AxesOf(object? value, int rank)
    {
        int[] axes = value switch
        {
            long axis => [(int)Math.Clamp(axis, int.MinValue + 1, int.MaxValue)],
            TupleExpr tuple => [.. tuple.Items.Select(IntConstant)],
            SyntaxNode node => [IntConstant(node)],
            _ => [],
        };
        for (int i = 0; i < axes.Length; i++)
        {
            axes[i] = axes[i] < 0 && axes[i] != Unknown ? axes[i] + rank : axes[i];
            if (axes[i] < 0 || axes[i] >= rank || axes[..i].Contains(axes[i]))
            {
                return null;
            }
        }
        return axes.Length == 0 ? null : axes;
    }

    /// <summary><c>concatenate((a, b, ...), axis)</c> with a literal axis; the join touches that axis.</summary>
    private int[]? Concatenated(Call call)
    {
        if (call.Arguments.Count is < 1 or > 2 || call.Arguments[0] is not TupleExpr pieces || pieces.Items.Count == 0)
        {
            return null;
        }
        int axis = call.Arguments.Count == 2 ? IntConstant(call.Arguments[1]) : 0;
        foreach (KeywordArgument keyword in call.Keywords)
        {
            axis = keyword.Name is "axis" or "dim" && call.Arguments.Count == 1 ? IntConstant(keyword.Value) : Unknown;
        }
        int[]? joined = null;
        foreach (SyntaxNode piece in pieces.Items)
        {
            int[]? shape = Shape(piece);
            if (shape is null || shape.Length == 0 || axis == Unknown || axis < -shape.Length || axis >= shape.Length)
            {
                return null;
            }
            int own = axis < 0 ? axis + shape.Length : axis;
            if (joined is null)
            {
                joined = shape;
                continue;
            }
            if (shape.Length != joined.Length || Enumerable.Range(0, shape.Length).Any(i => i != own && shape[i] != joined[i]))
            {
                return null;
            }
            joined = [.. joined];
            joined[own] += shape[own];
        }
        Touch(joined!.Length - (axis < 0 ? axis + joined.Length : axis));
        return joined;
    }

    /// <summary>Basic slices, with at most one ellipsis: each slice touches its axis unless it is <c>:</c>.</summary>
    private int[]? Sliced(int[]? target, SyntaxList<IndexItem> items)
    {
        int slices = items.Count(i => i is SliceItem);
        int ellipses = items.Count(i => i is EllipsisItem);
        if (target is null || slices + ellipses != items.Count || ellipses > 1 || slices > target.Length)
        {
            return null;
        }
        int[] shape = [.. target];
        int axis = 0;
        foreach (IndexItem item in items)
        {
            if (item is EllipsisItem)
            {
                axis = target.Length - (slices - axis); // the remaining slices take the last axes
                continue;
            }
            var slice = (SliceItem)item;
            if (slice.Step == 0)
            {
                return null;
            }
            if (slice.Start is not null || slice.Stop is not null || slice.Step is not null)
            {
                shape[axis] = Tensor<float>.ResolveSlice(TensorIndex.Slice(slice.Start, slice.Stop, slice.Step), target[axis]).Length;
                Touch(target.Length - axis);
            }
            axis++;
        }
        return shape;
    }

    private void Touch(int fromEnd) => LargestTouchedFromEnd = Math.Max(LargestTouchedFromEnd, fromEnd);

    /// <summary>An int literal, also negated (<c>-1</c> parses as minus one); <see cref="Unknown"/> otherwise.</summary>
    private static int IntConstant(SyntaxNode node) => node switch
    {
        IntLiteral i when i.Value is >= int.MinValue + 1 and <= int.MaxValue => (int)i.Value,
        Negate { Operand: IntLiteral i } when i.Value is >= 0 and <= int.MaxValue => -(int)i.Value,
        _ => Unknown,
    };
}
