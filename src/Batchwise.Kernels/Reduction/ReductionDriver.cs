using System.Runtime.CompilerServices;
using Batchwise.Kernels.Iteration;

namespace Batchwise.Kernels.Reduction;

/// <summary>
/// Reduces a strided input into a strided output. The loop nest spans the whole input; the output's
/// stride is 0 along every reduced dimension, so a reduction is an accumulation
/// <c>out[i] = Combine(out[i], x[i, j])</c> walked in the input's memory order. The innermost
/// dimension decides the kernel: reduced and contiguous → <c>Reduce(span)</c> into one accumulator
/// (<see cref="ShortRows"/> for float and double sums, maxima and minima of rows up to 256 long);
/// kept and contiguous on both sides → <c>Combine(row, row)</c>; otherwise the scalar loop.
/// </summary>
/// <remarks>
/// Assumptions: operand 0 is the output, already filled with the identity; operand 1 is the input;
/// the nest has been sorted by the input's strides and coalesced; memory stays pinned for the call.
/// </remarks>
public static unsafe class ReductionDriver
{
    /// <summary>Accumulates the input into the output.</summary>
    public static void Run<T, TOp>(in LoopNest nest, T* output, T* input)
        where T : unmanaged
        where TOp : IReductionOperator<T>
    {
        long runs = nest.RunCount;
        int inner = nest.InnerExtent;
        if (inner == 0)
        {
            return;
        }
        int workers = WorkSplitter.WorkersFor(runs * inner);
        int last = nest.Rank - 1;
        if (workers > 1)
        {
            LoopNest copy = nest;
            nint po = (nint)output, pi = (nint)input;
            if (nest.Stride(0, last) != 0 && inner >= workers * 64)
            {
                // The inner dimension is kept: workers own disjoint column ranges of the output.
                WorkSplitter.For(inner, workers, (_, s, e) => Runs<T, TOp>(copy, (T*)po, (T*)pi, 0, runs, (int)s, (int)e));
                return;
            }
            if (nest.Rank > 1 && nest.Stride(0, 0) != 0 && nest.Extent(0) >= workers)
            {
                // The outermost dimension is kept: workers own disjoint slabs of the output.
                long runsPerSlab = runs / nest.Extent(0);
                WorkSplitter.For(nest.Extent(0), workers, (_, s, e) => Runs<T, TOp>(copy, (T*)po, (T*)pi, s * runsPerSlab, e * runsPerSlab, 0, inner));
                return;
            }
            if (IsSingleOutput(nest))
            {
                // Everything folds into one value: per-worker partials, combined at the end.
                var partials = new T[workers];
                Array.Fill(partials, TOp.Identity);
                long count = runs > 1 ? runs : inner;
                WorkSplitter.For(count, workers, (w, s, e) =>
                {
                    T partial = TOp.Identity;
                    if (runs > 1)
                    {
                        Runs<T, TOp>(copy, &partial, (T*)pi, s, e, 0, inner);
                    }
                    else
                    {
                        Runs<T, TOp>(copy, &partial, (T*)pi, 0, 1, (int)s, (int)e);
                    }
                    partials[w] = partial;
                });
                T total = *output;
                foreach (T partial in partials)
                {
                    total = TOp.Combine(total, partial);
                }
                *output = total;
                return;
            }
        }
        Runs<T, TOp>(nest, output, input, 0, runs, 0, inner);
    }

    private static bool IsSingleOutput(in LoopNest nest)
    {
        for (int d = 0; d < nest.Rank; d++)
        {
            if (nest.Stride(0, d) != 0)
            {
                return false;
            }
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Runs<T, TOp>(in LoopNest nest, T* output, T* input, long firstRun, long endRun, int innerStart, int innerEnd)
        where T : unmanaged
        where TOp : IReductionOperator<T>
    {
        int r = nest.Rank - 1;
        nint so = nest.Stride(0, r), si = nest.Stride(1, r);
        int n = innerEnd - innerStart;
        if (so == 0 && si == 1 && ShortRows.TryRun<T, TOp>(nest, output, input, firstRun, endRun, innerStart, n))
        {
            return;
        }

        var cursor = new OuterCursor(nest, firstRun);

        for (long run = firstRun; run < endRun; run++)
        {
            T* po = output + cursor.Offset0 + innerStart * so;
            T* pi = input + cursor.Offset1 + innerStart * si;
            if (so == 0)
            {
                T folded;
                if (si == 1)
                {
                    folded = TOp.Reduce(new ReadOnlySpan<T>(pi, n));
                }
                else
                {
                    folded = TOp.Identity;
                    for (int i = 0; i < n; i++)
                    {
                        folded = TOp.Combine(folded, pi[i * si]);
                    }
                }
                *po = TOp.Combine(*po, folded);
            }
            else if (so == 1 && si == 1)
            {
                var row = new Span<T>(po, n);
                TOp.Combine(row, new ReadOnlySpan<T>(pi, n), row);
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    po[i * so] = TOp.Combine(po[i * so], pi[i * si]);
                }
            }
            cursor.MoveNext(nest);
        }
    }
}
