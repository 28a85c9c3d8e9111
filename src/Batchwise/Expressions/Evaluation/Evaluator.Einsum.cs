namespace Batchwise.Expressions;

internal sealed partial class Evaluator<T>
{
    /// <summary><c>einsum(subscripts, *operands)</c>: NumPy's einsum (<see cref="Batchwise.Tensor.Einsum{T}"/>).</summary>
    private static object? CallEinsum(Arguments args)
    {
        if (args.Required(0, "subscripts") is not string subscripts)
        {
            throw new InvalidValueException("einsum(): subscripts must be a string (the sublist form is not supported)");
        }
        Tensor<T>[] operands = args.Rest(1).Select(value => Tensor(value, "einsum")).ToArray();
        // NumPy's optimize= chooses whether to plan; Batchwise always plans, so the keyword is accepted and ignored.
        _ = args.Optional(-1, "optimize", null);
        args.CheckAllUsed();
        return Batchwise.Tensor.Einsum(subscripts, operands);
    }
}
