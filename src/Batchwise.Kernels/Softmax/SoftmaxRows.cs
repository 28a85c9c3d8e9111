using System.Numerics.Tensors;
using Batchwise.Kernels.Elementwise;
using Batchwise.Kernels.Isa;
using Batchwise.Kernels.Iteration;

namespace Batchwise.Kernels.Softmax;

/// <summary>
/// Softmax and log-softmax of contiguous rows, each row in a few passes that stay in cache:
/// <c>m = max x</c>, <c>e = exp(x − m)</c>, <c>s = Σ e</c>, then <c>e / s</c> (or <c>x − m − log s</c>).
/// IEEE arithmetic gives NumPy/PyTorch's edge cases for free: a row that is all −inf, holds +inf or
/// holds NaN becomes all NaN (∞ − ∞ and NaN propagate), and −inf entries become 0 (or −inf).
/// </summary>
/// <remarks>
/// Assumptions: rows are contiguous, <c>rowLength ≥ 1</c>, source and destination rows either
/// coincide or do not overlap, memory is pinned for the call. <c>safe</c> turns rows whose
/// maximum is −inf (every entry masked) into zeros instead of NaN (PyTorch's attention rule).
/// </remarks>
public static unsafe class SoftmaxRows
{
    /// <summary>
    /// Softmax of <paramref name="rows"/> rows of <paramref name="rowLength"/> elements. A large fresh
    /// destination (<paramref name="freshDestination"/>) has each row computed in a stack buffer and
    /// streamed out with non-temporal stores, which saves reading the destination's lines first.
    /// </summary>
    public static void Softmax<T>(T* source, nint sourceRowStride, T* destination, nint destinationRowStride, int rows, int rowLength, bool log, bool safe, bool freshDestination = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int workers = WorkSplitter.WorkersFor((long)rows * rowLength * 8);
        bool stream = freshDestination && StreamingStores.Worthwhile<T>((long)rows * rowLength)
            && rowLength * sizeof(T) <= StreamingStores.MaxStagedBytes;
        nint ps = (nint)source, pd = (nint)destination;
        WorkSplitter.For(rows, workers, (_, start, end) =>
        {
            Span<byte> staging = stream ? stackalloc byte[StreamingStores.MaxStagedBytes] : default;
            for (long r = start; r < end; r++)
            {
                var x = new ReadOnlySpan<T>((T*)ps + r * sourceRowStride, rowLength);
                T* row = (T*)pd + r * destinationRowStride;
                if (stream)
                {
                    Span<T> staged = MemoryMarshal.Cast<byte, T>(staging)[..rowLength];
                    Row(x, staged, log, safe);
                    fixed (T* p = staged)
                    {
                        StreamingStores.Copy((byte*)p, (byte*)row, rowLength * sizeof(T));
                    }
                }
                else
                {
                    Row(x, new Span<T>(row, rowLength), log, safe);
                }
            }
            if (stream)
            {
                System.Runtime.Intrinsics.X86.Sse.StoreFence();
            }
        });
    }

    /// <summary>One row.</summary>
    public static void Row<T>(ReadOnlySpan<T> x, Span<T> d, bool log, bool safe) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = TensorPrimitives.Max(x);
        if (safe && T.IsNegativeInfinity(max))
        {
            d.Fill(log ? T.NegativeInfinity : T.Zero);
            return;
        }
        TensorPrimitives.Subtract(x, max, d);
        if (log)
        {
            // log softmax = (x − m) − log Σ exp(x − m); the exponentials go through a small stack buffer.
            T sum = SumOfExp(d);
            TensorPrimitives.Subtract(d, T.Log(sum), d);
            return;
        }
        T total = typeof(T) != typeof(float) ? ExpAndSumPortable(d)
            : InstructionSet.UseVector512 && Vector512.IsHardwareAccelerated ? (T)(object)ExpAndSum(MemoryMarshal.Cast<T, float>(d))
            : InstructionSet.UseVector256 && Vector256.IsHardwareAccelerated ? (T)(object)ExpAndSum256(MemoryMarshal.Cast<T, float>(d))
            : ExpAndSumPortable(d);
        TensorPrimitives.Multiply(d, T.One / total, d);
    }

    private static T ExpAndSumPortable<T>(Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Exp(d, d);
        return TensorPrimitives.Sum<T>(d);
    }

    /// <summary>
    /// <c>d = exp(d)</c> and <c>Σ d</c> in one pass (the row stays in registers between the two), with
    /// the attention kernel's polynomial exp: within 2 ulp, exp(−inf) = 0 and NaN stays NaN.
    /// </summary>
    private static float ExpAndSum(Span<float> d)
    {
        ref float start = ref MemoryMarshal.GetReference(d);
        Vector512<float> sum = Vector512<float>.Zero;
        int i = 0;
        for (; i <= d.Length - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            Vector512<float> e = Vector512Ops<float>.Exp(Vector512.LoadUnsafe(ref start, (nuint)i));
            e.StoreUnsafe(ref start, (nuint)i);
            sum += e;
        }
        float total = Vector512.Sum(sum);
        for (; i < d.Length; i++)
        {
            d[i] = MathF.Exp(d[i]);
            total += d[i];
        }
        return total;
    }

    /// <summary><see cref="ExpAndSum"/> with 256-bit vectors (AVX2), two sums to hide the add latency.</summary>
    private static float ExpAndSum256(Span<float> d)
    {
        ref float start = ref MemoryMarshal.GetReference(d);
        int w = Vector256<float>.Count;
        Vector256<float> sum0 = Vector256<float>.Zero, sum1 = Vector256<float>.Zero;
        int i = 0;
        for (; i <= d.Length - 2 * w; i += 2 * w)
        {
            Vector256<float> e0 = Vector256Ops<float>.Exp(Vector256.LoadUnsafe(ref start, (nuint)i));
            Vector256<float> e1 = Vector256Ops<float>.Exp(Vector256.LoadUnsafe(ref start, (nuint)(i + w)));
            e0.StoreUnsafe(ref start, (nuint)i);
            e1.StoreUnsafe(ref start, (nuint)(i + w));
            sum0 += e0;
            sum1 += e1;
        }
        float total = Vector256.Sum(sum0 + sum1);
        for (; i < d.Length; i++)
        {
            d[i] = MathF.Exp(d[i]);
            total += d[i];
        }
        return total;
    }

    private static T SumOfExp<T>(ReadOnlySpan<T> shifted) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> chunk = stackalloc T[256];
        T sum = T.Zero;
        for (int i = 0; i < shifted.Length; i += chunk.Length)
        {
            ReadOnlySpan<T> part = shifted.Slice(i, Math.Min(chunk.Length, shifted.Length - i));
            Span<T> e = chunk[..part.Length];
            TensorPrimitives.Exp(part, e);
            sum += TensorPrimitives.Sum<T>(e);
        }
        return sum;
    }
}
