using Batchwise.Kernels;

namespace Batchwise.Tests;

/// <summary>Every vector path, for theories that force each in turn with <see cref="Force"/>.</summary>
public static class VectorWidths
{
    public static TheoryData<VectorWidth> All() => new(VectorWidth.Scalar, VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512);

    /// <summary>
    /// Forces <paramref name="width"/> and returns the previous path (restore it with <see cref="Restore"/>).
    /// Where the hardware accelerates 256-bit vectors but not 512-bit ones, the 512-bit path is emulated (<see cref="InstructionSet.Emulate"/>) rather than
    /// clamped to 256 bits, so that its kernels still run here: the generic <c>Vector512&lt;T&gt;</c> ones
    /// (the GEMM micro-kernel, the element-wise and reduction loops) in software, and the hand-written
    /// AVX-512 ones on <see cref="Avx512Ops"/>' model of the instructions.
    /// Narrower hardware clamps as <see cref="InstructionSet.Force"/> does: there each emulated
    /// operation would be a scalar loop.
    /// </summary>
    public static VectorWidth Force(VectorWidth width) =>
        width == VectorWidth.Vector512 && InstructionSet.Hardware == VectorWidth.Vector256
            ? InstructionSet.Emulate(width)
            : InstructionSet.Force(width);

    /// <summary>
    /// Puts back the path <see cref="Force"/> returned, exactly: through <see cref="InstructionSet.Force"/>
    /// an emulated 512-bit path (BATCHWISE_TEST_EMULATE) would come back clamped to 256 bits.
    /// </summary>
    public static void Restore(VectorWidth previous) => InstructionSet.Emulate(previous);
}
