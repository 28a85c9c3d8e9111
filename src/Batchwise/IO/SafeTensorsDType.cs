namespace Batchwise.IO;

/// <summary>The element types a safetensors file may hold (the header's <c>dtype</c> strings).</summary>
public enum SafeTensorsDType
{
    /// <summary><c>BOOL</c>: one byte, 0 false and anything else true; loads as <see cref="bool"/>.</summary>
    Bool,
    /// <summary><c>U8</c>: loads as <see cref="byte"/>.</summary>
    U8,
    /// <summary><c>I8</c>: loads as <see cref="sbyte"/>.</summary>
    I8,
    /// <summary><c>I16</c>: loads as <see cref="short"/>.</summary>
    I16,
    /// <summary><c>I32</c>: loads as <see cref="int"/>.</summary>
    I32,
    /// <summary><c>I64</c>: loads as <see cref="long"/>.</summary>
    I64,
    /// <summary><c>F16</c>: IEEE half precision; loads as <see cref="Half"/>.</summary>
    F16,
    /// <summary><c>BF16</c>: bfloat16; loads as <see cref="BFloat16"/>.</summary>
    BF16,
    /// <summary><c>F32</c>: loads as <see cref="float"/>.</summary>
    F32,
    /// <summary><c>F64</c>: loads as <see cref="double"/>.</summary>
    F64,
}

/// <summary>Sizes, names and .NET types of <see cref="SafeTensorsDType"/>.</summary>
public static class SafeTensorsDTypes
{
    /// <summary>Bytes per element.</summary>
    public static int ItemSize(this SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.Bool or SafeTensorsDType.U8 or SafeTensorsDType.I8 => 1,
        SafeTensorsDType.I16 or SafeTensorsDType.F16 or SafeTensorsDType.BF16 => 2,
        SafeTensorsDType.I32 or SafeTensorsDType.F32 => 4,
        _ => 8,
    };

    /// <summary>The header spelling: <c>F32</c>, <c>BF16</c>, <c>BOOL</c>...</summary>
    public static string HeaderName(this SafeTensorsDType dtype) => dtype == SafeTensorsDType.Bool ? "BOOL" : dtype.ToString();

    /// <summary>The .NET type elements load as.</summary>
    public static Type ClrType(this SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.Bool => typeof(bool),
        SafeTensorsDType.U8 => typeof(byte),
        SafeTensorsDType.I8 => typeof(sbyte),
        SafeTensorsDType.I16 => typeof(short),
        SafeTensorsDType.I32 => typeof(int),
        SafeTensorsDType.I64 => typeof(long),
        SafeTensorsDType.F16 => typeof(Half),
        SafeTensorsDType.BF16 => typeof(BFloat16),
        SafeTensorsDType.F32 => typeof(float),
        _ => typeof(double),
    };

    /// <summary>The dtype that stores <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no safetensors dtype.</exception>
    public static SafeTensorsDType Of<T>()
    {
        // The inverse of ClrType: every dtype loads as its own .NET type.
        foreach (SafeTensorsDType dtype in Enum.GetValues<SafeTensorsDType>())
        {
            if (dtype.ClrType() == typeof(T))
            {
                return dtype;
            }
        }
        throw new NotSupportedException($"safetensors: no dtype for element type {typeof(T).Name}; use bool, byte, sbyte, short, int, long, Half, BFloat16, float or double");
    }

    /// <summary>Parses a header <c>dtype</c> string (exact, upper case, as the format defines it).</summary>
    /// <exception cref="InvalidDataException">An unknown dtype.</exception>
    public static SafeTensorsDType Parse(string name) => name switch
    {
        "BOOL" => SafeTensorsDType.Bool,
        "U8" => SafeTensorsDType.U8,
        "I8" => SafeTensorsDType.I8,
        "I16" => SafeTensorsDType.I16,
        "I32" => SafeTensorsDType.I32,
        "I64" => SafeTensorsDType.I64,
        "F16" => SafeTensorsDType.F16,
        "BF16" => SafeTensorsDType.BF16,
        "F32" => SafeTensorsDType.F32,
        "F64" => SafeTensorsDType.F64,
        _ => throw new InvalidDataException($"safetensors: unsupported dtype '{NpyDType.Printable(name)}'; Batchwise reads F64 F32 F16 BF16 I64 I32 I16 I8 U8 BOOL"),
    };
}
