namespace Batchwise.Tests.Tensors;

/// <summary>
/// The test oracle for views: a shape plus a function from a view index to the flat position of
/// the element in the base array. It knows nothing of strides or offsets; each view operation is
/// written from NumPy's definition as a remapping of indices.
/// </summary>
internal sealed class ReferenceView
{
    public ReferenceView(int[] shape, Func<int[], int> map)
    {
        Shape = shape;
        Map = map;
    }

    public int[] Shape { get; }

    /// <summary>View index → flat row-major position in the base array.</summary>
    public Func<int[], int> Map { get; }

    public int Rank => Shape.Length;

    public int Size => Shape.Aggregate(1, (p, d) => p * d);

    public static ReferenceView Base(int[] shape) => new(shape, index => Ravel(index, shape));

    /// <summary>Every index of the view in row-major order.</summary>
    public IEnumerable<int[]> Indices()
    {
        if (Size == 0)
        {
            yield break;
        }
        var index = new int[Rank];
        while (true)
        {
            yield return (int[])index.Clone();
            int axis = Rank - 1;
            while (axis >= 0 && ++index[axis] == Shape[axis])
            {
                index[axis] = 0;
                axis--;
            }
            if (axis < 0)
            {
                yield break;
            }
        }
    }

    public static int Ravel(int[] index, int[] shape)
    {
        int flat = 0;
        for (int d = 0; d < shape.Length; d++)
        {
            flat = flat * shape[d] + index[d];
        }
        return flat;
    }

    public static int[] Unravel(int flat, int[] shape)
    {
        var index = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }

    /// <summary>Axis i of the result is axis perm[i] of this view.</summary>
    public ReferenceView Permute(int[] perm)
    {
        int[] shape = perm.Select(p => Shape[p]).ToArray();
        Func<int[], int> map = Map;
        int rank = Rank;
        return new ReferenceView(shape, index =>
        {
            var source = new int[rank];
            for (int i = 0; i < rank; i++)
            {
                source[perm[i]] = index[i];
            }
            return map(source);
        });
    }

    /// <summary>The view with the given axes of extent 1 removed.</summary>
    public ReferenceView DropAxes(bool[] drop)
    {
        int[] shape = Enumerable.Range(0, Rank).Where(a => !drop[a]).Select(a => Shape[a]).ToArray();
        Func<int[], int> map = Map;
        int rank = Rank;
        return new ReferenceView(shape, index =>
        {
            var source = new int[rank];
            int k = 0;
            for (int a = 0; a < rank; a++)
            {
                source[a] = drop[a] ? 0 : index[k++];
            }
            return map(source);
        });
    }

    /// <summary>Axes of extent 1 inserted where <paramref name="inserted"/> (over the result's axes) is true.</summary>
    public ReferenceView InsertAxes(bool[] inserted)
    {
        var shape = new int[inserted.Length];
        int k = 0;
        for (int a = 0; a < inserted.Length; a++)
        {
            shape[a] = inserted[a] ? 1 : Shape[k++];
        }
        Func<int[], int> map = Map;
        return new ReferenceView(shape, index => map(index.Where((_, a) => !inserted[a]).ToArray()));
    }

    public ReferenceView BroadcastTo(int[] target)
    {
        int lead = target.Length - Rank;
        int[] own = Shape;
        Func<int[], int> map = Map;
        return new ReferenceView(target, index =>
        {
            var source = new int[own.Length];
            for (int a = 0; a < own.Length; a++)
            {
                source[a] = own[a] == 1 ? 0 : index[lead + a];
            }
            return map(source);
        });
    }

    public ReferenceView Reshape(int[] shape)
    {
        int[] own = Shape;
        Func<int[], int> map = Map;
        return new ReferenceView(shape, index => map(Unravel(Ravel(index, shape), own)));
    }

    /// <summary>
    /// NumPy basic indexing written from its definition: each item is an integer (one position, axis
    /// removed), a list of positions (a slice: axis kept), null for <c>np.newaxis</c> or "..." for the
    /// ellipsis.
    /// </summary>
    public ReferenceView Index(IReadOnlyList<object?> items)
    {
        int consuming = items.Count(i => i is int or int[]);
        var expanded = new List<object?>();
        bool sawEllipsis = false;
        int axis = 0;
        foreach (object? item in items)
        {
            if (item is string)
            {
                sawEllipsis = true;
                for (int k = 0; k < Rank - consuming; k++)
                {
                    expanded.Add(Enumerable.Range(0, Shape[axis++]).ToArray());
                }
            }
            else
            {
                expanded.Add(item);
                if (item is not null)
                {
                    axis++;
                }
            }
        }
        if (!sawEllipsis)
        {
            for (; axis < Rank; axis++)
            {
                expanded.Add(Enumerable.Range(0, Shape[axis]).ToArray());
            }
        }
        int[] shape = expanded.Where(i => i is null or int[]).Select(i => i is int[] positions ? positions.Length : 1).ToArray();
        Func<int[], int> map = Map;
        int rank = Rank;
        return new ReferenceView(shape, index =>
        {
            var source = new int[rank];
            int outAxis = 0, inAxis = 0;
            foreach (object? item in expanded)
            {
                switch (item)
                {
                    case null:
                        outAxis++;
                        break;
                    case int position:
                        source[inAxis++] = position;
                        break;
                    case int[] positions:
                        source[inAxis++] = positions[index[outAxis++]];
                        break;
                }
            }
            return map(source);
        });
    }

    /// <summary>The positions a Python slice selects from an axis of <paramref name="extent"/>, listed one by one.</summary>
    public static int[] SlicePositions(int? start, int? stop, int step, int extent)
    {
        int lower = step > 0 ? 0 : -1, upper = step > 0 ? extent : extent - 1;
        int first = start is int s ? Math.Clamp(s < 0 ? s + extent : s, lower, upper) : (step > 0 ? lower : upper);
        int end = stop is int e ? Math.Clamp(e < 0 ? e + extent : e, lower, upper) : (step > 0 ? upper : lower);
        var positions = new List<int>();
        for (int i = first; step > 0 ? i < end : i > end; i += step)
        {
            positions.Add(i);
        }
        return [.. positions];
    }
}
