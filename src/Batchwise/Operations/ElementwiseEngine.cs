using Batchwise.Kernels.Elementwise;
using Batchwise.Kernels.Iteration;
using Batchwise.Layouts;

namespace Batchwise.Operations;

/// <summary>
/// The one place where element-wise operations meet the kernels: broadcasting, destination checks,
/// aliasing, and the call into <see cref="ElementwiseDriver"/>. Every public element-wise API is a
/// one-line call into this class with an operator struct.
/// </summary>
internal static unsafe class ElementwiseEngine
{
    private static readonly Layout s_scalarLayout = Layout.RowMajor([]);

    /// <summary><c>TOp(a, b)</c> broadcast, into a new tensor or <paramref name="into"/>.</summary>
    public static Tensor<TResult> Binary<T, TResult, TOp>(string operation, Tensor<T> a, Tensor<T> b, Tensor<TResult>? into)
        where T : unmanaged
        where TResult : unmanaged
        where TOp : IBinaryOperator<T, TResult>
    {
        ReadOnlySpan<int> shape = SameShape(a.Shape, b.Shape) ? a.Shape : BroadcastShape(operation, a.Shape, b.Shape);
        Tensor<TResult> destination = Destination(operation, shape, into, a, b);
        if (destination.Size > 0)
        {
            fixed (T* pa = &a.Origin)
            fixed (T* pb = &b.Origin)
            {
                Run<T, TResult, TOp>(destination, a.Layout, pa, b.Layout, pb, fresh: !ReferenceEquals(destination, into));
            }
        }
        return Finish(destination, into);
    }

    /// <summary><c>TOp(a, scalar)</c>, the scalar taking the tensor's type (NumPy 2's weak scalars).</summary>
    public static Tensor<TResult> Binary<T, TResult, TOp>(string operation, Tensor<T> a, T b, Tensor<TResult>? into)
        where T : unmanaged
        where TResult : unmanaged
        where TOp : IBinaryOperator<T, TResult> =>
        WithScalar<T, TResult, TOp>(operation, a, b, scalarFirst: false, into);

    /// <summary><c>TOp(scalar, b)</c>.</summary>
    public static Tensor<TResult> Binary<T, TResult, TOp>(string operation, T a, Tensor<T> b, Tensor<TResult>? into)
        where T : unmanaged
        where TResult : unmanaged
        where TOp : IBinaryOperator<T, TResult> =>
        WithScalar<T, TResult, TOp>(operation, b, a, scalarFirst: true, into);

    private static Tensor<TResult> WithScalar<T, TResult, TOp>(string operation, Tensor<T> x, T scalar, bool scalarFirst, Tensor<TResult>? into)
        where T : unmanaged
        where TResult : unmanaged
        where TOp : IBinaryOperator<T, TResult>
    {
        Tensor<TResult> destination = Destination(operation, x.Shape, into, x, null);
        bool fresh = !ReferenceEquals(destination, into);
        if (destination.Size > 0)
        {
            fixed (T* px = &x.Origin)
            {
                if (scalarFirst)
                {
                    Run<T, TResult, TOp>(destination, s_scalarLayout, &scalar, x.Layout, px, fresh);
                }
                else
                {
                    Run<T, TResult, TOp>(destination, x.Layout, px, s_scalarLayout, &scalar, fresh);
                }
            }
        }
        return Finish(destination, into);
    }

    /// <summary><c>TOp(x)</c>, into a new tensor or <paramref name="into"/>.</summary>
    public static Tensor<TResult> Unary<T, TResult, TOp>(string operation, Tensor<T> x, Tensor<TResult>? into)
        where T : unmanaged
        where TResult : unmanaged
        where TOp : IUnaryOperator<T, TResult>
    {
        Tensor<TResult> destination = Destination(operation, x.Shape, into, x, null);
        if (destination.Size > 0)
        {
            fixed (TResult* pd = &destination.Origin)
            fixed (T* px = &x.Origin)
            {
                if (destination.IsContiguous && x.IsContiguous && SameShape(destination.Shape, x.Shape))
                {
                    UnaryBlocks<T, TResult, TOp>((nint)px, (nint)pd, x.Size);
                }
                else
                {
                    LoopNest nest = Nests.Build(destination.Shape, destination.Layout, x.Layout);
                    ElementwiseDriver.Unary<T, TResult, TOp>(nest, pd, px);
                }
            }
        }
        return Finish(destination, into);
    }

    /// <summary>
    /// A contiguous unary run, split over the cores when large and fed to the operator in blocks that
    /// stay in cache: operators built from several span passes (tanh-GELU makes eight) would otherwise
    /// stream the whole tensor through memory once per pass.
    /// </summary>
    private static void UnaryBlocks<T, TResult, TOp>(nint source, nint destination, int size)
        where T : unmanaged
        where TResult : unmanaged
        where TOp : IUnaryOperator<T, TResult>
    {
        const int Block = 4096;
        WorkSplitter.For(size, WorkSplitter.WorkersFor(size), (_, start, end) =>
        {
            for (long at = start; at < end; at += Block)
            {
                int length = (int)Math.Min(Block, end - at);
                TOp.Invoke(new ReadOnlySpan<T>((T*)source + at, length), new Span<TResult>((TResult*)destination + at, length));
            }
        });
    }

    private static void Run<T, TResult, TOp>(Tensor<TResult> destination, Layout la, T* pa, Layout lb, T* pb, bool fresh)
        where T : unmanaged
        where TResult : unmanaged
        where TOp : IBinaryOperator<T, TResult>
    {
        fixed (TResult* pd = &destination.Origin)
        {
            int size = destination.Size;
            // The per-call fast path: everything contiguous and of one shape needs no loop nest.
            if (destination.IsContiguous && size < WorkSplitter.ParallelThreshold)
            {
                bool aFull = la.IsRowMajorContiguous && la.Size == size && la.Rank == destination.Rank;
                bool bFull = lb.IsRowMajorContiguous && lb.Size == size && lb.Rank == destination.Rank;
                if (aFull && bFull)
                {
                    TOp.Invoke(new ReadOnlySpan<T>(pa, size), new ReadOnlySpan<T>(pb, size), new Span<TResult>(pd, size));
                    return;
                }
                if (aFull && lb.Size == 1)
                {
                    TOp.Invoke(new ReadOnlySpan<T>(pa, size), *pb, new Span<TResult>(pd, size));
                    return;
                }
                if (bFull && la.Size == 1)
                {
                    TOp.Invoke(*pa, new ReadOnlySpan<T>(pb, size), new Span<TResult>(pd, size));
                    return;
                }
            }
            LoopNest nest = Nests.Build(destination.Shape, destination.Layout, la, lb);
            ElementwiseDriver.Binary<T, TResult, TOp>(nest, pd, pa, pb, fresh);
        }
    }

    /// <summary>
    /// The tensor to write: a new one, or <paramref name="into"/> when its shape is exactly the result's.
    /// When <paramref name="into"/> shares storage with an input but is not laid out identically, the
    /// result goes to a temporary first (copied back by <see cref="Finish"/>).
    /// </summary>
    private static Tensor<TResult> Destination<TResult, T>(string operation, ReadOnlySpan<int> shape, Tensor<TResult>? into, Tensor<T> a, Tensor<T>? b)
        where TResult : unmanaged
        where T : unmanaged
    {
        if (into is null)
        {
            // The common case of one input already laid out as the result: share its layout value.
            return a.Layout.IsCanonical && SameShape(a.Shape, shape) ? Tensor<TResult>.Allocate(a.Layout)
                : b is not null && b.Layout.IsCanonical && SameShape(b.Shape, shape) ? Tensor<TResult>.Allocate(b.Layout)
                : Tensor<TResult>.Allocate(shape);
        }
        if (!SameShape(into.Shape, shape))
        {
            ThrowHelper.Shape($"{operation}: the destination has shape {into.ShapeString} but the result has shape {ShapeText.Format(shape)}");
        }
        into.RequireWritable(operation);
        if (typeof(T) == typeof(TResult) && (Aliases(into, a) || (b is not null && Aliases(into, b))))
        {
            return Tensor<TResult>.Allocate(shape);
        }
        return into;
    }

    private static bool Aliases<TResult, T>(Tensor<TResult> into, Tensor<T> input)
        where TResult : unmanaged
        where T : unmanaged
    {
        if (input is not Tensor<TResult> same || !into.SharesStorageWith(same))
        {
            return false;
        }
        // Identical layouts are safe: each element is read before it is written, at the same place.
        Layout x = same.Layout, d = into.Layout;
        bool identical = x.Offset == d.Offset && SameShape(x.Shape, d.Shape) && x.Strides.SequenceEqual(d.Strides);
        return !identical;
    }

    /// <summary>The result: <paramref name="into"/>, filled from the temporary when one stood in for it.</summary>
    private static Tensor<TResult> Finish<TResult>(Tensor<TResult> destination, Tensor<TResult>? into)
        where TResult : unmanaged
    {
        if (into is not null && !ReferenceEquals(into, destination))
        {
            into.CopyFrom(destination);
            return into;
        }
        return destination;
    }

    /// <summary>The broadcast shape, with the operation named in the error.</summary>
    public static int[] BroadcastShape(string operation, ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        ReadOnlySpan<Dim> da = Tensor<float>.AsDims(a), db = Tensor<float>.AsDims(b);
        if (!BroadcastRule.TryBroadcast(da, db, out Dim[] result))
        {
            throw new ShapeException($"{operation}: operands could not be broadcast together with shapes {ShapeText.Format(a)} {ShapeText.Format(b)}",
                ShapeSuggestion.ForBroadcast(da, db, "a", "b"));
        }
        return System.Runtime.InteropServices.MemoryMarshal.Cast<Dim, int>(result).ToArray();
    }

    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);
}
