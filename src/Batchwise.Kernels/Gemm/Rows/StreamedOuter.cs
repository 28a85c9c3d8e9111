using System.Numerics.Tensors;
using Batchwise.Kernels.Elementwise;

namespace Batchwise.Kernels.Gemm.Rows;

/// <summary>
/// Outer products (k = 1) into a fresh result far larger than the last-level cache
/// (<see cref="GemmKernel.StreamedOuter"/>): each row of C, <c>a[i] * b (+ bias)</c>, is written with
/// non-temporal stores (<see cref="StreamingStores"/>), which skip reading C's lines from memory
/// before overwriting them: straight from registers without a bias, through an L1 staging buffer with
/// one. Such a product only writes, so that read was a third of its traffic;
/// <c>l[..., None] * r[..., None, :]</c> streams the same way.
/// </summary>
internal static unsafe class StreamedOuter
{
    /// <summary>Rows [r0, r1) and columns [c0, c1) of batch items [i0, i1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(in GemmJob<T> job, long i0, long i1, int r0, int r1, int c0, int c1)
        where T : unmanaged, INumberBase<T>
    {
        // Assumptions: k = 1; B and C have unit column stride; bias, if any, runs along the columns.
        if (job.Bias == null && MultiplyOperator<T>.HasRegisterForm)
        {
            RunFromRegisters(job, i0, i1, r0, r1, c0, c1);
            return;
        }

        int chunk = StreamingStores.MaxStagedBytes / sizeof(T);
        byte* buffer = stackalloc byte[StreamingStores.MaxStagedBytes + 63];
        T* staging = StreamingStores.CacheLineAligned<T>(buffer);
        // Whole rows that follow one another in C are staged several at a time, so that rows of a few
        // hundred bytes are not each a separate streaming copy.
        int n = c1 - c0;
        int rowsPerCopy = c0 == 0 && c1 == job.N && job.CRow == job.N ? Math.Max(1, chunk / n) : 1;
        for (long item = i0; item < i1; item++)
        {
            job.ItemOffsets(item, out nint offA, out nint offB, out nint offC);
            if (rowsPerCopy > 1)
            {
                for (int i = r0; i < r1; i += rowsPerCopy)
                {
                    int rows = Math.Min(rowsPerCopy, r1 - i);
                    for (int q = 0; q < rows; q++)
                    {
                        ScaleRow(job, job.A[offA + (i + q) * job.ARow], offB, 0, n, staging + q * n);
                    }

                    StreamingStores.Copy((byte*)staging, (byte*)(job.C + offC + i * job.CRow), rows * n * sizeof(T));
                }

                continue;
            }

            for (int i = r0; i < r1; i++)
            {
                T scale = job.A[offA + i * job.ARow];
                T* c = job.C + offC + i * job.CRow;
                for (int j = c0; j < c1; j += chunk)
                {
                    int length = Math.Min(chunk, c1 - j);
                    ScaleRow(job, scale, offB, j, length, staging);
                    StreamingStores.Copy((byte*)staging, (byte*)(c + j), length * sizeof(T));
                }
            }
        }

        Sse.StoreFence();
    }

    /// <summary>
    /// Without a bias each row of C is <c>a[i] * b</c>, which <see cref="StreamingStores.BinaryFromRegisters"/>
    /// streams straight from registers: loads and streaming stores then overlap, where staging a
    /// row in L1 and copying it out alternates between them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunFromRegisters<T>(in GemmJob<T> job, long i0, long i1, int r0, int r1, int c0, int c1)
        where T : unmanaged, INumberBase<T>
    {
        int n = c1 - c0;
        for (long item = i0; item < i1; item++)
        {
            job.ItemOffsets(item, out nint offA, out nint offB, out nint offC);
            T* b = job.B + offB + c0;
            for (int i = r0; i < r1; i++)
            {
                T scale = job.A[offA + i * job.ARow];
                StreamingStores.BinaryFromRegisters<T, T, MultiplyOperator<T>>(b, 1, &scale, 0, job.C + offC + i * job.CRow + c0, n);
            }
        }

        Sse.StoreFence();
    }

    /// <summary>into[0, length) = scale * B[j, j + length) (+ bias[j, j + length)) for the item at <paramref name="offB"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ScaleRow<T>(in GemmJob<T> job, T scale, nint offB, int j, int length, T* into)
        where T : unmanaged, INumberBase<T>
    {
        var b = new ReadOnlySpan<T>(job.B + offB + j, length);
        var destination = new Span<T>(into, length);
        if (job.Bias != null)
        {
            TensorPrimitives.MultiplyAdd(b, scale, new ReadOnlySpan<T>(job.Bias + j, length), destination);
        }
        else
        {
            TensorPrimitives.Multiply(b, scale, destination);
        }
    }
}
