using Batchwise.Kernels.Threading;

namespace Batchwise.Kernels.Gemm.Planning;

/// <summary>
/// What the planner may assume of the machine: the vector width kernels may use, the threads, and the
/// two instruction-set facts some kernels need beyond the width. A value, so a test can plan for a
/// machine it does not run on.
/// </summary>
/// <param name="Width">The widest vector path allowed (<see cref="InstructionSet.Width"/>).</param>
/// <param name="Threads">The most threads a product may use (<see cref="WorkerPool.MaxDegree"/>).</param>
/// <param name="HasFma">AVX2 with FMA: the hand-written 256-bit small kernels need both.</param>
/// <param name="HasMaskedMoves">AVX masked loads and stores, which let a kernel finish a row narrower than a vector.</param>
internal readonly record struct GemmTarget(VectorWidth Width, int Threads, bool HasFma, bool HasMaskedMoves)
{
    /// <summary>This machine under the current settings.</summary>
    public static GemmTarget Current =>
        new(InstructionSet.Width, WorkerPool.MaxDegree, Avx2.IsSupported && Fma.IsSupported, Avx.IsSupported);
}
