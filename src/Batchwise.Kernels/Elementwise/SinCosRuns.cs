using System.Numerics.Tensors;
using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Elementwise;

/// <summary>
/// Float sine and cosine of a run: blocks whose arguments all lie within ±8192 take
/// <see cref="FastSinCos"/> on the widest vector path; a block holding a larger, infinite or NaN
/// argument goes to TensorPrimitives, whose float sine and cosine reduce any argument but cost about
/// four times as much on the 256-bit path. The destination may be the source.
/// </summary>
internal static class SinCosRuns
{
    private const int BlockLength = 1024;

    /// <summary><c>d = sin x</c> (or cos); <typeparamref name="T"/> is float (the operators' generic parameter).</summary>
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> d, bool cosine)
    {
        Debug.Assert(typeof(T) == typeof(float) && d.Length >= x.Length);
        ReadOnlySpan<float> source = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(x)), x.Length);
        Span<float> destination = MemoryMarshal.CreateSpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(d)), x.Length);
        for (int start = 0; start < source.Length; start += BlockLength)
        {
            int length = Math.Min(BlockLength, source.Length - start);
            ReadOnlySpan<float> block = source.Slice(start, length);
            Span<float> into = destination.Slice(start, length);
            // MaxMagnitude keeps its element's sign, and is NaN when a NaN is present (NaN <= bound is false).
            bool inRange = Math.Abs(TensorPrimitives.MaxMagnitude(block)) <= FastSinCos.LargestArgument;
            int done = !inRange ? 0
                : cosine ? RegisterRuns.Whole<Cosine>(block, into)
                : RegisterRuns.Whole<Sine>(block, into);
            if (cosine)
            {
                TensorPrimitives.Cos(block[done..], into[done..]);
            }
            else
            {
                TensorPrimitives.Sin(block[done..], into[done..]);
            }
        }
    }

    private readonly struct Sine : IRegisterFunction
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVector Apply<TVector, TOps>(TVector x) where TOps : IVectorOps<TVector, float> => FastSinCos.Evaluate<TVector, TOps>(x, cosine: false);
    }

    private readonly struct Cosine : IRegisterFunction
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVector Apply<TVector, TOps>(TVector x) where TOps : IVectorOps<TVector, float> => FastSinCos.Evaluate<TVector, TOps>(x, cosine: true);
    }
}
