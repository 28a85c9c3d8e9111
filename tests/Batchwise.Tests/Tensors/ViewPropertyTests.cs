using FsCheck.Xunit;

namespace Batchwise.Tests.Tensors;

/// <summary>
/// Random sequences of view operations applied to a tensor and to <see cref="ReferenceView"/>, which
/// models each operation as a remapping of indices (no strides): every element must agree, every
/// view must share the base's storage, and assignments through views must land where NumPy puts them.
/// </summary>
public class ViewPropertyTests
{
    /// <summary>One random view operation, applied to both sides.</summary>
    private sealed record Step(string Text, Func<Tensor<int>, Tensor<int>> Apply, Func<ReferenceView, ReferenceView> Reference, bool MayCopy = false);

    [Property(MaxTest = 400)]
    public void ViewSequence_RandomOperations_MatchesReference(int seed)
    {
        var random = new Random(seed);
        int[] shape = RandomShape(random);
        Tensor<int> t = Tensor.Arange(Size(shape)).Reshape(shape);
        Tensor<int> owner = t;
        var reference = ReferenceView.Base(shape);
        var trail = new List<string> { $"arange{Format(shape)}" };
        int steps = random.Next(1, 7);
        for (int s = 0; s < steps; s++)
        {
            Step step = RandomStep(random, t.Shape.ToArray());
            trail.Add(step.Text);
            t = step.Apply(t);
            reference = step.Reference(reference);
            if (!t.SharesStorageWith(owner))
            {
                // Only a reshape may copy, and only when the strides cannot express it.
                Assert.True(step.MayCopy, $"{string.Join(" -> ", trail)}: a view copied");
                owner = t;
            }
            AssertSame(reference, t, trail);
        }
    }

    [Property(MaxTest = 300)]
    public void Setter_ThroughRandomViews_WritesWhereNumPyWrites(int seed)
    {
        var random = new Random(seed);
        int[] shape = RandomShape(random);
        int size = Size(shape);
        Tensor<int> root = Tensor.Arange(size).Reshape(shape);
        Tensor<int> view = root;
        var reference = ReferenceView.Base(shape);
        var trail = new List<string> { $"arange{Format(shape)}" };
        for (int s = random.Next(0, 4); s > 0; s--)
        {
            Step step = RandomStep(random, view.Shape.ToArray(), allowBroadcast: false);
            Tensor<int> next = step.Apply(view);
            if (!next.SharesStorageWith(root))
            {
                continue; // a reshape that had to copy: writes would not reach the root
            }
            trail.Add(step.Text);
            view = next;
            reference = step.Reference(reference);
        }
        (TensorIndex[] items, List<object?> referenceItems, string text) = RandomIndex(random, view.Shape.ToArray());
        ReferenceView target = reference.Index(referenceItems);
        trail.Add($"[{text}] = source");

        // The source broadcasts to the target: some leading axes dropped, some axes of extent 1.
        int[] sourceShape = target.Shape.Skip(random.Next(0, target.Rank + 1)).Select(d => random.Next(3) == 0 ? 1 : d).ToArray();
        int[] sourceValues = Enumerable.Range(0, Size(sourceShape)).Select(i => 1000 + i).ToArray();
        var source = Tensor.FromArray(sourceValues, sourceShape);
        var sourceView = ReferenceView.Base(sourceShape).BroadcastTo(target.Shape);

        int[] expected = Enumerable.Range(0, size).ToArray();
        foreach (int[] index in target.Indices())
        {
            expected[target.Map(index)] = sourceValues[sourceView.Map(index)];
        }
        view[items] = source;
        Assert.True(expected.SequenceEqual(root.ToArray()), string.Join(" -> ", trail));
    }

    [Property(MaxTest = 200)]
    public void Setter_OverlappingSourceAndTarget_UsesValuesFromBeforeTheAssignment(int seed)
    {
        var random = new Random(seed);
        int[] shape = RandomShape(random, minExtent: 1);
        Tensor<int> root = Tensor.Arange(Size(shape)).Reshape(shape);
        // Target: a random sub-block; source: the same region reversed along random axes, or shifted by one.
        var items = new TensorIndex[shape.Length];
        var sourceItems = new TensorIndex[shape.Length];
        var referenceTarget = new List<object?>();
        var referenceSource = new List<object?>();
        for (int a = 0; a < shape.Length; a++)
        {
            int n = shape[a];
            switch (random.Next(3))
            {
                case 0:
                    items[a] = TensorIndex.All;
                    sourceItems[a] = TensorIndex.Slice(null, null, -1);
                    referenceTarget.Add(ReferenceView.SlicePositions(null, null, 1, n));
                    referenceSource.Add(ReferenceView.SlicePositions(null, null, -1, n));
                    break;
                case 1:
                    items[a] = 1..;
                    sourceItems[a] = ..^1;
                    referenceTarget.Add(ReferenceView.SlicePositions(1, null, 1, n));
                    referenceSource.Add(ReferenceView.SlicePositions(null, -1, 1, n));
                    break;
                default:
                    items[a] = ..^1;
                    sourceItems[a] = 1..;
                    referenceTarget.Add(ReferenceView.SlicePositions(null, -1, 1, n));
                    referenceSource.Add(ReferenceView.SlicePositions(1, null, 1, n));
                    break;
            }
        }
        var baseView = ReferenceView.Base(shape);
        ReferenceView target = baseView.Index(referenceTarget), sourceRef = baseView.Index(referenceSource);
        int[] before = root.ToArray();
        int[] expected = (int[])before.Clone();
        foreach (int[] index in target.Indices())
        {
            expected[target.Map(index)] = before[sourceRef.Map(index)];
        }
        root[items] = root[sourceItems];
        Assert.Equal(expected, root.ToArray());
    }

    [Fact]
    public void Setter_ShiftRightByOne_MatchesNumPyCopySemantics()
    {
        Tensor<int> t = Tensor.Arange(10);
        t[1..] = t[..^1];
        Assert.Equal([0, 0, 1, 2, 3, 4, 5, 6, 7, 8], t.ToArray());

        Tensor<int> u = Tensor.Arange(10);
        u[..^1] = u[1..];
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 9], u.ToArray());

        Tensor<int> r = Tensor.Arange(6);
        r[TensorIndex.All] = r[TensorIndex.Slice(null, null, -1)];
        Assert.Equal([5, 4, 3, 2, 1, 0], r.ToArray());

        // Two tensors over one array (FromArray does not copy) overlap just the same.
        int[] shared = [0, 1, 2, 3, 4, 5];
        Tensor<int> front = Tensor.FromArray(shared, 6)[..^1], back = Tensor.FromArray(shared, 6)[1..];
        back[TensorIndex.Ellipsis] = front;
        Assert.Equal([0, 0, 1, 2, 3, 4], shared);

        Tensor<double> m = Tensor.Arange(9.0).Reshape(3, 3);
        m[TensorIndex.Ellipsis] = m.T;
        Assert.Equal([0.0, 3, 6, 1, 4, 7, 2, 5, 8], m.ToArray());
    }

    private static void AssertSame(ReferenceView reference, Tensor<int> t, List<string> trail)
    {
        string where = string.Join(" -> ", trail);
        Assert.True(reference.Shape.SequenceEqual(t.Shape.ToArray()), $"{where}: shape {t.ShapeString}, expected {Format(reference.Shape)}");
        int[] expected = reference.Indices().Select(reference.Map).ToArray();
        int[] actual = reference.Indices().Select(index => t.GetItem(index)).ToArray();
        Assert.True(expected.SequenceEqual(actual), $"{where}: GetItem differs");
        Assert.True(expected.SequenceEqual(t.ToArray()), $"{where}: ToArray differs");
    }

    private static int[] RandomShape(Random random, int minExtent = 0)
    {
        int rank = random.Next(0, 5);
        return Enumerable.Range(0, rank).Select(_ => random.Next(10) == 0 ? minExtent : random.Next(Math.Max(1, minExtent), 5)).ToArray();
    }

    private static Step RandomStep(Random random, int[] shape, bool allowBroadcast = true)
    {
        int rank = shape.Length;
        while (true)
        {
            switch (random.Next(11))
            {
                case 0:
                case 1:
                    {
                        (TensorIndex[] items, List<object?> referenceItems, string text) = RandomIndex(random, shape);
                        return new Step($"[{text}]", t => t[items], r => r.Index(referenceItems));
                    }
                case 2:
                    {
                        int[] perm = Enumerable.Range(0, rank).OrderBy(_ => random.Next()).ToArray();
                        int[] given = perm.Select(p => random.Next(2) == 0 ? p : p - rank).ToArray();
                        return new Step($"Transpose{Format(given)}", t => t.Transpose(given), r => r.Permute(perm));
                    }
                case 3:
                    {
                        int[] reversed = Enumerable.Range(0, rank).Reverse().ToArray();
                        return new Step(".T", t => t.T, r => r.Permute(reversed));
                    }
                case 4 when rank >= 2:
                    {
                        int[] perm = Enumerable.Range(0, rank).ToArray();
                        (perm[^1], perm[^2]) = (perm[^2], perm[^1]);
                        return new Step(".MT", t => t.MT, r => r.Permute(perm));
                    }
                case 5 when rank >= 1:
                    {
                        int a = random.Next(-rank, rank), b = random.Next(-rank, rank);
                        int[] perm = Enumerable.Range(0, rank).ToArray();
                        (perm[(a + rank) % rank], perm[(b + rank) % rank]) = ((b + rank) % rank, (a + rank) % rank);
                        return new Step($"SwapAxes({a},{b})", t => t.SwapAxes(a, b), r => r.Permute(perm));
                    }
                case 6 when rank >= 1:
                    {
                        int count = random.Next(1, rank + 1);
                        int[] sources = Enumerable.Range(0, rank).OrderBy(_ => random.Next()).Take(count).ToArray();
                        int[] destinations = Enumerable.Range(0, rank).OrderBy(_ => random.Next()).Take(count).ToArray();
                        // NumPy's moveaxis: the other axes keep their order, the moved ones are inserted by destination.
                        var order = Enumerable.Range(0, rank).Where(a => !sources.Contains(a)).ToList();
                        foreach ((int destination, int source) in destinations.Zip(sources).OrderBy(p => p.First))
                        {
                            order.Insert(destination, source);
                        }
                        int[] perm = [.. order];
                        int[] givenSources = sources.Select(a => random.Next(2) == 0 ? a : a - rank).ToArray();
                        return new Step($"MoveAxis({Format(givenSources)},{Format(destinations)})", t => t.MoveAxis(givenSources, destinations), r => r.Permute(perm));
                    }
                case 7:
                    {
                        bool[] ones = shape.Select(d => d == 1).ToArray();
                        if (random.Next(2) == 0 || !ones.Any(o => o))
                        {
                            return new Step("Squeeze()", t => t.Squeeze(), r => r.DropAxes(ones));
                        }
                        int[] axes = Enumerable.Range(0, rank).Where(a => ones[a] && random.Next(2) == 0).Select(a => random.Next(2) == 0 ? a : a - rank).ToArray();
                        bool[] drop = new bool[rank];
                        foreach (int a in axes)
                        {
                            drop[(a + rank) % rank] = true;
                        }
                        return new Step($"Squeeze{Format(axes)}", t => t.Squeeze(axes), r => r.DropAxes(drop));
                    }
                case 8:
                    {
                        int count = random.Next(1, 3);
                        int outRank = rank + count;
                        int[] positions = Enumerable.Range(0, outRank).OrderBy(_ => random.Next()).Take(count).ToArray();
                        bool[] inserted = new bool[outRank];
                        foreach (int p in positions)
                        {
                            inserted[p] = true;
                        }
                        int[] given = positions.Select(p => random.Next(2) == 0 ? p : p - outRank).ToArray();
                        return count == 1 && random.Next(2) == 0
                            ? new Step($"Unsqueeze({given[0]})", t => t.Unsqueeze(given[0]), r => r.InsertAxes(inserted))
                            : new Step($"ExpandDims{Format(given)}", t => t.ExpandDims(given), r => r.InsertAxes(inserted));
                    }
                case 9 when allowBroadcast && Size(shape) <= 64:
                    {
                        int[] target = Enumerable.Range(0, random.Next(0, 2)).Select(_ => random.Next(1, 4))
                            .Concat(shape.Select(d => d == 1 && random.Next(2) == 0 ? random.Next(0, 4) : d)).ToArray();
                        return new Step($"BroadcastTo{Format(target)}", t => t.BroadcastTo(target), r => r.BroadcastTo(target));
                    }
                case 10:
                    {
                        int size = Size(shape);
                        int[] target = RandomFactorisation(random, size);
                        int[] given = (int[])target.Clone();
                        if (target.Length > 0 && size > 0 && random.Next(2) == 0)
                        {
                            given[random.Next(target.Length)] = -1;
                        }
                        return new Step($"Reshape{Format(given)}", t => t.Reshape(given), r => r.Reshape(target), MayCopy: true);
                    }
            }
        }
    }

    private static int[] RandomFactorisation(Random random, int size)
    {
        if (size == 0)
        {
            int[] shape = Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(1, 4)).ToArray();
            shape[random.Next(shape.Length)] = 0;
            return shape;
        }
        var factors = new List<int>();
        int rest = size;
        while (rest > 1)
        {
            int[] divisors = Enumerable.Range(2, rest - 1).Where(d => rest % d == 0).ToArray();
            int f = divisors[random.Next(divisors.Length)];
            factors.Add(f);
            rest /= f;
        }
        for (int ones = random.Next(0, 3); ones > 0; ones--)
        {
            factors.Insert(random.Next(factors.Count + 1), 1);
        }
        return [.. factors];
    }

    /// <summary>A random basic index for <paramref name="shape"/>, with its reference form and NumPy text.</summary>
    private static (TensorIndex[] Items, List<object?> Reference, string Text) RandomIndex(Random random, int[] shape)
    {
        int rank = shape.Length;
        int consuming = random.Next(0, rank + 1);
        bool ellipsis = random.Next(2) == 0;
        int ellipsisAt = random.Next(0, consuming + 1);
        var items = new List<TensorIndex>();
        var reference = new List<object?>();
        var text = new List<string>();
        int wholeAxes = rank - consuming;
        int axis = 0;
        for (int k = 0; k <= consuming; k++)
        {
            if (ellipsis && k == ellipsisAt)
            {
                items.Add(TensorIndex.Ellipsis);
                reference.Add("...");
                text.Add("...");
                axis += wholeAxes;
            }
            if (random.Next(4) == 0)
            {
                items.Add(TensorIndex.NewAxis);
                reference.Add(null);
                text.Add("None");
            }
            if (k == consuming)
            {
                break;
            }
            int n = shape[axis++];
            switch (n == 0 ? 2 + random.Next(2) : random.Next(4))
            {
                case 0:
                    {
                        int i = random.Next(-n, n);
                        items.Add(i);
                        reference.Add(i < 0 ? i + n : i);
                        text.Add($"{i}");
                        break;
                    }
                case 1:
                    {
                        int fromEnd = random.Next(1, n + 1);
                        items.Add(^fromEnd);
                        reference.Add(n - fromEnd);
                        text.Add($"-{fromEnd}");
                        break;
                    }
                case 2:
                    {
                        // System.Range: bounds from the start or the end, possibly past the extent (clamped).
                        Index start = random.Next(2) == 0 ? new Index(random.Next(0, n + 2)) : new Index(random.Next(0, n + 2), fromEnd: true);
                        Index end = random.Next(2) == 0 ? new Index(random.Next(0, n + 2)) : new Index(random.Next(0, n + 2), fromEnd: true);
                        items.Add(start..end);
                        int? s = start.IsFromEnd ? (start.Value == 0 ? n : start.Value > n ? -n - 1 : n - start.Value) : start.Value;
                        int? e = end.IsFromEnd ? (end.Value == 0 ? n : end.Value > n ? -n - 1 : n - end.Value) : end.Value;
                        reference.Add(ReferenceView.SlicePositions(s, e, 1, n));
                        text.Add($"{s}:{e}");
                        break;
                    }
                default:
                    {
                        int? s = random.Next(3) == 0 ? null : random.Next(-n - 2, n + 3);
                        int? e = random.Next(3) == 0 ? null : random.Next(-n - 2, n + 3);
                        int step = random.Next(2) == 0 ? random.Next(1, 4) : -random.Next(1, 4);
                        items.Add(TensorIndex.Slice(s, e, step));
                        reference.Add(ReferenceView.SlicePositions(s, e, step, n));
                        text.Add($"{s}:{e}:{step}");
                        break;
                    }
            }
        }
        return ([.. items], reference, string.Join(",", text));
    }

    private static int Size(int[] shape) => shape.Aggregate(1, (p, d) => p * d);

    private static string Format(int[] shape) => "(" + string.Join(",", shape) + ")";
}
