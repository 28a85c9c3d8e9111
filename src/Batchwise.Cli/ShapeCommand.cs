namespace Batchwise.Cli;

/// <summary><c>batchwise shape EXPR NAME=DIMS ... [--explain]</c>: the symbolic result shape.</summary>
internal static class ShapeCommand
{
    public static Command Create(TextWriter output)
    {
        var expression = NamedArguments.Expression("A NumPy-syntax expression, e.g. \"l[..., None, :] @ r\".");
        var inputs = NamedArguments.Inputs("NAME=DIMS, dims numbers or names: l=b1,b2,m");
        var explain = new Option<bool>("--explain") { Description = "Print every sub-expression with its shape, one per line." };
        var command = new Command("shape", "Check an expression's shapes symbolically and print the result's shape.") { expression, inputs, explain };
        command.SetAction(parsed =>
        {
            var shapes = NamedArguments.Parse(parsed.GetValue(inputs) ?? [])
                .ToDictionary(i => i.Name, i => SymbolicDim.ParseShape(i.Value));
            string text = parsed.GetValue(expression)!;
            try
            {
                ShapeCheckResult result = ShapeChecker.Check(text, shapes);
                if (parsed.GetValue(explain))
                {
                    WriteSteps(output, result.Steps);
                }
                output.WriteLine(result.Result);
                return CommandLine.Success;
            }
            catch (ShapeCheckException e) when (parsed.GetValue(explain))
            {
                WriteSteps(output, e.Steps);
                throw;
            }
        });
        return command;
    }

    private static void WriteSteps(TextWriter output, IReadOnlyList<ShapeStep> steps)
    {
        int width = steps.Count == 0 ? 0 : Math.Min(steps.Max(s => s.Expression.Length), 60);
        foreach (ShapeStep step in steps)
        {
            output.WriteLine($"{step.Expression.PadRight(width)}  ->  {step.Shape}");
        }
    }
}
