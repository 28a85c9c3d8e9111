namespace Batchwise.Tests.Operations;

/// <summary>
/// Inputs and references for operations that work along one axis: random shapes (0-d, zero-size,
/// ranks 1–3), values with many ties, NaN, ±inf and ±0, the same logical tensor in several memory
/// layouts, and the row-major positions of every line along an axis.
/// </summary>
internal static class LineCases
{
    /// <summary>Random shapes, including 0-d, zero-size and size-1 axes.</summary>
    public static int[][] TestShapes { get; } =
    [
        [], [1], [7], [0], [3, 5], [5, 1], [2, 0], [0, 3], [4, 6], [2, 3, 4], [3, 1, 5], [2, 4, 0], [33, 2],
    ];

    /// <summary>Values drawn from a small set (so keys repeat) with NaN, ±inf and ±0 mixed in.</summary>
    public static double[] Values(int n, int seed, bool specials = true)
    {
        var random = new Random(seed);
        double[] pool = specials
            ? [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, 1.5, -2.5, 3.0, 1.5, -1.0, 7.0, double.NaN]
            : [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0];
        return Enumerable.Range(0, n).Select(_ => random.Next(4) == 0 ? Math.Round(random.NextDouble() * 20 - 10, 1) : pool[random.Next(pool.Length)]).ToArray();
    }

    /// <summary>The same logical tensor as a contiguous tensor, a transposed view, a reversed view and a strided view.</summary>
    public static IEnumerable<(string Layout, Tensor<T> Tensor)> InLayouts<T>(T[] data, int[] shape) where T : unmanaged
    {
        Tensor<T> x = Tensor.FromArray((T[])data.Clone(), shape);
        yield return ("contiguous", x);
        if (shape.Length >= 2)
        {
            yield return ("transposed", x.T.Copy().T);
        }
        if (shape.Length >= 1)
        {
            yield return ("reversed", x[TensorIndex.Slice(null, null, -1)].Copy()[TensorIndex.Slice(null, null, -1)]);
            int[] wide = (int[])shape.Clone();
            wide[^1] *= 2;
            Tensor<T> buffer = Tensor.Zeros<T>(wide);
            Tensor<T> strided = buffer[TensorIndex.Ellipsis, TensorIndex.Slice(null, null, 2)];
            strided.CopyFrom(x);
            yield return ("strided", strided);
        }
    }

    /// <summary>Row-major flat positions of each line along <paramref name="axis"/>, lines in row-major order of the other axes.</summary>
    public static List<int[]> Lines(int[] shape, int axis)
    {
        int size = shape.Aggregate(1, (a, b) => a * b);
        int n = shape[axis];
        int inner = 1;
        for (int d = axis + 1; d < shape.Length; d++)
        {
            inner *= shape[d];
        }
        var lines = new List<int[]>();
        if (size == 0 && n != 0)
        {
            return lines;
        }
        int outer = n == 0 ? shape.Where((_, d) => d != axis).Aggregate(1, (a, b) => a * b) : size / n;
        for (int o = 0; o < outer; o++)
        {
            int before = o / inner, after = o % inner;
            lines.Add(Enumerable.Range(0, n).Select(i => (before * n + i) * inner + after).ToArray());
        }
        return lines;
    }

    /// <summary>NumPy's order as a comparison: ascending, NaN last, −0.0 equal to 0.0.</summary>
    public static int Compare(double a, double b) =>
        double.IsNaN(a) ? (double.IsNaN(b) ? 0 : 1) : double.IsNaN(b) ? -1 : a < b ? -1 : a > b ? 1 : 0;

    /// <summary>A stable argsort of one line by <see cref="Compare"/> (LINQ's OrderBy is stable).</summary>
    public static long[] StableOrder(double[] line) =>
        Enumerable.Range(0, line.Length).OrderBy(i => line[i], Comparer<double>.Create(Compare)).Select(i => (long)i).ToArray();
}
