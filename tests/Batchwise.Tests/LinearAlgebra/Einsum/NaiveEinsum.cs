namespace Batchwise.Tests.LinearAlgebra.Einsum;

/// <summary>
/// The test oracle: einsum by brute force, written for clarity and independently of the library's
/// parser and planner. Every assignment of values to every label is visited once and the product of
/// the operands' elements is added to the output element it names, in double precision.
/// </summary>
internal static class NaiveEinsum
{
    public static double[] Evaluate(string subscripts, int[][] shapes, double[][] data, out int[] outputShape)
    {
        string text = subscripts.Replace(" ", "");
        string[] sides = text.Split("->");
        string[] terms = sides[0].Split(',');
        // The dimensions an ellipsis covers get private characters, right-aligned across operands.
        int ellipsis = 0;
        for (int p = 0; p < terms.Length; p++)
        {
            if (terms[p].Contains("..."))
            {
                ellipsis = Math.Max(ellipsis, shapes[p].Length - (terms[p].Length - 3));
            }
        }
        string Broadcast(int count) => new(Enumerable.Range(ellipsis - count, count).Select(e => (char)(0x100 + e)).ToArray());
        var labels = new string[terms.Length];
        for (int p = 0; p < terms.Length; p++)
        {
            labels[p] = terms[p].Contains("...") ? terms[p].Replace("...", Broadcast(shapes[p].Length - (terms[p].Length - 3))) : terms[p];
        }
        string output;
        if (sides.Length == 2)
        {
            output = sides[1].Replace("...", Broadcast(ellipsis));
        }
        else
        {
            string seen = string.Concat(labels);
            output = Broadcast(ellipsis) + new string(seen.Where(c => char.IsAsciiLetter(c) && seen.Count(d => d == c) == 1).Order().ToArray());
        }

        var size = new Dictionary<char, int>();
        for (int p = 0; p < terms.Length; p++)
        {
            for (int axis = 0; axis < labels[p].Length; axis++)
            {
                int extent = shapes[p][axis];
                char c = labels[p][axis];
                size[c] = !size.TryGetValue(c, out int known) || known == 1 ? extent : known;
            }
        }
        char[] all = [.. size.Keys];
        outputShape = [.. output.Select(c => size[c])];
        var result = new double[outputShape.Aggregate(1, (a, b) => a * b)];
        if (all.Any(c => size[c] == 0))
        {
            return result;
        }
        var value = new Dictionary<char, int>();
        foreach (char c in all)
        {
            value[c] = 0;
        }
        while (true)
        {
            double product = 1;
            for (int p = 0; p < terms.Length; p++)
            {
                int flat = 0;
                for (int axis = 0; axis < labels[p].Length; axis++)
                {
                    int extent = shapes[p][axis];
                    flat = flat * extent + (extent == 1 ? 0 : value[labels[p][axis]]);
                }
                product *= data[p][flat];
            }
            int at = 0;
            foreach (char c in output)
            {
                at = at * size[c] + value[c];
            }
            result[at] += product;
            int d = all.Length - 1;
            for (; d >= 0; d--)
            {
                if (++value[all[d]] < size[all[d]])
                {
                    break;
                }
                value[all[d]] = 0;
            }
            if (d < 0)
            {
                return result;
            }
        }
    }
}
