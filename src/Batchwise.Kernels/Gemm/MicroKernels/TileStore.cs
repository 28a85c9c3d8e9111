namespace Batchwise.Kernels.Gemm.MicroKernels;

/// <summary>
/// The slow epilogue every micro-kernel shares for edge tiles and for C without unit column stride:
/// the accumulators are spilled to a small row-major tile and copied out element by element.
/// </summary>
internal static unsafe class TileStore
{
    /// <summary>C[i, j] = tile[i * tileStride + j] (+ bias[j]) (+ C[i, j]) for i &lt; mr, j &lt; nr.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Store<T>(T* tile, int tileStride, T* c, nint cRow, nint cCol, int mr, int nr,
        T* bias, bool accumulate)
        where T : unmanaged, INumberBase<T>
    {
        Debug.Assert(mr > 0 && nr > 0 && nr <= tileStride);
        for (int i = 0; i < mr; i++)
        {
            T* t = tile + i * tileStride;
            T* ci = c + i * cRow;
            for (int j = 0; j < nr; j++)
            {
                T v = t[j];
                if (bias != null)
                {
                    v += bias[j];
                }

                ref T dst = ref ci[j * cCol];
                dst = accumulate ? dst + v : v;
            }
        }
    }
}
