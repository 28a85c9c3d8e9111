using FsCheck.Xunit;

namespace Batchwise.Tests.Operations;

/// <summary>
/// Random N-d operands in random memory layouts (permuted storage, reversed axes, sliced, broadcast),
/// through the element-wise and reduction engines, against element-by-element references that read
/// the operands with <see cref="Tensor{TElement}.GetItem"/> (itself checked by the view properties).
/// </summary>
public class BroadcastPropertyTests
{
    [Property(MaxTest = 300)]
    public void Binary_RandomShapesAndLayouts_MatchesElementByElementReference(int seed)
    {
        var random = new Random(seed);
        int rank = random.Next(0, 5);
        int[] shape = Enumerable.Range(0, rank).Select(_ => random.Next(0, 8) == 0 ? 0 : random.Next(1, 6)).ToArray();
        Tensor<double> a = RandomOperand(random, Stretchable(random, shape));
        Tensor<double> b = RandomOperand(random, Stretchable(random, shape));
        // Both operands come from `shape` (axes equal to it or 1, leading axes dropped): the result keeps
        // an axis where either operand does and is 1 where both stretch.
        int resultRank = Math.Max(a.Rank, b.Rank);
        shape = shape[(rank - resultRank)..];
        for (int d = 0; d < resultRank; d++)
        {
            int da = d - (resultRank - a.Rank), db = d - (resultRank - b.Rank);
            bool aOne = da < 0 || a.Shape[da] == 1, bOne = db < 0 || b.Shape[db] == 1;
            shape[d] = aOne && bOne ? 1 : shape[d];
        }
        Tensor<double>? into = random.Next(3) switch
        {
            0 => null,
            1 => RandomOperand(random, shape),
            _ => Ravelled(a, shape),
        };
        var indices = new Tests.Tensors.ReferenceView(shape, _ => 0).Indices().ToList();
        // Read the operands first: the destination may be one of them.
        double[] expected = indices.Select(index => Read(a, index) * Read(b, index)).ToArray();
        Tensor<double> result = Tensor.Multiply(a, b, into);
        if (into is not null)
        {
            Assert.Same(into, result);
        }
        Assert.Equal(shape, result.Shape.ToArray());
        for (int i = 0; i < indices.Count; i++)
        {
            Assert.Equal(expected[i], result.GetItem(indices[i]));
        }
    }

    [Property(MaxTest = 300)]
    public void Sum_RandomAxesAndLayouts_MatchesElementByElementReference(int seed)
    {
        var random = new Random(seed);
        int rank = random.Next(0, 5);
        int[] shape = Enumerable.Range(0, rank).Select(_ => random.Next(0, 8) == 0 ? 0 : random.Next(1, 6)).ToArray();
        Tensor<double> x = RandomOperand(random, shape);
        int[] axes = Enumerable.Range(0, rank).Where(_ => random.Next(2) == 0).ToArray();
        bool keepDims = random.Next(2) == 0;
        Tensor<double> sum = Tensor.Sum(x, axes, keepDims);
        Tensor<double> max = shape.Where((d, a) => axes.Contains(a) && d == 0).Any() ? sum : Tensor.Max(x, axes, keepDims);
        var totals = new Dictionary<string, (double Sum, double Max)>();
        foreach (int[] index in new Tests.Tensors.ReferenceView(shape, _ => 0).Indices())
        {
            string key = string.Join(",", index.Select((v, a) => axes.Contains(a) ? 0 : v));
            (double s, double m) = totals.GetValueOrDefault(key, (0, double.NegativeInfinity));
            double v = x.GetItem(index);
            totals[key] = (s + v, Math.Max(m, v));
        }
        foreach ((string key, (double s, double m)) in totals)
        {
            int[] index = key.Length == 0 ? [] : key.Split(',').Select(int.Parse).ToArray();
            int[] resultIndex = keepDims ? index : index.Where((_, a) => !axes.Contains(a)).ToArray();
            Assert.Equal(s, sum.GetItem(resultIndex), 9);
            if (max != sum)
            {
                Assert.Equal(m, max.GetItem(resultIndex));
            }
        }
    }

    /// <summary>The shape with some axes set to 1 and some leading axes dropped.</summary>
    private static int[] Stretchable(Random random, int[] shape) =>
        shape.Skip(random.Next(0, shape.Length + 1)).Select(d => random.Next(3) == 0 ? 1 : d).ToArray();

    /// <summary>A tensor of the given shape holding small integers (exact products), in a random layout.</summary>
    private static Tensor<double> RandomOperand(Random random, int[] shape)
    {
        int rank = shape.Length;
        int size = shape.Aggregate(1, (p, d) => p * d);
        switch (random.Next(4))
        {
            case 0:
                {
                    // Stored with permuted axes, viewed back in logical order.
                    int[] perm = Enumerable.Range(0, rank).OrderBy(_ => random.Next()).ToArray();
                    int[] inverse = new int[rank];
                    for (int i = 0; i < rank; i++)
                    {
                        inverse[perm[i]] = i;
                    }
                    return Values(random, size).Reshape(perm.Select(p => shape[p]).ToArray()).Transpose(inverse);
                }
            case 1:
                {
                    // Reversed along random axes.
                    TensorIndex[] items = shape.Select(_ => random.Next(2) == 0 ? TensorIndex.All : TensorIndex.Slice(null, null, -1)).ToArray();
                    return Values(random, size).Reshape(shape)[items];
                }
            case 2:
                {
                    // Every other element of a larger buffer along random axes.
                    int[] wide = shape.Select(d => 2 * d).ToArray();
                    TensorIndex[] items = shape.Select(_ => TensorIndex.Slice(null, null, 2)).ToArray();
                    return Values(random, wide.Aggregate(1, (p, d) => p * d)).Reshape(wide)[items];
                }
            default:
                return Values(random, size).Reshape(shape);
        }
    }

    private static Tensor<double> Values(Random random, int size) =>
        Tensor.FromArray(Enumerable.Range(0, size).Select(_ => (double)random.Next(-9, 10)).ToArray(), size);

    /// <summary>A destination of the result's shape that overlaps <paramref name="a"/>'s storage when it can.</summary>
    private static Tensor<double> Ravelled(Tensor<double> a, int[] shape)
    {
        int size = shape.Aggregate(1, (p, d) => p * d);
        return a.Size == size && a.Shape.SequenceEqual(shape) ? a[TensorIndex.Ellipsis] : Tensor.Zeros<double>(shape);
    }

    /// <summary>Element <paramref name="index"/> of <paramref name="t"/> broadcast to the index's rank (NumPy's rule).</summary>
    private static double Read(Tensor<double> t, int[] index)
    {
        int lead = index.Length - t.Rank;
        int[] own = Enumerable.Range(0, t.Rank).Select(a => t.Shape[a] == 1 ? 0 : index[lead + a]).ToArray();
        return t.GetItem(own);
    }
}
