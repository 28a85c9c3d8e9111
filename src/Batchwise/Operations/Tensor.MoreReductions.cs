using Batchwise.Kernels.Reduction;
using Batchwise.Operations;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary>Whether any element is true (x ≠ 0, so NaN is true and −0.0 false), over all axes; the empty any is false.</summary>
    public static Tensor<bool> Any<T>(Tensor<T> x, bool keepDims = false) where T : unmanaged =>
        ReductionEngine.Reduce<T, bool, AnyReduction<T>>(x, ReductionEngine.Mask(x.Rank, default, all: true), keepDims);

    /// <summary>Whether any element is true, over the given axes (negative count from the end; <c>[]</c> reduces nothing).</summary>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    /// <exception cref="InvalidValueException">A repeated axis.</exception>
    public static Tensor<bool> Any<T>(Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims = false) where T : unmanaged =>
        ReductionEngine.Reduce<T, bool, AnyReduction<T>>(x, ReductionEngine.Mask(x.Rank, axes, all: false), keepDims);

    /// <summary>Whether any element is true, along one axis.</summary>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static Tensor<bool> Any<T>(Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged => Any(x, [axis], keepDims);

    /// <summary>Whether every element is true (x ≠ 0), over all axes; the empty all is true.</summary>
    public static Tensor<bool> All<T>(Tensor<T> x, bool keepDims = false) where T : unmanaged =>
        ReductionEngine.Reduce<T, bool, AllReduction<T>>(x, ReductionEngine.Mask(x.Rank, default, all: true), keepDims);

    /// <summary>Whether every element is true, over the given axes.</summary>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    /// <exception cref="InvalidValueException">A repeated axis.</exception>
    public static Tensor<bool> All<T>(Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims = false) where T : unmanaged =>
        ReductionEngine.Reduce<T, bool, AllReduction<T>>(x, ReductionEngine.Mask(x.Rank, axes, all: false), keepDims);

    /// <summary>Whether every element is true, along one axis.</summary>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static Tensor<bool> All<T>(Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged => All(x, [axis], keepDims);

    /// <summary>The int64 number of elements x ≠ 0 (NaN counts, −0.0 does not), over all axes.</summary>
    public static Tensor<long> CountNonZero<T>(Tensor<T> x, bool keepDims = false) where T : unmanaged =>
        ReductionEngine.Reduce<T, long, CountNonZeroReduction<T>>(x, ReductionEngine.Mask(x.Rank, default, all: true), keepDims);

    /// <summary>The int64 number of elements x ≠ 0 over the given axes.</summary>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    /// <exception cref="InvalidValueException">A repeated axis.</exception>
    public static Tensor<long> CountNonZero<T>(Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims = false) where T : unmanaged =>
        ReductionEngine.Reduce<T, long, CountNonZeroReduction<T>>(x, ReductionEngine.Mask(x.Rank, axes, all: false), keepDims);

    /// <summary>The int64 number of elements x ≠ 0 along one axis.</summary>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static Tensor<long> CountNonZero<T>(Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged => CountNonZero(x, [axis], keepDims);

    /// <summary>
    /// Σ over all axes treating NaN as 0 (NumPy's <c>nansum</c>); ±inf still propagate, and an empty or
    /// all-NaN sum is 0. float32 sums accumulate in double and are rounded once.
    /// </summary>
    public static Tensor<T> NanSum<T>(Tensor<T> x, bool keepDims = false) where T : unmanaged, INumberBase<T> =>
        NanSumOver(x, ReductionEngine.Mask(x.Rank, default, all: true), keepDims);

    /// <summary>Σ over the given axes treating NaN as 0.</summary>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    /// <exception cref="InvalidValueException">A repeated axis.</exception>
    public static Tensor<T> NanSum<T>(Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims = false) where T : unmanaged, INumberBase<T> =>
        NanSumOver(x, ReductionEngine.Mask(x.Rank, axes, all: false), keepDims);

    /// <summary>Σ along one axis treating NaN as 0.</summary>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static Tensor<T> NanSum<T>(Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged, INumberBase<T> => NanSum(x, [axis], keepDims);

    /// <summary>
    /// The mean of the elements that are not NaN, over all axes (NumPy's <c>nanmean</c>): their sum,
    /// accumulated in double, over their count, rounded once to T. A slice that is empty or all NaN gives
    /// NaN. For integer T the mean is truncated (NumPy gives float64: convert to double first).
    /// </summary>
    public static Tensor<T> NanMean<T>(Tensor<T> x, bool keepDims = false) where T : unmanaged, INumberBase<T> =>
        NanMeanOver(x, ReductionEngine.Mask(x.Rank, default, all: true), keepDims);

    /// <summary>The mean of the elements that are not NaN, over the given axes.</summary>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    /// <exception cref="InvalidValueException">A repeated axis.</exception>
    public static Tensor<T> NanMean<T>(Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims = false) where T : unmanaged, INumberBase<T> =>
        NanMeanOver(x, ReductionEngine.Mask(x.Rank, axes, all: false), keepDims);

    /// <summary>The mean of the elements that are not NaN, along one axis.</summary>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static Tensor<T> NanMean<T>(Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged, INumberBase<T> => NanMean(x, [axis], keepDims);

    /// <summary>
    /// The maximum ignoring NaN, over all axes (NumPy's <c>nanmax</c>); a slice of only NaN gives NaN.
    /// For integer types this is <see cref="Max{T}(Tensor{T}, bool)"/>.
    /// </summary>
    /// <exception cref="InvalidValueException">A reduced axis has extent 0.</exception>
    public static Tensor<T> NanMax<T>(Tensor<T> x, bool keepDims = false) where T : unmanaged, INumber<T>, IMinMaxValue<T> =>
        NanExtremum<T, MaxReduction<T>>("fmax", x, ReductionEngine.Mask(x.Rank, default, all: true), keepDims);

    /// <summary>The maximum ignoring NaN, over the given axes.</summary>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    /// <exception cref="InvalidValueException">A repeated axis, or a reduced axis of extent 0.</exception>
    public static Tensor<T> NanMax<T>(Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims = false) where T : unmanaged, INumber<T>, IMinMaxValue<T> =>
        NanExtremum<T, MaxReduction<T>>("fmax", x, ReductionEngine.Mask(x.Rank, axes, all: false), keepDims);

    /// <summary>The maximum ignoring NaN, along one axis.</summary>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    /// <exception cref="InvalidValueException">The axis has extent 0.</exception>
    public static Tensor<T> NanMax<T>(Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged, INumber<T>, IMinMaxValue<T> => NanMax(x, [axis], keepDims);

    /// <summary>The minimum ignoring NaN, over all axes (NumPy's <c>nanmin</c>); a slice of only NaN gives NaN.</summary>
    /// <exception cref="InvalidValueException">A reduced axis has extent 0.</exception>
    public static Tensor<T> NanMin<T>(Tensor<T> x, bool keepDims = false) where T : unmanaged, INumber<T>, IMinMaxValue<T> =>
        NanExtremum<T, MinReduction<T>>("fmin", x, ReductionEngine.Mask(x.Rank, default, all: true), keepDims);

    /// <summary>The minimum ignoring NaN, over the given axes.</summary>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    /// <exception cref="InvalidValueException">A repeated axis, or a reduced axis of extent 0.</exception>
    public static Tensor<T> NanMin<T>(Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims = false) where T : unmanaged, INumber<T>, IMinMaxValue<T> =>
        NanExtremum<T, MinReduction<T>>("fmin", x, ReductionEngine.Mask(x.Rank, axes, all: false), keepDims);

    /// <summary>The minimum ignoring NaN, along one axis.</summary>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    /// <exception cref="InvalidValueException">The axis has extent 0.</exception>
    public static Tensor<T> NanMin<T>(Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged, INumber<T>, IMinMaxValue<T> => NanMin(x, [axis], keepDims);

    private static Tensor<T> NanSumOver<T>(Tensor<T> x, bool[] reduced, bool keepDims) where T : unmanaged, INumberBase<T> =>
        typeof(T) == typeof(float) || typeof(T) == typeof(Half)
            ? Narrow<T>(ReductionEngine.Reduce<T, double, NanSumReduction<T, double>>(x, reduced, keepDims))
            : ReductionEngine.Reduce<T, T, NanSumReduction<T, T>>(x, reduced, keepDims);

    private static Tensor<T> NanMeanOver<T>(Tensor<T> x, bool[] reduced, bool keepDims) where T : unmanaged, INumberBase<T>
    {
        Tensor<double> sum = ReductionEngine.Reduce<T, double, NanSumReduction<T, double>>(x, reduced, keepDims);
        Tensor<long> count = ReductionEngine.Reduce<T, long, CountNotNaNReduction<T>>(x, reduced, keepDims);
        Span<double> s = sum.AsSpan();
        ReadOnlySpan<long> c = count.AsSpan();
        for (int i = 0; i < s.Length; i++)
        {
            s[i] /= c[i];
        }
        return Narrow<T>(sum);
    }

    private static Tensor<T> NanExtremum<T, TOp>(string name, Tensor<T> x, bool[] reduced, bool keepDims)
        where T : unmanaged, INumber<T>
        where TOp : IReductionOperator<T, T>
    {
        ReduceRule.RequireNonEmpty(Tensor<T>.AsDims(x.Shape), reduced, name);
        return T.IsNaN(T.CreateTruncating(double.NaN))
            ? ReductionEngine.Reduce<T, NanSkippingReduction<T, TOp>>(x, reduced, keepDims)
            : ReductionEngine.Reduce<T, TOp>(x, reduced, keepDims);
    }
}
