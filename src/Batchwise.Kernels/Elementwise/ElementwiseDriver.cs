using Batchwise.Kernels.Iteration;

namespace Batchwise.Kernels.Elementwise;

/// <summary>
/// Runs element-wise operators over strided loop nests. The nest must already be coalesced; the
/// innermost dimension is dispatched on its stride pattern: all contiguous → the operator's span
/// kernel, one input broadcast → its span-scalar kernel, anything else → the scalar loop.
/// </summary>
/// <remarks>
/// Assumptions: operand 0 of the nest is the destination, 1 and 2 the inputs; the memory behind the
/// pointers stays pinned for the call; the destination never partially overlaps an input (the
/// library copies the source first when it would).
/// </remarks>
public static unsafe class ElementwiseDriver
{
    /// <summary>
    /// <c>d = TOp(x, y)</c> over the nest. <paramref name="freshDestination"/> says the destination was
    /// just allocated (never touched, so not in any cache): large ones are then written with streaming
    /// stores, which skip reading lines that are about to be overwritten; into a reused (cached) buffer they do not help.
    /// </summary>
    public static void Binary<T, TResult, TOp>(in LoopNest nest, TResult* d, T* x, T* y, bool freshDestination = false)
        where T : unmanaged
        where TResult : unmanaged
        where TOp : IBinaryOperator<T, TResult>
    {
        long runs = nest.RunCount;
        int inner = nest.InnerExtent;
        if (inner == 0)
        {
            return;
        }
        int workers = WorkSplitter.WorkersFor(runs * inner);
        bool stream = freshDestination && StreamingStores.Worthwhile<TResult>(runs * inner);
        if (workers == 1)
        {
            BinaryRuns<T, TResult, TOp>(nest, d, x, y, 0, runs, 0, inner, stream);
            return;
        }
        LoopNest copy = nest;
        nint pd = (nint)d, px = (nint)x, py = (nint)y;
        if (runs >= workers * 4)
        {
            WorkSplitter.For(runs, workers, (_, s, e) => BinaryRuns<T, TResult, TOp>(copy, (TResult*)pd, (T*)px, (T*)py, s, e, 0, inner, stream));
        }
        else
        {
            // Few long runs: split each run instead.
            WorkSplitter.For(inner, workers, (_, s, e) => BinaryRuns<T, TResult, TOp>(copy, (TResult*)pd, (T*)px, (T*)py, 0, runs, (int)s, (int)e, stream));
        }
    }

    /// <summary><c>d = TOp(x)</c> over the nest (operand 2 is unused).</summary>
    public static void Unary<T, TResult, TOp>(in LoopNest nest, TResult* d, T* x)
        where T : unmanaged
        where TResult : unmanaged
        where TOp : IUnaryOperator<T, TResult>
    {
        long runs = nest.RunCount;
        int inner = nest.InnerExtent;
        if (inner == 0)
        {
            return;
        }
        int workers = WorkSplitter.WorkersFor(runs * inner);
        if (workers == 1)
        {
            UnaryRuns<T, TResult, TOp>(nest, d, x, 0, runs, 0, inner);
            return;
        }
        LoopNest copy = nest;
        nint pd = (nint)d, px = (nint)x;
        if (runs >= workers * 4)
        {
            WorkSplitter.For(runs, workers, (_, s, e) => UnaryRuns<T, TResult, TOp>(copy, (TResult*)pd, (T*)px, s, e, 0, inner));
        }
        else
        {
            WorkSplitter.For(inner, workers, (_, s, e) => UnaryRuns<T, TResult, TOp>(copy, (TResult*)pd, (T*)px, 0, runs, (int)s, (int)e));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BinaryRuns<T, TResult, TOp>(in LoopNest nest, TResult* d, T* x, T* y, long firstRun, long endRun, int innerStart, int innerEnd, bool stream)
        where T : unmanaged
        where TResult : unmanaged
        where TOp : IBinaryOperator<T, TResult>
    {
        int r = nest.Rank - 1;
        nint sd = nest.Stride(0, r), sx = nest.Stride(1, r), sy = nest.Stride(2, r);
        int n = innerEnd - innerStart;
        var cursor = new OuterCursor(nest, firstRun);
        for (long run = firstRun; run < endRun; run++)
        {
            TResult* pd = d + cursor.Offset0 + innerStart * sd;
            T* px = x + cursor.Offset1 + innerStart * sx;
            T* py = y + cursor.Offset2 + innerStart * sy;
            if (stream && n < StreamingStores.LongRun && sd == 1 && sx == 1 && (sy == 1 || sy == 0))
            {
                StreamingStores.Binary<T, TResult, TOp>(px, py, sy, pd, n);
            }
            else if (sd == 1 && sx == 1 && sy == 1)
            {
                TOp.Invoke(new ReadOnlySpan<T>(px, n), new ReadOnlySpan<T>(py, n), new Span<TResult>(pd, n));
            }
            else if (sd == 1 && sx == 1 && sy == 0)
            {
                TOp.Invoke(new ReadOnlySpan<T>(px, n), *py, new Span<TResult>(pd, n));
            }
            else if (sd == 1 && sx == 0 && sy == 1)
            {
                TOp.Invoke(*px, new ReadOnlySpan<T>(py, n), new Span<TResult>(pd, n));
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    pd[i * sd] = TOp.Invoke(px[i * sx], py[i * sy]);
                }
            }
            cursor.MoveNext(nest);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UnaryRuns<T, TResult, TOp>(in LoopNest nest, TResult* d, T* x, long firstRun, long endRun, int innerStart, int innerEnd)
        where T : unmanaged
        where TResult : unmanaged
        where TOp : IUnaryOperator<T, TResult>
    {
        int r = nest.Rank - 1;
        nint sd = nest.Stride(0, r), sx = nest.Stride(1, r);
        int n = innerEnd - innerStart;
        var cursor = new OuterCursor(nest, firstRun);
        for (long run = firstRun; run < endRun; run++)
        {
            TResult* pd = d + cursor.Offset0 + innerStart * sd;
            T* px = x + cursor.Offset1 + innerStart * sx;
            if (sd == 1 && sx == 1)
            {
                TOp.Invoke(new ReadOnlySpan<T>(px, n), new Span<TResult>(pd, n));
            }
            else if (sd == 1 && sx == 0)
            {
                // A broadcast source: fill with the one value (e.g. materialising a broadcast).
                new Span<TResult>(pd, n).Fill(TOp.Invoke(*px));
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    pd[i * sd] = TOp.Invoke(px[i * sx]);
                }
            }
            cursor.MoveNext(nest);
        }
    }

    /// <summary><c>d = mask ? x : d</c>, elementwise; operand 1 is the mask, operand 2 is x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Select<T>(in LoopNest nest, T* d, bool* mask, T* x) where T : unmanaged
    {
        long runs = nest.RunCount;
        int inner = nest.InnerExtent;
        int r = nest.Rank - 1;
        nint sd = nest.Stride(0, r), sm = nest.Stride(1, r), sx = nest.Stride(2, r);
        var cursor = new OuterCursor(nest, 0);
        for (long run = 0; run < runs; run++)
        {
            T* pd = d + cursor.Offset0;
            bool* pm = mask + cursor.Offset1;
            T* px = x + cursor.Offset2;
            for (int i = 0; i < inner; i++)
            {
                if (pm[i * sm])
                {
                    pd[i * sd] = px[i * sx];
                }
            }
            cursor.MoveNext(nest);
        }
    }
}
