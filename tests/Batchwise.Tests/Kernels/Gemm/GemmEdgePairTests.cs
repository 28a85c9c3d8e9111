using System.Numerics;
using Batchwise.Kernels.Gemm;

namespace Batchwise.Tests.Kernels.Gemm;

/// <summary>
/// The 128- and 256-bit kernel runs an edge of one or two rows two panels at a time
/// (<c>GemmKernel6x2.RunEdgePair</c>). Where the edge falls depends on the row count and on the split
/// across threads, so its elements must have the very bits the full tile gives the same rows.
/// </summary>
public class GemmEdgePairTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void EdgeRows_HaveTheBitsOfTheSameRowsInAFullTile(bool withBias, bool accumulate)
    {
        Compare<float>(withBias, accumulate);
        Compare<double>(withBias, accumulate);
    }

    /// <summary>
    /// Rows 30 and 31 end a product of 32 rows in a two-row edge and sit in a full tile of a product of
    /// 36. Depth over two KC blocks; 83 columns leave paired panels, an unpaired one and a partial one.
    /// </summary>
    private static void Compare<T>(bool withBias, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int k = 2 * 384 + 5, n = 83;
        var rng = new Random(23);
        T[] a = Random<T>(rng, 36 * k), b = Random<T>(rng, k * n), bias = Random<T>(rng, n);
        T[] start = Random<T>(rng, 36 * n);
        T[] tall = GC.AllocateArray<T>(36 * n, pinned: true), edged = GC.AllocateArray<T>(32 * n, pinned: true);
        start.CopyTo(tall, 0);
        Array.Copy(start, edged, edged.Length);

        foreach ((int m, T[] c) in new[] { (36, tall), (32, edged) })
        {
            BatchedGemm.Multiply<T>([], m, n, k, new StridedMatrix<T>(ref a[0], k, 1, []),
                new StridedMatrix<T>(ref b[0], n, 1, []), new StridedMatrix<T>(ref c[0], n, 1, []),
                withBias ? bias : default, accumulate);
        }

        Assert.Equal(tall.Take(32 * n), edged);
    }

    private static T[] Random<T>(Random rng, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] data = GC.AllocateArray<T>(length, pinned: true);
        for (int i = 0; i < length; i++)
        {
            data[i] = T.CreateTruncating(rng.NextDouble() * 2 - 1);
        }

        return data;
    }
}
