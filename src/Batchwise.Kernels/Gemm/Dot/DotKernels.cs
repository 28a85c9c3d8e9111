using Batchwise.Kernels.Isa;

namespace Batchwise.Kernels.Gemm.Dot;

/// <summary>
/// Dot products read in place (m = n = 1), item by item over a batch range: the fallback of every
/// dot-shaped product and the inner loop of <see cref="GemvKernels"/>.
/// </summary>
internal static unsafe class DotKernels
{
    /// <summary>C[b] = a[b] . b[b] (+ bias[0]) (+ C[b]) for batch items [i0, i1); m = n = 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dot<T>(in GemmJob<T> job, long i0, long i1)
        where T : unmanaged, INumberBase<T>
    {
        // Assumptions: m = n = 1; A's row is read along ACol, B's column along BRow.
        Debug.Assert(job.M == 1 && job.N == 1);
        int k = job.K;
        T bias = job.Bias != null ? job.Bias[0] : T.Zero;
        for (long item = i0; item < i1; item++)
        {
            job.ItemOffsets(item, out nint offA, out nint offB, out nint offC);
            T sum = DotAlong(job.A + offA, job.ACol, job.B + offB, job.BRow, k);
            T* c = job.C + offC;
            sum += bias;
            *c = job.Accumulate ? *c + sum : sum;
        }
    }

    /// <summary>x . y over k elements read along strides xs and ys (the vector loop when both are 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T DotAlong<T>(T* x, nint xs, T* y, nint ys, int k)
        where T : unmanaged, INumberBase<T> =>
        xs == 1 && ys == 1 ? DotContiguous(x, y, k) : DotStrided(x, xs, y, ys, k);

    /// <summary>x . y over k contiguous elements, in the widest vectors that k fills.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T DotContiguous<T>(T* x, T* y, int k)
        where T : unmanaged, INumberBase<T>
    {
        if (Vector512Ops<T>.IsEnabled && k >= Vector512<T>.Count)
        {
            return DotVectors<T, Vector512<T>, Vector512Ops<T>>(x, y, k);
        }

        if (Vector256Ops<T>.IsEnabled && k >= Vector256<T>.Count)
        {
            return DotVectors<T, Vector256<T>, Vector256Ops<T>>(x, y, k);
        }

        if (Vector128Ops<T>.IsEnabled && k >= Vector128<T>.Count)
        {
            return DotVectors<T, Vector128<T>, Vector128Ops<T>>(x, y, k);
        }

        return DotVectors<T, T, ScalarOps<T>>(x, y, k);
    }

    /// <summary>Two independent FMA chains of one width, then the tail element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T DotVectors<T, TVector, TOps>(T* x, T* y, int k)
        where T : unmanaged, INumberBase<T>
        where TVector : unmanaged
        where TOps : struct, IVectorOps<TVector, T>
    {
        int p = FmaChains<T, TVector, TOps>(x, y, k, out TVector s0, out TVector s1);
        T sum = TOps.Sum(TOps.Add(s0, s1));
        for (; p < k; p++)
        {
            sum += x[p] * y[p];
        }

        return sum;
    }

    /// <summary>
    /// The whole registers of <c>x·y</c> as two independent FMA chains (two loads per FMA hide its
    /// latency): returns how many elements they covered, a multiple of the width; the caller adds the
    /// tail, element by element or, in the dot blocks, through a masked load into <paramref name="s1"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FmaChains<T, TVector, TOps>(T* x, T* y, int k, out TVector s0, out TVector s1)
        where T : unmanaged
        where TVector : unmanaged
        where TOps : struct, IVectorOps<TVector, T>
    {
        // TOps.Count, not a local copy, in the addresses: the JIT then folds it into their displacement.
        int p = 0;
        s0 = TOps.Zero;
        s1 = TOps.Zero;
        for (; p + 2 * TOps.Count <= k; p += 2 * TOps.Count)
        {
            s0 = TOps.Fma(TOps.Load(x + p), TOps.Load(y + p), s0);
            s1 = TOps.Fma(TOps.Load(x + p + TOps.Count), TOps.Load(y + p + TOps.Count), s1);
        }

        if (p + TOps.Count <= k)
        {
            s0 = TOps.Fma(TOps.Load(x + p), TOps.Load(y + p), s0);
            p += TOps.Count;
        }

        return p;
    }

    private static T DotStrided<T>(T* x, nint xs, T* y, nint ys, int k)
        where T : unmanaged, INumberBase<T>
    {
        T s0 = T.Zero, s1 = T.Zero;
        int p = 0;
        for (; p + 1 < k; p += 2)
        {
            s0 += x[p * xs] * y[p * ys];
            s1 += x[(p + 1) * xs] * y[(p + 1) * ys];
        }

        if (p < k)
        {
            s0 += x[p * xs] * y[p * ys];
        }

        return s0 + s1;
    }
}
