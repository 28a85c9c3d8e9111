using System.Runtime.CompilerServices;
using Batchwise.Kernels.Elementwise;
using Batchwise.Kernels.Gemm;
using System.Runtime.Intrinsics;
using Batchwise.Kernels.Gemm.Dot;
using Batchwise.Kernels.Gemm.MicroKernels;
using Batchwise.Kernels.Gemm.Rows;
using Batchwise.Kernels.Gemm.SmallStacks;
using Batchwise.Kernels.Isa;
using Batchwise.Kernels.Softmax;

// Never runs the kernels (the machine that builds this may lack AVX-512): it only makes NativeAOT
// compile each for x86-64-v4 (or the instruction set disasm.sh is given), so that disasm.sh can print their instructions. Arguments the
// compiler cannot see through keep it from folding a call away.
if (args.Length == 12345)
{
    Roots.All(args.Length);
}

Console.WriteLine("Avx512Disassembly: compiled for x86-64-v4; see disasm.sh");

internal static unsafe class Roots
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void All(int n)
    {
        var job = default(GemmJob<float>);
        GemmKernel6x4V512<float>.Run(n, null, n, n, null, n, null, n, n, n, n, null, n > 1);
        GemmKernel6x4V512<double>.Run(n, null, n, n, null, n, null, n, n, n, n, null, n > 1);
        Rows4x4<Vector512<float>, Vector512Ops<float>>.Run(null, null, n, n, null, n, null, n > 1);
        Rows4x4<Vector256<float>, Vector256Ops<float>>.Run(null, null, n, n, null, n, null, n > 1);
        Rows16x16V512.Run(job, n, n, n, n);
        Batched3x3V512.Run(job, n, n);
        DotBlocks<Vector512<float>, Vector512Ops<float>, DotBlock16V512>.Dot(job, n, n);
        DotBlocks<Vector512<float>, Vector512Ops<float>, DotBlock16V512>.Rows(job, n, n, n);
        DotBlocks<Vector256<float>, Vector256Ops<float>, DotBlock8V256>.Dot(job, n, n);
        DotBlocks<Vector256<float>, Vector256Ops<float>, DotBlock8V256>.Rows(job, n, n, n);
        GemmKernel6x2<float, Vector256<float>, Vector256Ops<float>>.Run(n, null, n, n, null, n, null, n, n, n, n, null, n > 1);
        GemmKernel6x2<double, Vector256<double>, Vector256Ops<double>>.Run(n, null, n, n, null, n, null, n, n, n, n, null, n > 1);
        RowPanels.Run(job, n, n, n, n, n, n);
        OneVectorRows.Run<float, Vector256<float>, Vector256Ops<float>>(job, n, n, n, n);
        DotKernels.Dot(job, n, n);
        Copy(null, null, n);
        RowPasses<float, Vector512<float>, Vector512Ops<float>>.Row(default, default, n > 1, n > 2, null, null);
        LogisticForms.Run<GeluTanhForm, float>(default, default);
        SinCosRuns.Run<float>(default, default, n > 1);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Copy(byte* source, byte* destination, int bytes) => StreamingStores.Copy(source, destination, bytes);
}
