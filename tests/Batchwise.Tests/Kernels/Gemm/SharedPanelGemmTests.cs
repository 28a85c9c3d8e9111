using Batchwise.Kernels.Gemm;
using Batchwise.Kernels.Gemm.Packed;
using Batchwise.Kernels.Threading;
using Xunit;
using static Batchwise.Tests.Kernels.Gemm.GemmTestHelpers;

namespace Batchwise.Tests.Kernels.Gemm;

/// <summary>Tests that change the engine's process-wide settings run alone.</summary>
[CollectionDefinition("GemmSettings", DisableParallelization = true)]
public class GemmSettingsCollection;

/// <summary>
/// The shared-B driver (GemmDriver.Shared.cs): one large product split by rows, B packed once per
/// round for all threads. A small packing budget forces many rounds over the columns and the depth.
/// </summary>
[Collection("GemmSettings")]
public class SharedPanelGemmTests
{
    // Single products that take the shared path: rows split (m >= n), B over 256 KB, over 4M multiply-adds.
    private static readonly int[][] Shapes = [[200, 150, 800], [401, 300, 390], [193, 97, 1500]];

    [Theory]
    [InlineData(20_000L)]
    [InlineData(200_000L)]
    [InlineData(8L * 1024 * 1024)]
    public void Multiply_SharedB_AnyBudget_MatchesReference(long budget)
    {
        WithSettings(budget, degree: 2, () =>
        {
            foreach (int[] s in Shapes)
            {
                Check<float>([], s[0], s[1], s[2], MatrixLayout.RowMajor, MatrixLayout.RowMajor, MatrixLayout.RowMajor, withBias: true);
                Check<double>([], s[0], s[1], s[2], MatrixLayout.RowMajor, MatrixLayout.RowMajor, MatrixLayout.RowMajor, accumulate: true);
            }
        });
    }

    [Theory]
    [InlineData(MatrixLayout.ColMajor, MatrixLayout.ColMajor, MatrixLayout.RowMajor)]
    [InlineData(MatrixLayout.ReversedRows, MatrixLayout.Padded, MatrixLayout.Padded)]
    [InlineData(MatrixLayout.Padded, MatrixLayout.ReversedCols, MatrixLayout.ReversedRows)]
    [InlineData(MatrixLayout.RowMajor, MatrixLayout.ReversedRows, MatrixLayout.ReversedCols)]
    public void Multiply_SharedB_AnyStrides_MatchesReference(MatrixLayout la, MatrixLayout lb, MatrixLayout lc)
    {
        WithSettings(200_000L, degree: 2, () =>
        {
            Check<float>([], 200, 150, 800, la, lb, lc, withBias: true, accumulate: true);
            Check<double>([], 401, 300, 390, la, lb, lc);
        });
    }

    [Fact]
    public void Multiply_SharedB_NarrowResult_ReadsAInPlace_MatchesReference()
    {
        // At most 64 result columns: each thread reads its rows of A in place (no A buffer), B over
        // 256 KB still packed once for all; 301 and 401 rows leave short last blocks.
        WithSettings(200_000L, degree: 2, () =>
        {
            Check<double>([], 301, 64, 1200, accumulate: true);
            Check<float>([], 401, 40, 1700, withBias: true);
            Check<float>([], 401, 64, 1100, MatrixLayout.Padded, MatrixLayout.RowMajor, MatrixLayout.Padded);
        });
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Multiply_SharedB_AnyThreadCount_CoversEveryRow(int degree)
    {
        // Each claim takes a share of the (MC row block, column group) units left, so the claims end
        // mid-row, and the row blocks end short where MR does not divide (401 rows: the last block of
        // 5 rows; 769 rows: of 1). Accumulating into C would show a unit done twice.
        WithSettings(200_000L, degree, () =>
        {
            Check<float>([], 401, 300, 390, withBias: true);
            Check<double>([], 769, 250, 300, accumulate: true);
        });
    }

    [Fact]
    public void Multiply_SharedB_TwoCallersAtOnce_MatchReference()
    {
        // One caller gets the worker pool, the other finds it busy and runs every part itself; each
        // needs its own packed panels (the cached buffer is taken by whichever came first).
        WithSettings(200_000L, degree: 2, () =>
        {
            for (int round = 0; round < 3; round++)
            {
                Parallel.Invoke(
                    () => Check<float>([], 401, 300, 390, withBias: true, seed: round),
                    () => Check<float>([], 200, 150, 800, MatrixLayout.ColMajor, MatrixLayout.Padded, MatrixLayout.RowMajor, seed: round),
                    () => Check<double>([], 193, 97, 1500, accumulate: true, seed: round));
            }
        });
    }

    private static void WithSettings(long budget, int degree, Action body)
    {
        long savedBudget = SharedPanelBuffer.BudgetBytes;
        int savedDegree = WorkerPool.MaxDegree;
        SharedPanelBuffer.BudgetBytes = budget;
        WorkerPool.MaxDegree = degree;
        try
        {
            body();
        }
        finally
        {
            SharedPanelBuffer.BudgetBytes = savedBudget;
            WorkerPool.MaxDegree = savedDegree;
        }
    }
}
