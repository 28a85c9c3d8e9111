using Batchwise.Kernels.Settings;

namespace Batchwise.Kernels;

/// <summary>The widest vector path a kernel may take.</summary>
public enum VectorWidth
{
    /// <summary>Plain scalar code, no hardware intrinsics.</summary>
    Scalar = 0,
    /// <summary>128-bit vectors (SSE / NEON).</summary>
    Vector128 = 128,
    /// <summary>256-bit vectors (AVX2).</summary>
    Vector256 = 256,
    /// <summary>512-bit vectors (AVX-512).</summary>
    Vector512 = 512,
}

/// <summary>
/// Chooses the vector path every Batchwise kernel takes. The default is the widest the hardware
/// accelerates; <c>BATCHWISE_ISA</c> (scalar, v128, v256, v512) or <see cref="Force"/> narrows it so
/// that one test run can cover every path. A request wider than the hardware is clamped down.
/// </summary>
public static class InstructionSet
{
    private static VectorWidth s_width = Clamp(EnvironmentSettings.AtStartup.VectorWidth ?? VectorWidth.Vector512);

    /// <summary>The widest path the hardware accelerates.</summary>
    public static VectorWidth Hardware =>
        Vector512.IsHardwareAccelerated ? VectorWidth.Vector512 :
        Vector256.IsHardwareAccelerated ? VectorWidth.Vector256 :
        Vector128.IsHardwareAccelerated ? VectorWidth.Vector128 :
        VectorWidth.Scalar;

    /// <summary>The path kernels take now.</summary>
    public static VectorWidth Width => s_width;

    /// <summary>True when kernels may use 512-bit vectors.</summary>
    public static bool UseVector512 => s_width >= VectorWidth.Vector512;

    /// <summary>True when kernels may use 256-bit vectors.</summary>
    public static bool UseVector256 => s_width >= VectorWidth.Vector256;

    /// <summary>True when kernels may use 128-bit vectors.</summary>
    public static bool UseVector128 => s_width >= VectorWidth.Vector128;

    /// <summary>
    /// Forces the vector path (clamped to what the hardware has) and returns the previous one,
    /// so a caller can restore it. Not thread-safe against kernels running at the same time.
    /// </summary>
    public static VectorWidth Force(VectorWidth width)
    {
        VectorWidth previous = s_width;
        s_width = Clamp(width);
        return previous;
    }

    /// <summary>
    /// Forces the vector path even past what the hardware accelerates, for tests on machines that lack
    /// the wider ISA, and returns the previous path. <c>Vector512&lt;T&gt;</c> code then runs in software
    /// (the runtime splits each operation into halves the hardware has, down to scalar loops), and the
    /// AVX-512 instructions the hand-written kernels use run on <see cref="Avx512Ops"/>' software model.
    /// Kernels are correct on an emulated path, never fast. Not thread-safe against kernels
    /// running at the same time.
    /// </summary>
    internal static VectorWidth Emulate(VectorWidth width)
    {
        VectorWidth previous = s_width;
        s_width = width;
        return previous;
    }

    private static VectorWidth Clamp(VectorWidth requested) =>
        requested <= Hardware ? requested : Hardware;
}
