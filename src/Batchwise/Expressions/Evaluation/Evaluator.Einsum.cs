namespace Batchwise.Expressions;

internal sealed partial class Evaluator<T>
{
    /// <summary><c>einsum(subscripts, *operands)</c>.</summary>
    private static object? CallEinsum(Arguments args)
    {
        _ = args;
        throw new ExpressionException("einsum is not implemented yet (issue #6)");
    }
}
