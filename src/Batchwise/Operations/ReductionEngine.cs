using Batchwise.Kernels.Iteration;
using Batchwise.Kernels.Reduction;
using Batchwise.Layouts;

namespace Batchwise.Operations;

/// <summary>
/// Turns an axis selection into a reduction loop: the output is laid out over the kept axes and
/// given stride 0 along the reduced ones, then the nest is sorted into the input's memory order.
/// </summary>
internal static unsafe class ReductionEngine
{
    /// <summary>Which axes an axis argument selects (<see cref="ReduceRule.Mask"/>).</summary>
    public static bool[] Mask(int rank, ReadOnlySpan<int> axes, bool all) => ReduceRule.Mask(rank, axes, all);

    /// <summary>The result shape (<see cref="ReduceRule.Apply{TDim}"/>).</summary>
    public static int[] ResultShape(ReadOnlySpan<int> shape, bool[] reduced, bool keepDims) =>
        Tensor.DimsToInts(ReduceRule.Apply(Tensor<float>.AsDims(shape), reduced, keepDims));

    /// <summary>Folds <paramref name="x"/> over the masked axes with <typeparamref name="TOp"/>.</summary>
    public static Tensor<T> Reduce<T, TOp>(Tensor<T> x, bool[] reduced, bool keepDims)
        where T : unmanaged
        where TOp : IReductionOperator<T, T> =>
        Reduce<T, T, TOp>(x, reduced, keepDims);

    /// <summary>Folds <paramref name="x"/> over the masked axes into accumulators of <typeparamref name="TAcc"/>.</summary>
    public static Tensor<TAcc> Reduce<T, TAcc, TOp>(Tensor<T> x, bool[] reduced, bool keepDims)
        where T : unmanaged
        where TAcc : unmanaged
        where TOp : IReductionOperator<T, TAcc>
    {
        int[] shape = ResultShape(x.Shape, reduced, keepDims);
        Tensor<TAcc> result = Tensor<TAcc>.Allocate(shape);
        result.AsSpan().Fill(TOp.Identity);
        if (x.Size == 0)
        {
            return result;
        }
        // The output's strides seen from the input's axes: 0 along reduced ones.
        int[] outStrides = Layout.RowMajorStrides(ResultShape(x.Shape, reduced, keepDims: true));
        var nest = default(LoopNest);
        for (int axis = 0; axis < x.Rank; axis++)
        {
            nest.Add(x.Shape[axis], reduced[axis] ? 0 : outStrides[axis], x.Strides[axis]);
        }
        nest.SortByStrideOf(1);
        nest.Coalesce();
        fixed (TAcc* po = &result.Origin)
        fixed (T* pi = &x.Origin)
        {
            ReductionDriver<T, TAcc, TOp>.Run(nest, po, pi);
        }
        return result;
    }
}
