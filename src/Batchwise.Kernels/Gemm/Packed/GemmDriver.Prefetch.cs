namespace Batchwise.Kernels.Gemm.Packed;

/// <summary>
/// The driver's prefetches: the next batch item's operands, a few lines per micro-kernel call, and a
/// deep tile's rows of C before its micro-kernel runs.
/// </summary>
internal static unsafe partial class GemmDriver<T, TKernel>
{
    /// <summary>A dense-enough region of one operand: its first element and its span in bytes.</summary>
    private readonly struct Region(byte* start, nint bytes)
    {
        public readonly byte* Start = start;
        public readonly nint Bytes = bytes;
    }

    /// <summary>The next batch item's operands, prefetched <paramref name="linesPerStep"/> cache lines per micro-kernel call.</summary>
    private struct NextItem(int linesPerStep, Region a, Region b, Region c)
    {
        private readonly Region _a = a, _b = b, _c = c;
        private readonly int _linesPerStep = linesPerStep;
        private nint _done;

        /// <summary>Issues the next few prefetches (A, then B, then C; none in the default instance).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step()
        {
            for (int i = 0; i < _linesPerStep; i++, _done += 64)
            {
                nint at = _done;
                if (at < _a.Bytes)
                {
                    Sse.Prefetch0(_a.Start + at);
                    continue;
                }

                at -= _a.Bytes;
                if (at < _b.Bytes)
                {
                    Sse.Prefetch0(_b.Start + at);
                    continue;
                }

                at -= _b.Bytes;
                if (at >= _c.Bytes)
                {
                    return;
                }

                Sse.Prefetch0(_c.Start + at);
            }
        }
    }

    /// <summary>
    /// The bytes a rows x cols block spans with non-negative strides, or an empty region when it is
    /// sparse (more than twice its elements apart) or runs backwards: only dense blocks are prefetched.
    /// </summary>
    private static Region Extent(T* origin, int rows, int cols, nint rowStride, nint colStride)
    {
        if (rowStride < 0 || colStride < 0)
        {
            return default;
        }

        nint span = ((rows - 1) * rowStride + (cols - 1) * colStride + 1) * sizeof(T);
        return span <= 2L * rows * cols * sizeof(T) ? new Region((byte*)origin, span) : default;
    }

    /// <summary>
    /// Next-item lines prefetched per micro-kernel call. A 64x64 float item is 44 tiles (AVX2) and 768
    /// lines of A, B and C; 12 lines a tile (A and B, then part of C) bring the next item in before it
    /// starts without crowding the current one's loads.
    /// </summary>
    private const int PrefetchLinesPerTile = 12;

    /// <summary>Tile rows this wide (four cache lines) skip the next-item prefetch of in-place items.</summary>
    private const int WideTileRowBytes = 256;

    /// <summary>
    /// Depth from which a tile's C rows are prefetched before its micro-kernel runs. A large product's
    /// C does not stay in cache between KC blocks, and the kernel loads (or stores) its tile only after
    /// the k loop, each of its rows a separate miss: prefetched, the lines arrive during the k loop.
    /// Shallower tiles are the small products whose next operands are prefetched already.
    /// </summary>
    private const int PrefetchTileDepth = 128;

    /// <summary>Prefetches the first and last element of each row of a tile (a row may straddle two lines).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void PrefetchTile(T* c, nint cRow, int rows, int cols)
    {
        for (int r = 0; r < rows; r++, c += cRow)
        {
            Sse.Prefetch0(c);
            Sse.Prefetch0(c + cols - 1);
        }
    }
}
