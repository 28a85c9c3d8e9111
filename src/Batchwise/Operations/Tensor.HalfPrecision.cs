using Batchwise.Kernels.Elementwise;
using Batchwise.Operations;

namespace Batchwise;

public static partial class Tensor
{
    // Conversions of the 16-bit float types. Half works through To<T, TOut> as any number type does;
    // BFloat16 to and from float takes the vectorised span conversions instead of a per-element loop.

    /// <summary>Converts float elements to bfloat16 (round to nearest even, overflow to ±∞, NaN kept).</summary>
    public static Tensor<BFloat16> ToBFloat16(Tensor<float> x) =>
        ElementwiseEngine.Unary<float, BFloat16, NarrowToBFloat16>("astype", x, null);

    /// <summary>Widens bfloat16 elements to float (exact).</summary>
    public static Tensor<float> ToSingle(Tensor<BFloat16> x) =>
        ElementwiseEngine.Unary<BFloat16, float, WidenBFloat16>("astype", x, null);

    extension(Tensor<Half> x)
    {
        /// <summary>The elements converted to <typeparamref name="TOut"/> (NumPy's <c>astype</c>; Half to float is exact).</summary>
        public Tensor<TOut> To<TOut>() where TOut : unmanaged, INumberBase<TOut> => To<Half, TOut>(x);
    }

    extension(Tensor<BFloat16> x)
    {
        /// <summary>The elements converted to <typeparamref name="TOut"/> (bfloat16 to float or double is exact).</summary>
        public Tensor<TOut> To<TOut>() where TOut : unmanaged, INumberBase<TOut> => To<BFloat16, TOut>(x);
    }

    /// <summary><c>bfloat16(x)</c>, ties to even.</summary>
    private readonly struct NarrowToBFloat16 : IUnaryOperator<float, BFloat16>
    {
        public static BFloat16 Invoke(float x) => (BFloat16)x;
        public static void Invoke(ReadOnlySpan<float> x, Span<BFloat16> d) => BFloat16.FromSingle(x, d);
    }

    /// <summary><c>float(x)</c>, exact.</summary>
    private readonly struct WidenBFloat16 : IUnaryOperator<BFloat16, float>
    {
        public static float Invoke(BFloat16 x) => (float)x;
        public static void Invoke(ReadOnlySpan<BFloat16> x, Span<float> d) => BFloat16.ToSingle(x, d);
    }
}
