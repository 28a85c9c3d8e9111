namespace Batchwise;

public static partial class Tensor
{
    // NumPy's result types for reductions of integers: sum of int32 accumulates and returns int64;
    // mean, var and std of integers are float64. C# picks these non-generic overloads over the
    // generic ones for Tensor<int> and Tensor<long>, so x.Sum() of ints gives NumPy's dtype.

    /// <summary>The sum over all axes of int32 values, in int64 (NumPy's default integer): no wrap-around at 2³¹.</summary>
    public static Tensor<long> Sum(Tensor<int> x, bool keepDims = false) => Sum(To<int, long>(x), keepDims);

    /// <summary>The sum over the given axes of int32 values, in int64.</summary>
    public static Tensor<long> Sum(Tensor<int> x, ReadOnlySpan<int> axes, bool keepDims = false) => Sum(To<int, long>(x), axes, keepDims);

    /// <summary>The sum over one axis of int32 values, in int64.</summary>
    public static Tensor<long> Sum(Tensor<int> x, int axis, bool keepDims = false) => Sum(To<int, long>(x), [axis], keepDims);

    /// <summary>The mean over all axes of int32 values, as float64 (NumPy).</summary>
    public static Tensor<double> Mean(Tensor<int> x, bool keepDims = false) => Mean(To<int, double>(x), keepDims);

    /// <summary>The mean over the given axes of int32 values, as float64.</summary>
    public static Tensor<double> Mean(Tensor<int> x, ReadOnlySpan<int> axes, bool keepDims = false) => Mean(To<int, double>(x), axes, keepDims);

    /// <summary>The mean over all axes of int64 values, as float64 (NumPy).</summary>
    public static Tensor<double> Mean(Tensor<long> x, bool keepDims = false) => Mean(To<long, double>(x), keepDims);

    /// <summary>The mean over the given axes of int64 values, as float64.</summary>
    public static Tensor<double> Mean(Tensor<long> x, ReadOnlySpan<int> axes, bool keepDims = false) => Mean(To<long, double>(x), axes, keepDims);

    /// <summary>The variance over the given axes of int32 values, as float64.</summary>
    public static Tensor<double> Var(Tensor<int> x, ReadOnlySpan<int> axes, int ddof = 0, bool keepDims = false) => Var(To<int, double>(x), axes, ddof, keepDims);

    /// <summary>The variance over the given axes of int64 values, as float64.</summary>
    public static Tensor<double> Var(Tensor<long> x, ReadOnlySpan<int> axes, int ddof = 0, bool keepDims = false) => Var(To<long, double>(x), axes, ddof, keepDims);

    /// <summary>The standard deviation over the given axes of int32 values, as float64.</summary>
    public static Tensor<double> Std(Tensor<int> x, ReadOnlySpan<int> axes, int ddof = 0, bool keepDims = false) => Std(To<int, double>(x), axes, ddof, keepDims);

    /// <summary>The standard deviation over the given axes of int64 values, as float64.</summary>
    public static Tensor<double> Std(Tensor<long> x, ReadOnlySpan<int> axes, int ddof = 0, bool keepDims = false) => Std(To<long, double>(x), axes, ddof, keepDims);
}
