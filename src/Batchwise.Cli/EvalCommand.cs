using Batchwise.Conformance;

namespace Batchwise.Cli;

/// <summary><c>batchwise eval EXPR NAME=FILE.npy|NAME=KIND:SHAPE[:DTYPE] ... [--out result.npy]</c>.</summary>
internal static class EvalCommand
{
    /// <summary>Results larger than this are refused before anything is computed (2^28 elements, 1 GiB of float32).</summary>
    public const long MaxResultElements = GeneratedInput.MaxElements;

    public static Command Create(TextWriter output)
    {
        var expression = NamedArguments.Expression("A NumPy-syntax expression.");
        var inputs = NamedArguments.Inputs("NAME=FILE.npy or NAME=KIND:SHAPE[:DTYPE]; KIND is random, wellcond, spd, symmetric or causal.");
        var outFile = new Option<string?>("--out") { Description = "Save the result as .npy instead of printing it." };
        var seed = new Option<ulong>("--seed") { Description = "Seed for generated inputs.", DefaultValueFactory = _ => 0 };
        var command = new Command("eval", "Evaluate an expression and print the result as NumPy does (or save it).") { expression, inputs, outFile, seed };
        command.SetAction(parsed =>
        {
            string text = parsed.GetValue(expression)!;
            SyntaxNode tree = ExpressionParser.Parse(text);
            Dictionary<string, object> values = Inputs.Load(parsed.GetValue(inputs) ?? [], parsed.GetValue(seed), allowFiles: true);
            RefuseHugeResults(tree, values);
            object? result = Expression.Evaluate(tree, values);
            if (parsed.GetValue(outFile) is string path)
            {
                NpyFiles.Save(path, result);
                output.WriteLine($"saved {Describe(result)} to {path}");
            }
            else
            {
                output.WriteLine(Format(result));
            }
            return CommandLine.Success;
        });
        return command;
    }

    /// <summary>The shape checker runs first on the real shapes: a result too large to hold is refused before allocating.</summary>
    private static void RefuseHugeResults(SyntaxNode tree, Dictionary<string, object> values)
    {
        ShapeCheckResult check = ShapeChecker.Check(tree, Inputs.Shapes(values));
        foreach (ShapeStep step in check.Steps)
        {
            if (step.KnownSize > MaxResultElements)
            {
                throw new InvalidValueException($"`{step.Expression}` would have shape {step.Shape} ({step.KnownSize:N0} elements); refusing to allocate more than {MaxResultElements:N0}");
            }
        }
    }

    public static string Format(object? value) => value switch
    {
        null => "None",
        object?[] { Length: 1 } single => $"({Format(single[0])},)",
        object?[] tuple when tuple.All(v => v is long or double or bool) => "(" + string.Join(", ", tuple.Select(Format)) + ")",
        object?[] tuple => "(" + string.Join(",\n ", tuple.Select(Format)) + ")",
        Tensor<float> t => t.ToString(),
        Tensor<double> t => t.ToString(),
        Tensor<bool> t => t.ToString(),
        Tensor<long> t => t.ToString(),
        Tensor<int> t => t.ToString(),
        double d => SyntaxPrinter.FormatFloat(d),
        bool b => b ? "True" : "False",
        _ => value.ToString() ?? "",
    };

    private static string Describe(object? value) => value switch
    {
        Tensor<float> t => $"float32 array {t.ShapeString}",
        Tensor<double> t => $"float64 array {t.ShapeString}",
        Tensor<bool> t => $"bool array {t.ShapeString}",
        Tensor<long> t => $"int64 array {t.ShapeString}",
        Tensor<int> t => $"int32 array {t.ShapeString}",
        _ => value?.GetType().Name ?? "None",
    };
}
