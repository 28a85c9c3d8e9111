using System.Text;

namespace Batchwise.LinearAlgebra.Einsum;

/// <summary>
/// A parsed einsum subscripts string with NumPy's rules: each operand's axes as label ids, and the
/// output's. Letters are ids 0..51 ('A'..'Z' then 'a'..'z', so id order is NumPy's sort order);
/// the dimensions an ellipsis covers get ids from <see cref="FirstEllipsisLabel"/> on, right-aligned
/// across operands as broadcasting aligns them. Parsing needs only the operands' ranks.
/// </summary>
internal sealed class EinsumEquation
{
    /// <summary>The id of the leftmost dimension any ellipsis covers.</summary>
    public const int FirstEllipsisLabel = 52;

    private EinsumEquation(int[][] inputs, int[] output, int ellipsisRank, bool explicitOutput)
    {
        Inputs = inputs;
        Output = output;
        EllipsisRank = ellipsisRank;
        ExplicitOutput = explicitOutput;
    }

    /// <summary>The label of each axis of each operand (repeats are diagonals).</summary>
    public int[][] Inputs { get; }

    /// <summary>The label of each axis of the result, in order.</summary>
    public int[] Output { get; }

    /// <summary>The broadcast rank of the ellipsis (the most dimensions any operand's ellipsis covers).</summary>
    public int EllipsisRank { get; }

    /// <summary>Whether the output was written after <c>-&gt;</c> (otherwise NumPy's implicit rule made it).</summary>
    public bool ExplicitOutput { get; }

    /// <summary>The number of label ids in use (letters and ellipsis dimensions).</summary>
    public int LabelCount => FirstEllipsisLabel + EllipsisRank;

    /// <summary>
    /// The most operands one einsum takes, as NumPy 2 (NumPy 1 took 32): the greedy path search costs
    /// O(n³) pair evaluations, so a bound keeps planning within milliseconds.
    /// </summary>
    public const int MaxOperands = 64;

    /// <summary>
    /// Parses <paramref name="subscripts"/> for operands of the given ranks. Spaces are ignored.
    /// </summary>
    /// <exception cref="InvalidValueException">Any malformed subscripts, an operand count that does not
    /// match, an output label absent from the inputs or repeated.</exception>
    /// <exception cref="ShapeException">An operand's rank differs from what its subscripts name.</exception>
    public static EinsumEquation Parse(string subscripts, ReadOnlySpan<int> ranks)
    {
        ArgumentNullException.ThrowIfNull(subscripts);
        if (ranks.Length == 0)
        {
            ThrowHelper.Value("einsum: no operands given (at least one is required)");
        }
        if (ranks.Length > MaxOperands)
        {
            ThrowHelper.Value($"einsum: {ranks.Length} operands given; at most {MaxOperands} are accepted (NumPy 2's limit); contract them in several calls");
        }
        string text = subscripts.Replace(" ", string.Empty, StringComparison.Ordinal);
        int arrow = text.IndexOf("->", StringComparison.Ordinal);
        string inputText = arrow < 0 ? text : text[..arrow];
        string? outputText = arrow < 0 ? null : text[(arrow + 2)..];
        if (inputText.Contains('-') || inputText.Contains('>') || (outputText is not null && (outputText.Contains('-') || outputText.Contains('>'))))
        {
            ThrowHelper.Value($"einsum: subscripts '{subscripts}' have a misplaced '-' or '>' (the output is written once, after '->')");
        }
        if (outputText is not null && outputText.Contains(','))
        {
            ThrowHelper.Value($"einsum: subscripts '{subscripts}' have a ',' in the output");
        }
        string[] terms = inputText.Split(',');
        if (terms.Length != ranks.Length)
        {
            ThrowHelper.Value(terms.Length < ranks.Length
                ? $"einsum: more operands ({ranks.Length}) than subscripts ({terms.Length}) in '{subscripts}'"
                : $"einsum: fewer operands ({ranks.Length}) than subscripts ({terms.Length}) in '{subscripts}'");
        }

        var letters = new List<int>[terms.Length];
        var ellipsisAt = new int[terms.Length];
        int ellipsisRank = 0;
        for (int p = 0; p < terms.Length; p++)
        {
            letters[p] = ParseTerm(terms[p], subscripts, out ellipsisAt[p]);
            int covered = ranks[p] - letters[p].Count;
            // The operand's rank disagrees with its subscripts: a shape error, as the checker says before any data.
            if (ellipsisAt[p] < 0 && covered != 0)
            {
                ThrowHelper.Shape(covered < 0
                    ? $"einsum: operand {p} has {ranks[p]} dimensions but subscripts '{terms[p]}' name {letters[p].Count}"
                    : $"einsum: operand {p} has {ranks[p]} dimensions but subscripts '{terms[p]}' name {letters[p].Count} and no '...' covers the rest");
            }
            if (covered < 0)
            {
                ThrowHelper.Shape($"einsum: subscripts '{terms[p]}' name {letters[p].Count} dimensions but operand {p} has only {ranks[p]}");
            }
            ellipsisRank = Math.Max(ellipsisRank, ellipsisAt[p] < 0 ? 0 : covered);
        }

        var inputs = new int[terms.Length][];
        var counts = new int[FirstEllipsisLabel];
        for (int p = 0; p < terms.Length; p++)
        {
            int covered = ranks[p] - letters[p].Count;
            var labels = new int[ranks[p]];
            int axis = 0;
            for (int i = 0; i <= letters[p].Count; i++)
            {
                if (i == ellipsisAt[p])
                {
                    for (int e = 0; e < covered; e++)
                    {
                        labels[axis++] = FirstEllipsisLabel + ellipsisRank - covered + e;
                    }
                }
                if (i < letters[p].Count)
                {
                    labels[axis++] = letters[p][i];
                    counts[letters[p][i]]++;
                }
            }
            inputs[p] = labels;
        }

        var output = new List<int>();
        if (outputText is null)
        {
            // NumPy's implicit output: the broadcast dimensions, then every letter seen exactly once, sorted.
            for (int e = 0; e < ellipsisRank; e++)
            {
                output.Add(FirstEllipsisLabel + e);
            }
            for (int label = 0; label < FirstEllipsisLabel; label++)
            {
                if (counts[label] == 1)
                {
                    output.Add(label);
                }
            }
        }
        else
        {
            List<int> outLetters = ParseTerm(outputText, subscripts, out int outEllipsis);
            if (outEllipsis < 0 && ellipsisRank > 0)
            {
                ThrowHelper.Value($"einsum: the inputs of '{subscripts}' broadcast {ellipsisRank} dimension(s) through '...' but the output has no '...'");
            }
            var seen = new bool[FirstEllipsisLabel];
            for (int i = 0; i <= outLetters.Count; i++)
            {
                if (i == outEllipsis)
                {
                    for (int e = 0; e < ellipsisRank; e++)
                    {
                        output.Add(FirstEllipsisLabel + e);
                    }
                }
                if (i < outLetters.Count)
                {
                    int label = outLetters[i];
                    if (counts[label] == 0)
                    {
                        ThrowHelper.Value($"einsum: output subscript '{LabelChar(label)}' of '{subscripts}' does not appear in the inputs");
                    }
                    if (seen[label])
                    {
                        ThrowHelper.Value($"einsum: output subscript '{LabelChar(label)}' of '{subscripts}' appears more than once");
                    }
                    seen[label] = true;
                    output.Add(label);
                }
            }
        }
        return new EinsumEquation(inputs, [.. output], ellipsisRank, outputText is not null);
    }

    /// <summary>The letters of one term; <paramref name="ellipsisAt"/> is the letter index the '...' precedes, or -1.</summary>
    private static List<int> ParseTerm(string term, string subscripts, out int ellipsisAt)
    {
        var labels = new List<int>(term.Length);
        ellipsisAt = -1;
        for (int i = 0; i < term.Length; i++)
        {
            char c = term[i];
            if (c == '.')
            {
                if (i + 2 >= term.Length || term[i + 1] != '.' || term[i + 2] != '.')
                {
                    ThrowHelper.Value($"einsum: subscripts '{subscripts}' have a '.' that is not part of an ellipsis '...'");
                }
                if (ellipsisAt >= 0)
                {
                    ThrowHelper.Value($"einsum: term '{term}' of '{subscripts}' has more than one ellipsis '...'");
                }
                ellipsisAt = labels.Count;
                i += 2;
                continue;
            }
            int label = LabelOf(c);
            if (label < 0)
            {
                ThrowHelper.Value($"einsum: invalid subscript '{c}' in '{subscripts}'; subscripts must be letters");
            }
            labels.Add(label);
        }
        return labels;
    }

    private static int LabelOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        _ => -1,
    };

    /// <summary>The letter of a letter label (ellipsis labels are rendered by <see cref="LabelNames"/>).</summary>
    public static char LabelChar(int label) => label < 26 ? (char)('A' + label) : (char)('a' + label - 26);

    /// <summary>
    /// A character for every label id, for printing plans: letters as written, and the ellipsis
    /// dimensions as letters the equation does not use (as <c>np.einsum_path</c> does).
    /// </summary>
    public char[] LabelNames()
    {
        var names = new char[LabelCount];
        var used = new bool[FirstEllipsisLabel];
        foreach (int[] term in Inputs)
        {
            foreach (int label in term)
            {
                if (label < FirstEllipsisLabel)
                {
                    used[label] = true;
                }
            }
        }
        for (int label = 0; label < FirstEllipsisLabel; label++)
        {
            names[label] = LabelChar(label);
        }
        int next = FirstEllipsisLabel - 1;
        char fallback = 'α';
        for (int e = 0; e < EllipsisRank; e++)
        {
            while (next >= 0 && used[next])
            {
                next--;
            }
            names[FirstEllipsisLabel + e] = next >= 0 ? LabelChar(next--) : fallback++;
        }
        return names;
    }

    /// <summary>Labels written as a term, e.g. "bik".</summary>
    public static string Term(IEnumerable<int> labels, char[] names)
    {
        var builder = new StringBuilder();
        foreach (int label in labels)
        {
            builder.Append(names[label]);
        }
        return builder.ToString();
    }
}
