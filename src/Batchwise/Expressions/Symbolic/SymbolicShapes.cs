namespace Batchwise.Expressions;

/// <summary>
/// The shape rules of the catalogue's functions over symbolic dimensions, where the library has no
/// shared rule in <see cref="Batchwise.Shapes"/> yet: the checker's side of each entry.
/// </summary>
internal static partial class SymbolicShapes
{
    public static SymbolicDim[] Broadcast(SymbolicDim[] a, SymbolicDim[] b) => BroadcastRule.Broadcast<SymbolicDim>(a, b);

    /// <summary>A dimension as a value of the checker: an int when known, else the dimension itself
    /// (<c>x.shape[-1]</c> of a named axis), which arithmetic treats as some number.</summary>
    public static object Value(SymbolicDim d) => d.IsKnown ? (long)d.Size : d;

    /// <summary>An argument as a symbolic array: numbers and bools are 0-d.</summary>
    public static SymbolicArray Array(object? value, string where) => value switch
    {
        SymbolicArray a => a,
        long or double => new SymbolicArray([]),
        bool => new SymbolicArray([], IsBool: true),
        _ => throw new InvalidValueException($"{where}: expected an array, got {BoundArguments.Describe(value)}"),
    };

    public static SymbolicArray Reduce(string name, SymbolicArray x, int[]? axes, bool keepDims)
    {
        bool[] reduced = ReduceRule.Mask(x.Shape.Length, axes, all: axes is null);
        if (name is "max" or "min")
        {
            ReduceRule.RequireNonEmpty<SymbolicDim>(x.Shape, reduced, name == "max" ? "maximum" : "minimum");
        }
        return x with { Shape = ReduceRule.Apply<SymbolicDim>(x.Shape, reduced, keepDims) };
    }

    public static SymbolicArray Squeeze(SymbolicArray x, int[]? axes) =>
        x with { Shape = ViewRule.Select<SymbolicDim>(x.Shape, ViewRule.SqueezeKeptAxes<SymbolicDim>(x.Shape, axes, all: axes is null)) };

    public static SymbolicArray Reshape(SymbolicArray x, int[] shape)
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

    /// <summary>
    /// reshape with dimensions that may be named (<c>x.reshape(x.shape[0], -1)</c>): a -1 is inferred by
    /// cancelling the named dimensions the request shares with the array.
    /// </summary>
    public static SymbolicArray Reshape(SymbolicArray x, object?[] items)
    {
        if (items is [object?[] inner])
        {
            items = inner;
        }
        if (items.All(i => i is long) && SymbolicDim.Product(x.Shape).IsKnown)
        {
            return Reshape(x, [.. items.Select(i => BoundArguments.Fit((long)i!, "shape"))]);
        }
        var names = x.Shape.Where(d => !d.IsKnown).Select(d => d.Name!).ToList();
        long known = x.Shape.Where(d => d.IsKnown).Aggregate(1L, (p, d) => p * d.Size);
        var result = new SymbolicDim?[items.Length];
        long requested = 1;
        for (int i = 0; i < items.Length; i++)
        {
            switch (items[i])
            {
                case -1L:
                    break;
                case long size:
                    result[i] = SymbolicDim.Of(BoundArguments.Fit(size, "shape"));
                    requested *= size;
                    break;
                case SymbolicDim { IsKnown: false } named when names.Remove(named.Name!):
                    result[i] = named;
                    break;
                case SymbolicDim named:
                    result[i] = named;
                    names.Add("1/" + named.Name);
                    break;
                default:
                    throw BoundArguments.Expected("shape", "an int or a tuple of ints", items[i]);
            }
        }
        if (result.Count(d => d is null) > 1)
        {
            throw new InvalidValueException("can only specify one unknown dimension");
        }
        SymbolicDim rest = requested != 0 && known % requested == 0
            ? SymbolicDim.Product([SymbolicDim.Of((int)(known / requested)), .. names.Select(SymbolicDim.Named)])
            : SymbolicDim.Named($"{SymbolicDim.Product(x.Shape)}/{requested}");
        return x with { Shape = [.. result.Select(d => d ?? rest)] };
    }

    public static SymbolicArray Permute(SymbolicArray x, int[] axes) =>
        x with { Shape = ViewRule.Select<SymbolicDim>(x.Shape, ViewRule.TransposePermutation(x.Shape.Length, axes)) };

    public static SymbolicArray SwapAxes(SymbolicArray x, int a, int b) =>
        x with { Shape = ViewRule.Select<SymbolicDim>(x.Shape, ViewRule.SwapPermutation(x.Shape.Length, a, b)) };

    public static SymbolicArray Trace(SymbolicArray x, int offset, int axis1, int axis2, bool keepDiagonal)
    {
        (int a, int b) = ViewRule.DiagonalAxes<SymbolicDim>(x.Shape, axis1, axis2);
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

    /// <summary>An element-wise function along an axis (softmax): the shape stays, the axis must exist.</summary>
    public static SymbolicArray SameShape(SymbolicArray x, int axis)
    {
        AxisRule.Normalize(axis, x.Shape.Length);
        return x;
    }

    public static SymbolicArray BroadcastTo(SymbolicArray x, SymbolicDim[] shape)
    {
        BroadcastRule.CheckBroadcastTo<SymbolicDim>(x.Shape, shape);
        return x with { Shape = shape };
    }

    public static SymbolicArray ExpandDims(SymbolicArray x, int[] axes)
    {
        bool[] inserted = ViewRule.ExpandedAxes(x.Shape.Length, axes);
        var shape = new SymbolicDim[inserted.Length];
        int source = 0;
        for (int d = 0; d < shape.Length; d++)
        {
            shape[d] = inserted[d] ? SymbolicDim.One : x.Shape[source++];
        }
        return x with { Shape = shape };
    }

    public static SymbolicArray MaskedFill(SymbolicArray x, SymbolicArray mask) => x with { Shape = Broadcast(x.Shape, mask.Shape) };

    public static SymbolicArray Linear(SymbolicArray x, SymbolicArray w, SymbolicArray? bias) =>
        x with { Shape = NetworkRule.Linear<SymbolicDim>(x.Shape, w.Shape, bias is null ? default : bias.Shape, bias is not null) };

    public static SymbolicArray Attention(SymbolicArray q, SymbolicArray k, SymbolicArray v, object? mask, bool causal)
    {
        SymbolicArray? m = mask is null ? null : Array(mask, "mask");
        return new SymbolicArray(NetworkRule.Attention<SymbolicDim>(q.Shape, k.Shape, v.Shape, m is null ? default : m.Shape, m is not null, causal));
    }
}
