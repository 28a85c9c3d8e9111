using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Batchwise.Kernels.Gemm;

/// <summary>
/// BLIS packing: copies a block of A or B, read through any strides (transposed, sliced, negative),
/// into the contiguous micro-panel order the micro-kernel streams through. Partial panels are
/// zero-padded so the kernel always runs full register tiles.
/// </summary>
internal static unsafe class Packing
{
    /// <summary>
    /// Packs the mc x kc block at <paramref name="a"/> into ceil(mc/mr) micro-panels; panel r holds
    /// element (r*mr + i, p) at <c>dst[r*mr*kc + p*mr + i]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<T>(int mr, T* a, nint rowStride, nint colStride, int mc, int kc, T* dst)
        where T : unmanaged, INumberBase<T>
    {
        Debug.Assert(mc > 0 && kc > 0 && mr > 0);
        for (int i0 = 0; i0 < mc; i0 += mr, dst += mr * kc)
        {
            int rows = Math.Min(mr, mc - i0);
            T* src = a + i0 * rowStride;
            if (rows == 6 && mr == 6)
            {
                // The 6-row kernels: six row pointers, one store stream.
                T* s0 = src, s1 = src + rowStride, s2 = src + 2 * rowStride;
                T* s3 = src + 3 * rowStride, s4 = src + 4 * rowStride, s5 = src + 5 * rowStride;
                T* d = dst;
                nint o = 0;
                for (int p = 0; p < kc; p++, o += colStride, d += 6)
                {
                    d[0] = s0[o];
                    d[1] = s1[o];
                    d[2] = s2[o];
                    d[3] = s3[o];
                    d[4] = s4[o];
                    d[5] = s5[o];
                }

                continue;
            }

            for (int p = 0; p < kc; p++)
            {
                T* d = dst + p * mr;
                T* s = src + p * colStride;
                int i = 0;
                for (; i < rows; i++)
                {
                    d[i] = s[i * rowStride];
                }

                for (; i < mr; i++)
                {
                    d[i] = T.Zero;
                }
            }
        }
    }

    /// <summary>
    /// Packs the kc x nc block at <paramref name="b"/> into ceil(nc/nr) micro-panels; panel r holds
    /// element (p, r*nr + j) at <c>dst[r*nr*kc + p*nr + j]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<T>(int nr, T* b, nint rowStride, nint colStride, int kc, int nc, T* dst)
        where T : unmanaged, INumberBase<T>
    {
        Debug.Assert(nc > 0 && kc > 0 && nr > 0);
        for (int j0 = 0; j0 < nc; j0 += nr, dst += nr * kc)
        {
            int cols = Math.Min(nr, nc - j0);
            T* src = b + j0 * colStride;
            if (cols == nr && colStride == 1)
            {
                // Row-major B: each micro-panel row is one contiguous copy.
                uint bytes = (uint)(nr * Unsafe.SizeOf<T>());
                for (int p = 0; p < kc; p++)
                {
                    Unsafe.CopyBlockUnaligned(dst + p * nr, src + p * rowStride, bytes);
                }

                continue;
            }

            for (int p = 0; p < kc; p++)
            {
                T* d = dst + p * nr;
                T* s = src + p * rowStride;
                int j = 0;
                for (; j < cols; j++)
                {
                    d[j] = s[j * colStride];
                }

                for (; j < nr; j++)
                {
                    d[j] = T.Zero;
                }
            }
        }
    }
}
