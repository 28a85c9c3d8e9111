using Batchwise.Kernels;

namespace Batchwise.Tests;

/// <summary>Every vector path, for theories that force each in turn with <see cref="InstructionSet.Force"/>.</summary>
public static class VectorWidths
{
    public static TheoryData<VectorWidth> All() => new(VectorWidth.Scalar, VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512);
}
