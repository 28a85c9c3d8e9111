namespace Batchwise.Expressions;

/// <summary>
/// Arguments read as arrays or scalars of the element type a call computes in, for entries generic
/// over any element type. By the time an entry runs, <see cref="Dispatcher"/> has converted its
/// arrays, so only Python numbers are converted here: weak scalars take the array's type.
/// </summary>
internal static class ArgumentValues
{
    /// <summary>An argument as an array of <typeparamref name="T"/>: a Python number becomes a 0-d array.</summary>
    public static Tensor<T> Tensor<T>(object? value, string where) where T : unmanaged => value switch
    {
        Tensor<T> t => t,
        long or double or bool => Batchwise.Tensor.Scalar(Scalar<T>(value, where)),
        _ => throw BoundArguments.Expected(where, $"a {ArrayTypes.Name(ArrayTypes.For<T>())} array", value),
    };

    /// <summary>A Python number (or bool) in <typeparamref name="T"/>; floats to ints truncate.</summary>
    public static T Scalar<T>(object? value, string where) where T : unmanaged
    {
        double number = value switch
        {
            long i => i,
            double d => d,
            bool b => b ? 1 : 0,
            _ => throw BoundArguments.Expected(where, "a number", value),
        };
        object converted = ArrayTypes.For<T>() switch
        {
            ArrayType.Bool => number != 0,
            ArrayType.Int32 => value is long i32
                ? (i32 is >= int.MinValue and <= int.MaxValue ? (int)i32 : throw new InvalidValueException($"Python integer {i32} out of bounds for int32"))
                : (int)number,
            ArrayType.Int64 => value is long i64 ? i64 : (long)number,
            ArrayType.Float32 => (float)number,
            _ => number,
        };
        return (T)converted;
    }

    /// <summary>An argument as a bool mask.</summary>
    public static Tensor<bool> Mask(object? value, string where) => value switch
    {
        Tensor<bool> b => b,
        bool b => Batchwise.Tensor.Scalar(b),
        _ => throw BoundArguments.Expected(where, "a bool array", value),
    };

    /// <summary>An index array as int64 (int32 and bool index arrays are converted).</summary>
    public static Tensor<long> Indices(object? value, string where) => value switch
    {
        Tensor<long> l => l,
        Tensor<int> i => i.To<long>(),
        long l => Batchwise.Tensor.Scalar(l),
        Tensor<float> or Tensor<double> => throw new AxisIndexException($"{where}: arrays used as indices must be of integer (or boolean) type"),
        _ => throw BoundArguments.Expected(where, "an int array", value),
    };

    /// <summary>The shape of any array value.</summary>
    public static int[] ShapeOf(object? value, string where) =>
        ArrayTypes.Of(value) is null ? throw BoundArguments.Expected(where, "an array", value) : Shape(value).ToArray();

    /// <summary>The shape of an array value without a copy; empty for anything else (and for 0-d arrays).</summary>
    public static ReadOnlySpan<int> Shape(object? value) => value switch
    {
        Tensor<bool> t => t.Shape,
        Tensor<int> t => t.Shape,
        Tensor<long> t => t.Shape,
        Tensor<float> t => t.Shape,
        Tensor<double> t => t.Shape,
        _ => [],
    };
}
