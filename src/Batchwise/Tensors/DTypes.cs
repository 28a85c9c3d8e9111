namespace Batchwise;

/// <summary>NumPy's names for the element types Batchwise supports.</summary>
public static class DTypes
{
    /// <summary>The NumPy name of <typeparamref name="T"/> (float32, float64, float16, bfloat16, bool, int32, int64...).</summary>
    public static string NameOf<T>() => Names<T>.Name;

    /// <summary>NumPy's rule: the kind (float, int, uint) and the width in bits; bool and bfloat16 by name.</summary>
    private static class Names<T>
    {
        public static readonly string Name = typeof(T) switch
        {
            Type t when t == typeof(bool) => "bool",
            Type t when t == typeof(BFloat16) => "bfloat16",
            Type t when t == typeof(Half) || t == typeof(float) || t == typeof(double) => $"float{Bits}",
            Type t when t == typeof(sbyte) || t == typeof(short) || t == typeof(int) || t == typeof(long) => $"int{Bits}",
            Type t when t == typeof(byte) || t == typeof(ushort) || t == typeof(uint) || t == typeof(ulong) => $"uint{Bits}",
            Type t => t.Name,
        };

        private static int Bits => 8 * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
    }
}
