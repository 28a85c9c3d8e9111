namespace Batchwise.Expressions;

internal sealed partial class Evaluator<T>
{
    /// <summary><c>linalg.NAME(...)</c>: the batched numpy.linalg functions.</summary>
    private static object? CallLinalg(string name, Arguments args)
    {
        _ = args;
        throw new ExpressionException($"linalg.{name} is not implemented yet (issue #6)");
    }
}
