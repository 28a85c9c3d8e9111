using System.Runtime.CompilerServices;
using Batchwise.Kernels.Iteration;

namespace Batchwise.Operations;

/// <summary>
/// Turns "along one axis, batched over the rest" into a <see cref="LineDriver"/> call: the line axis
/// becomes the nest's innermost dimension and every other axis an outer one, with each tensor's own
/// strides, so views of any layout are read and written in place without copies.
/// </summary>
internal static unsafe class LineEngine
{
    /// <summary>Runs <paramref name="kernel"/> on every line of <paramref name="x"/> along <paramref name="axis"/> into <paramref name="output"/>.</summary>
    public static void Run<TKernel, TOut, TIn>(Tensor<TIn> x, int axis, Tensor<TOut> output, TKernel kernel, int cost = 1)
        where TKernel : unmanaged, ILineKernel
        where TOut : unmanaged
        where TIn : unmanaged =>
        Run<TKernel, TOut, TIn, TOut>(x, axis, output, null, kernel, cost);

    /// <summary>As <see cref="Run{TKernel, TOut, TIn}"/>, with a second output (operand 2).</summary>
    public static void Run<TKernel, TOut, TIn, TOut2>(Tensor<TIn> x, int axis, Tensor<TOut> output, Tensor<TOut2>? output2, TKernel kernel, int cost = 1)
        where TKernel : unmanaged, ILineKernel
        where TOut : unmanaged
        where TIn : unmanaged
        where TOut2 : unmanaged
    {
        var nest = default(LoopNest);
        for (int d = 0; d < x.Rank; d++)
        {
            if (d != axis)
            {
                nest.Add(x.Shape[d], output.Strides[d], x.Strides[d], output2 is null ? 0 : output2.Strides[d]);
            }
        }
        nest.Add(x.Shape[axis], output.Strides[axis], x.Strides[axis], output2 is null ? 0 : output2.Strides[axis]);
        fixed (TOut* po = &OriginOf(output))
        fixed (TIn* pi = &OriginOf(x))
        fixed (TOut2* p2 = &(output2 is null ? ref Unsafe.NullRef<TOut2>() : ref OriginOf(output2)))
        {
            LineDriver.Run(nest, po, pi, p2, kernel, cost);
        }
    }

    /// <summary>The first element, or a null reference for an empty tensor (whose storage may have no element).</summary>
    private static ref T OriginOf<T>(Tensor<T> t) where T : unmanaged => ref t.Size == 0 ? ref Unsafe.NullRef<T>() : ref t.Origin;

    /// <summary>
    /// Where a result of <paramref name="shape"/> is written: a new tensor, or <paramref name="into"/>
    /// when it does not overlap the input in a different layout (then a temporary is used and copied).
    /// </summary>
    /// <exception cref="ShapeException"><paramref name="into"/> has another shape.</exception>
    /// <exception cref="InvalidValueException"><paramref name="into"/> repeats elements.</exception>
    public static Tensor<T> Destination<T>(string operation, ReadOnlySpan<int> shape, Tensor<T>? into, Tensor<T> x) where T : unmanaged
    {
        if (into is null)
        {
            return Tensor<T>.Allocate(shape);
        }
        if (!into.Shape.SequenceEqual(shape))
        {
            ThrowHelper.Shape($"{operation}: the destination has shape {into.ShapeString} but the result has shape {ShapeText.Format(shape)}");
        }
        into.RequireWritable(operation);
        bool identical = into.Layout.Offset == x.Layout.Offset && into.Shape.SequenceEqual(x.Shape) && into.Strides.SequenceEqual(x.Strides);
        return into.SharesStorageWith(x) && !identical ? Tensor<T>.Allocate(shape) : into;
    }

    /// <summary>Copies a temporary made by <see cref="Destination"/> into <paramref name="into"/>.</summary>
    public static Tensor<T> Finish<T>(Tensor<T> destination, Tensor<T>? into) where T : unmanaged
    {
        if (into is not null && !ReferenceEquals(into, destination))
        {
            into.CopyFrom(destination);
            return into;
        }
        return destination;
    }
}
