using System.Buffers;
using Batchwise.Kernels.Threading;

namespace Batchwise.Kernels.Iteration;

/// <summary>
/// A kernel that reads one line of the input (all elements along one axis) and writes the matching
/// line of one or two outputs: a sort, a scan, a selection. Lines are strided; the kernel copies what
/// it needs into <c>scratch</c>, so outputs may alias the input with the same layout.
/// </summary>
public unsafe interface ILineKernel
{
    /// <summary>Bytes of scratch one line of <paramref name="length"/> input elements needs.</summary>
    int ScratchBytes(int length);

    /// <summary>Processes one line; strides are in elements of each operand's own type.</summary>
    void Line(void* output, nint outputStride, void* input, nint inputStride, int length, void* output2, nint output2Stride, Span<byte> scratch);
}

/// <summary>
/// Runs an <see cref="ILineKernel"/> over every line of a strided tensor, on both cores when the
/// work is large. The nest's innermost dimension is the line axis (never coalesced away); its outer
/// dimensions are walked with an <see cref="OuterCursor"/> (operand 0: output, 1: input, 2: second output).
/// </summary>
public static unsafe class LineDriver
{
    private struct Job<TKernel> where TKernel : unmanaged, ILineKernel
    {
        public LoopNest Nest;
        public TKernel Kernel;
        public byte* Output;
        public byte* Input;
        public byte* Output2;
        public int OutputSize;
        public int InputSize;
        public int Output2Size;
    }

    /// <summary>
    /// Runs <paramref name="kernel"/> over the lines of <paramref name="nest"/>. <paramref name="costPerElement"/>
    /// weighs an element against one of a streaming loop when deciding whether to use several threads.
    /// </summary>
    public static void Run<TKernel, TOut, TIn, TOut2>(in LoopNest nest, TOut* output, TIn* input, TOut2* output2, TKernel kernel, int costPerElement = 1)
        where TKernel : unmanaged, ILineKernel
        where TOut : unmanaged
        where TIn : unmanaged
        where TOut2 : unmanaged
    {
        long runs = nest.RunCount;
        if (runs == 0)
        {
            return;
        }
        var job = new Job<TKernel>
        {
            Nest = nest,
            Kernel = kernel,
            Output = (byte*)output,
            Input = (byte*)input,
            Output2 = (byte*)output2,
            OutputSize = sizeof(TOut),
            InputSize = sizeof(TIn),
            Output2Size = sizeof(TOut2),
        };
        long work = runs * Math.Max(nest.InnerExtent, 1) * costPerElement;
        int parts = work < WorkSplitter.ParallelThreshold ? 1 : (int)Math.Min(WorkerPool.MaxDegree, runs);
        if (parts <= 1)
        {
            Part<TKernel>(&job, 0, 1);
        }
        else
        {
            WorkerPool.Run(&Part<TKernel>, &job, parts);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Part<TKernel>(void* state, int part, int parts) where TKernel : unmanaged, ILineKernel
    {
        ref Job<TKernel> job = ref Unsafe.AsRef<Job<TKernel>>(state);
        long runs = job.Nest.RunCount;
        long start = runs * part / parts, end = runs * (part + 1) / parts;
        int r = job.Nest.Rank - 1;
        int length = job.Nest.Extent(r);
        nint s0 = job.Nest.Stride(0, r), s1 = job.Nest.Stride(1, r), s2 = job.Nest.Stride(2, r);
        int bytes = job.Kernel.ScratchBytes(length);
        byte[]? rented = bytes > 0 ? ArrayPool<byte>.Shared.Rent(bytes) : null;
        try
        {
            Span<byte> scratch = rented is null ? default : rented.AsSpan(0, bytes);
            var cursor = new OuterCursor(job.Nest, start);
            for (long run = start; run < end; run++)
            {
                job.Kernel.Line(job.Output + cursor.Offset0 * job.OutputSize, s0,
                    job.Input + cursor.Offset1 * job.InputSize, s1, length,
                    job.Output2 + cursor.Offset2 * job.Output2Size, s2, scratch);
                cursor.MoveNext(job.Nest);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
