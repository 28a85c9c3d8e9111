using Batchwise.Shapes;

namespace Batchwise.Expressions;

public static partial class ShapeChecker
{
    private sealed partial class Walker
    {
        private object? MethodShape(MethodCall m)
        {
            SymbolicArray x = Array(Evaluate(m.Target), $".{m.Name}()");
            Arguments args = Bind(m.Name, m.Arguments, m.Keywords);
            object? result = m.Name switch
            {
                "sum" or "mean" or "max" or "min" => Reduce(m.Name, x, Axes(args.Optional(0, "axis", null)), Bool(args.Optional(1, "keepdims", false))),
                "squeeze" => Squeeze(x, Axes(args.Optional(0, "axis", null))),
                "reshape" => Reshape(x, ShapeArgs(args)),
                "transpose" => args.PositionalCount == 0 ? x with { Shape = x.Shape.Reverse().ToArray() } : Permute(x, ShapeArgs(args)),
                "swapaxes" => SwapAxes(x, Int(args.Required(0, "axis1")), Int(args.Required(1, "axis2"))),
                _ => throw new ExpressionException($"unknown method '.{ExpressionException.Shorten(m.Name)}()'"),
            };
            args.CheckAllUsed();
            return result;
        }

        private object? CallShape(Call c)
        {
            Arguments args = Bind(c.Name, c.Arguments, c.Keywords);
            object? result = c.Name switch
            {
                "matmul" => MatMul(A(args, 0, "x1"), A(args, 1, "x2"), c),
                "mm" => Mm(A(args, 0, "input"), A(args, 1, "mat2")),
                "bmm" => Bmm(A(args, 0, "input"), A(args, 1, "mat2")),
                "dot" => Dot(A(args, 0, "a"), A(args, 1, "b")),
                "vdot" => VDot(A(args, 0, "a"), A(args, 1, "b")),
                "inner" => Inner(A(args, 0, "a"), A(args, 1, "b")),
                "outer" => new SymbolicArray([SymbolicDim.Product(A(args, 0, "a").Shape), SymbolicDim.Product(A(args, 1, "b").Shape)]),
                "tensordot" => TensorDot(A(args, 0, "a"), A(args, 1, "b"), args.Optional(2, "axes", 2L)),
                "vecdot" => VecDot(A(args, 0, "x1"), A(args, 1, "x2"), Int(args.Optional(2, "axis", -1L))),
                "matvec" => GufuncProduct(A(args, 0, "x1"), A(args, 1, "x2"), vectorFirst: false),
                "vecmat" => GufuncProduct(A(args, 1, "x2"), A(args, 0, "x1"), vectorFirst: true),
                "trace" => Trace(A(args, 0, "a"), Int(args.Optional(1, "offset", 0L)), Int(args.Optional(2, "axis1", 0L)), Int(args.Optional(3, "axis2", 1L)), keepDiagonal: false),
                "diagonal" => Trace(A(args, 0, "a"), Int(args.Optional(1, "offset", 0L)), Int(args.Optional(2, "axis1", 0L)), Int(args.Optional(3, "axis2", 1L)), keepDiagonal: true),
                "abs" or "softmax" or "log_softmax" => SameShape(A(args, 0, "x"), c.Name == "abs" ? null : args.Optional(1, "axis", -1L)),
                "broadcast_to" => BroadcastTo(A(args, 0, "array"), Dims(args.Required(1, "shape"))),
                "expand_dims" => ExpandDims(A(args, 0, "a"), Axes(args.Required(1, "axis")) ?? []),
                "where" => new SymbolicArray(Broadcast(Broadcast(A(args, 0, "condition").Shape, A(args, 1, "x").Shape), A(args, 2, "y").Shape)),
                "masked_fill" => MaskedFill(A(args, 0, "input"), A(args, 1, "mask"), args.Required(2, "value")),
                "linear" => Linear(A(args, 0, "input"), A(args, 1, "weight"), args.Optional(2, "bias", null) as SymbolicArray),
                "sdpa" => Attention(A(args, 0, "query"), A(args, 1, "key"), A(args, 2, "value"), args.Optional(3, "mask", null), Bool(args.Optional(4, "causal", false))),
                "einsum" => Einsum(args),
                _ when c.Name.StartsWith("linalg.", StringComparison.Ordinal) => Linalg(c.Name["linalg.".Length..], args),
                _ => throw new ExpressionException($"unknown function '{ExpressionException.Shorten(c.Name)}'"),
            };
            args.CheckAllUsed();
            return result;
        }

        private Arguments Bind(string function, SyntaxList<SyntaxNode> positional, SyntaxList<KeywordArgument> keywords) =>
            new(function, positional.Select(Evaluate).ToArray(), keywords.ToDictionary(k => k.Name, k => Evaluate(k.Value)));

        private static SymbolicArray A(Arguments args, int position, string name) => Array(args.Required(position, name), name);

        private static int Int(object? value) => value switch
        {
            long i when i is >= int.MinValue and <= int.MaxValue => (int)i,
            long i => throw new InvalidValueException($"{i} is outside the 32-bit range [{int.MinValue}, {int.MaxValue}] Batchwise takes for dimensions and axes"),
            _ => throw new InvalidValueException($"expected an integer, got {Describe(value)}"),
        };

        private static bool Bool(object? value) => value switch
        {
            bool b => b,
            long i => i != 0,
            _ => throw new InvalidValueException($"expected a bool, got {Describe(value)}"),
        };

        private static int[]? Axes(object? value) => value switch
        {
            null => null,
            long i => [(int)i],
            object?[] t => t.Select(Int).ToArray(),
            _ => throw new InvalidValueException($"expected an int or a tuple of ints, got {Describe(value)}"),
        };

        private static SymbolicDim[] Dims(object? value) => (Axes(value) ?? []).Select(SymbolicDim.Of).ToArray();

        private static int[] ShapeArgs(Arguments args)
        {
            object?[] rest = args.Rest(0);
            return rest.Length == 1 && rest[0] is object?[] t ? t.Select(Int).ToArray() : rest.Select(Int).ToArray();
        }

        private static SymbolicArray Reduce(string name, SymbolicArray x, int[]? axes, bool keepDims)
        {
            int rank = x.Shape.Length;
            bool[] reduced = axes is null ? Enumerable.Repeat(true, rank).ToArray() : AxisRule.ToMask(axes, rank);
            if (name is "max" or "min")
            {
                for (int d = 0; d < rank; d++)
                {
                    if (reduced[d] && x.Shape[d].IsKnown && x.Shape[d].Size == 0)
                    {
                        throw new InvalidValueException($"zero-size array to reduction operation {(name == "max" ? "maximum" : "minimum")} which has no identity");
                    }
                }
            }
            var shape = new List<SymbolicDim>();
            for (int d = 0; d < rank; d++)
            {
                if (!reduced[d])
                {
                    shape.Add(x.Shape[d]);
                }
                else if (keepDims)
                {
                    shape.Add(SymbolicDim.One);
                }
            }
            return x with { Shape = [.. shape] };
        }

        private static SymbolicArray Squeeze(SymbolicArray x, int[]? axes)
        {
            if (axes is null)
            {
                return x with { Shape = x.Shape.Where(d => !d.IsOne).ToArray() };
            }
            bool[] drop = AxisRule.ToMask(axes, x.Shape.Length);
            for (int d = 0; d < drop.Length; d++)
            {
                if (drop[d] && !x.Shape[d].IsOne)
                {
                    throw new ShapeException($"cannot select an axis to squeeze out which has size not equal to one (axis {d} is {x.Shape[d]})");
                }
            }
            return x with { Shape = x.Shape.Where((_, d) => !drop[d]).ToArray() };
        }

        private static SymbolicArray Reshape(SymbolicArray x, int[] shape)
        {
            if (shape.Count(d => d == -1) > 1)
            {
                throw new InvalidValueException("can only specify one unknown dimension");
            }
            SymbolicDim size = SymbolicDim.Product(x.Shape);
            long known = shape.Where(d => d != -1).Aggregate(1L, (p, d) => p * d);
            if (size.IsKnown)
            {
                bool ok = shape.Contains(-1) ? known != 0 && size.Size % known == 0 : known == size.Size;
                if (!ok)
                {
                    throw new ShapeException($"cannot reshape array of size {size.Size} into shape {ShapeText.Format<int>(shape)}");
                }
                return x with { Shape = shape.Select(d => SymbolicDim.Of(d == -1 ? (int)(size.Size / known) : d)).ToArray() };
            }
            SymbolicDim inferred = SymbolicDim.Named(known == 1 ? size.ToString() : $"{size}/{known}");
            return x with { Shape = shape.Select(d => d == -1 ? inferred : SymbolicDim.Of(d)).ToArray() };
        }

        private static SymbolicArray Permute(SymbolicArray x, int[] axes)
        {
            if (axes.Length != x.Shape.Length)
            {
                throw new InvalidValueException("axes don't match array");
            }
            AxisRule.ToMask(axes, x.Shape.Length); // refuses repeated and out-of-range axes
            return x with { Shape = axes.Select(a => x.Shape[AxisRule.Normalize(a, x.Shape.Length)]).ToArray() };
        }

        private static SymbolicArray SwapAxes(SymbolicArray x, int a, int b)
        {
            int rank = x.Shape.Length;
            SymbolicDim[] shape = [.. x.Shape];
            int i = AxisRule.Normalize(a, rank), j = AxisRule.Normalize(b, rank);
            (shape[i], shape[j]) = (shape[j], shape[i]);
            return x with { Shape = shape };
        }

        private static SymbolicArray MatMul(SymbolicArray a, SymbolicArray b, Call c) =>
            new(MatMulRule.Apply<SymbolicDim>(a.Shape, b.Shape, c.Arguments.Count > 0 ? c.Arguments[0].ToString() : "x1", c.Arguments.Count > 1 ? c.Arguments[1].ToString() : "x2").Result);

        private static SymbolicArray Mm(SymbolicArray a, SymbolicArray b)
        {
            if (a.Shape.Length != 2 || b.Shape.Length != 2)
            {
                throw new ShapeException($"mm: both operands must be 2-D; got {a} and {b}");
            }
            return new SymbolicArray(MatMulRule.Apply<SymbolicDim>(a.Shape, b.Shape, operation: "mm").Result);
        }

        private static SymbolicArray Bmm(SymbolicArray a, SymbolicArray b)
        {
            if (a.Shape.Length != 3 || b.Shape.Length != 3)
            {
                throw new ShapeException($"bmm: both operands must be 3-D; got {a} and {b}");
            }
            if (!a.Shape[0].Equals(b.Shape[0]))
            {
                throw new ShapeException($"bmm: batch sizes differ: {a.Shape[0]} vs {b.Shape[0]}; bmm does not broadcast");
            }
            return new SymbolicArray(MatMulRule.Apply<SymbolicDim>(a.Shape, b.Shape, operation: "bmm").Result);
        }

        private static SymbolicArray Dot(SymbolicArray a, SymbolicArray b)
        {
            if (a.Shape.Length == 0 || b.Shape.Length == 0)
            {
                return new SymbolicArray(Broadcast(a.Shape, b.Shape));
            }
            int bAxis = b.Shape.Length == 1 ? 0 : b.Shape.Length - 2;
            if (!a.Shape[^1].Equals(b.Shape[bAxis]))
            {
                throw new ShapeException($"dot: shapes {a} and {b} not aligned: {a.Shape[^1]} (dim {a.Shape.Length - 1}) != {b.Shape[bAxis]} (dim {bAxis})");
            }
            SymbolicDim[] tail = b.Shape.Length == 1 ? [] : [.. b.Shape[..^2], b.Shape[^1]];
            return new SymbolicArray([.. a.Shape[..^1], .. tail]);
        }

        private static SymbolicArray VDot(SymbolicArray a, SymbolicArray b)
        {
            SymbolicDim sa = SymbolicDim.Product(a.Shape), sb = SymbolicDim.Product(b.Shape);
            if (!sa.Equals(sb))
            {
                throw new ShapeException($"vdot: vectors have different sizes: {sa} (shape {a}) vs {sb} (shape {b})");
            }
            return new SymbolicArray([]);
        }

        private static SymbolicArray Inner(SymbolicArray a, SymbolicArray b)
        {
            if (a.Shape.Length == 0 || b.Shape.Length == 0)
            {
                return new SymbolicArray(Broadcast(a.Shape, b.Shape));
            }
            if (!a.Shape[^1].Equals(b.Shape[^1]))
            {
                throw new ShapeException($"inner: shapes {a} and {b} not aligned: {a.Shape[^1]} != {b.Shape[^1]}");
            }
            return new SymbolicArray([.. a.Shape[..^1], .. b.Shape[..^1]]);
        }

        private static SymbolicArray TensorDot(SymbolicArray a, SymbolicArray b, object? axes)
        {
            int[] aAxes, bAxes;
            if (axes is object?[] pair && pair.Length == 2)
            {
                aAxes = Axes(pair[0]) ?? [];
                bAxes = Axes(pair[1]) ?? [];
            }
            else
            {
                int n = Int(axes);
                if (n < 0)
                {
                    throw new InvalidValueException($"tensordot: axes={n} must not be negative");
                }
                if (n > a.Shape.Length || n > b.Shape.Length)
                {
                    throw new AxisIndexException($"tensordot: axes={n} is more axes than shapes {a} and {b} have");
                }
                aAxes = Enumerable.Range(a.Shape.Length - n, n).ToArray();
                bAxes = Enumerable.Range(0, n).ToArray();
            }
            if (aAxes.Length != bAxes.Length)
            {
                throw new ShapeException("tensordot: shape-mismatch for sum");
            }
            bool[] aMask = AxisRule.ToMask(aAxes, a.Shape.Length), bMask = AxisRule.ToMask(bAxes, b.Shape.Length);
            for (int i = 0; i < aAxes.Length; i++)
            {
                SymbolicDim da = a.Shape[AxisRule.Normalize(aAxes[i], a.Shape.Length)], db = b.Shape[AxisRule.Normalize(bAxes[i], b.Shape.Length)];
                if (!da.Equals(db))
                {
                    throw new ShapeException($"tensordot: shape-mismatch for sum: {da} vs {db}");
                }
            }
            return new SymbolicArray([.. a.Shape.Where((_, d) => !aMask[d]), .. b.Shape.Where((_, d) => !bMask[d])]);
        }

        private static SymbolicArray VecDot(SymbolicArray a, SymbolicArray b, int axis)
        {
            if (a.Shape.Length == 0 || b.Shape.Length == 0)
            {
                throw new ShapeException("vecdot: operands need at least one dimension");
            }
            SymbolicArray x = MoveToEnd(a, axis), y = MoveToEnd(b, axis);
            if (!x.Shape[^1].Equals(y.Shape[^1]))
            {
                throw new ShapeException($"vecdot: vector lengths differ: {x.Shape[^1]} vs {y.Shape[^1]}");
            }
            return new SymbolicArray(Broadcast(x.Shape[..^1], y.Shape[..^1]));
        }

        private static SymbolicArray MoveToEnd(SymbolicArray x, int axis)
        {
            int a = AxisRule.Normalize(axis, x.Shape.Length);
            return x with { Shape = [.. x.Shape.Where((_, d) => d != a), x.Shape[a]] };
        }

        private static SymbolicArray GufuncProduct(SymbolicArray matrix, SymbolicArray vector, bool vectorFirst)
        {
            if (matrix.Shape.Length < 2 || vector.Shape.Length < 1)
            {
                throw new ShapeException($"{(vectorFirst ? "vecmat" : "matvec")}: operands have too few dimensions ({matrix} and {vector})");
            }
            SymbolicDim contracted = vectorFirst ? matrix.Shape[^2] : matrix.Shape[^1];
            if (!contracted.Equals(vector.Shape[^1]))
            {
                throw new ShapeException($"{(vectorFirst ? "vecmat" : "matvec")}: contracted dimensions differ: {contracted} vs {vector.Shape[^1]}");
            }
            SymbolicDim free = vectorFirst ? matrix.Shape[^1] : matrix.Shape[^2];
            return new SymbolicArray([.. Broadcast(matrix.Shape[..^2], vector.Shape[..^1]), free]);
        }

        private static SymbolicArray Trace(SymbolicArray x, int offset, int axis1, int axis2, bool keepDiagonal)
        {
            int rank = x.Shape.Length;
            if (rank < 2)
            {
                throw new ShapeException($"diagonal requires an array of at least two dimensions (shape {x})");
            }
            int a = AxisRule.Normalize(axis1, rank), b = AxisRule.Normalize(axis2, rank);
            if (a == b)
            {
                throw new InvalidValueException("axis1 and axis2 cannot be the same");
            }
            SymbolicDim[] rest = x.Shape.Where((_, d) => d != a && d != b).ToArray();
            if (!keepDiagonal)
            {
                return x with { Shape = rest };
            }
            SymbolicDim rows = x.Shape[a], cols = x.Shape[b];
            SymbolicDim length = rows.IsKnown && cols.IsKnown
                ? SymbolicDim.Of(Math.Max(0, offset >= 0 ? Math.Min(rows.Size, cols.Size - offset) : Math.Min(rows.Size + offset, cols.Size)))
                : offset == 0 && rows.Equals(cols) ? rows : SymbolicDim.Named($"diag({rows},{cols},{offset})");
            return x with { Shape = [.. rest, length] };
        }

        private static SymbolicArray SameShape(SymbolicArray x, object? axis)
        {
            if (axis is not null)
            {
                AxisRule.Normalize(Int(axis), x.Shape.Length);
            }
            return x;
        }

        private static SymbolicArray BroadcastTo(SymbolicArray x, SymbolicDim[] shape)
        {
            BroadcastRule.CheckBroadcastTo<SymbolicDim>(x.Shape, shape);
            return x with { Shape = shape };
        }

        private static SymbolicArray ExpandDims(SymbolicArray x, int[] axes)
        {
            int rank = x.Shape.Length + axes.Length;
            bool[] inserted = AxisRule.ToMask(axes, rank);
            var shape = new SymbolicDim[rank];
            int source = 0;
            for (int d = 0; d < rank; d++)
            {
                shape[d] = inserted[d] ? SymbolicDim.One : x.Shape[source++];
            }
            return x with { Shape = shape };
        }

        private static SymbolicArray MaskedFill(SymbolicArray x, SymbolicArray mask, object? value)
        {
            _ = value;
            return x with { Shape = Broadcast(x.Shape, mask.Shape) };
        }

        private static SymbolicArray Linear(SymbolicArray x, SymbolicArray w, SymbolicArray? bias)
        {
            if (x.Shape.Length < 1 || w.Shape.Length != 2)
            {
                throw new ShapeException($"linear: input must be at least 1-D and weight 2-D (out, in); got {x} and {w}");
            }
            if (!x.Shape[^1].Equals(w.Shape[1]))
            {
                throw new ShapeException($"linear: input features {x.Shape[^1]} differ from weight's in-features {w.Shape[1]} (weight is (out, in) = {w})");
            }
            if (bias is not null && (bias.Shape.Length != 1 || !bias.Shape[0].Equals(w.Shape[0])))
            {
                throw new ShapeException($"linear: bias must have shape ({w.Shape[0]},), got {bias}");
            }
            return x with { Shape = [.. x.Shape[..^1], w.Shape[0]] };
        }

        private static SymbolicArray Attention(SymbolicArray q, SymbolicArray k, SymbolicArray v, object? mask, bool causal)
        {
            if (q.Shape.Length < 2 || k.Shape.Length < 2 || v.Shape.Length < 2)
            {
                throw new ShapeException($"sdpa: query, key and value must be at least 2-D (..., L, E); got {q}, {k}, {v}");
            }
            if (!q.Shape[^1].Equals(k.Shape[^1]))
            {
                throw new ShapeException($"sdpa: query and key embeddings differ: {q.Shape[^1]} vs {k.Shape[^1]}");
            }
            if (!k.Shape[^2].Equals(v.Shape[^2]))
            {
                throw new ShapeException($"sdpa: key and value lengths differ: {k.Shape[^2]} vs {v.Shape[^2]}");
            }
            if (mask is SymbolicArray && causal)
            {
                throw new InvalidValueException("sdpa: give either a mask or causal=True, not both");
            }
            SymbolicDim[] batch = Broadcast(Broadcast(q.Shape[..^2], k.Shape[..^2]), v.Shape[..^2]);
            if (mask is SymbolicArray m)
            {
                BroadcastRule.CheckBroadcastTo<SymbolicDim>(m.Shape, [.. batch, q.Shape[^2], k.Shape[^2]]);
            }
            return new SymbolicArray([.. batch, q.Shape[^2], v.Shape[^1]]);
        }

        /// <summary>einsum through the library's own equation parser and shape rule.</summary>
        private static SymbolicArray Einsum(Arguments args)
        {
            object?[] all = args.Rest(0);
            if (all.Length == 0 || all[0] is not string subscripts)
            {
                throw new InvalidValueException("einsum: the first argument must be the subscripts string");
            }
            SymbolicDim[][] shapes = all[1..].Select(o => Array(o, "einsum").Shape).ToArray();
            var equation = LinearAlgebra.Einsum.EinsumEquation.Parse(subscripts, shapes.Select(s => s.Length).ToArray());
            SymbolicDim[] sizes = LinearAlgebra.Einsum.EinsumShapeRule.LabelSizes(equation, shapes, subscripts);
            return new SymbolicArray(LinearAlgebra.Einsum.EinsumShapeRule.OutputShape(equation, sizes));
        }

        private static object Linalg(string name, Arguments args)
        {
            SymbolicArray a = A(args, 0, "a");
            int rank = a.Shape.Length;
            bool square = rank >= 2 && a.Shape[^1].Equals(a.Shape[^2]);
            if (name is not "norm" && rank < 2)
            {
                throw new ShapeException($"linalg.{name}: {rank}-dimensional array given; array must be at least two-dimensional");
            }
            if (name is "solve" or "inv" or "det" or "slogdet" or "cholesky" or "eigh" or "matrix_power" && !square)
            {
                throw new ShapeException($"linalg.{name}: last 2 dimensions of the array must be square, got {a}");
            }
            SymbolicDim[] batch = rank >= 2 ? a.Shape[..^2] : [];
            SymbolicDim m = rank >= 2 ? a.Shape[^2] : SymbolicDim.One, n = rank >= 2 ? a.Shape[^1] : SymbolicDim.One;
            SymbolicDim kDim = m.IsKnown && n.IsKnown ? SymbolicDim.Of(Math.Min(m.Size, n.Size)) : m.Equals(n) ? m : SymbolicDim.Named($"min({m},{n})");
            switch (name)
            {
                case "solve":
                    SymbolicArray b = A(args, 1, "b");
                    if (b.Shape.Length == 1)
                    {
                        if (!b.Shape[0].Equals(m))
                        {
                            throw new ShapeException($"linalg.solve: b has {b.Shape[0]} rows, a has {m}");
                        }
                        return new SymbolicArray([.. batch, m]);
                    }
                    if (b.Shape.Length < 2 || !b.Shape[^2].Equals(m))
                    {
                        throw new ShapeException($"linalg.solve: b {b} does not match a {a} (NumPy 2: b is a stack of matrices unless 1-D; did you mean b[..., None]?)");
                    }
                    return new SymbolicArray([.. Broadcast(batch, b.Shape[..^2]), m, b.Shape[^1]]);
                case "inv" or "cholesky" or "matrix_power":
                    _ = args.Optional(1, "n", null);
                    _ = args.Optional(1, "upper", null);
                    return a;
                case "pinv":
                    return new SymbolicArray([.. batch, n, m]);
                case "det":
                    return new SymbolicArray(batch);
                case "slogdet":
                    return new object?[] { new SymbolicArray(batch), new SymbolicArray(batch) };
                case "eigh":
                    _ = args.Optional(1, "UPLO", null);
                    return new object?[] { new SymbolicArray([.. batch, m]), a };
                case "qr":
                    object? mode = args.Optional(1, "mode", "reduced");
                    return mode is "r" ? new SymbolicArray([.. batch, kDim, n])
                        : mode is "complete" ? new object?[] { new SymbolicArray([.. batch, m, m]), new SymbolicArray([.. batch, m, n]) }
                        : new object?[] { new SymbolicArray([.. batch, m, kDim]), new SymbolicArray([.. batch, kDim, n]) };
                case "svd":
                    bool full = Bool(args.Optional(1, "full_matrices", true));
                    bool uv = Bool(args.Optional(2, "compute_uv", true));
                    SymbolicArray s = new([.. batch, kDim]);
                    return !uv ? s : new object?[] { new SymbolicArray([.. batch, m, full ? m : kDim]), s, new SymbolicArray([.. batch, full ? n : kDim, n]) };
                case "norm":
                    NormOrder? ord = args.Optional(1, "ord", null) switch
                    {
                        null => null,
                        long i => (double)i,
                        double d => d,
                        string text => NormOrder.Parse(text),
                        var other => throw new InvalidValueException($"norm: invalid norm order {Describe(other)}"),
                    };
                    int[]? axes = Axes(args.Optional(2, "axis", null));
                    bool keep = Bool(args.Optional(3, "keepdims", false));
                    return a with { Shape = NormRule.Apply<SymbolicDim>(a.Shape, ord, axes, axes is not null, keep).Shape };
                default:
                    throw new ExpressionException($"unknown function 'linalg.{name}'");
            }
        }
    }
}
