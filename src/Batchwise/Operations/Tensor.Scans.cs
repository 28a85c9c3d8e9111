using Batchwise.Kernels.Scans;
using Batchwise.Operations;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary>
    /// Inclusive running sum along <paramref name="axis"/>, <c>out[…, i, …] = Σ_{j≤i} x[…, j, …]</c>
    /// (NumPy's <c>cumsum</c>). <c>axis: null</c> flattens first, so a 0-d x gives shape (1,). The element
    /// type is kept (NumPy widens bool and int32 to int64: widen first). float32 runs accumulate in double
    /// and are rounded once per element. NaN and ±inf propagate as IEEE (inf + −inf = NaN).
    /// </summary>
    /// <exception cref="AxisIndexException">The axis is out of range (also any int axis of a 0-d x).</exception>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have the result's shape.</exception>
    public static Tensor<T> CumSum<T>(Tensor<T> x, int? axis = null, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        Scan("cumsum", x, axis, into, new CumulativeLine<T> { Product = false });

    /// <summary>
    /// Inclusive running product along <paramref name="axis"/> (NumPy's <c>cumprod</c>); the same axis,
    /// dtype and IEEE rules as <see cref="CumSum{T}"/> (0·inf = NaN).
    /// </summary>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have the result's shape.</exception>
    public static Tensor<T> CumProd<T>(Tensor<T> x, int? axis = null, Tensor<T>? into = null) where T : unmanaged, INumberBase<T> =>
        Scan("cumprod", x, axis, into, new CumulativeLine<T> { Product = true });

    /// <summary>
    /// Inclusive running <c>log Σ_{j≤i} exp x[j]</c> along <paramref name="axis"/> (torch.logcumsumexp),
    /// computed stably in double: <c>m + log1p(exp(min − m))</c> at each step, never overflowing.
    /// −inf entries change nothing (a line of −inf stays −inf), +inf gives +inf from there on, NaN
    /// propagates. <c>axis: null</c> flattens first.
    /// </summary>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    /// <exception cref="ShapeException"><paramref name="into"/> does not have the result's shape.</exception>
    public static Tensor<T> LogCumSumExp<T>(Tensor<T> x, int? axis = null, Tensor<T>? into = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        Scan("logcumsumexp", x, axis, into, new LogCumSumExpLine<T>());

    /// <summary>
    /// The n-th forward difference along <paramref name="axis"/> (NumPy's <c>diff</c>):
    /// <c>out[k] = x[k+1] − x[k]</c>, applied n times in T (integers stay integers); each application
    /// shortens the axis by one, down to 0. n = 0 returns a copy of x. NaN and inf follow IEEE.
    /// </summary>
    /// <exception cref="InvalidValueException">n &lt; 0.</exception>
    /// <exception cref="ShapeException">x is 0-d, or <paramref name="into"/> does not have the result's shape.</exception>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static Tensor<T> Diff<T>(Tensor<T> x, int n = 1, int axis = -1, Tensor<T>? into = null) where T : unmanaged, INumberBase<T>
    {
        if (n < 0)
        {
            ThrowHelper.Value($"order must be non-negative but got {n}");
        }
        if (x.Rank == 0)
        {
            ThrowHelper.Shape("diff requires input that is at least one dimensional");
        }
        int a = AxisRule.Normalize(axis, x.Rank);
        int[] shape = x.Shape.ToArray();
        shape[a] = Math.Max(shape[a] - n, 0);
        Tensor<T> destination = LineEngine.Destination("diff", shape, into, x);
        if (n == 0)
        {
            destination.CopyFrom(x);
        }
        else
        {
            LineEngine.Run(x, a, destination, new DiffLine<T> { N = n });
        }
        return LineEngine.Finish(destination, into);
    }

    private static Tensor<T> Scan<T, TKernel>(string operation, Tensor<T> x, int? axis, Tensor<T>? into, TKernel kernel)
        where T : unmanaged
        where TKernel : unmanaged, Kernels.Iteration.ILineKernel
    {
        Tensor<T> source = axis is null ? x.Ravel() : x;
        int a = AxisRule.Normalize(axis ?? 0, source.Rank);
        Tensor<T> destination = LineEngine.Destination(operation, source.Shape, into, source);
        LineEngine.Run(source, a, destination, kernel);
        return LineEngine.Finish(destination, into);
    }
}
