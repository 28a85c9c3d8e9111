using Batchwise.Kernels.Iteration;
using Batchwise.Kernels.Reduction;
using Batchwise.Layouts;
using Batchwise.Operations;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary>
    /// Σ over all axes (0-d result, or all-ones shape with <paramref name="keepDims"/>). NaN propagates; the
    /// empty sum is 0. Float and double sums accumulate in double (rows of up to 256 contiguous floats are
    /// first summed in float lanes), pairwise over contiguous runs, and are rounded once: at least as
    /// accurate as NumPy's pairwise sums, also over strided and broadcast inputs.
    /// </summary>
    public static Tensor<T> Sum<T>(Tensor<T> x, bool keepDims = false) where T : unmanaged, INumberBase<T> =>
        SumOver(x, ReductionEngine.Mask(x.Rank, default, all: true), keepDims);

    /// <summary>Σ over the given axes (negative count from the end; <c>[]</c> reduces nothing).</summary>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    /// <exception cref="InvalidValueException">A repeated axis.</exception>
    public static Tensor<T> Sum<T>(Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims = false) where T : unmanaged, INumberBase<T> =>
        SumOver(x, ReductionEngine.Mask(x.Rank, axes, all: false), keepDims);

    /// <summary>Σ over one axis.</summary>
    public static Tensor<T> Sum<T>(Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged, INumberBase<T> => Sum(x, [axis], keepDims);

    /// <summary>Π over all axes; the empty product is 1.</summary>
    public static Tensor<T> Prod<T>(Tensor<T> x, bool keepDims = false) where T : unmanaged, INumberBase<T> =>
        ReductionEngine.Reduce<T, ProductReduction<T>>(x, ReductionEngine.Mask(x.Rank, default, all: true), keepDims);

    /// <summary>Π over the given axes.</summary>
    public static Tensor<T> Prod<T>(Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims = false) where T : unmanaged, INumberBase<T> =>
        ReductionEngine.Reduce<T, ProductReduction<T>>(x, ReductionEngine.Mask(x.Rank, axes, all: false), keepDims);

    /// <summary>The mean over all axes; the empty mean is NaN.</summary>
    public static Tensor<T> Mean<T>(Tensor<T> x, bool keepDims = false) where T : unmanaged, INumberBase<T> =>
        MeanOver(x, ReductionEngine.Mask(x.Rank, default, all: true), keepDims);

    /// <summary>The mean over the given axes; a mean over nothing is NaN.</summary>
    public static Tensor<T> Mean<T>(Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims = false) where T : unmanaged, INumberBase<T> =>
        MeanOver(x, ReductionEngine.Mask(x.Rank, axes, all: false), keepDims);

    /// <summary>The mean over one axis.</summary>
    public static Tensor<T> Mean<T>(Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged, INumberBase<T> => Mean(x, [axis], keepDims);

    private static Tensor<T> MeanOver<T>(Tensor<T> x, bool[] reduced, bool keepDims) where T : unmanaged, INumberBase<T>
    {
        Tensor<double> sum = SumInDouble(x, reduced, keepDims);
        Divide(sum, (double)CountOf(x.Shape, reduced), sum);
        return Narrow<T>(sum);
    }

    /// <summary>Σ over the masked axes in <typeparamref name="T"/>, accumulated in double where T is float.</summary>
    private static Tensor<T> SumOver<T>(Tensor<T> x, bool[] reduced, bool keepDims) where T : unmanaged, INumberBase<T> =>
        typeof(T) == typeof(float)
            ? Narrow<T>(SumInDouble(x, reduced, keepDims))
            : ReductionEngine.Reduce<T, T, SumReduction<T, T>>(x, reduced, keepDims);

    /// <summary>Σ over the masked axes accumulated in double.</summary>
    private static Tensor<double> SumInDouble<T>(Tensor<T> x, bool[] reduced, bool keepDims) where T : unmanaged, INumberBase<T> =>
        ReductionEngine.Reduce<T, double, SumReduction<T, double>>(x, reduced, keepDims);

    /// <summary>Double accumulators rounded once to the result's type (no copy when it is double).</summary>
    private static Tensor<T> Narrow<T>(Tensor<double> wide) where T : unmanaged, INumberBase<T> =>
        typeof(T) == typeof(double) ? (Tensor<T>)(object)wide : To<double, T>(wide);

    /// <summary>The maximum over all axes; NaN if any is NaN.</summary>
    /// <exception cref="InvalidValueException">A reduced axis has extent 0 (NumPy: zero-size array to reduction operation maximum which has no identity).</exception>
    public static Tensor<T> Max<T>(Tensor<T> x, bool keepDims = false) where T : unmanaged, INumber<T>, IMinMaxValue<T> =>
        Extremum<T, MaxReduction<T>>("maximum", x, ReductionEngine.Mask(x.Rank, default, all: true), keepDims);

    /// <summary>The maximum over the given axes; NaN if any is NaN.</summary>
    public static Tensor<T> Max<T>(Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims = false) where T : unmanaged, INumber<T>, IMinMaxValue<T> =>
        Extremum<T, MaxReduction<T>>("maximum", x, ReductionEngine.Mask(x.Rank, axes, all: false), keepDims);

    /// <summary>The maximum over one axis.</summary>
    public static Tensor<T> Max<T>(Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged, INumber<T>, IMinMaxValue<T> => Max(x, [axis], keepDims);

    /// <summary>The minimum over all axes; NaN if any is NaN.</summary>
    public static Tensor<T> Min<T>(Tensor<T> x, bool keepDims = false) where T : unmanaged, INumber<T>, IMinMaxValue<T> =>
        Extremum<T, MinReduction<T>>("minimum", x, ReductionEngine.Mask(x.Rank, default, all: true), keepDims);

    /// <summary>The minimum over the given axes; NaN if any is NaN.</summary>
    public static Tensor<T> Min<T>(Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims = false) where T : unmanaged, INumber<T>, IMinMaxValue<T> =>
        Extremum<T, MinReduction<T>>("minimum", x, ReductionEngine.Mask(x.Rank, axes, all: false), keepDims);

    /// <summary>The minimum over one axis.</summary>
    public static Tensor<T> Min<T>(Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged, INumber<T>, IMinMaxValue<T> => Min(x, [axis], keepDims);

    private static Tensor<T> Extremum<T, TOp>(string name, Tensor<T> x, bool[] reduced, bool keepDims)
        where T : unmanaged, INumber<T>
        where TOp : IReductionOperator<T, T>
    {
        ReduceRule.RequireNonEmpty(Tensor<T>.AsDims(x.Shape), reduced, name);
        return ReductionEngine.Reduce<T, TOp>(x, reduced, keepDims);
    }

    /// <summary>The variance over all axes, <c>mean(|x - mean(x)|²) · n / (n - ddof)</c>.</summary>
    public static Tensor<T> Var<T>(Tensor<T> x, int ddof = 0, bool keepDims = false) where T : unmanaged, INumberBase<T> =>
        VarOver(x, ReductionEngine.Mask(x.Rank, default, all: true), ddof, keepDims);

    /// <summary>The variance over the given axes.</summary>
    public static Tensor<T> Var<T>(Tensor<T> x, ReadOnlySpan<int> axes, int ddof = 0, bool keepDims = false) where T : unmanaged, INumberBase<T> =>
        VarOver(x, ReductionEngine.Mask(x.Rank, axes, all: false), ddof, keepDims);

    /// <summary>The standard deviation over all axes, √Var.</summary>
    public static Tensor<T> Std<T>(Tensor<T> x, int ddof = 0, bool keepDims = false) where T : unmanaged, IRootFunctions<T> =>
        Sqrt(Var(x, ddof, keepDims));

    /// <summary>The standard deviation over the given axes.</summary>
    public static Tensor<T> Std<T>(Tensor<T> x, ReadOnlySpan<int> axes, int ddof = 0, bool keepDims = false) where T : unmanaged, IRootFunctions<T> =>
        Sqrt(Var(x, axes, ddof, keepDims));

    private static Tensor<T> VarOver<T>(Tensor<T> x, bool[] reduced, int ddof, bool keepDims) where T : unmanaged, INumberBase<T>
    {
        // The corrected two-pass form (Björck): with d = x - mean and the mean rounded to T,
        // var = (Σd² - (Σd)²/N) / max(N - ddof, 0); the correction takes out what the rounding of the
        // mean adds to Σd², and both sums accumulate in double, so a large offset costs no accuracy.
        Tensor<T> mean = MeanOver(x, reduced, keepDims: true);
        Tensor<T> deviation = Subtract(x, mean);
        Tensor<double> linear = SumInDouble(deviation, reduced, keepDims);
        Multiply(deviation, deviation, deviation);
        Tensor<double> squares = SumInDouble(deviation, reduced, keepDims);
        long n = CountOf(x.Shape, reduced);
        double divisor = Math.Max(n - ddof, 0);
        Span<double> result = squares.AsSpan();
        ReadOnlySpan<double> sums = linear.AsSpan();
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Math.Max(result[i] - sums[i] * sums[i] / n, 0) / divisor;
        }
        return Narrow<T>(squares);
    }

    /// <summary><c>log Σ exp x</c> over all axes, computed stably (the max is factored out).</summary>
    public static Tensor<T> LogSumExp<T>(Tensor<T> x, bool keepDims = false) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> =>
        LogSumExpOver(x, ReductionEngine.Mask(x.Rank, default, all: true), keepDims);

    /// <summary><c>log Σ exp x</c> over the given axes, computed stably.</summary>
    public static Tensor<T> LogSumExp<T>(Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims = false) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> =>
        LogSumExpOver(x, ReductionEngine.Mask(x.Rank, axes, all: false), keepDims);

    private static Tensor<T> LogSumExpOver<T>(Tensor<T> x, bool[] reduced, bool keepDims) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        Tensor<T> max = ReductionEngine.Reduce<T, MaxReduction<T>>(x, reduced, keepDims: true);
        // An infinite max would give inf - inf = NaN below; shift by 0 there instead (SciPy's rule).
        Span<T> maxSpan = max.AsSpan();
        for (int i = 0; i < maxSpan.Length; i++)
        {
            if (T.IsInfinity(maxSpan[i]))
            {
                maxSpan[i] = T.Zero;
            }
        }
        Tensor<T> shifted = Exp(Subtract(x, max));
        Tensor<T> sum = SumOver(shifted, reduced, keepDims: true);
        Tensor<T> result = Add(Log(sum, sum), max);
        return keepDims ? result : result.Reshape(ReductionEngine.ResultShape(x.Shape, reduced, keepDims: false));
    }

    /// <summary>
    /// The index of the largest element of the flattened tensor (first occurrence; a NaN wins); with
    /// <paramref name="keepDims"/> shaped as x with every extent 1, as NumPy's <c>argmax(keepdims=True)</c>.
    /// </summary>
    /// <exception cref="InvalidValueException">The tensor is empty.</exception>
    public static Tensor<long> ArgMax<T>(Tensor<T> x, bool keepDims = false) where T : unmanaged, INumber<T> =>
        KeepAllDims(ArgExtremum(x.Ravel(), 0, false, findMax: true), x.Rank, keepDims);

    /// <summary>The index of the largest element along <paramref name="axis"/>.</summary>
    public static Tensor<long> ArgMax<T>(Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged, INumber<T> => ArgExtremum(x, axis, keepDims, findMax: true);

    /// <summary>The index of the smallest element of the flattened tensor (first occurrence; a NaN wins).</summary>
    /// <exception cref="InvalidValueException">The tensor is empty.</exception>
    public static Tensor<long> ArgMin<T>(Tensor<T> x, bool keepDims = false) where T : unmanaged, INumber<T> =>
        KeepAllDims(ArgExtremum(x.Ravel(), 0, false, findMax: false), x.Rank, keepDims);

    private static Tensor<long> KeepAllDims(Tensor<long> index, int rank, bool keepDims)
    {
        if (!keepDims)
        {
            return index;
        }
        int[] ones = new int[rank];
        Array.Fill(ones, 1);
        return index.Reshape(ones);
    }

    /// <summary>The index of the smallest element along <paramref name="axis"/>.</summary>
    public static Tensor<long> ArgMin<T>(Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged, INumber<T> => ArgExtremum(x, axis, keepDims, findMax: false);

    private static Tensor<long> ArgExtremum<T>(Tensor<T> x, int axis, bool keepDims, bool findMax) where T : unmanaged, INumber<T>
    {
        int a = AxisRule.Normalize(axis, x.Rank);
        string name = findMax ? "argmax" : "argmin";
        if (x.Shape[a] == 0)
        {
            ThrowHelper.Value($"attempt to get {name} of an empty sequence (shape {x.ShapeString}, axis {axis})");
        }
        var reduced = new bool[x.Rank];
        reduced[a] = true;
        Tensor<long> result = Tensor<long>.Allocate(ReductionEngine.ResultShape(x.Shape, reduced, keepDims));
        if (result.Size == 0)
        {
            return result;
        }
        int[] outStrides = Layout.RowMajorStrides(ReductionEngine.ResultShape(x.Shape, reduced, keepDims: true));
        var nest = default(LoopNest);
        for (int d = 0; d < x.Rank; d++)
        {
            if (d != a)
            {
                nest.Add(x.Shape[d], outStrides[d], x.Strides[d]);
            }
        }
        nest.Add(x.Shape[a], 0, x.Strides[a]);
        unsafe
        {
            fixed (long* po = &result.Origin)
            fixed (T* pi = &x.Origin)
            {
                ArgReduction.Run(nest, po, pi, findMax);
            }
        }
        return result;
    }

    private static long CountOf(ReadOnlySpan<int> shape, bool[] reduced)
    {
        long count = 1;
        for (int axis = 0; axis < shape.Length; axis++)
        {
            if (reduced[axis])
            {
                count *= shape[axis];
            }
        }
        return count;
    }
}
