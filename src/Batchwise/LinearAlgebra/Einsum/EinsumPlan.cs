using System.Globalization;
using System.Text;

namespace Batchwise.LinearAlgebra.Einsum;

/// <summary>One pairwise contraction of the plan: positions in the working list, and the labels it keeps.</summary>
/// <param name="Left">Position of the first operand in the working list (the smaller one).</param>
/// <param name="Right">Position of the second operand in the working list.</param>
/// <param name="Result">The labels the contraction keeps (needed by the output or by a later operand).</param>
/// <param name="Flops">opt_einsum's count: the size of the loop nest, twice when labels are summed.</param>
internal readonly record struct EinsumStep(int Left, int Right, int[] Result, double Flops);

/// <summary>
/// How an einsum is evaluated, decided from the operands' shapes alone (opt_einsum's split:
/// parse → plan → execute). First each operand alone: repeated labels become a diagonal view, a
/// size-1 dimension whose label is larger elsewhere is dropped (NumPy broadcasts it), and labels
/// no other operand and not the output need are summed out. Then pairwise contractions, in the order
/// that minimises opt_einsum's flop count (all orders for up to <see cref="ExhaustiveLimit"/>
/// operands, greedy beyond), ties going to the smaller largest intermediate.
/// </summary>
internal sealed class EinsumPlan
{
    /// <summary>The most operands whose every contraction order is tried.</summary>
    public const int ExhaustiveLimit = 4;

    private EinsumPlan(EinsumEquation equation, int[] sizes, int[][] prepared, EinsumStep[] steps)
    {
        Equation = equation;
        Sizes = sizes;
        Prepared = prepared;
        Steps = steps;
    }

    public EinsumEquation Equation { get; }

    /// <summary>The extent of each label id (after size-1 broadcasting).</summary>
    public int[] Sizes { get; }

    /// <summary>Each operand's distinct labels once it has been reduced alone, in first-occurrence order.</summary>
    public int[][] Prepared { get; }

    /// <summary>The pairwise contractions, opt_einsum style: remove Left and Right, append the result.</summary>
    public EinsumStep[] Steps { get; }

    /// <summary>Plans <paramref name="subscripts"/> for operands of the given shapes.</summary>
    /// <exception cref="InvalidValueException">Malformed subscripts (see <see cref="EinsumEquation.Parse"/>).</exception>
    /// <exception cref="ShapeException">A label with different extents (other than 1, which broadcasts).</exception>
    public static EinsumPlan Create(string subscripts, IReadOnlyList<int[]> shapes)
    {
        var ranks = new int[shapes.Count];
        for (int p = 0; p < ranks.Length; p++)
        {
            ranks[p] = shapes[p].Length;
        }
        EinsumEquation equation = EinsumEquation.Parse(subscripts, ranks);
        Dim[] dims = EinsumShapeRule.LabelSizes(equation, shapes.Select(s => s.Select(d => new Dim(d)).ToArray()).ToList(), subscripts);
        int[] sizes = [.. dims.Select(d => d.Size)];
        int[][] prepared = Prepare(equation, shapes, sizes);
        EinsumStep[] steps = ChoosePath(prepared, equation.Output, sizes);
        return new EinsumPlan(equation, sizes, prepared, steps);
    }

    /// <summary>Each operand's labels after its diagonals, broadcast size-1 dimensions and private sums are gone.</summary>
    private static int[][] Prepare(EinsumEquation equation, IReadOnlyList<int[]> shapes, int[] sizes)
    {
        int count = shapes.Count;
        var kept = new List<int>[count];
        for (int p = 0; p < count; p++)
        {
            kept[p] = [];
            int[] labels = equation.Inputs[p];
            for (int axis = 0; axis < labels.Length; axis++)
            {
                int label = labels[axis];
                bool broadcast = shapes[p][axis] == 1 && sizes[label] != 1;
                if (!broadcast && !kept[p].Contains(label))
                {
                    kept[p].Add(label);
                }
            }
        }
        var prepared = new int[count][];
        for (int p = 0; p < count; p++)
        {
            prepared[p] = kept[p].Where(label => equation.Output.Contains(label) || Enumerable.Range(0, count).Any(q => q != p && kept[q].Contains(label))).ToArray();
        }
        return prepared;
    }

    /// <summary>The labels a contraction of <paramref name="a"/> and <paramref name="b"/> must keep.</summary>
    private static int[] ResultLabels(int[] a, int[] b, IEnumerable<int[]> others, int[] output)
    {
        var result = new List<int>(a.Length + b.Length);
        foreach (int label in a.Concat(b))
        {
            if (!result.Contains(label) && (output.Contains(label) || others.Any(o => o.Contains(label))))
            {
                result.Add(label);
            }
        }
        return [.. result];
    }

    /// <summary>opt_einsum's flop count of one contraction: the loop nest's size, doubled when labels are summed.</summary>
    private static double Flops(int[] a, int[] b, int[] result, int[] sizes)
    {
        double size = 1;
        bool inner = false;
        foreach (int label in a.Union(b))
        {
            size *= sizes[label];
            inner |= !result.Contains(label);
        }
        return inner ? 2 * size : size;
    }

    private static double ElementCount(int[] labels, int[] sizes)
    {
        double size = 1;
        foreach (int label in labels)
        {
            size *= sizes[label];
        }
        return size;
    }

    private static EinsumStep MakeStep(List<int[]> work, int i, int j, int[] output, int[] sizes)
    {
        int[] result = ResultLabels(work[i], work[j], work.Where((_, q) => q != i && q != j), output);
        return new EinsumStep(i, j, result, Flops(work[i], work[j], result, sizes));
    }

    private static List<int[]> Apply(List<int[]> work, EinsumStep step)
    {
        var next = new List<int[]>(work.Count - 1);
        for (int q = 0; q < work.Count; q++)
        {
            if (q != step.Left && q != step.Right)
            {
                next.Add(work[q]);
            }
        }
        next.Add(step.Result);
        return next;
    }

    private static EinsumStep[] ChoosePath(int[][] prepared, int[] output, int[] sizes)
    {
        var work = prepared.ToList();
        if (work.Count <= ExhaustiveLimit)
        {
            (_, _, List<EinsumStep> best) = Exhaustive(work, output, sizes);
            return [.. best];
        }
        var steps = new List<EinsumStep>();
        while (work.Count > 1)
        {
            EinsumStep? chosen = null;
            double chosenSize = 0;
            for (int i = 0; i < work.Count; i++)
            {
                for (int j = i + 1; j < work.Count; j++)
                {
                    EinsumStep step = MakeStep(work, i, j, output, sizes);
                    double size = ElementCount(step.Result, sizes);
                    if (chosen is null || step.Flops < chosen.Value.Flops || (step.Flops == chosen.Value.Flops && size < chosenSize))
                    {
                        chosen = step;
                        chosenSize = size;
                    }
                }
            }
            steps.Add(chosen!.Value);
            work = Apply(work, chosen.Value);
        }
        return [.. steps];
    }

    /// <summary>Every pair order: the least total flops, ties to the smaller largest intermediate.</summary>
    private static (double Flops, double Largest, List<EinsumStep> Steps) Exhaustive(List<int[]> work, int[] output, int[] sizes)
    {
        if (work.Count <= 1)
        {
            return (0, 0, []);
        }
        (double Flops, double Largest, List<EinsumStep> Steps) best = (double.PositiveInfinity, double.PositiveInfinity, []);
        for (int i = 0; i < work.Count; i++)
        {
            for (int j = i + 1; j < work.Count; j++)
            {
                EinsumStep step = MakeStep(work, i, j, output, sizes);
                var rest = Exhaustive(Apply(work, step), output, sizes);
                double flops = step.Flops + rest.Flops;
                double largest = Math.Max(ElementCount(step.Result, sizes), rest.Largest);
                if (flops < best.Flops || (flops == best.Flops && largest < best.Largest))
                {
                    best = (flops, largest, [step, .. rest.Steps]);
                }
            }
        }
        return best;
    }

    /// <summary>The plan as <c>np.einsum_path</c> prints it (the path, then the report).</summary>
    public string Describe()
    {
        char[] names = Equation.LabelNames();
        string[] inputs = Equation.Inputs.Select(t => EinsumEquation.Term(t, names)).ToArray();
        string outputTerm = EinsumEquation.Term(Equation.Output, names);
        int labelCount = Equation.Inputs.SelectMany(t => t).Distinct().Count();
        double naive = ElementCount(Equation.Inputs.SelectMany(t => t).Distinct().ToArray(), Sizes)
            * Math.Max(Equation.Inputs.Length - 1, 1)
            * (Equation.Inputs.SelectMany(t => t).Distinct().Any(l => !Equation.Output.Contains(l)) ? 2 : 1);
        double optimized = 0, largest = ElementCount(Equation.Output, Sizes);
        int scaling = 0;

        var lines = new List<(int Scaling, string Current, string Remaining)>();
        var work = Prepared.ToList();
        var terms = inputs.ToList();
        for (int p = 0; p < Prepared.Length; p++)
        {
            int[] original = Equation.Inputs[p];
            if (!original.SequenceEqual(Prepared[p]))
            {
                // The operand is reduced alone first: a diagonal, a dropped broadcast dimension or a sum.
                int distinct = original.Distinct().Count();
                double flops = ElementCount(original.Distinct().ToArray(), Sizes);
                optimized += flops;
                scaling = Math.Max(scaling, distinct);
                terms[p] = EinsumEquation.Term(Prepared[p], names);
                lines.Add((distinct, $"{inputs[p]}->{terms[p]}", Remaining(terms, outputTerm)));
            }
        }
        foreach (EinsumStep step in Steps)
        {
            string current = $"{terms[step.Left]},{terms[step.Right]}->{EinsumEquation.Term(step.Result, names)}";
            int distinct = work[step.Left].Union(work[step.Right]).Count();
            scaling = Math.Max(scaling, distinct);
            optimized += step.Flops;
            largest = Math.Max(largest, ElementCount(step.Result, Sizes));
            work = Apply(work, step);
            terms.RemoveAt(step.Right);
            terms.RemoveAt(step.Left);
            terms.Add(EinsumEquation.Term(step.Result, names));
            lines.Add((distinct, current, Remaining(terms, outputTerm)));
        }

        CultureInfo inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append("['einsum_path'");
        foreach (EinsumStep step in Steps)
        {
            text.Append(inv, $", ({step.Left}, {step.Right})");
        }
        text.Append("]\n");
        text.Append(inv, $"  Complete contraction:  {string.Join(",", inputs)}->{outputTerm}\n");
        text.Append(inv, $"         Naive scaling:  {labelCount}\n");
        text.Append(inv, $"     Optimized scaling:  {scaling}\n");
        text.Append(inv, $"      Naive FLOP count:  {naive.ToString("0.000e+00", inv)}\n");
        text.Append(inv, $"  Optimized FLOP count:  {optimized.ToString("0.000e+00", inv)}\n");
        text.Append(inv, $"   Theoretical speedup:  {(optimized == 0 ? 1 : naive / optimized).ToString("0.000", inv)}\n");
        text.Append(inv, $"  Largest intermediate:  {largest.ToString("0.000e+00", inv)} elements\n");
        text.Append(new string('-', 74)).Append('\n');
        text.Append(inv, $"{"scaling",-25}{"current",-39}{"remaining"}\n");
        text.Append(new string('-', 74)).Append('\n');
        foreach ((int s, string current, string remaining) in lines)
        {
            text.Append(inv, $"{s,4}    {current,24}{remaining,40}\n");
        }
        return text.ToString();
    }

    private static string Remaining(List<string> terms, string output) => $"{string.Join(",", terms)}->{output}";
}
