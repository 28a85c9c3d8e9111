namespace Batchwise.Expressions;

internal sealed partial class Evaluator<T>
{
    private object? CallMethod(string name, object? target, Arguments args)
    {
        if (target is Tensor<bool> mask && name is "squeeze" or "reshape" or "transpose" or "swapaxes")
        {
            return CallShapeMethod(name, mask, args);
        }
        Tensor<T> x = Tensor(target, $".{name}()");
        object? result = name switch
        {
            "sum" => Batchwise.Tensor.Sum(x, ReduceAxes(x, args), Bool(args.Optional(1, "keepdims", false), "keepdims")),
            "mean" => Batchwise.Tensor.Mean(x, ReduceAxes(x, args), Bool(args.Optional(1, "keepdims", false), "keepdims")),
            "max" => Batchwise.Tensor.Max(x, ReduceAxes(x, args), Bool(args.Optional(1, "keepdims", false), "keepdims")),
            "min" => Batchwise.Tensor.Min(x, ReduceAxes(x, args), Bool(args.Optional(1, "keepdims", false), "keepdims")),
            _ => CallShapeMethod(name, x, args),
        };
        args.CheckAllUsed();
        return result;
    }

    private static int[] ReduceAxes<TX>(Tensor<TX> x, Arguments args) where TX : unmanaged =>
        Axes(args.Optional(0, "axis", null), "axis") ?? Enumerable.Range(0, x.Rank).ToArray();

    private static object CallShapeMethod<TX>(string name, Tensor<TX> x, Arguments args) where TX : unmanaged
    {
        object result = name switch
        {
            "squeeze" => Axes(args.Optional(0, "axis", null), "axis") is int[] axes ? x.Squeeze(axes) : x.Squeeze(),
            "reshape" => x.Reshape(ShapeArgument(args, "reshape")),
            "transpose" => args.PositionalCount == 0 && !args.Has(0, "axes") ? x.Transpose() : x.Transpose(ShapeArgument(args, "transpose")),
            "swapaxes" => x.SwapAxes(Int(args.Required(0, "axis1"), "axis1"), Int(args.Required(1, "axis2"), "axis2")),
            _ => throw new ExpressionException($"unknown method '.{ExpressionException.Shorten(name)}()'"),
        };
        args.CheckAllUsed();
        return result;
    }

    /// <summary><c>f(2, 3)</c> or <c>f((2, 3))</c>: a shape or axes given spread or as one tuple.</summary>
    private static int[] ShapeArgument(Arguments args, string function)
    {
        object?[] rest = args.Rest(0);
        if (rest.Length == 1 && rest[0] is object?[] tuple)
        {
            return tuple.Select(v => Int(v, function)).ToArray();
        }
        if (rest.Length == 0 && args.Has(0, "shape"))
        {
            return Axes(args.Required(0, "shape"), "shape") ?? [];
        }
        return rest.Select(v => Int(v, function)).ToArray();
    }

    private object? CallFunction(string name, Arguments args)
    {
        if (name.StartsWith("linalg.", StringComparison.Ordinal))
        {
            return CallLinalg(name["linalg.".Length..], args);
        }
        if (name == "einsum")
        {
            return CallEinsum(args);
        }
        object? result = name switch
        {
            "matmul" => Batchwise.Tensor.MatMul(Arg(args, 0, "x1"), Arg(args, 1, "x2")),
            "mm" => Batchwise.Tensor.Mm(Arg(args, 0, "input"), Arg(args, 1, "mat2")),
            "bmm" => Batchwise.Tensor.Bmm(Arg(args, 0, "input"), Arg(args, 1, "mat2")),
            "dot" => Batchwise.Tensor.Dot(Arg(args, 0, "a"), Arg(args, 1, "b")),
            "vdot" => Batchwise.Tensor.VDot(Arg(args, 0, "a"), Arg(args, 1, "b")),
            "inner" => Batchwise.Tensor.Inner(Arg(args, 0, "a"), Arg(args, 1, "b")),
            "outer" => Batchwise.Tensor.Outer(Arg(args, 0, "a"), Arg(args, 1, "b")),
            "tensordot" => TensorDot(args),
            "vecdot" => Batchwise.Tensor.VecDot(Arg(args, 0, "x1"), Arg(args, 1, "x2"), Int(args.Optional(2, "axis", -1L), "axis")),
            "matvec" => Batchwise.Tensor.MatVec(Arg(args, 0, "x1"), Arg(args, 1, "x2")),
            "vecmat" => Batchwise.Tensor.VecMat(Arg(args, 0, "x1"), Arg(args, 1, "x2")),
            "trace" => Batchwise.Tensor.Trace(Arg(args, 0, "a"), Int(args.Optional(1, "offset", 0L), "offset"), Int(args.Optional(2, "axis1", 0L), "axis1"), Int(args.Optional(3, "axis2", 1L), "axis2")),
            "diagonal" => Diagonal(args),
            "abs" => Batchwise.Tensor.Abs(Arg(args, 0, "x")),
            "broadcast_to" => BroadcastTo(args),
            "expand_dims" => ExpandDims(args),
            "where" => Where(args),
            "softmax" => NN.Functional.Softmax(Arg(args, 0, "input"), Int(args.Optional(1, "axis", -1L), "axis")),
            "log_softmax" => NN.Functional.LogSoftmax(Arg(args, 0, "input"), Int(args.Optional(1, "axis", -1L), "axis")),
            "masked_fill" => NN.Functional.MaskedFill(Arg(args, 0, "input"), Mask(args.Required(1, "mask"), "masked_fill"), Scalar(args.Required(2, "value"))),
            "linear" => NN.Functional.Linear(Arg(args, 0, "input"), Arg(args, 1, "weight"), args.Optional(2, "bias", null) is { } bias ? Tensor(bias, "linear") : null),
            "sdpa" => Attention(args),
            _ => throw new ExpressionException($"unknown function '{ExpressionException.Shorten(name)}'"),
        };
        args.CheckAllUsed();
        return result;
    }

    private static Tensor<T> Arg(Arguments args, int position, string name) => Tensor(args.Required(position, name), name);

    private static object TensorDot(Arguments args)
    {
        Tensor<T> a = Arg(args, 0, "a"), b = Arg(args, 1, "b");
        object? axes = args.Optional(2, "axes", 2L);
        if (axes is object?[] pair && pair.Length == 2)
        {
            int[] aAxes = Axes(pair[0], "axes") ?? [];
            int[] bAxes = Axes(pair[1], "axes") ?? [];
            return Batchwise.Tensor.TensorDot(a, b, aAxes, bAxes);
        }
        return Batchwise.Tensor.TensorDot(a, b, Int(axes, "axes"));
    }

    private static object Diagonal(Arguments args)
    {
        int offset = Int(args.Optional(1, "offset", 0L), "offset");
        int axis1 = Int(args.Optional(2, "axis1", 0L), "axis1");
        int axis2 = Int(args.Optional(3, "axis2", 1L), "axis2");
        return args.Required(0, "a") switch
        {
            Tensor<bool> mask => Batchwise.Tensor.Diagonal(mask, offset, axis1, axis2),
            var value => Batchwise.Tensor.Diagonal(Tensor(value, "diagonal"), offset, axis1, axis2),
        };
    }

    private static object BroadcastTo(Arguments args)
    {
        int[] shape = Axes(args.Required(1, "shape"), "shape") ?? [];
        return args.Required(0, "array") switch
        {
            Tensor<bool> mask => mask.BroadcastTo(shape),
            var value => Tensor(value, "broadcast_to").BroadcastTo(shape),
        };
    }

    private static object ExpandDims(Arguments args)
    {
        int[] axes = Axes(args.Required(1, "axis"), "axis") ?? throw new InvalidValueException("expand_dims: axis must not be None");
        return args.Required(0, "a") switch
        {
            Tensor<bool> mask => mask.ExpandDims(axes),
            var value => Tensor(value, "expand_dims").ExpandDims(axes),
        };
    }

    private static object Attention(Arguments args)
    {
        Tensor<T> q = Arg(args, 0, "query"), k = Arg(args, 1, "key"), v = Arg(args, 2, "value");
        NN.AttentionMask<T>? mask = args.Optional(3, "mask", null) switch
        {
            null => null,
            Tensor<bool> keep => keep,
            var bias => Tensor(bias, "sdpa mask"),
        };
        bool causal = Bool(args.Optional(4, "causal", false), "causal");
        return NN.Functional.ScaledDotProductAttention(q, k, v, mask, causal);
    }

    private static object Where(Arguments args)
    {
        Tensor<bool> mask = Mask(args.Required(0, "condition"), "where");
        Tensor<T> x = Tensor(args.Required(1, "x"), "where"), y = Tensor(args.Required(2, "y"), "where");
        return Batchwise.Tensor.Where(mask, x, y);
    }
}
