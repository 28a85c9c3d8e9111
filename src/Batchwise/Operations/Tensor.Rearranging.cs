using Batchwise.Layouts;

namespace Batchwise;

public static partial class Tensor
{
    /// <summary>
    /// NumPy's <c>flip</c>: the order of elements along the given axes reversed (no axes: all of them;
    /// a 0-d x is returned as it is). A view with negative strides; nothing is copied.
    /// </summary>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    /// <exception cref="InvalidValueException">A repeated axis.</exception>
    public static Tensor<T> Flip<T>(Tensor<T> x, params int[] axes) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        bool[] reversed = axes is null || axes.Length == 0 ? AllAxes(x.Rank) : AxisRule.ToMask(axes, x.Rank);
        return x.Reversed(reversed);
    }

    /// <summary>NumPy's <c>roll</c> by one shift: along <paramref name="axis"/>, or over the flattened x when null.</summary>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static Tensor<T> Roll<T>(Tensor<T> x, int shift, int? axis = null) where T : unmanaged =>
        Roll(x, [shift], axis is int a ? [a] : null);

    /// <summary>
    /// NumPy's <c>roll</c>: a cyclic shift, element k moving to <c>(k + shift) mod n</c> along each axis.
    /// <paramref name="shifts"/> and <paramref name="axes"/> broadcast against each other (equal lengths,
    /// or one of length 1), and shifts on a repeated axis add up. With <paramref name="axes"/> null the
    /// flattened x is rolled and the shape restored. Zero-length axes are fine. Copies whole blocks (two
    /// per rolled axis).
    /// </summary>
    /// <exception cref="InvalidValueException">The lengths of shifts and axes do not broadcast.</exception>
    /// <exception cref="AxisIndexException">An axis out of range.</exception>
    public static Tensor<T> Roll<T>(Tensor<T> x, int[] shifts, int[]? axes = null) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(shifts);
        if (axes is null)
        {
            long total = 0;
            foreach (int s in shifts)
            {
                total += s;
            }
            Tensor<T> flat = x.Ravel();
            int n = flat.Size;
            return RollAxes(flat, [0], [n == 0 ? 0 : (int)(((total % n) + n) % n)]).Reshape(x.Shape);
        }
        int count = Math.Max(shifts.Length, axes.Length);
        if ((shifts.Length != count && shifts.Length != 1) || (axes.Length != count && axes.Length != 1))
        {
            ThrowHelper.Value($"roll: shape mismatch: 'shift' of length {shifts.Length} and 'axis' of length {axes.Length} cannot be broadcast to a single shape");
        }
        var perAxis = new long[x.Rank];
        for (int i = 0; i < count; i++)
        {
            int a = AxisRule.Normalize(axes[axes.Length == 1 ? 0 : i], x.Rank);
            perAxis[a] += shifts[shifts.Length == 1 ? 0 : i];
        }
        var rolled = new List<int>();
        var amounts = new List<int>();
        for (int a = 0; a < x.Rank; a++)
        {
            int n = x.Shape[a];
            int s = n == 0 ? 0 : (int)(((perAxis[a] % n) + n) % n);
            if (s != 0)
            {
                rolled.Add(a);
                amounts.Add(s);
            }
        }
        return RollAxes(x, [.. rolled], [.. amounts]);
    }

    private static Tensor<T> RollAxes<T>(Tensor<T> x, int[] axes, int[] shifts) where T : unmanaged
    {
        Tensor<T> result = Tensor<T>.Allocate(x.Shape);
        if (result.Size > 0)
        {
            CopyRolled(result, x, axes, shifts, 0);
        }
        return result;
    }

    /// <summary>Each rolled axis splits into two blocks that swap places: 2^k block copies for k axes.</summary>
    private static void CopyRolled<T>(Tensor<T> destination, Tensor<T> source, int[] axes, int[] shifts, int j) where T : unmanaged
    {
        if (j == axes.Length)
        {
            destination.CopyFrom(source);
            return;
        }
        int a = axes[j], s = shifts[j], n = source.Shape[a];
        CopyRolled(destination.Narrow(a, s, n - s), source.Narrow(a, 0, n - s), axes, shifts, j + 1);
        CopyRolled(destination.Narrow(a, 0, s), source.Narrow(a, n - s, s), axes, shifts, j + 1);
    }

    /// <summary>
    /// NumPy's <c>tile</c>: x repeated <c>reps[k]</c> times along axis k. With d = max(rank, reps.Length),
    /// x gains leading axes of extent 1 and reps leading 1s up to length d; result axis k has extent
    /// <c>shape[k]·reps[k]</c>. One strided copy from a stride-0 view of x.
    /// </summary>
    /// <exception cref="InvalidValueException">A negative rep.</exception>
    public static Tensor<T> Tile<T>(Tensor<T> x, params int[] reps) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(reps);
        foreach (int r in reps)
        {
            if (r < 0)
            {
                ThrowHelper.Value($"tile: negative repetitions are not allowed: {ShapeText.Format(reps)}");
            }
        }
        int d = Math.Max(x.Rank, reps.Length);
        var shape = new int[d];
        var outShape = new int[d];
        var xStrides = new int[d];
        for (int k = 0; k < d; k++)
        {
            int own = k - (d - x.Rank);
            shape[k] = own >= 0 ? x.Shape[own] : 1;
            xStrides[k] = own >= 0 ? x.Strides[own] : 0;
            int rep = k - (d - reps.Length) >= 0 ? reps[k - (d - reps.Length)] : 1;
            outShape[k] = (int)Math.Min((long)shape[k] * rep, int.MaxValue);
        }
        Tensor<T> result = Tensor<T>.Allocate(outShape);
        if (result.Size == 0)
        {
            return result;
        }
        // The result seen as (reps0, shape0, reps1, shape1, ...), and x broadcast to it with stride 0
        // on every reps axis: one copy fills every tile.
        int[] outStrides = result.Strides.ToArray();
        var viewShape = new int[2 * d];
        var destStrides = new int[2 * d];
        var sourceStrides = new int[2 * d];
        for (int k = 0; k < d; k++)
        {
            viewShape[2 * k] = outShape[k] / shape[k];
            viewShape[2 * k + 1] = shape[k];
            destStrides[2 * k] = shape[k] * outStrides[k];
            destStrides[2 * k + 1] = outStrides[k];
            sourceStrides[2 * k + 1] = xStrides[k];
        }
        Tensor<T> destination = result.WithLayout(result.Layout.With(viewShape, destStrides, 0));
        destination.CopyFrom(x.WithLayout(x.Layout.With((int[])viewShape.Clone(), sourceStrides, x.Layout.Offset)));
        return result;
    }

    /// <summary>
    /// NumPy's <c>repeat</c> with one count: each element along <paramref name="axis"/> repeated
    /// <paramref name="repeats"/> times in place; with <paramref name="axis"/> null x is flattened first
    /// (a 0-d x gives shape (repeats,)).
    /// </summary>
    /// <exception cref="InvalidValueException">A negative count.</exception>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static Tensor<T> Repeat<T>(Tensor<T> x, int repeats, int? axis = null) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        if (repeats < 0)
        {
            ThrowHelper.Value("repeats may not contain negative values.");
        }
        (Tensor<T> source, int a) = RepeatSource(x, axis);
        int[] outShape = source.Shape.ToArray();
        outShape[a] = (int)Math.Min((long)outShape[a] * repeats, int.MaxValue);
        Tensor<T> result = Tensor<T>.Allocate(outShape);
        if (result.Size == 0)
        {
            return result;
        }
        // The result seen with the axis split into (n, repeats), and x with stride 0 along the repeats.
        var viewShape = new List<int>(outShape);
        var destStrides = new List<int>(result.Strides.ToArray());
        var sourceStrides = new List<int>(source.Strides.ToArray());
        viewShape[a] = source.Shape[a];
        viewShape.Insert(a + 1, repeats);
        destStrides.Insert(a + 1, destStrides[a]);
        destStrides[a] *= repeats;
        sourceStrides.Insert(a + 1, 0);
        Tensor<T> destination = result.WithLayout(result.Layout.With([.. viewShape], [.. destStrides], 0));
        destination.CopyFrom(source.WithLayout(source.Layout.With([.. viewShape], [.. sourceStrides], source.Layout.Offset)));
        return result;
    }

    /// <summary>
    /// NumPy's <c>repeat</c> with one count per element along <paramref name="axis"/> (a single count
    /// applies to every element). Counts may be 0.
    /// </summary>
    /// <exception cref="ShapeException">The number of counts is neither 1 nor the axis length.</exception>
    /// <exception cref="InvalidValueException">A negative count.</exception>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static Tensor<T> Repeat<T>(Tensor<T> x, int[] repeats, int? axis = null) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(repeats);
        if (repeats.Length == 1)
        {
            return Repeat(x, repeats[0], axis);
        }
        (Tensor<T> source, int a) = RepeatSource(x, axis);
        int n = source.Shape[a];
        if (repeats.Length != n)
        {
            ThrowHelper.Shape($"operands could not be broadcast together with shape ({n},) ({repeats.Length},)");
        }
        long total = 0;
        foreach (int r in repeats)
        {
            if (r < 0)
            {
                ThrowHelper.Value("repeats may not contain negative values.");
            }
            total += r;
        }
        int[] outShape = source.Shape.ToArray();
        outShape[a] = (int)Math.Min(total, int.MaxValue);
        Tensor<T> result = Tensor<T>.Allocate(outShape);
        if (result.Size == 0)
        {
            return result;
        }
        int position = 0;
        for (int i = 0; i < n; i++)
        {
            result.Narrow(a, position, repeats[i]).CopyFrom(source.Narrow(a, i, 1));
            position += repeats[i];
        }
        return result;
    }

    /// <summary>NumPy's <c>repeat</c> with the counts in an integer tensor (0-d or 1-D).</summary>
    /// <exception cref="ShapeException">The counts have rank above 1, or a length neither 1 nor the axis length.</exception>
    public static Tensor<T> Repeat<T, TIndex>(Tensor<T> x, Tensor<TIndex> repeats, int? axis = null)
        where T : unmanaged
        where TIndex : unmanaged, IBinaryInteger<TIndex> =>
        Repeat(x, Counts(repeats, "repeat"), axis);

    /// <summary>PyTorch's <c>repeat_interleave</c> with one count: the same as NumPy's <see cref="Repeat{T}(Tensor{T}, int, int?)"/>.</summary>
    public static Tensor<T> RepeatInterleave<T>(Tensor<T> x, int repeats, int? dim = null) where T : unmanaged => Repeat(x, repeats, dim);

    /// <summary>PyTorch's <c>repeat_interleave</c> with per-element counts (0-d or 1-D, a single count broadcasts).</summary>
    /// <exception cref="ShapeException">Counts of rank above 1, or of a length neither 1 nor the dim's length.</exception>
    /// <exception cref="InvalidValueException">A negative count.</exception>
    public static Tensor<T> RepeatInterleave<T, TIndex>(Tensor<T> x, Tensor<TIndex> repeats, int? dim = null)
        where T : unmanaged
        where TIndex : unmanaged, IBinaryInteger<TIndex> =>
        Repeat(x, Counts(repeats, "repeat_interleave"), dim);

    private static (Tensor<T> Source, int Axis) RepeatSource<T>(Tensor<T> x, int? axis) where T : unmanaged =>
        axis is int a ? (x, AxisRule.Normalize(a, x.Rank)) : (x.Ravel(), 0);

    private static int[] Counts<TIndex>(Tensor<TIndex> repeats, string operation) where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        ArgumentNullException.ThrowIfNull(repeats);
        if (repeats.Rank > 1)
        {
            ThrowHelper.Shape($"{operation}: the counts must be 0-d or 1-D, not of shape {repeats.ShapeString}");
        }
        TIndex[] values = repeats.ToArray();
        var counts = new int[values.Length];
        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] = int.CreateSaturating(values[i]);
        }
        return counts;
    }

    private static bool[] AllAxes(int rank)
    {
        var all = new bool[rank];
        Array.Fill(all, true);
        return all;
    }
}
