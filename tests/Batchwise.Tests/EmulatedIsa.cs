using System.Runtime.CompilerServices;
using Batchwise.Kernels;

namespace Batchwise.Tests;

/// <summary>
/// <c>BATCHWISE_TEST_EMULATE=v512</c> runs the whole suite on the 512-bit path on a machine without
/// AVX-512 (<see cref="InstructionSet.Emulate"/>): .ci/run does so where /proc/cpuinfo has no avx512f,
/// so that the 512-bit kernels the AVX-512 machines take are proven here too (the hand-written ones on
/// <see cref="Avx512Ops"/>' model of the instructions).
/// </summary>
internal static class EmulatedIsa
{
    [ModuleInitializer]
    internal static void Apply()
    {
        string? requested = Environment.GetEnvironmentVariable("BATCHWISE_TEST_EMULATE");
        if (string.Equals(requested, "v512", StringComparison.OrdinalIgnoreCase) && InstructionSet.Hardware < VectorWidth.Vector512)
        {
            InstructionSet.Emulate(VectorWidth.Vector512);
        }
    }
}
