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
/// Assumptions: operand 0 is the output, of the operator's accumulator type and already filled with
/// the identity; operand 1 is the input; the nest has been sorted by the input's strides and
/// coalesced; memory stays pinned for the call.
/// </remarks>
/// <typeparam name="TIn">The input's element type.</typeparam>
/// <typeparam name="TAcc">The accumulator (and output) type.</typeparam>
/// <typeparam name="TOp">The reduction.</typeparam>
public static unsafe class ReductionDriver<TIn, TAcc, TOp>
    where TIn : unmanaged
    where TAcc : unmanaged
    where TOp : IReductionOperator<TIn, TAcc>
{
    /// <summary>Accumulates the input into the output.</summary>
    public static void Run(in LoopNest nest, TAcc* output, TIn* input)
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
                WorkSplitter.For(inner, workers, (_, s, e) => Runs(copy, (TAcc*)po, (TIn*)pi, 0, runs, (int)s, (int)e));
                return;
            }
            if (nest.Rank > 1 && nest.Stride(0, 0) != 0 && nest.Extent(0) >= workers)
            {
                // The outermost dimension is kept: workers own disjoint slabs of the output.
                long runsPerSlab = runs / nest.Extent(0);
                WorkSplitter.For(nest.Extent(0), workers, (_, s, e) => Runs(copy, (TAcc*)po, (TIn*)pi, s * runsPerSlab, e * runsPerSlab, 0, inner));
                return;
            }
            if (IsSingleOutput(nest))
            {
                // Everything folds into one value: per-worker partials, combined at the end.
                var partials = new TAcc[workers];
                Array.Fill(partials, TOp.Identity);
                long count = runs > 1 ? runs : inner;
                WorkSplitter.For(count, workers, (w, s, e) =>
                {
                    TAcc partial = TOp.Identity;
                    if (runs > 1)
                    {
                        Runs(copy, &partial, (TIn*)pi, s, e, 0, inner);
                    }
                    else
                    {
                        Runs(copy, &partial, (TIn*)pi, 0, 1, (int)s, (int)e);
                    }
                    partials[w] = partial;
                });
                TAcc total = *output;
                foreach (TAcc partial in partials)
                {
                    total = TOp.Merge(total, partial);
                }
                *output = total;
                return;
            }
        }
        Runs(nest, output, input, 0, runs, 0, inner);
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
    private static void Runs(in LoopNest nest, TAcc* output, TIn* input, long firstRun, long endRun, int innerStart, int innerEnd)
    {
        int r = nest.Rank - 1;
        nint so = nest.Stride(0, r), si = nest.Stride(1, r);
        int n = innerEnd - innerStart;
        if (so == 0 && si == 1 && ShortRows.TryRun<TIn, TAcc, TOp>(nest, output, input, firstRun, endRun, innerStart, n))
        {
            return;
        }

        if (so == 1 && si == 1 && r >= 1 && nest.Stride(0, r - 1) == 0
            && firstRun % nest.Extent(r - 1) == 0 && endRun % nest.Extent(r - 1) == 0)
        {
            OuterRows(nest, output, input, firstRun, endRun, innerStart, n);
            return;
        }

        var cursor = new OuterCursor(nest, firstRun);

        for (long run = firstRun; run < endRun; run++)
        {
            TAcc* po = output + cursor.Offset0 + innerStart * so;
            TIn* pi = input + cursor.Offset1 + innerStart * si;
            if (so == 0)
            {
                TAcc folded;
                if (si == 1)
                {
                    folded = TOp.Reduce(new ReadOnlySpan<TIn>(pi, n));
                }
                else
                {
                    folded = TOp.Identity;
                    for (int i = 0; i < n; i++)
                    {
                        folded = TOp.Combine(folded, pi[i * si]);
                    }
                }
                *po = TOp.Merge(*po, folded);
            }
            else if (so == 1 && si == 1)
            {
                var row = new Span<TAcc>(po, n);
                TOp.Combine(row, new ReadOnlySpan<TIn>(pi, n), row);
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

    /// <summary>
    /// The outer reduction whose next-outer dimension is reduced: each group of runs folds the rows
    /// x[0..g) into one row of accumulators, four rows per pass, so a widening float sum reads and
    /// writes its double accumulators once per four input rows (they were its bottleneck, not the input).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OuterRows(in LoopNest nest, TAcc* output, TIn* input, long firstRun, long endRun, int innerStart, int n)
    {
        int r = nest.Rank - 1;
        int rows = nest.Extent(r - 1);
        nint step = nest.Stride(1, r - 1);
        var cursor = new OuterCursor(nest, firstRun);
        for (long run = firstRun; run < endRun; run += rows)
        {
            var accumulator = new Span<TAcc>(output + cursor.Offset0 + innerStart, n);
            TIn* x = input + cursor.Offset1 + innerStart;
            int k = 0;
            if (typeof(TOp) == typeof(SumReduction<float, double>))
            {
                for (; k + 4 <= rows; k += 4)
                {
                    WideningAdd.Add4(MemoryMarshal.Cast<TAcc, double>(accumulator),
                        new ReadOnlySpan<float>(x + k * step, n), new ReadOnlySpan<float>(x + (k + 1) * step, n),
                        new ReadOnlySpan<float>(x + (k + 2) * step, n), new ReadOnlySpan<float>(x + (k + 3) * step, n));
                }
            }
            for (; k < rows; k++)
            {
                TOp.Combine(accumulator, new ReadOnlySpan<TIn>(x + k * step, n), accumulator);
            }
            for (int i = 0; i < rows; i++)
            {
                cursor.MoveNext(nest);
            }
        }
    }
}
