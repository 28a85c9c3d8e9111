using Batchwise.Kernels;
using static Batchwise.Tests.Kernels.Gemm.GemmTestHelpers;

namespace Batchwise.Tests.Kernels.Gemm;

/// <summary>
/// The batch-vectorised float kernels (SmallKernels/): block and window edges, bias, accumulate and
/// NaN-prefilled C, at every forced vector width (narrower widths take the general paths, which must
/// agree too).
/// </summary>
[Collection("InstructionSet")]
public class SmallKernelTests
{
    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Multiply_Stacks3x3_MatchesReference(VectorWidth width)
    {
        WithWidth(width, () =>
        {
            // Counts around the 16-item blocks and the 8-float windows that must stay inside the batch.
            foreach (int count in new[] { 1, 2, 15, 16, 17, 18, 32, 33, 34, 35, 50, 100, 257 })
            {
                Check<float>([count], 3, 3, 3);
                Check<float>([count], 3, 3, 3, accumulate: true);
                Check<float>([count], 3, 3, 3, withBias: true);
            }

            Check<float>([40], 3, 3, 3, broadcastB: [true]);
            Check<float>([40], 3, 3, 3, MatrixLayout.ColMajor);
            Check<float>([5, 9], 3, 3, 3);

            // Other packed rows of two or three columns (rows of B and C run into the next row).
            foreach (int count in new[] { 1, 2, 7 })
            {
                Check<float>([count], 2, 2, 2);
                Check<float>([count], 5, 2, 3, withBias: true);
                Check<float>([count], 3, 3, 1);
                Check<float>([count], 1, 3, 7, broadcastB: [true]);
                Check<float>([count], 4, 3, 16, accumulate: true);
            }
        });
    }

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Multiply_StacksNarrowerThanAVector_MatchesReference(VectorWidth width)
    {
        WithWidth(width, () =>
        {
            // Rows of C narrower than one vector, stored as whole vectors running into the next row
            // (double 2x2 and 3x3, float rows of 5 to 7): block ends, bias, accumulate, broadcast B.
            foreach (int count in new[] { 1, 2, 3, 17 })
            {
                Check<double>([count], 3, 3, 3);
                Check<double>([count], 2, 2, 2, withBias: true);
                Check<double>([count], 5, 3, 6, accumulate: true);
                Check<double>([count], 4, 2, 3, broadcastB: [true]);
                Check<float>([count], 4, 6, 5);
                Check<float>([count], 3, 5, 2, withBias: true);
                Check<float>([count], 2, 7, 9, broadcastB: [true]);
            }

            Check<double>([3, 5], 3, 3, 3);
            Check<double>([9], 3, 3, 3, lc: MatrixLayout.Padded);

            // Large enough to split over the workers: each part's last row must stay inside its part.
            Check<double>([5000], 3, 3, 3);
            Check<float>([3000], 4, 6, 5);
            Check<float>([9], 5, 6, 4, MatrixLayout.ColMajor);
        });
    }

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Multiply_Stacks4x4_MatchesReference(VectorWidth width)
    {
        WithWidth(width, () =>
        {
            foreach (int count in new[] { 1, 2, 3, 16, 17, 100 })
            {
                Check<float>([count], 4, 4, 4);
                Check<float>([count], 4, 4, 4, withBias: true, accumulate: true);
                Check<float>([count], 4, 4, 4, broadcastB: [true]);
                Check<float>([count], 4, 4, 4, broadcastB: [true], withBias: true, accumulate: true);
            }

            // Tall (rows, 4) @ (4, 4) with 0..3 rows left after the 4-row groups, and B strided.
            foreach (int rows in new[] { 1, 3, 17, 18, 19, 20, 101 })
            {
                Check<float>([], rows, 4, 4);
                Check<float>([], rows, 4, 4, lb: MatrixLayout.Padded, withBias: true, accumulate: true);
                Check<float>([], rows, 4, 4, lb: MatrixLayout.ColMajor);
            }

            Check<float>([7], 5, 4, 4, broadcastB: [true]);
            Check<float>([30], 4, 4, 4, MatrixLayout.Padded, MatrixLayout.Padded, MatrixLayout.Padded);
        });
    }

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Multiply_Stacks16x16_MatchesReference(VectorWidth width)
    {
        WithWidth(width, () =>
        {
            foreach (int m in new[] { 1, 3, 15, 16 })
            {
                Check<float>([9], m, 16, 16);
                Check<float>([9], m, 16, 16, withBias: true, accumulate: true);
                Check<float>([9], m, 16, 16, MatrixLayout.Padded, MatrixLayout.Padded, MatrixLayout.Padded);
            }

            Check<float>([20], 16, 16, 16, broadcastA: [true]);
            Check<float>([3, 4], 16, 16, 16, broadcastB: [false, true]);
            Check<float>([], 40, 16, 16, withBias: true);
        });
    }

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Multiply_BatchedDots_MatchesReference(VectorWidth width)
    {
        WithWidth(width, () =>
        {
            foreach (int count in new[] { 1, 15, 16, 17, 33, 100 })
            {
                foreach (int k in new[] { 1, 15, 16, 17, 31, 32, 33, 64, 70 })
                {
                    Check<float>([count], 1, 1, k, withBias: k % 2 == 0, accumulate: k % 3 == 0);
                }
            }

            Check<float>([80, 20], 1, 1, 64);
            Check<float>([40], 1, 1, 64, broadcastB: [true]);
            Check<float>([40], 1, 1, 20, MatrixLayout.Padded, MatrixLayout.Padded, MatrixLayout.Padded);
        });
    }

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Multiply_BatchedGemv_MatchesReference(VectorWidth width)
    {
        WithWidth(width, () =>
        {
            foreach (int m in new[] { 15, 16, 17, 31, 32, 33, 64 })
            {
                foreach (int k in new[] { 1, 16, 17, 64 })
                {
                    Check<float>([3], m, 1, k, withBias: m % 2 == 1, accumulate: k % 2 == 1);
                }
            }

            Check<float>([4, 3], 64, 1, 64, broadcastB: [false, true]);
            Check<float>([5], 40, 1, 30, MatrixLayout.Padded, lc: MatrixLayout.Padded);
            Check<float>([5], 40, 1, 30, lb: MatrixLayout.ColMajor, lc: MatrixLayout.ColMajor);

            // m = 1 with column-major B: one dot per column of B, bias running down the "rows".
            Check<float>([2], 1, 40, 30, lb: MatrixLayout.ColMajor, withBias: true);
        });
    }

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Multiply_VectorMatrix_MatchesReference(VectorWidth width)
    {
        WithWidth(width, () =>
        {
            // m = 1: groups of four column vectors (32 or 64 floats), then single vectors and the tail.
            foreach (int n in new[] { 31, 32, 33, 64, 65, 70, 130 })
            {
                foreach (int k in new[] { 1, 5, 64 })
                {
                    Check<float>([3], 1, n, k, withBias: n % 2 == 1, accumulate: k == 5);
                    Check<double>([3], 1, n, k, withBias: n % 2 == 0, accumulate: k == 1);
                }
            }

            Check<float>([4, 5], 1, 64, 64, broadcastB: [false, true]);
            Check<float>([6], 1, 64, 64, MatrixLayout.Padded, MatrixLayout.Padded, MatrixLayout.Padded);
            Check<float>([6], 1, 64, 64, la: MatrixLayout.ColMajor);
        });
    }

    private static void WithWidth(VectorWidth width, Action body)
    {
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            body();
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }
}
