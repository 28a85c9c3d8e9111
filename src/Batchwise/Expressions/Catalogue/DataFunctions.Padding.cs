namespace Batchwise.Expressions;

/// <summary>pad and roll: NumPy's argument forms turned into the library's per-axis lists.</summary>
internal static partial class DataFunctions<T>
{
    private static object Pad(BoundArguments a)
    {
        Tensor<T> x = A(a, "array");
        PadMode mode = a.Text("mode") switch
        {
            "constant" => PadMode.Constant,
            "edge" => PadMode.Edge,
            "reflect" => PadMode.Reflect,
            var other => throw new InvalidValueException($"pad: mode '{other}' is not supported (constant, edge, reflect)"),
        };
        return Batchwise.Tensor.Pad(x, PadWidths(a, x.Rank), mode, ArgumentValues.Scalar<T>(a["constant_values"], "constant_values"));
    }

    private static object PadShape(BoundArguments a)
    {
        SymbolicArray x = S(a, "array");
        (int Before, int After)[] widths = PadWidths(a, x.Shape.Length);
        return x with { Shape = [.. x.Shape.Select((d, i) => SymbolicDim.Sum([d, SymbolicDim.Of(widths[i].Before + widths[i].After)]))] };
    }

    /// <summary>
    /// NumPy's pad_width broadcast to one (before, after) pair per axis, first axis first: <c>p</c>,
    /// <c>(p,)</c>, <c>(before, after)</c>, <c>((before, after),)</c> or one pair per axis.
    /// </summary>
    private static (int Before, int After)[] PadWidths(BoundArguments a, int rank)
    {
        int[][] rows = a["pad_width"] switch
        {
            long p => [[(int)p]],
            object?[] items when items.All(i => i is long) => [[.. items.Select(i => BoundArguments.Fit((long)i!, "pad_width"))]],
            object?[] items when items.All(i => i is object?[] pair && pair.All(v => v is long)) =>
                [.. items.Select(i => ((object?[])i!).Select(v => BoundArguments.Fit((long)v!, "pad_width")).ToArray())],
            var other => throw BoundArguments.Expected("pad_width", "an int, a pair or one pair per axis", other),
        };
        if (rows.Length is not (1) && rows.Length != rank || rows.Any(r => r.Length is not (1 or 2)))
        {
            throw new InvalidValueException($"pad: pad_width does not broadcast to ({rank}, 2)");
        }
        var widths = new (int, int)[rank];
        for (int axis = 0; axis < rank; axis++)
        {
            int[] row = rows[rows.Length == 1 ? 0 : axis];
            widths[axis] = (row[0], row[^1]);
            if (row.Any(w => w < 0))
            {
                throw new InvalidValueException("pad: index can't contain negative values");
            }
        }
        return widths;
    }

    private static object Roll(BoundArguments a)
    {
        Tensor<T> x = A(a, "a");
        (int[] shifts, int[]? axes) = RollArguments(a);
        return axes is null ? Batchwise.Tensor.Roll(x, shifts[0]) : Batchwise.Tensor.Roll(x, shifts, axes);
    }

    private static SymbolicArray RollShape(BoundArguments a)
    {
        SymbolicArray x = S(a, "a");
        (_, int[]? axes) = RollArguments(a);
        foreach (int axis in axes ?? [])
        {
            _ = Batchwise.Shapes.AxisRule.Normalize(axis, x.Shape.Length);
        }
        return x;
    }

    /// <summary>shift and axis broadcast against each other (NumPy); no axis rolls the flattened array by one shift.</summary>
    private static (int[] Shifts, int[]? Axes) RollArguments(BoundArguments a)
    {
        int[] shifts = a.Ints("shift");
        int[]? axes = a.Axes("axis");
        if (axes is null)
        {
            return shifts.Length == 1 ? (shifts, null) : throw new InvalidValueException("roll: a sequence of shifts needs as many axes");
        }
        if (shifts.Length != axes.Length && shifts.Length != 1 && axes.Length != 1)
        {
            throw new InvalidValueException("roll: 'shift' and 'axis' should be scalars or 1D sequences of the same length");
        }
        int n = Math.Max(shifts.Length, axes.Length);
        return ([.. Enumerable.Range(0, n).Select(i => shifts[shifts.Length == 1 ? 0 : i])], [.. Enumerable.Range(0, n).Select(i => axes[axes.Length == 1 ? 0 : i])]);
    }
}
