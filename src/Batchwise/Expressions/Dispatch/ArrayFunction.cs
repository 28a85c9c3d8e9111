namespace Batchwise.Expressions;

/// <summary>Something to do with an array of whatever element type it has (C# has no generic lambdas).</summary>
internal interface IArrayFunction
{
    object? Invoke<T>(Tensor<T> x) where T : unmanaged;
}

/// <summary>Applies an <see cref="IArrayFunction"/> to an expression value.</summary>
internal static class ArrayFunction
{
    /// <exception cref="InvalidValueException">The value is not an array.</exception>
    public static object? Apply<TFunction>(object? value, TFunction function, string where) where TFunction : IArrayFunction => value switch
    {
        Tensor<bool> t => function.Invoke(t),
        Tensor<int> t => function.Invoke(t),
        Tensor<long> t => function.Invoke(t),
        Tensor<float> t => function.Invoke(t),
        Tensor<double> t => function.Invoke(t),
        _ => throw BoundArguments.Expected(where, "an array", value),
    };
}
