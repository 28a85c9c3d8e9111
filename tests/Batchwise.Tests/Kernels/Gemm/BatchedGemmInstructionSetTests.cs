using System.Runtime.Intrinsics;
using Batchwise.Kernels;
using Batchwise.Kernels.Gemm;
using Batchwise.Kernels.Gemm.Dot;
using Batchwise.Kernels.Gemm.MicroKernels;
using Batchwise.Kernels.Isa;
using Batchwise.Kernels.Threading;
using static Batchwise.Tests.Kernels.Gemm.GemmTestHelpers;

namespace Batchwise.Tests.Kernels.Gemm;

/// <summary>Tests that force the vector width or the thread count run one at a time.</summary>
[CollectionDefinition("InstructionSet", DisableParallelization = true)]
public sealed class InstructionSetCollection
{
}

/// <summary>
/// The tests that force a vector width or a thread count, and so must not run beside others: long
/// dots and vector-matrix products cut over the threads keep their bits on any thread count, and
/// every forced width matches the reference.
/// </summary>
[Collection("InstructionSet")]
public class BatchedGemmInstructionSetTests
{
    [Fact]
    public void Multiply_LongDot_MatchesReferenceWithTheSameBitsOnAnyThreadCount()
    {
        // One dot of LongDot.MinK elements or more is cut into fixed chunks over the threads: a lost,
        // doubled or misplaced chunk is off by far more than rounding. (In this collection because it
        // changes the thread count, which the other tests' threads share.)
        int k = LongDot.MinK + 77;
        Check<float>([], 1, 1, k, withBias: true);
        Check<double>([], 1, 1, k, MatrixLayout.ReversedCols, MatrixLayout.ReversedRows, accumulate: true);

        var rng = new Random(3);
        float[] a = BatchedGemmTests.RandomPinned(rng, k), b = BatchedGemmTests.RandomPinned(rng, k);
        float[] one = GC.AllocateArray<float>(1, pinned: true), two = GC.AllocateArray<float>(1, pinned: true);
        int previous = WorkerPool.MaxDegree;
        try
        {
            WorkerPool.MaxDegree = 1;
            BatchedGemm.Multiply<float>([], 1, 1, k, new StridedMatrix<float>(ref a[0], k, 1, []),
                new StridedMatrix<float>(ref b[0], 1, 1, []), new StridedMatrix<float>(ref one[0], 1, 1, []));
            WorkerPool.MaxDegree = 2;
            BatchedGemm.Multiply<float>([], 1, 1, k, new StridedMatrix<float>(ref a[0], k, 1, []),
                new StridedMatrix<float>(ref b[0], 1, 1, []), new StridedMatrix<float>(ref two[0], 1, 1, []));
        }
        finally
        {
            WorkerPool.MaxDegree = previous;
        }

        Assert.Equal(BitConverter.SingleToInt32Bits(one[0]), BitConverter.SingleToInt32Bits(two[0]));
    }

    [Fact]
    public void Multiply_LongGevm_MatchesReferenceWithTheSameBitsOnAnyThreadCount()
    {
        // (1, k) @ (k, n) with B over 4 MB and k >= n is cut into chunks of rows over the threads: a
        // lost, doubled or misplaced chunk is off by far more than rounding. k and n leave partial
        // chunks, eight-row groups and vector tails; strided A and a bias or accumulation as well.
        Check<float>([], 1, 515, 2100, withBias: true);
        Check<float>([], 1, 515, 2100, MatrixLayout.ColMajor, accumulate: true);
        Check<double>([], 1, 515, 1100, MatrixLayout.ReversedCols, withBias: true, accumulate: true);

        var rng = new Random(5);
        const int k = 2100, n = 515;
        float[] a = BatchedGemmTests.RandomPinned(rng, k), b = BatchedGemmTests.RandomPinned(rng, k * n);
        float[] one = GC.AllocateArray<float>(n, pinned: true), two = GC.AllocateArray<float>(n, pinned: true);
        int previous = WorkerPool.MaxDegree;
        try
        {
            WorkerPool.MaxDegree = 1;
            BatchedGemm.Multiply<float>([], 1, n, k, new StridedMatrix<float>(ref a[0], k, 1, []),
                new StridedMatrix<float>(ref b[0], n, 1, []), new StridedMatrix<float>(ref one[0], n, 1, []));
            WorkerPool.MaxDegree = 2;
            BatchedGemm.Multiply<float>([], 1, n, k, new StridedMatrix<float>(ref a[0], k, 1, []),
                new StridedMatrix<float>(ref b[0], n, 1, []), new StridedMatrix<float>(ref two[0], n, 1, []));
        }
        finally
        {
            WorkerPool.MaxDegree = previous;
        }

        Assert.Equal(one.Select(BitConverter.SingleToInt32Bits), two.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Multiply_ForcedWidth_MatchesReference(VectorWidth width)
    {
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            (int mrF, int nrF, int mrD, int nrD) = InstructionSet.Width switch
            {
                VectorWidth.Vector512 => (GemmKernel6x4V512<float>.MR, GemmKernel6x4V512<float>.NR, GemmKernel6x4V512<double>.MR, GemmKernel6x4V512<double>.NR),
                VectorWidth.Vector256 => (GemmKernel6x2<float, Vector256<float>, Vector256Ops<float>>.MR, GemmKernel6x2<float, Vector256<float>, Vector256Ops<float>>.NR, GemmKernel6x2<double, Vector256<double>, Vector256Ops<double>>.MR, GemmKernel6x2<double, Vector256<double>, Vector256Ops<double>>.NR),
                VectorWidth.Vector128 => (GemmKernel6x2<float, Vector128<float>, Vector128Ops<float>>.MR, GemmKernel6x2<float, Vector128<float>, Vector128Ops<float>>.NR, GemmKernel6x2<double, Vector128<double>, Vector128Ops<double>>.MR, GemmKernel6x2<double, Vector128<double>, Vector128Ops<double>>.NR),
                _ => (GemmKernel4x4Scalar<float>.MR, GemmKernel4x4Scalar<float>.NR, GemmKernel4x4Scalar<double>.MR, GemmKernel4x4Scalar<double>.NR),
            };
            BatchedGemmTests.SweepEdges<float>(mrF, nrF);
            BatchedGemmTests.SweepEdges<double>(mrD, nrD);
            foreach (MatrixLayout layout in AllLayouts)
            {
                Check<float>([3], 13, 37, 21, layout, layout, layout, withBias: true);
                Check<double>([3], 13, 37, 21, layout, MatrixLayout.ColMajor, MatrixLayout.RowMajor, accumulate: true);
            }

            Check<float>([200], 3, 3, 3);
            Check<float>([20], 15, 13, 11, withBias: true, accumulate: true);
            Check<double>([20], 5, 7, 16, MatrixLayout.ColMajor);
            Check<float>([40], 1, 1, 37, withBias: true);
            Check<double>([10], 1, 1, 70);
            Check<double>([10], 50, 1, 70, MatrixLayout.ColMajor);
            Check<float>([10], 1, 50, 70, lb: MatrixLayout.ColMajor);
            Check<float>([4], 30, 40, 1, withBias: true);

            // Vector-matrix products (m = 1) at the edges of their 8- and 4-vector column blocks.
            foreach (int n in new[] { 15, 16, 17, 31, 32, 33, 63, 64, 65, 95, 96, 97, 128, 200 })
            {
                Check<float>([3], 1, n, 64, withBias: true);
                Check<float>([2], 1, n, 5, MatrixLayout.ColMajor, accumulate: true);
                Check<double>([3], 1, n, 33, MatrixLayout.Padded, MatrixLayout.Padded, MatrixLayout.Padded, withBias: true, accumulate: true);
            }

            // A vector-matrix product over a B of 8 MB or more reads B row by row, eight rows a step
            // (OneRowKernels.RowStreamed256): depths with a tail of 1-7 rows, a column tail, padded
            // rows, bias, accumulation, and both types. A wrong row, scale or column offset fails these.
            Check<float>([], 1, 1003, 2095, withBias: true);
            Check<float>([], 1, 1000, 2104, lb: MatrixLayout.Padded, lc: MatrixLayout.Padded, accumulate: true);
            Check<double>([], 1, 515, 2049, withBias: true, accumulate: true);

            // So does a stack streamed from memory whose items' B fill half of L2 or more.
            int depth = (int)(Blocking.L2Bytes / 2 / (250 * sizeof(float))) + 3;
            int items = (int)(Blocking.L3Bytes / 2 / ((long)depth * 250 * sizeof(float))) + 1;
            Check<float>([items], 1, 250, depth, withBias: true);

            // A GEMV in cache, or with rows of 1024 or more, reads each block's eight rows side by side
            // (DotBlock8V256.DotsInterleaved, GemvKernels.DotEightRows): depth tails, row tails, a
            // strided result, bias.
            Check<float>([], 203, 1, 1031, withBias: true);
            Check<float>([], 64, 1, 2048, lc: MatrixLayout.Padded, accumulate: true);
            Check<float>([2], 17, 1, 1029, MatrixLayout.Padded, withBias: true);
            Check<float>([3], 19, 1, 13, withBias: true);
            Check<float>([2], 16, 1, 8, lc: MatrixLayout.Padded, accumulate: true);
            Check<double>([3], 19, 1, 13, withBias: true);
            Check<double>([2], 16, 1, 3, lc: MatrixLayout.Padded, accumulate: true);
            Check<double>([], 203, 1, 1027, withBias: true, accumulate: true);
            Check<double>([2], 9, 1, 1030, MatrixLayout.Padded, lc: MatrixLayout.Padded);
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }
}
