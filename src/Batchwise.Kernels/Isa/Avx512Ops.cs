using System.Diagnostics.CodeAnalysis;

namespace Batchwise.Kernels;

/// <summary>
/// The AVX-512F instructions the hand-written 512-bit kernels need beyond what <c>Vector512</c> offers
/// (in-lane and two-source permutes, 128-bit broadcasts, masked loads, non-temporal stores). Each is
/// the instruction itself where the hardware has AVX-512F, and otherwise <see cref="Model"/>, a
/// lane-by-lane software form of Intel's definition.
/// </summary>
/// <remarks>
/// <para>Why: a kernel written against <c>Avx512F</c> directly can run only on AVX-512 hardware, so on
/// any other machine its index tables, shuffle controls and masks go untested, even on the emulated
/// 512-bit path (<see cref="InstructionSet.Emulate"/>) that proves the generic <c>Vector512&lt;T&gt;</c>
/// kernels. Written against these methods, the same kernel runs there on the model.</para>
/// <para>Cost: none on AVX-512 hardware. <c>Avx512F.IsSupported</c> is a constant to the JIT, each
/// method is inlined, and the branch not taken is dropped, so the kernel compiles to the same
/// instructions as before (tools/Avx512Disassembly/disasm.sh: every kernel's x86-64-v4 code was
/// identical before and after the move onto these methods). The model
/// is slow and only ever runs on an emulated path.</para>
/// <para>Kernels gate on <see cref="InstructionSet.UseVector512"/>: on real hardware it implies
/// AVX-512F (a 512-bit path is never chosen without it), and otherwise it is true only when a test
/// emulates the path.</para>
/// </remarks>
internal static unsafe class Avx512Ops
{
    /// <summary><c>vpermt2ps</c>: lane i is <c>(indices[i] &amp; 16 ? upper : lower)[indices[i] &amp; 15]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> PermuteVar16x32x2(Vector512<float> lower, Vector512<int> indices, Vector512<float> upper) =>
        Avx512F.IsSupported ? Avx512F.PermuteVar16x32x2(lower, indices, upper) : Model.PermuteVar16x32x2(lower, indices, upper);

    /// <summary><c>vpermps</c>: lane i is <c>value[indices[i] &amp; 15]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> PermuteVar16x32(Vector512<float> value, Vector512<int> indices) =>
        Avx512F.IsSupported ? Avx512F.PermuteVar16x32(value, indices) : Model.PermuteVar16x32(value, indices);

    /// <summary>
    /// <c>vshufps</c>: in each 128-bit block, lanes 0 and 1 from <paramref name="left"/> and lanes 2 and
    /// 3 from <paramref name="right"/>, each picked by two bits of <paramref name="control"/> (lowest first).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Shuffle(Vector512<float> left, Vector512<float> right, [ConstantExpected] byte control) =>
        Avx512F.IsSupported ? Avx512F.Shuffle(left, right, control) : Model.Shuffle(left, right, control);

    /// <summary>
    /// <c>vshuff32x4</c>: 128-bit blocks 0 and 1 from <paramref name="left"/> and blocks 2 and 3 from
    /// <paramref name="right"/>, each picked by two bits of <paramref name="control"/> (lowest first).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Shuffle4x128(Vector512<float> left, Vector512<float> right, [ConstantExpected] byte control) =>
        Avx512F.IsSupported ? Avx512F.Shuffle4x128(left, right, control) : Model.Shuffle4x128(left, right, control);

    /// <summary><c>vpermilps</c> with an immediate: lane j of each 128-bit block is lane <c>(control &gt;&gt; 2j) &amp; 3</c> of that block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Permute4x32(Vector512<float> value, [ConstantExpected] byte control) =>
        Avx512F.IsSupported ? Avx512F.Permute4x32(value, control) : Model.Permute4x32(value, control);

    /// <summary><c>vbroadcastf32x4</c>: the four floats at <paramref name="address"/> in every 128-bit block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> BroadcastVector128ToVector512(float* address) =>
        Avx512F.IsSupported ? Avx512F.BroadcastVector128ToVector512(address) : Model.BroadcastVector128ToVector512(address);

    /// <summary>
    /// <c>vmovups</c> under a mask: lane i is read from <paramref name="address"/> where lane i of
    /// <paramref name="mask"/> has its sign bit set (callers pass all-ones or zero lanes) and is
    /// <paramref name="merge"/>'s otherwise. Masked-off lanes are not read, so they may lie past the end
    /// of the data, even on an unmapped page.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MaskLoad(float* address, Vector512<float> mask, Vector512<float> merge) =>
        Avx512F.IsSupported ? Avx512F.MaskLoad(address, mask, merge) : Model.MaskLoad(address, mask, merge);

    /// <summary><c>vmovntdq</c>: stores 64 bytes at a 64-byte aligned <paramref name="address"/>, bypassing the caches.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreAlignedNonTemporal(byte* address, Vector512<byte> source)
    {
        if (Avx512F.IsSupported)
        {
            Avx512F.StoreAlignedNonTemporal(address, source);
        }
        else
        {
            Model.StoreAlignedNonTemporal(address, source);
        }
    }

    /// <summary>
    /// The instructions in software, lane by lane, written from Intel's definitions (Intel 64 and IA-32
    /// SDM, volume 2) rather than from the kernels' use of them, so that a kernel that relies on a wrong
    /// idea of an instruction fails on the model too. The tests check each against
    /// worked examples and, on AVX-512 hardware, against the instruction.
    /// </summary>
    internal static class Model
    {
        private const int Lanes = 16;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector512<float> PermuteVar16x32x2(Vector512<float> lower, Vector512<int> indices, Vector512<float> upper)
        {
            float* r = stackalloc float[Lanes];
            for (int i = 0; i < Lanes; i++)
            {
                int index = indices.GetElement(i);
                r[i] = ((index & 16) != 0 ? upper : lower).GetElement(index & 15);
            }

            return Vector512.Load(r);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector512<float> PermuteVar16x32(Vector512<float> value, Vector512<int> indices)
        {
            float* r = stackalloc float[Lanes];
            for (int i = 0; i < Lanes; i++)
            {
                r[i] = value.GetElement(indices.GetElement(i) & 15);
            }

            return Vector512.Load(r);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector512<float> Shuffle(Vector512<float> left, Vector512<float> right, byte control)
        {
            float* r = stackalloc float[Lanes];
            for (int block = 0; block < Lanes; block += 4)
            {
                r[block] = left.GetElement(block + (control & 3));
                r[block + 1] = left.GetElement(block + ((control >> 2) & 3));
                r[block + 2] = right.GetElement(block + ((control >> 4) & 3));
                r[block + 3] = right.GetElement(block + ((control >> 6) & 3));
            }

            return Vector512.Load(r);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector512<float> Shuffle4x128(Vector512<float> left, Vector512<float> right, byte control)
        {
            float* r = stackalloc float[Lanes];
            for (int block = 0; block < 4; block++)
            {
                Vector512<float> source = block < 2 ? left : right;
                int from = (control >> (2 * block)) & 3;
                for (int j = 0; j < 4; j++)
                {
                    r[4 * block + j] = source.GetElement(4 * from + j);
                }
            }

            return Vector512.Load(r);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector512<float> Permute4x32(Vector512<float> value, byte control)
        {
            float* r = stackalloc float[Lanes];
            for (int block = 0; block < Lanes; block += 4)
            {
                for (int j = 0; j < 4; j++)
                {
                    r[block + j] = value.GetElement(block + ((control >> (2 * j)) & 3));
                }
            }

            return Vector512.Load(r);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector512<float> BroadcastVector128ToVector512(float* address)
        {
            float* r = stackalloc float[Lanes];
            for (int i = 0; i < Lanes; i++)
            {
                r[i] = address[i & 3];
            }

            return Vector512.Load(r);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector512<float> MaskLoad(float* address, Vector512<float> mask, Vector512<float> merge)
        {
            float* r = stackalloc float[Lanes];
            for (int i = 0; i < Lanes; i++)
            {
                r[i] = BitConverter.SingleToInt32Bits(mask.GetElement(i)) < 0 ? address[i] : merge.GetElement(i);
            }

            return Vector512.Load(r);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void StoreAlignedNonTemporal(byte* address, Vector512<byte> source)
        {
            // The instruction faults (#GP) on a misaligned address; so does the model.
            if (((nint)address & 63) != 0)
            {
                throw new InvalidOperationException($"non-temporal 64-byte store to the misaligned address 0x{(nint)address:x}");
            }

            source.Store(address);
        }
    }
}
