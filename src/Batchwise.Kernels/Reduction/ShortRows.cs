using Batchwise.Kernels.Iteration;

namespace Batchwise.Kernels.Reduction;

/// <summary>
/// Sums, maxima and minima of short contiguous float or double rows (the last axis of a (1600, 64)
/// array), four rows at a time. Through <c>TensorPrimitives</c> each row cost a call, its checks and
/// its unrolled set-up, more than the arithmetic; and one row's additions form a single dependent
/// chain, so four rows interleaved keep the adders busy where one row waits on each step. Max and
/// min gain less: an IEEE maximum (NaN and signed zero rules) costs several instructions per vector on AVX2.
/// </summary>
internal static unsafe class ShortRows
{
    /// <summary>Longest row reduced here; longer rows amortise <c>TensorPrimitives</c>' wider loops.</summary>
    public const int MaxLength = 256;

    /// <summary>
    /// Accumulates runs [<paramref name="firstRun"/>, <paramref name="endRun"/>) of a nest whose inner
    /// axis is reduced and contiguous (n elements from <paramref name="innerStart"/>) when
    /// <typeparamref name="TOp"/> is a float or double sum, max or min; false (nothing done) otherwise.
    /// </summary>
    public static bool TryRun<TIn, TAcc, TOp>(in LoopNest nest, TAcc* output, TIn* input, long firstRun, long endRun, int innerStart, int n)
        where TIn : unmanaged
        where TAcc : unmanaged
    {
        if (n > MaxLength)
        {
            return false;
        }

        // Float row sums are added into double accumulators (SumReduction<float, double>).
        if (typeof(TOp) == typeof(SumReduction<float, double>))
        {
            Runs<float, double, SumRows<float>>(nest, (double*)output, (float*)input, firstRun, endRun, innerStart, n);
        }
        else if (typeof(TOp) == typeof(SumReduction<double, double>))
        {
            Runs<double, double, SumRows<double>>(nest, (double*)output, (double*)input, firstRun, endRun, innerStart, n);
        }
        else if (typeof(TOp) == typeof(MaxReduction<float>))
        {
            Runs<float, float, ExtremumRows<float, MaxReduction<float>>>(nest, (float*)output, (float*)input, firstRun, endRun, innerStart, n);
        }
        else if (typeof(TOp) == typeof(MaxReduction<double>))
        {
            Runs<double, double, ExtremumRows<double, MaxReduction<double>>>(nest, (double*)output, (double*)input, firstRun, endRun, innerStart, n);
        }
        else if (typeof(TOp) == typeof(MinReduction<float>))
        {
            Runs<float, float, ExtremumRows<float, MinReduction<float>>>(nest, (float*)output, (float*)input, firstRun, endRun, innerStart, n);
        }
        else if (typeof(TOp) == typeof(MinReduction<double>))
        {
            Runs<double, double, ExtremumRows<double, MinReduction<double>>>(nest, (double*)output, (double*)input, firstRun, endRun, innerStart, n);
        }
        else
        {
            return false;
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Runs<T, TAcc, TOp>(in LoopNest nest, TAcc* output, T* input, long firstRun, long endRun, int innerStart, int n)
        where T : unmanaged, INumberBase<T>
        where TAcc : unmanaged, INumberBase<TAcc>
        where TOp : IRowOperator<T>
    {
        var cursor = new OuterCursor(nest, firstRun);
        long run = firstRun;
        for (; run + 4 <= endRun; run += 4)
        {
            TAcc* o0 = output + cursor.Offset0;
            T* x0 = input + cursor.Offset1 + innerStart;
            cursor.MoveNext(nest);
            TAcc* o1 = output + cursor.Offset0;
            T* x1 = input + cursor.Offset1 + innerStart;
            cursor.MoveNext(nest);
            TAcc* o2 = output + cursor.Offset0;
            T* x2 = input + cursor.Offset1 + innerStart;
            cursor.MoveNext(nest);
            TAcc* o3 = output + cursor.Offset0;
            T* x3 = input + cursor.Offset1 + innerStart;
            cursor.MoveNext(nest);
            Reduce4<T, TOp>(x0, x1, x2, x3, n, out T r0, out T r1, out T r2, out T r3);
            *o0 = Into<T, TAcc, TOp>(*o0, r0);
            *o1 = Into<T, TAcc, TOp>(*o1, r1);
            *o2 = Into<T, TAcc, TOp>(*o2, r2);
            *o3 = Into<T, TAcc, TOp>(*o3, r3);
        }

        // The last one to three runs reuse the four-row kernel on one row.
        for (; run < endRun; run++)
        {
            TAcc* o = output + cursor.Offset0;
            T* x = input + cursor.Offset1 + innerStart;
            cursor.MoveNext(nest);
            Reduce4<T, TOp>(x, x, x, x, n, out T r, out _, out _, out _);
            *o = Into<T, TAcc, TOp>(*o, r);
        }
    }

    /// <summary>A row's result folded into its accumulator: the row operator's step, or a widening add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TAcc Into<T, TAcc, TOp>(TAcc accumulator, T row)
        where T : unmanaged, INumberBase<T>
        where TAcc : unmanaged, INumberBase<TAcc>
        where TOp : IRowOperator<T>
    {
        if (typeof(T) == typeof(TAcc))
        {
            T folded = TOp.Combine(Unsafe.As<TAcc, T>(ref accumulator), row);
            return Unsafe.As<T, TAcc>(ref folded);
        }
        // Only sums widen (float rows into double accumulators).
        return accumulator + TAcc.CreateTruncating(row);
    }

    /// <summary>The reductions of four rows of length <paramref name="n"/>, interleaved.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Reduce4<T, TOp>(T* x0, T* x1, T* x2, T* x3, int n, out T r0, out T r1, out T r2, out T r3)
        where T : unmanaged, INumberBase<T>
        where TOp : IRowOperator<T>
    {
        int i = 0;
        r0 = r1 = r2 = r3 = TOp.Identity;
        if (InstructionSet.UseVector256 && n >= Vector256<T>.Count)
        {
            int w = Vector256<T>.Count;
            Vector256<T> a0 = Vector256.Load(x0), a1 = Vector256.Load(x1), a2 = Vector256.Load(x2), a3 = Vector256.Load(x3);
            for (i = w; i + w <= n; i += w)
            {
                a0 = TOp.Combine(a0, Vector256.Load(x0 + i));
                a1 = TOp.Combine(a1, Vector256.Load(x1 + i));
                a2 = TOp.Combine(a2, Vector256.Load(x2 + i));
                a3 = TOp.Combine(a3, Vector256.Load(x3 + i));
            }

            r0 = TOp.Fold(TOp.Combine(a0.GetLower(), a0.GetUpper()));
            r1 = TOp.Fold(TOp.Combine(a1.GetLower(), a1.GetUpper()));
            r2 = TOp.Fold(TOp.Combine(a2.GetLower(), a2.GetUpper()));
            r3 = TOp.Fold(TOp.Combine(a3.GetLower(), a3.GetUpper()));
        }
        else if (InstructionSet.UseVector128 && n >= Vector128<T>.Count)
        {
            int w = Vector128<T>.Count;
            Vector128<T> a0 = Vector128.Load(x0), a1 = Vector128.Load(x1), a2 = Vector128.Load(x2), a3 = Vector128.Load(x3);
            for (i = w; i + w <= n; i += w)
            {
                a0 = TOp.Combine(a0, Vector128.Load(x0 + i));
                a1 = TOp.Combine(a1, Vector128.Load(x1 + i));
                a2 = TOp.Combine(a2, Vector128.Load(x2 + i));
                a3 = TOp.Combine(a3, Vector128.Load(x3 + i));
            }

            r0 = TOp.Fold(a0);
            r1 = TOp.Fold(a1);
            r2 = TOp.Fold(a2);
            r3 = TOp.Fold(a3);
        }

        for (; i < n; i++)
        {
            r0 = TOp.Combine(r0, x0[i]);
            r1 = TOp.Combine(r1, x1[i]);
            r2 = TOp.Combine(r2, x2[i]);
            r3 = TOp.Combine(r3, x3[i]);
        }
    }

    /// <summary>A reduction's lane-wise and scalar steps, and the fold of a vector's lanes to one value.</summary>
    private interface IRowOperator<T>
        where T : unmanaged, INumberBase<T>
    {
        static abstract T Identity { get; }

        static abstract T Combine(T a, T b);

        static abstract Vector128<T> Combine(Vector128<T> a, Vector128<T> b);

        static abstract Vector256<T> Combine(Vector256<T> a, Vector256<T> b);

        static abstract T Fold(Vector128<T> v);
    }

    /// <summary>Folds a vector's lanes with lane-wise steps on halves swapped by shuffles.</summary>
    private static class Lanes<T>
        where T : unmanaged, INumberBase<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Fold<TOp>(Vector128<T> v)
            where TOp : IRowOperator<T>
        {
            if (typeof(T) == typeof(float))
            {
                Vector128<float> f = v.AsSingle();
                v = TOp.Combine(v, Vector128.Shuffle(f, Vector128.Create(2, 3, 0, 1)).As<float, T>());
                f = v.AsSingle();
                v = TOp.Combine(v, Vector128.Shuffle(f, Vector128.Create(1, 0, 3, 2)).As<float, T>());
            }
            else
            {
                Vector128<double> d = v.AsDouble();
                v = TOp.Combine(v, Vector128.Shuffle(d, Vector128.Create(1L, 0L)).As<double, T>());
            }

            return v.ToScalar();
        }
    }

    /// <summary>a + b (the fold adds the lanes).</summary>
    private readonly struct SumRows<T> : IRowOperator<T>
        where T : unmanaged, INumberBase<T>
    {
        public static T Identity => T.Zero;

        public static T Combine(T a, T b) => a + b;

        public static Vector128<T> Combine(Vector128<T> a, Vector128<T> b) => a + b;

        public static Vector256<T> Combine(Vector256<T> a, Vector256<T> b) => a + b;

        public static T Fold(Vector128<T> v) => Vector128.Sum(v);
    }

    /// <summary>
    /// The row form of <see cref="MaxReduction{T}"/> or <see cref="MinReduction{T}"/>: NaN if either is
    /// NaN, +0 above -0. <c>Vector128.Max</c>/<c>Min</c> and <c>T.Max</c>/<c>Min</c> follow IEEE 754:2019
    /// in .NET 9 and later, as <c>TensorPrimitives.Max</c> does.
    /// </summary>
    private readonly struct ExtremumRows<T, TReduction> : IRowOperator<T>
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
        where TReduction : IReductionOperator<T, T>
    {
        private static bool IsMax => typeof(TReduction) == typeof(MaxReduction<T>);

        public static T Identity => TReduction.Identity;

        public static T Combine(T a, T b) => TReduction.Combine(a, b);

        public static Vector128<T> Combine(Vector128<T> a, Vector128<T> b) => IsMax ? Vector128.Max(a, b) : Vector128.Min(a, b);

        public static Vector256<T> Combine(Vector256<T> a, Vector256<T> b) => IsMax ? Vector256.Max(a, b) : Vector256.Min(a, b);

        public static T Fold(Vector128<T> v) => Lanes<T>.Fold<ExtremumRows<T, TReduction>>(v);
    }
}
