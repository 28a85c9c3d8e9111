using System.Numerics.Tensors;
using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Softmax;

/// <summary>
/// The passes of one softmax row, written once over the vector width: the maximum, then
/// <c>e = exp(x − m)</c> stored with its sum in the same pass, then <c>e · (1/s)</c>; for log-softmax
/// the sum alone, then <c>(x − m) − log s</c>. Each pass reads the row from L1 or L2.
/// </summary>
/// <remarks>
/// A row to prefetch is read one cache line per 64 bytes of exponentials made, so that its trip from
/// memory overlaps the most expensive pass instead of stalling the next row's maximum; for the same
/// reason a row to stream out (<see cref="PendingRow{T}"/>) goes out during that pass.
/// The maximum uses the instruction's own max, which may drop a NaN lane. That is harmless: a NaN in
/// the row still reaches the sum through <c>exp(NaN − m)</c>, so the whole row comes out NaN as NumPy's
/// does. Only the <c>safe</c> rule (an all −inf row gives zeros) asks again with an IEEE maximum, since a
/// row of −inf and NaN must stay NaN. Rows are at least one vector long (the caller picks the width).
/// </remarks>
internal static unsafe class RowPasses<T, TVector, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : IVectorOps<TVector, T>
{
    /// <summary>
    /// One row into <paramref name="work"/>, finished; or, with <paramref name="pending"/>, left in work to
    /// be multiplied by the factor returned (the caller streams it out), while the row before, which
    /// *<paramref name="pending"/> holds, is streamed out during the exponential pass.
    /// </summary>
    public static T Row(ReadOnlySpan<T> source, Span<T> work, bool log, bool safe, T* prefetch, PendingRow<T>* pending)
    {
        ref T x = ref MemoryMarshal.GetReference(source);
        ref T d = ref MemoryMarshal.GetReference(work);
        int n = source.Length;
        T max = Max(ref x, n);
        if (safe && T.IsNegativeInfinity(max) && T.IsNegativeInfinity(TensorPrimitives.Max(source)))
        {
            work.Fill(log ? T.NegativeInfinity : T.Zero);
            return T.One;
        }
        if (log)
        {
            Shift(ref x, max, T.Log(ExpAndSum(ref x, max, ref d, n, prefetch, pending, store: false)), ref d, n);
            return T.One;
        }
        T factor = T.One / ExpAndSum(ref x, max, ref d, n, prefetch, pending, store: true);
        if (pending != null)
        {
            return factor;
        }
        Scale(ref d, factor, n);
        return T.One;
    }

    /// <summary>The largest element, from four independent maxima.</summary>
    private static T Max(ref T x, int n)
    {
        int w = TOps.Count, i = 0;
        TVector m0 = TOps.Load(ref x, 0), m1 = m0, m2 = m0, m3 = m0;
        for (; i <= n - 4 * w; i += 4 * w)
        {
            m0 = TOps.Max(m0, TOps.Load(ref x, i));
            m1 = TOps.Max(m1, TOps.Load(ref x, i + w));
            m2 = TOps.Max(m2, TOps.Load(ref x, i + 2 * w));
            m3 = TOps.Max(m3, TOps.Load(ref x, i + 3 * w));
        }
        for (; i <= n - w; i += w)
        {
            m0 = TOps.Max(m0, TOps.Load(ref x, i));
        }
        // The last vector overlaps the one before: a maximum may count an element twice.
        m1 = TOps.Max(m1, TOps.Load(ref x, n - w));
        TVector m = TOps.Max(TOps.Max(m0, m1), TOps.Max(m2, m3));
        T max = T.NegativeInfinity;
        for (int lane = 0; lane < w; lane++)
        {
            max = T.Max(max, Unsafe.Add(ref Unsafe.As<TVector, T>(ref m), lane));
        }
        return max;
    }

    /// <summary>
    /// <c>Σ exp(x − m)</c>, with <c>d = exp(x − m)</c> when <paramref name="store"/> (log-softmax needs only
    /// the sum, and may work in place); two partial sums to hide the add latency. Software-pipelined:
    /// each step reduces the next two vectors' arguments while it finishes this pair's polynomials,
    /// so the two halves of the exponential's dependent chain overlap. Each step also streams out a pair
    /// of registers of the row before (<paramref name="pending"/>, when not null).
    /// </summary>
    private static T ExpAndSum(ref T x, T max, ref T d, int n, T* prefetch, PendingRow<T>* pending, bool store)
    {
        int w = TOps.Count, i = 0;
        TVector m = TOps.Broadcast(max), s0 = TOps.Zero, s1 = TOps.Zero;
        if (n >= 2 * w)
        {
            TVector r0 = TOps.ExpReduce(TOps.Subtract(TOps.Load(ref x, 0), m), out TVector c0);
            TVector r1 = TOps.ExpReduce(TOps.Subtract(TOps.Load(ref x, w), m), out TVector c1);
            for (; i <= n - 4 * w; i += 2 * w)
            {
                Prefetch(prefetch, i, w);
                if (pending != null)
                {
                    pending->StreamPair<TVector, TOps>();
                }
                TVector next0 = TOps.ExpReduce(TOps.Subtract(TOps.Load(ref x, i + 2 * w), m), out TVector nextScale0);
                TVector next1 = TOps.ExpReduce(TOps.Subtract(TOps.Load(ref x, i + 3 * w), m), out TVector nextScale1);
                TVector e0 = TOps.ExpFinish(r0, c0);
                TVector e1 = TOps.ExpFinish(r1, c1);
                if (store)
                {
                    TOps.Store(e0, ref d, i);
                    TOps.Store(e1, ref d, i + w);
                }
                s0 = TOps.Add(s0, e0);
                s1 = TOps.Add(s1, e1);
                (r0, r1, c0, c1) = (next0, next1, nextScale0, nextScale1);
            }
            Prefetch(prefetch, i, w);
            TVector last0 = TOps.ExpFinish(r0, c0), last1 = TOps.ExpFinish(r1, c1);
            if (store)
            {
                TOps.Store(last0, ref d, i);
                TOps.Store(last1, ref d, i + w);
            }
            s0 = TOps.Add(s0, last0);
            s1 = TOps.Add(s1, last1);
            i += 2 * w;
        }
        T sum = TOps.Sum(TOps.Add(s0, s1));
        for (; i < n; i++)
        {
            T e = T.Exp(Unsafe.Add(ref x, i) - max);
            if (store)
            {
                Unsafe.Add(ref d, i) = e;
            }
            sum += e;
        }
        return sum;
    }

    /// <summary>Fetches the 64-byte lines of <paramref name="row"/> that start among the two vectors at element <paramref name="i"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(T* row, int i, int w)
    {
        if (row == null || !Sse.IsSupported)
        {
            return;
        }
        int bytes = 2 * w * sizeof(T);
        for (int b = (64 - i * sizeof(T) % 64) % 64; b < bytes; b += 64)
        {
            Sse.Prefetch0((byte*)(row + i) + b);
        }
    }

    /// <summary><c>d = d · factor</c>.</summary>
    private static void Scale(ref T d, T factor, int n)
    {
        int w = TOps.Count, i = 0;
        TVector f = TOps.Broadcast(factor);
        for (; i <= n - w; i += w)
        {
            TOps.Store(TOps.Multiply(TOps.Load(ref d, i), f), ref d, i);
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) *= factor;
        }
    }

    /// <summary><c>d = (x − m) − log s</c>, in PyTorch's order of the two subtractions.</summary>
    private static void Shift(ref T x, T max, T logSum, ref T d, int n)
    {
        int w = TOps.Count, i = 0;
        TVector m = TOps.Broadcast(max), l = TOps.Broadcast(logSum);
        for (; i <= n - w; i += w)
        {
            TOps.Store(TOps.Subtract(TOps.Subtract(TOps.Load(ref x, i), m), l), ref d, i);
        }
        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = Unsafe.Add(ref x, i) - max - logSum;
        }
    }
}
