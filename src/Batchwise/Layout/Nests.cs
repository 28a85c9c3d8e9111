using Batchwise.Kernels.Iteration;

namespace Batchwise.Layouts;

/// <summary>
/// Builds coalesced <see cref="LoopNest"/>s from layouts: the bridge from shapes and strides to the
/// kernels, which never see a tensor. Inputs with fewer axes or extent 1 get stride 0 (broadcast).
/// </summary>
internal static class Nests
{
    /// <summary>A nest over <paramref name="shape"/> with up to three operands laid out by the given layouts.</summary>
    public static LoopNest Build(ReadOnlySpan<int> shape, Layout operand0, Layout? operand1 = null, Layout? operand2 = null)
    {
        var nest = default(LoopNest);
        for (int axis = 0; axis < shape.Length; axis++)
        {
            nest.Add(shape[axis],
                BroadcastStride(operand0, shape, axis),
                operand1 is null ? 0 : BroadcastStride(operand1, shape, axis),
                operand2 is null ? 0 : BroadcastStride(operand2, shape, axis));
        }
        nest.Coalesce();
        return nest;
    }

    /// <summary>The stride of <paramref name="layout"/> along output axis <paramref name="axis"/> when broadcast to <paramref name="shape"/>.</summary>
    public static nint BroadcastStride(Layout layout, ReadOnlySpan<int> shape, int axis)
    {
        int own = axis - (shape.Length - layout.Rank);
        if (own < 0 || layout.Shape[own] == 1)
        {
            return 0;
        }
        return layout.Strides[own];
    }
}
