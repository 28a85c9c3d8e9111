namespace Batchwise.Expressions;

/// <summary>The element types an expression computes in, ordered so that promotion is mostly a max.</summary>
internal enum ArrayType
{
    Bool,
    Int32,
    Int64,
    Float32,
    Float64,
}

/// <summary>
/// NumPy 2's promotion rules for expression values: by dtype only, never by value or rank. Int with
/// float gives float64 (NumPy, unlike PyTorch, which keeps float32); bool with a number gives the number.
/// </summary>
internal static class ArrayTypes
{
    /// <summary>The element type of a tensor value, or null for anything else.</summary>
    public static ArrayType? Of(object? value) => value switch
    {
        Tensor<bool> => ArrayType.Bool,
        Tensor<int> => ArrayType.Int32,
        Tensor<long> => ArrayType.Int64,
        Tensor<float> => ArrayType.Float32,
        Tensor<double> => ArrayType.Float64,
        _ => null,
    };

    /// <summary>The type both operands convert to.</summary>
    public static ArrayType Promote(ArrayType a, ArrayType b)
    {
        (ArrayType low, ArrayType high) = a <= b ? (a, b) : (b, a);
        return (low, high) switch
        {
            _ when low == high => low,
            (ArrayType.Bool, _) => high,
            (ArrayType.Int32 or ArrayType.Int64, ArrayType.Float32) => ArrayType.Float64,
            _ => high,
        };
    }

    /// <summary>NumPy's name: float32, int64, bool...</summary>
    public static string Name(ArrayType type) => type switch
    {
        ArrayType.Bool => "bool",
        ArrayType.Int32 => "int32",
        ArrayType.Int64 => "int64",
        ArrayType.Float32 => "float32",
        _ => "float64",
    };

    /// <summary>The type a dtype string names (<c>'float32'</c>, <c>'int64'</c>, NumPy's aliases too).</summary>
    /// <exception cref="InvalidValueException">A dtype the evaluator does not compute in.</exception>
    public static ArrayType Parse(string dtype) => dtype switch
    {
        "bool" or "bool_" => ArrayType.Bool,
        "int32" or "i4" => ArrayType.Int32,
        "int64" or "int" or "i8" or "long" => ArrayType.Int64,
        "float32" or "f4" or "single" => ArrayType.Float32,
        "float64" or "f8" or "float" or "double" => ArrayType.Float64,
        _ => throw new InvalidValueException($"data type '{ExpressionException.Shorten(dtype)}' not understood; expressions compute in bool, int32, int64, float32 and float64"),
    };

    /// <summary>
    /// A tensor value converted to <paramref name="type"/> with NumPy's casting: floats to ints
    /// truncate, numbers to bool are <c>x != 0</c>, bools to numbers are 0 or 1. The same type is no copy.
    /// </summary>
    public static object Convert(object tensor, ArrayType type) => (tensor, type) switch
    {
        (Tensor<bool> m, ArrayType.Bool) => m,
        (Tensor<bool> m, ArrayType.Int32) => m.To<int>(),
        (Tensor<bool> m, ArrayType.Int64) => m.To<long>(),
        (Tensor<bool> m, ArrayType.Float32) => m.To<float>(),
        (Tensor<bool> m, _) => m.To<double>(),
        (Tensor<int> x, _) => From(x, type),
        (Tensor<long> x, _) => From(x, type),
        (Tensor<float> x, _) => From(x, type),
        (Tensor<double> x, _) => From(x, type),
        _ => throw new InvalidValueException($"cannot convert a {BoundArguments.Describe(tensor)} to {Name(type)}"),
    };

    private static object From<T>(Tensor<T> x, ArrayType type) where T : unmanaged, INumberBase<T> =>
        Of(x) == type
            ? x
            : type switch
            {
                ArrayType.Bool => Tensor.ToBool(x),
                ArrayType.Int32 => Tensor.To<T, int>(x),
                ArrayType.Int64 => Tensor.To<T, long>(x),
                ArrayType.Float32 => Tensor.To<T, float>(x),
                _ => Tensor.To<T, double>(x),
            };

    /// <summary>The element type <typeparamref name="T"/> stands for.</summary>
    public static ArrayType For<T>() where T : unmanaged => typeof(T) switch
    {
        Type t when t == typeof(bool) => ArrayType.Bool,
        Type t when t == typeof(int) => ArrayType.Int32,
        Type t when t == typeof(long) => ArrayType.Int64,
        Type t when t == typeof(float) => ArrayType.Float32,
        Type t when t == typeof(double) => ArrayType.Float64,
        Type t => throw new InvalidOperationException($"expressions do not compute in {t.Name}"),
    };
}
