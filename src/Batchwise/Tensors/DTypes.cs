namespace Batchwise;

/// <summary>NumPy's names for the element types Batchwise supports.</summary>
public static class DTypes
{
    /// <summary>The NumPy name of <typeparamref name="T"/> (float32, float64, float16, bfloat16, bool, int32, int64...).</summary>
    public static string NameOf<T>() => typeof(T) switch
    {
        Type t when t == typeof(float) => "float32",
        Type t when t == typeof(double) => "float64",
        Type t when t == typeof(bool) => "bool",
        Type t when t == typeof(int) => "int32",
        Type t when t == typeof(long) => "int64",
        Type t when t == typeof(Half) => "float16",
        Type t when t == typeof(BFloat16) => "bfloat16",
        Type t when t == typeof(byte) => "uint8",
        Type t when t == typeof(short) => "int16",
        Type t when t == typeof(sbyte) => "int8",
        Type t when t == typeof(ushort) => "uint16",
        Type t when t == typeof(uint) => "uint32",
        Type t when t == typeof(ulong) => "uint64",
        Type t => t.Name,
    };
}
