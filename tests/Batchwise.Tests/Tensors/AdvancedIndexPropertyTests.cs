namespace Batchwise.Tests.Tensors;

/// <summary>
/// Random chains of advanced and basic indices against a naive per-element implementation of NumPy's
/// rules: negatives, duplicates, empty index arrays, all-true and all-false masks, transposed views.
/// </summary>
public class AdvancedIndexPropertyTests
{
    /// <summary>A dense row-major array: the naive side of the comparison.</summary>
    private sealed record Dense(int[] Shape, double[] Data);

    [Fact]
    public void Indexer_RandomChains_MatchNaiveReference()
    {
        var random = new Random(20);
        int checkedCases = 0;
        for (int trial = 0; trial < 400; trial++)
        {
            int rank = random.Next(1, 4);
            int[] shape = Enumerable.Range(0, rank).Select(_ => random.Next(0, 5)).ToArray();
            Tensor<double> x = Tensor.Arange((double)Math.Max(1, shape.Aggregate(1, (a, b) => a * b))).Reshape(-1)[..shape.Aggregate(1, (a, b) => a * b)].Reshape(shape);
            if (rank >= 2 && random.Next(2) == 0)
            {
                x = x.Copy().Transpose();
            }
            Dense dense = new(x.Shape.ToArray(), x.ToArray());
            for (int step = 0; step < 2 && dense.Shape.Length > 0; step++)
            {
                (TensorIndex[] items, Item[] naive) = RandomItems(random, dense.Shape);
                Dense? expected;
                try
                {
                    expected = Naive(dense, naive);
                }
                catch (AxisIndexException)
                {
                    expected = null;
                }
                if (expected is null)
                {
                    Assert.Throws<AxisIndexException>(() => x[items]);
                    break;
                }
                Tensor<double> actual = x[items];
                Assert.Equal(expected.Shape, actual.Shape.ToArray());
                Assert.Equal(expected.Data, actual.ToArray());
                checkedCases++;
                x = random.Next(2) == 0 || actual.Rank < 2 ? actual : actual.Transpose();
                dense = new Dense(x.Shape.ToArray(), x.ToArray());
            }
        }
        Assert.True(checkedCases > 300, $"only {checkedCases} chains were compared");
    }

    [Fact]
    public void Setter_RandomIndices_MatchNaiveLastWriteWins()
    {
        var random = new Random(21);
        for (int trial = 0; trial < 200; trial++)
        {
            int[] shape = Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(1, 5)).ToArray();
            int size = shape.Aggregate(1, (a, b) => a * b);
            double[] start = Enumerable.Range(0, size).Select(i => (double)i).ToArray();
            (TensorIndex[] items, Item[] naive) = RandomItems(random, shape, allowOutOfRange: false);
            Dense selection;
            try
            {
                selection = Naive(new Dense(shape, start), naive);
            }
            catch (AxisIndexException)
            {
                Assert.Throws<AxisIndexException>(() => Tensor.FromArray(start, shape)[items] = 0.0);
                continue;
            }
            double[] values = Enumerable.Range(0, selection.Data.Length).Select(i => 1000.0 + i).ToArray();
            Tensor<double> x = Tensor.FromArray((double[])start.Clone(), shape);
            x[items] = Tensor.FromArray(values, selection.Shape);
            // Naive: write each selected element through its source position, in row-major order.
            double[] expected = (double[])start.Clone();
            Dense positions = Naive(new Dense(shape, Enumerable.Range(0, size).Select(i => (double)i).ToArray()), naive);
            for (int i = 0; i < positions.Data.Length; i++)
            {
                expected[(int)positions.Data[i]] = values[i];
            }
            Assert.Equal(expected, x.ToArray());
        }
    }

    [Fact]
    public void Mask_AllTrueAllFalseAndLeadingDims_SelectLikeNumPy()
    {
        Tensor<double> x = Tensor.Arange(24.0).Reshape(2, 3, 4);
        Assert.Equal(x.ToArray(), x[Tensor.Full(true, 2, 3, 4)].ToArray());
        Assert.Equal([0, 4], x[Tensor.Zeros<bool>(2, 3)].Shape.ToArray());
        Tensor<bool> rows = Tensor.FromArray([false, true], 2);
        Assert.Equal([1, 3, 4], x[rows].Shape.ToArray());
        Assert.Equal(Enumerable.Range(12, 12).Select(i => (double)i).ToArray(), x[rows, TensorIndex.Ellipsis].ToArray());
        Assert.Throws<AxisIndexException>(() => x[Tensor.Full(true, 3)]);
        x[Tensor.Greater(x, 20.0)] = -1.0;
        Assert.Equal([20, -1, -1, -1], x[1, 2].ToArray().Select(v => (int)v).ToArray());
    }

    [Fact]
    public void ArrayIndex_ErrorsNameAxisAndSize()
    {
        Tensor<double> x = Tensor.Zeros<double>(2, 3);
        var e = Assert.Throws<AxisIndexException>(() => x[TensorIndex.All, Tensor.FromArray(new long[] { 0, 3 })]);
        Assert.Contains("axis 1 with size 3", e.Message, StringComparison.Ordinal);
        Assert.Throws<AxisIndexException>(() => x[Tensor.FromArray(new long[] { 0, 1 }), Tensor.FromArray(new long[] { 0, 1, 2 })]);
        Assert.Throws<AxisIndexException>(() => Tensor.Scalar(1.0)[Tensor.FromArray(new long[] { 0 })]);
        Assert.Throws<AxisIndexException>(() => Tensor.Zeros<double>(0)[Tensor.FromArray(new long[] { 0 })]);
        Assert.Throws<ShapeException>(() => x[Tensor.FromArray(new long[] { 0, 1 })] = Tensor.Zeros<double>(4));
    }

    private abstract record Item;

    private sealed record IntItem(int Value) : Item;

    private sealed record SliceItem(int? Start, int? Stop, int? Step) : Item;

    private sealed record ArrayItem(int[] Shape, long[] Values) : Item;

    private sealed record MaskItem(int[] Shape, bool[] Values) : Item;

    private sealed record NewAxisItem : Item;

    private sealed record EllipsisItem : Item;

    private static (TensorIndex[] Items, Item[] Naive) RandomItems(Random random, int[] shape, bool allowOutOfRange = true)
    {
        var items = new List<TensorIndex>();
        var naive = new List<Item>();
        int[][] arrayShapes = [[2], [3], [2, 1], [0], []];
        int[] common = arrayShapes[random.Next(arrayShapes.Length)];
        bool ellipsis = false, hasArray = false;
        int axis = 0;
        while (axis < shape.Length && random.Next(6) > 0)
        {
            int n = shape[axis];
            int r = random.Next(10);
            if (r < 2 && n > 0)
            {
                int v = random.Next(-n, n);
                items.Add(v);
                naive.Add(new IntItem(v));
                axis++;
            }
            else if (r < 4)
            {
                int? start = random.Next(3) == 0 ? null : random.Next(-n - 1, n + 2);
                int? stop = random.Next(3) == 0 ? null : random.Next(-n - 1, n + 2);
                int? step = random.Next(4) switch { 0 => null, 1 => -1, 2 => 2, _ => 1 };
                items.Add(TensorIndex.Slice(start, stop, step));
                naive.Add(new SliceItem(start, stop, step));
                axis++;
            }
            else if (r < 7)
            {
                int count = common.Aggregate(1, (a, b) => a * b);
                int bound = allowOutOfRange && random.Next(20) == 0 ? n + 2 : n;
                long[] values = Enumerable.Range(0, count).Select(_ => bound == 0 ? 0L : random.Next(-bound, bound)).ToArray();
                if (n == 0 && count > 0 && !allowOutOfRange)
                {
                    continue;
                }
                items.Add(random.Next(2) == 0 ? Tensor.FromArray(values, common) : Tensor.FromArray(values.Select(v => (int)v).ToArray(), common));
                naive.Add(new ArrayItem(common, values));
                hasArray = true;
                axis++;
            }
            else if (r < 8)
            {
                int k = axis + 2 <= shape.Length && random.Next(2) == 0 ? 2 : 1;
                int[] maskShape = shape[axis..(axis + k)];
                int size = maskShape.Aggregate(1, (a, b) => a * b);
                int density = random.Next(3);
                bool[] values = Enumerable.Range(0, size).Select(_ => density switch { 0 => false, 1 => true, _ => random.Next(2) == 0 }).ToArray();
                items.Add(Tensor.FromArray(values, maskShape));
                naive.Add(new MaskItem(maskShape, values));
                hasArray = true;
                axis += k;
            }
            else if (r < 9 && !ellipsis)
            {
                ellipsis = true;
                items.Add(TensorIndex.Ellipsis);
                naive.Add(new EllipsisItem());
                axis = shape.Length;
            }
            else
            {
                items.Add(TensorIndex.NewAxis);
                naive.Add(new NewAxisItem());
            }
        }
        if (!hasArray)
        {
            // No array item was drawn: index the last axis with one, after an ellipsis.
            items.Clear();
            naive.Clear();
            items.Add(TensorIndex.Ellipsis);
            naive.Add(new EllipsisItem());
            long[] values = shape[^1] == 0 ? [] : [0, -1, 0];
            items.Add(Tensor.FromArray(values, values.Length));
            naive.Add(new ArrayItem([values.Length], values));
        }
        return ([.. items], [.. naive]);
    }

    /// <summary>NumPy's rules 1–7, one output element at a time.</summary>
    private static Dense Naive(Dense x, Item[] items)
    {
        // Rule 1: a mask is its nonzero() coordinates; rule 2: an int is a 0-d array.
        var expanded = new List<(Item Item, int[] Shape, long[] Values)>();
        foreach (Item item in items)
        {
            switch (item)
            {
                case MaskItem m:
                    var coords = new List<long>[m.Shape.Length];
                    for (int d = 0; d < coords.Length; d++)
                    {
                        coords[d] = [];
                    }
                    for (int flat = 0; flat < m.Values.Length; flat++)
                    {
                        if (m.Values[flat])
                        {
                            int rem = flat;
                            for (int d = m.Shape.Length - 1; d >= 0; d--)
                            {
                                coords[d].Insert(coords[d].Count, rem % m.Shape[d]);
                                rem /= m.Shape[d];
                            }
                        }
                    }
                    foreach (List<long> c in coords)
                    {
                        expanded.Add((new ArrayItem([c.Count], [.. c]), [c.Count], [.. c]));
                    }
                    break;
                case IntItem i:
                    expanded.Add((new ArrayItem([], [i.Value]), [], [i.Value]));
                    break;
                case ArrayItem a:
                    expanded.Add((a, a.Shape, a.Values));
                    break;
                default:
                    expanded.Add((item, [], []));
                    break;
            }
        }
        int consumed = expanded.Count(e => e.Item is ArrayItem or SliceItem);
        if (consumed > x.Shape.Length)
        {
            throw new AxisIndexException("too many indices");
        }
        // Rule 3: broadcast the arrays.
        int[] b = [];
        foreach (var e in expanded.Where(e => e.Item is ArrayItem))
        {
            int rank = Math.Max(b.Length, e.Shape.Length);
            var next = new int[rank];
            for (int i = 1; i <= rank; i++)
            {
                int p = i <= b.Length ? b[^i] : 1, q = i <= e.Shape.Length ? e.Shape[^i] : 1;
                next[^i] = p == q || q == 1 ? p : p == 1 ? q : throw new AxisIndexException("shape mismatch");
            }
            b = next;
        }
        // Rules 5 and 6: each output dim is ("B", k) or a basic dim (source axis, start, step) or a new axis.
        var dims = new List<(int Extent, int Axis, long Start, long Step)>();
        var arrays = new List<(int Axis, int[] Shape, long[] Values)>();
        int axis = 0, firstArray = -1;
        bool seen = false, gap = false, adjacent = true;
        foreach (var e in expanded)
        {
            switch (e.Item)
            {
                case ArrayItem:
                    int n = x.Shape[axis];
                    foreach (long v in e.Values)
                    {
                        if (v < -n || v >= n)
                        {
                            throw new AxisIndexException("out of range");
                        }
                    }
                    adjacent &= !seen || !gap;
                    if (!seen)
                    {
                        firstArray = dims.Count;
                    }
                    seen = true;
                    arrays.Add((axis, e.Shape, e.Values));
                    axis++;
                    break;
                case SliceItem s:
                    gap |= seen;
                    (int start, int length, int step) = Tensor<double>.ResolveSlice(TensorIndex.Slice(s.Start, s.Stop, s.Step), x.Shape[axis]);
                    dims.Add((length, axis, start, step));
                    axis++;
                    break;
                case NewAxisItem:
                    gap |= seen;
                    dims.Add((1, -1, 0, 0));
                    break;
                case EllipsisItem:
                    gap |= seen;
                    for (int whole = x.Shape.Length - consumed; whole > 0; whole--, axis++)
                    {
                        dims.Add((x.Shape[axis], axis, 0, 1));
                    }
                    break;
            }
        }
        for (; axis < x.Shape.Length; axis++)
        {
            dims.Add((x.Shape[axis], axis, 0, 1));
        }
        int insert = adjacent ? firstArray : 0;
        int[] outShape = [.. dims.Take(insert).Select(d => d.Extent), .. b, .. dims.Skip(insert).Select(d => d.Extent)];
        int size = outShape.Aggregate(1, (p, q) => p * q);
        var data = new double[size];
        var index = new int[outShape.Length];
        for (int flat = 0; flat < size; flat++)
        {
            int rem = flat;
            for (int d = outShape.Length - 1; d >= 0; d--)
            {
                index[d] = rem % outShape[d];
                rem /= outShape[d];
            }
            var source = new long[x.Shape.Length];
            int[] bIndex = index[insert..(insert + b.Length)];
            foreach (var (arrayAxis, arrayShape, values) in arrays)
            {
                int position = 0;
                for (int d = 0; d < arrayShape.Length; d++)
                {
                    int bi = bIndex[b.Length - arrayShape.Length + d];
                    position = position * arrayShape[d] + (arrayShape[d] == 1 ? 0 : bi);
                }
                long v = values[position];
                source[arrayAxis] = v < 0 ? v + x.Shape[arrayAxis] : v;
            }
            for (int k = 0; k < dims.Count; k++)
            {
                int outDim = k < insert ? k : k + b.Length;
                if (dims[k].Axis >= 0)
                {
                    source[dims[k].Axis] = dims[k].Start + index[outDim] * dims[k].Step;
                }
            }
            long offset = 0;
            for (int d = 0; d < x.Shape.Length; d++)
            {
                offset = offset * x.Shape[d] + source[d];
            }
            data[flat] = x.Data[offset];
        }
        return new Dense(outShape, data);
    }
}
