using Batchwise.Kernels.Sorting;

namespace Batchwise;

/// <summary>
/// The result of <see cref="Tensor.UniqueAll{T}"/>: the sorted distinct values, for each input element
/// the position of its value in <see cref="Values"/> (shaped as the input, so
/// <c>Values[Inverse]</c> rebuilds it), and how often each value occurs.
/// </summary>
public sealed record UniqueResult<T>(Tensor<T> Values, Tensor<long> Inverse, Tensor<long> Counts) where T : unmanaged;

public static partial class Tensor
{
    /// <summary>
    /// NumPy's <c>searchsorted</c>: for each element v of <paramref name="values"/>, the number of elements
    /// of <paramref name="sorted1D"/> that sort before v (<c>right: false</c>, the leftmost insertion point)
    /// or at or before v (<c>right: true</c>), by binary search. The order is NumPy's (NaN after +inf), and
    /// <paramref name="sorted1D"/> must be sorted in it, which is not checked. The int64 result has the
    /// shape of <paramref name="values"/>.
    /// </summary>
    /// <exception cref="ShapeException"><paramref name="sorted1D"/> is not 1-D.</exception>
    public static Tensor<long> SearchSorted<T>(Tensor<T> sorted1D, Tensor<T> values, bool right = false) where T : unmanaged, INumber<T>
    {
        if (sorted1D.Rank != 1)
        {
            ThrowHelper.Shape($"searchsorted: the sorted sequence must be 1-D, but has shape {sorted1D.ShapeString}");
        }
        Tensor<long> result = Tensor<long>.Allocate(values.Shape);
        ReadOnlySpan<T> a = sorted1D.Contiguous().AsSpan();
        ReadOnlySpan<T> v = values.Contiguous().AsSpan();
        Span<long> d = result.AsSpan();
        for (int i = 0; i < v.Length; i++)
        {
            d[i] = right ? UpperBound(a, v[i]) : LowerBound(a, v[i]);
        }
        return result;
    }

    /// <summary>
    /// The sorted distinct values of the flattened <paramref name="x"/> as a 1-D tensor (NumPy's
    /// <c>unique</c>): every NaN collapses into one trailing NaN, and −0.0 and 0.0 are one value.
    /// </summary>
    public static Tensor<T> Unique<T>(Tensor<T> x) where T : unmanaged, INumber<T>
    {
        Span<T> sorted = Sort(x, null).AsSpan();
        int distinct = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            if (i == 0 || !SortOrder.Same(sorted[i], sorted[distinct - 1]))
            {
                sorted[distinct++] = sorted[i];
            }
        }
        return FromArray(sorted[..distinct].ToArray(), distinct);
    }

    /// <summary>
    /// <see cref="Unique{T}"/> with, for each element of x, the int64 position of its value among the
    /// distinct values (shaped as x, as the array API's <c>unique_inverse</c> and NumPy 2), and the int64
    /// count of each distinct value. NaNs are one value; −0.0 and 0.0 are one value, shown as whichever
    /// comes first in x.
    /// </summary>
    public static UniqueResult<T> UniqueAll<T>(Tensor<T> x) where T : unmanaged, INumber<T>
    {
        Tensor<T> flat = x.Ravel().Contiguous();
        ReadOnlySpan<T> data = flat.AsSpan();
        ReadOnlySpan<long> order = ArgSort(flat, 0).AsSpan();
        var inverse = Tensor<long>.Allocate(x.Shape);
        Span<long> inv = inverse.AsSpan();
        var values = new List<T>();
        var counts = new List<long>();
        for (int i = 0; i < order.Length; i++)
        {
            T v = data[(int)order[i]];
            if (i == 0 || !SortOrder.Same(v, values[^1]))
            {
                values.Add(v);
                counts.Add(0);
            }
            counts[^1]++;
            inv[(int)order[i]] = values.Count - 1;
        }
        return new UniqueResult<T>(FromArray(values.ToArray(), values.Count), inverse, FromArray(counts.ToArray(), counts.Count));
    }

    private static long LowerBound<T>(ReadOnlySpan<T> a, T v) where T : unmanaged, INumber<T>
    {
        int lo = 0, hi = a.Length;
        while (lo < hi)
        {
            int mid = (int)(((uint)lo + (uint)hi) >> 1);
            if (SortOrder.Less(a[mid], v))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    private static long UpperBound<T>(ReadOnlySpan<T> a, T v) where T : unmanaged, INumber<T>
    {
        int lo = 0, hi = a.Length;
        while (lo < hi)
        {
            int mid = (int)(((uint)lo + (uint)hi) >> 1);
            if (SortOrder.Less(v, a[mid]))
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
