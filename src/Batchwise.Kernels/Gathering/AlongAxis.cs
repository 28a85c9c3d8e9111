using Batchwise.Kernels.Iteration;

namespace Batchwise.Kernels.Gathering;

/// <summary>How a scatter combines the element already there with the one written.</summary>
public interface IScatterCombine<T>
{
    /// <summary>The new value of a target element.</summary>
    static abstract T Combine(T existing, T value);
}

/// <summary><c>target = value</c> (put_along_axis, index assignment).</summary>
public readonly struct ReplaceCombine<T> : IScatterCombine<T>
{
    /// <inheritdoc/>
    public static T Combine(T existing, T value) => value;
}

/// <summary><c>target = target + value</c> (scatter_add).</summary>
public readonly struct AddCombine<T> : IScatterCombine<T> where T : INumberBase<T>
{
    /// <inheritdoc/>
    public static T Combine(T existing, T value) => existing + value;
}

/// <summary>
/// Gathers and scatters along one axis, element by element over a loop nest: NumPy's
/// <c>take_along_axis</c>/<c>put_along_axis</c> and PyTorch's <c>gather</c>/<c>scatter_add</c>.
/// </summary>
/// <remarks>
/// Assumptions: the nest is coalesced; operand 1 is the index; the data operand (2) has stride 0 along
/// the indexed axis, whose real stride is <c>axisStride</c>; every index was validated against
/// <c>axisLength</c>. Runs [start, end) of the nest are processed in row-major order.
/// </remarks>
public static unsafe class AlongAxis
{
    /// <summary>
    /// <c>destination[p] = data[p with p[axis] = index[p]]</c> for the elements [start, end) of the nest in
    /// row-major order (element run·inner + k), so that workers can split a single long run; operand 0 is
    /// the destination.
    /// </summary>
    public static void Gather<T, TIndex>(in LoopNest nest, T* destination, TIndex* index, T* data, nint axisStride, long axisLength, long start, long end)
        where T : unmanaged
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        Debug.Assert(axisLength > 0 && 0 <= start && start <= end && end <= nest.Count);
        int inner = nest.InnerExtent;
        if (start == end)
        {
            return;
        }
        int last = nest.Rank - 1;
        nint s0 = nest.Stride(0, last), s1 = nest.Stride(1, last), s2 = nest.Stride(2, last);
        long run = start / inner;
        int first = (int)(start - run * inner);
        var cursor = new OuterCursor(nest, run);
        while (start < end)
        {
            int stop = (int)Math.Min(inner, first + (end - start));
            T* d = destination + cursor.Offset0 + first * s0;
            TIndex* i = index + cursor.Offset1 + first * s1;
            T* x = data + cursor.Offset2 + first * s2;
            int n = stop - first;
            int k = s0 == 1 && s1 == 1 ? ContiguousGather.Run(d, i, x, s2, axisStride, axisLength, n) : 0;
            for (; k < n; k++)
            {
                d[k * s0] = x[k * s2 + (nint)IndexCheck.Wrap(i[k * s1], axisLength) * axisStride];
            }
            start += n;
            first = 0;
            cursor.MoveNext(nest);
        }
    }

    /// <summary>
    /// The work of gathering <paramref name="elements"/> elements, in elements of a contiguous copy: a
    /// gather whose consecutive elements lie a cache line or more apart in the data (strided runs, or
    /// runs of one element) touches a line per element, which costs about as much as copying the line.
    /// </summary>
    public static long GatherWork<T>(in LoopNest nest, long elements) where T : unmanaged
    {
        int last = nest.Rank - 1;
        bool linePerElement = nest.InnerExtent == 1 || Math.Abs(nest.Stride(2, last)) * sizeof(T) >= 64;
        return linePerElement ? elements * (64 / sizeof(T)) : elements;
    }

    /// <summary>
    /// The distinct pages a gather of <paramref name="elements"/> elements reads for <see cref="TlbReach"/>:
    /// one per element when consecutive elements of a run lie a page or more apart in the data (one
    /// entry picked per long row), else none worth counting (neighbours share pages, and the TLB
    /// follows a sweep).
    /// </summary>
    public static long PagesTouched<T>(in LoopNest nest, long elements) where T : unmanaged
    {
        const int PageBytes = 4096;
        return nest.InnerExtent > 1 && Math.Abs(nest.Stride(2, nest.Rank - 1)) * sizeof(T) >= PageBytes ? elements : 0;
    }

    /// <summary>
    /// <c>data[p with p[axis] = index[p]] = Combine(that, values[p])</c> over the whole nest, in
    /// row-major order so that with repeated indices the last write wins (as NumPy); operand 0 is the values.
    /// </summary>
    public static void Scatter<T, TIndex, TCombine>(in LoopNest nest, T* values, TIndex* index, T* data, nint axisStride, long axisLength)
        where T : unmanaged
        where TIndex : unmanaged, IBinaryInteger<TIndex>
        where TCombine : IScatterCombine<T>
    {
        Debug.Assert(axisLength > 0 || nest.Count == 0);
        int inner = nest.InnerExtent;
        if (inner == 0)
        {
            return;
        }
        int last = nest.Rank - 1;
        nint s0 = nest.Stride(0, last), s1 = nest.Stride(1, last), s2 = nest.Stride(2, last);
        var cursor = new OuterCursor(nest, 0);
        long runs = nest.RunCount;
        for (long run = 0; run < runs; run++)
        {
            T* v = values + cursor.Offset0;
            TIndex* i = index + cursor.Offset1;
            T* x = data + cursor.Offset2;
            for (int k = 0; k < inner; k++)
            {
                ref T target = ref x[k * s2 + (nint)IndexCheck.Wrap(i[k * s1], axisLength) * axisStride];
                target = TCombine.Combine(target, v[k * s0]);
            }
            cursor.MoveNext(nest);
        }
    }
}
