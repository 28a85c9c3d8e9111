namespace Batchwise.Kernels.Linalg.Lu;

/// <summary>
/// LU with partial pivoting of the column-major m x w panel the blocked LU factors (column j at
/// <c>p[j·m ..]</c>): pivot searches, scalings and updates on contiguous columns.
/// </summary>
/// <remarks>
/// <para>The panel is worked in slices of <see cref="Slice"/> columns. Inside a slice each step is the
/// textbook rank-1 update, limited to the slice's columns; the columns right of the slice then take
/// the slice's updates in one pass each, the rows of the slice by forward substitution and the rows
/// below it by a rank-8 update whose eight products accumulate in a register. Every element sees the
/// same operations in the same order as in the unblocked algorithm (the deferred updates follow the
/// row swaps, since the slice's L moves with its rows), so the factors are the same bit for bit; but
/// the panel, up to half a megabyte, is streamed once per slice instead of once per column.</para>
/// <para>A recursive (Toledo) split was tried instead: with the engine's strided GEMM on column-major
/// blocks it ran far slower than L2-resident rank-1 updates.</para>
/// </remarks>
internal static class ColumnMajorPanel
{
    /// <summary>Columns per slice: eight running products fit the registers alongside their loads.</summary>
    private const int Slice = 8;

    /// <summary>
    /// Factors the panel in place. <c>pivots[j]</c> receives the panel row swapped with row j.
    /// </summary>
    /// <returns>-1, or the first column whose pivot was exactly zero (that column is skipped).</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Factor<T>(Span<T> p, int m, int w, Span<int> pivots) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int info = -1;
        Span<bool> skipped = stackalloc bool[Slice];
        for (int s0 = 0; s0 < w; s0 += Slice)
        {
            int end = Math.Min(w, s0 + Slice);
            for (int j = s0; j < end; j++)
            {
                Span<T> column = p.Slice(j * m, m);
                int pivot = LuKernels.PivotIndex<T>(column, 1, j, m, out T max);
                pivots[j] = pivot;
                skipped[j - s0] = max == T.Zero;
                if (skipped[j - s0])
                {
                    info = info < 0 ? j : info;
                    continue;
                }
                if (pivot != j)
                {
                    for (int c = 0; c < w; c++)
                    {
                        (p[c * m + j], p[c * m + pivot]) = (p[c * m + pivot], p[c * m + j]);
                    }
                }
                Span<T> below = column[(j + 1)..];
                System.Numerics.Tensors.TensorPrimitives.Multiply(below, T.One / column[j], below);
                for (int c = j + 1; c < end; c++)
                {
                    DenseBlas.SubtractScaled(p.Slice(c * m + j + 1, m - j - 1), p[c * m + j], below);
                }
            }
            for (int c = end; c < w; c++)
            {
                ApplySlice(p, m, s0, end, c, skipped);
            }
        }
        return info;
    }

    /// <summary>
    /// Column c takes the updates of the slice's columns [s0, end): <c>A[i,c] −= L[i,q]·A[q,c]</c> for q
    /// in order, skipping columns whose pivot was zero, first down the slice's own rows (each uses the
    /// rows above it, already final), then for all rows below at once.
    /// </summary>
    private static void ApplySlice<T>(Span<T> p, int m, int s0, int end, int c, ReadOnlySpan<bool> skipped) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T column = ref p[c * m];
        for (int r = s0 + 1; r < end; r++)
        {
            for (int q = s0; q < r; q++)
            {
                if (!skipped[q - s0])
                {
                    Unsafe.Add(ref column, r) -= p[q * m + r] * Unsafe.Add(ref column, q);
                }
            }
        }
        int i = end;
        if (Vector.IsHardwareAccelerated && end - s0 == Slice && !skipped.Contains(true))
        {
            i = RankEightRows(p, m, s0, ref column, end);
        }
        else if (Vector.IsHardwareAccelerated)
        {
            for (; i <= m - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> sum = Vector.LoadUnsafe(ref column, (nuint)i);
                for (int q = s0; q < end; q++)
                {
                    if (!skipped[q - s0])
                    {
                        sum -= Vector.LoadUnsafe(ref p[q * m], (nuint)i) * new Vector<T>(Unsafe.Add(ref column, q));
                    }
                }
                sum.StoreUnsafe(ref column, (nuint)i);
            }
        }
        for (; i < m; i++)
        {
            T sum = Unsafe.Add(ref column, i);
            for (int q = s0; q < end; q++)
            {
                if (!skipped[q - s0])
                {
                    sum -= p[q * m + i] * Unsafe.Add(ref column, q);
                }
            }
            Unsafe.Add(ref column, i) = sum;
        }
    }

    /// <summary>
    /// The rank-8 update of rows [from, m) of the column at <paramref name="column"/> from the slice's
    /// eight L columns, in whole vectors; returns the first row left for the scalar loop.
    /// </summary>
    private static int RankEightRows<T>(Span<T> p, int m, int s0, ref T column, int from) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T l0 = ref p[s0 * m];
        Vector<T> u0 = new(Unsafe.Add(ref column, s0)), u1 = new(Unsafe.Add(ref column, s0 + 1));
        Vector<T> u2 = new(Unsafe.Add(ref column, s0 + 2)), u3 = new(Unsafe.Add(ref column, s0 + 3));
        Vector<T> u4 = new(Unsafe.Add(ref column, s0 + 4)), u5 = new(Unsafe.Add(ref column, s0 + 5));
        Vector<T> u6 = new(Unsafe.Add(ref column, s0 + 6)), u7 = new(Unsafe.Add(ref column, s0 + 7));
        nuint stride = (nuint)m;
        int i = from;
        for (; i <= m - Vector<T>.Count; i += Vector<T>.Count)
        {
            nuint at = (nuint)i;
            Vector<T> sum = Vector.LoadUnsafe(ref column, at);
            sum -= Vector.LoadUnsafe(ref l0, at) * u0;
            sum -= Vector.LoadUnsafe(ref l0, at + stride) * u1;
            sum -= Vector.LoadUnsafe(ref l0, at + 2 * stride) * u2;
            sum -= Vector.LoadUnsafe(ref l0, at + 3 * stride) * u3;
            sum -= Vector.LoadUnsafe(ref l0, at + 4 * stride) * u4;
            sum -= Vector.LoadUnsafe(ref l0, at + 5 * stride) * u5;
            sum -= Vector.LoadUnsafe(ref l0, at + 6 * stride) * u6;
            sum -= Vector.LoadUnsafe(ref l0, at + 7 * stride) * u7;
            sum.StoreUnsafe(ref column, at);
        }
        return i;
    }
}
