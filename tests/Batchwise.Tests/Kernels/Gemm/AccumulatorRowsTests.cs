using Batchwise.Kernels.Gemm.Rows;

namespace Batchwise.Tests.Kernels.Gemm;

public unsafe class AccumulatorRowsTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(64, 0)]
    [InlineData(64, 2424)]
    [InlineData(4092, 8)]
    [InlineData(2816, 2816)]
    [InlineData(1000, 4000)]
    public void Place_StartsTheRowAtTheDistancePastB_WithinOnePageOfTheBuffer(int bOffset, int bufferOffset)
    {
        // Offsets in bytes within a page; any element-aligned pair must give a row in the buffer's slack.
        nint page = 1 << 20;
        float* b = (float*)(page + bOffset);
        float* buffer = (float*)(2 * page + bufferOffset);

        float* row = AccumulatorRows.Place(buffer, b);

        long past = (long)row - (long)buffer;
        Assert.InRange(past, 0, AccumulatorRows.PageBytes - sizeof(float));
        Assert.True(past <= AccumulatorRows.SlackElements<float>() * sizeof(float));
        Assert.Equal(AccumulatorRows.DistanceBytes, (((long)row - (long)b) % AccumulatorRows.PageBytes + AccumulatorRows.PageBytes) % AccumulatorRows.PageBytes);
        Assert.Equal(0, past % sizeof(float));
    }

    [Theory]
    [InlineData(1, 1024)]
    [InlineData(1024, 1024)]
    [InlineData(1025, 2048)]
    [InlineData(4096, 4096)]
    public void PageStride_RoundsAFloatRowUpToWholePages(int n, int expected) =>
        Assert.Equal(expected, AccumulatorRows.PageStride<float>(n));
}
