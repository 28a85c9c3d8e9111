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
    /// <c>d = TOp(x, y)</c> over the nest. Destinations far larger than the caches are written with
    /// streaming stores, which skip reading lines that are about to be overwritten: straight from
    /// registers where the operator has a register form, whether or not the destination is fresh;
    /// otherwise staged through a buffer, which pays only when <paramref name="freshDestination"/> says
    /// the destination was just allocated (never touched, so its pages are not even mapped yet).
    /// </summary>
    public static void Binary<T, TResult, TOp>(in LoopNest nest, TResult* d, T* x, T* y, bool freshDestination = false)
        where T : unmanaged
        where TResult : unmanaged
        where TOp : IBinaryOperator<T, TResult>
    {
        bool large = StreamingStores.Worthwhile<TResult>(nest.RunCount * nest.InnerExtent);
        Drive(nest, new BinaryRuns<T, TResult, TOp>
        {
            D = d,
            X = x,
            Y = y,
            StreamFromRegisters = large && TOp.HasRegisterForm,
            Stream = large && freshDestination,
        });
    }

    /// <summary><c>d = TOp(x)</c> over the nest (operand 2 is unused).</summary>
    public static void Unary<T, TResult, TOp>(in LoopNest nest, TResult* d, T* x)
        where T : unmanaged
        where TResult : unmanaged
        where TOp : IUnaryOperator<T, TResult>
    {
        Drive(nest, new UnaryRuns<T, TResult, TOp> { D = d, X = x });
    }

    /// <summary>
    /// <c>d = x</c> over the nest, streamed (non-temporal stores) when the whole destination this copy is
    /// part of, <paramref name="destinationElements"/> elements (a join writes its result piece by piece),
    /// is too large to stay in cache (<see cref="StreamingStores.WorthwhileForCopy{T}"/>).
    /// </summary>
    public static void Copy<T>(in LoopNest nest, T* d, T* x, long destinationElements) where T : unmanaged
    {
        Drive(nest, new CopyRuns<T> { D = d, X = x, Stream = StreamingStores.WorthwhileForCopy<T>(destinationElements) });
    }

    /// <summary>
    /// Runs <paramref name="kernel"/> over every run of the nest, on several workers when the nest is
    /// large: whole runs per worker when there are many, otherwise every run cut into column ranges.
    /// </summary>
    private static void Drive<TKernel>(in LoopNest nest, TKernel kernel)
        where TKernel : struct, IRunKernel
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
            Runs(nest, kernel, 0, runs, 0, inner);
            return;
        }
        LoopNest copy = nest;
        if (runs >= workers * 4)
        {
            WorkSplitter.For(runs, workers, (_, s, e) => Runs(copy, kernel, s, e, 0, inner));
        }
        else
        {
            // Few long runs: split each run instead.
            WorkSplitter.For(inner, workers, (_, s, e) => Runs(copy, kernel, 0, runs, (int)s, (int)e));
        }
    }

    /// <summary>Runs [firstRun, endRun) of the nest, columns [innerStart, innerEnd) of each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Runs<TKernel>(in LoopNest nest, TKernel kernel, long firstRun, long endRun, int innerStart, int innerEnd)
        where TKernel : struct, IRunKernel
    {
        int r = nest.Rank - 1;
        nint s0 = nest.Stride(0, r), s1 = nest.Stride(1, r), s2 = nest.Stride(2, r);
        int n = innerEnd - innerStart;
        var cursor = new OuterCursor(nest, firstRun);
        for (long run = firstRun; run < endRun; run++)
        {
            kernel.Run(cursor.Offset0 + innerStart * s0, cursor.Offset1 + innerStart * s1, cursor.Offset2 + innerStart * s2, n, s0, s1, s2);
            cursor.MoveNext(nest);
        }
        kernel.AfterRuns();
    }

    /// <summary>One run of n elements, given its element offsets and strides in operands 0, 1 and 2.</summary>
    private interface IRunKernel
    {
        void Run(nint offset0, nint offset1, nint offset2, int n, nint s0, nint s1, nint s2);

        /// <summary>Called once after a worker's last run, to make streamed writes visible before the worker reports done.</summary>
        void AfterRuns();
    }

    /// <summary>The inner run of a binary operator, dispatched on its stride pattern.</summary>
    private struct BinaryRuns<T, TResult, TOp> : IRunKernel
        where T : unmanaged
        where TResult : unmanaged
        where TOp : IBinaryOperator<T, TResult>
    {
        public TResult* D;
        public T* X;
        public T* Y;
        public bool StreamFromRegisters;
        public bool Stream;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Run(nint offset0, nint offset1, nint offset2, int n, nint sd, nint sx, nint sy)
        {
            TResult* pd = D + offset0;
            T* px = X + offset1;
            T* py = Y + offset2;
            if (StreamFromRegisters && sd == 1 && (sx == 1 || sx == 0) && (sy == 1 || sy == 0))
            {
                StreamingStores.BinaryFromRegisters<T, TResult, TOp>(px, sx, py, sy, pd, n);
            }
            else if (Stream && n < StreamingStores.LongRun && sd == 1 && sx == 1 && (sy == 1 || sy == 0))
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
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void AfterRuns()
        {
            if (StreamFromRegisters || Stream)
            {
                Sse.StoreFence();
            }
        }
    }

    /// <summary>The inner run of a unary operator, dispatched on its stride pattern (operand 2 is unused).</summary>
    private struct UnaryRuns<T, TResult, TOp> : IRunKernel
        where T : unmanaged
        where TResult : unmanaged
        where TOp : IUnaryOperator<T, TResult>
    {
        public TResult* D;
        public T* X;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Run(nint offset0, nint offset1, nint offset2, int n, nint sd, nint sx, nint s2)
        {
            TResult* pd = D + offset0;
            T* px = X + offset1;
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
        }

        public readonly void AfterRuns()
        {
        }
    }

    /// <summary>The inner run of a copy: streamed where asked and both sides are contiguous.</summary>
    private struct CopyRuns<T> : IRunKernel
        where T : unmanaged
    {
        public T* D;
        public T* X;
        public bool Stream;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Run(nint offset0, nint offset1, nint offset2, int n, nint sd, nint sx, nint s2)
        {
            if (Stream && sd == 1 && sx == 1)
            {
                StreamingStores.CopyLong((byte*)(X + offset1), (byte*)(D + offset0), (long)n * sizeof(T));
            }
            else
            {
                new UnaryRuns<T, T, CopyOperator<T>> { D = D, X = X }.Run(offset0, offset1, offset2, n, sd, sx, s2);
            }
        }

        public readonly void AfterRuns()
        {
            if (Stream)
            {
                Sse.StoreFence();
            }
        }
    }

    /// <summary><c>d = mask ? x : d</c>, elementwise; operand 1 is the mask, operand 2 is x (on several workers when large).</summary>
    public static void Select<T>(in LoopNest nest, T* d, bool* mask, T* x) where T : unmanaged =>
        Drive(nest, new SelectRuns<T> { D = d, Mask = mask, X = x });

    /// <summary>The inner run of a select: whole blocks of false (nothing to write) or of true (a fill or a copy) at a time.</summary>
    private struct SelectRuns<T> : IRunKernel where T : unmanaged
    {
        private const int Block = 32;

        public T* D;
        public bool* Mask;
        public T* X;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Run(nint offset0, nint offset1, nint offset2, int n, nint sd, nint sm, nint sx)
        {
            T* pd = D + offset0;
            bool* pm = Mask + offset1;
            T* px = X + offset2;
            int i = 0;
            if (sd == 1 && sm == 1 && (sx == 0 || sx == 1))
            {
                // Masks are mostly runs (causal, padding): a block that is all false or all true costs
                // one vector test.
                for (; i + Block <= n; i += Block)
                {
                    Vector256<byte> block = Vector256.Load((byte*)(pm + i));
                    if (block == Vector256<byte>.Zero)
                    {
                        continue;
                    }
                    if (!Vector256.EqualsAny(block, Vector256<byte>.Zero))
                    {
                        if (sx == 0)
                        {
                            new Span<T>(pd + i, Block).Fill(*px);
                        }
                        else
                        {
                            new ReadOnlySpan<T>(px + i, Block).CopyTo(new Span<T>(pd + i, Block));
                        }
                        continue;
                    }
                    for (int j = i; j < i + Block; j++)
                    {
                        if (pm[j])
                        {
                            pd[j] = px[j * sx];
                        }
                    }
                }
            }
            for (; i < n; i++)
            {
                if (pm[i * sm])
                {
                    pd[i * sd] = px[i * sx];
                }
            }
        }

        public readonly void AfterRuns()
        {
        }
    }
}
