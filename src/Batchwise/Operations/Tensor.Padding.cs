namespace Batchwise;

public static partial class Tensor
{
    /// <summary>
    /// NumPy's <c>pad</c>: <paramref name="widths"/>[k] elements added before and after axis k (NumPy's
    /// order, first axis first, unlike <c>torch.nn.functional.pad</c>); a single pair applies to every
    /// axis. The added elements are <paramref name="value"/> (<see cref="PadMode.Constant"/>, which may be
    /// NaN or ±inf), the nearest edge element (<see cref="PadMode.Edge"/>) or the mirror image without the
    /// edge (<see cref="PadMode.Reflect"/>, which for widths beyond the axis keeps reflecting, and for an
    /// axis of one element repeats it). Axes are padded in order, so corners come from the padded
    /// earlier axes, as in NumPy. A 0-d x is copied.
    /// </summary>
    /// <exception cref="InvalidValueException">A negative width; a number of pairs neither 1 nor the rank;
    /// an edge or reflect pad of an empty axis.</exception>
    public static Tensor<T> Pad<T>(Tensor<T> x, (int Before, int After)[] widths, PadMode mode = PadMode.Constant, T value = default) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Length != x.Rank && widths.Length != 1)
        {
            ThrowHelper.Value($"pad: {widths.Length} (before, after) pairs do not broadcast to an array of dimension {x.Rank}");
        }
        var outShape = new int[x.Rank];
        for (int k = 0; k < x.Rank; k++)
        {
            (int before, int after) = widths[widths.Length == 1 ? 0 : k];
            if (before < 0 || after < 0)
            {
                ThrowHelper.Value($"pad: index can't contain negative values: ({before}, {after}) for axis {k}");
            }
            if (mode != PadMode.Constant && x.Shape[k] == 0 && before + after > 0)
            {
                ThrowHelper.Value($"can't extend empty axis {k} using modes other than 'constant' or 'empty'");
            }
            outShape[k] = (int)Math.Min((long)x.Shape[k] + before + after, int.MaxValue);
        }
        Tensor<T> result = Tensor<T>.Allocate(outShape);
        if (result.Size == 0)
        {
            return result;
        }
        Tensor<T> center = result;
        for (int k = 0; k < x.Rank; k++)
        {
            center = center.Narrow(k, widths[widths.Length == 1 ? 0 : k].Before, x.Shape[k]);
        }
        center.CopyDisjoint(x);
        for (int k = 0; k < x.Rank; k++)
        {
            (int before, int after) = widths[widths.Length == 1 ? 0 : k];
            PadAxis(result, k, before, after, x.Shape[k], mode, value);
        }
        return result;
    }

    /// <summary>Fills the before and after regions of axis <paramref name="axis"/> over the whole extent of the other axes.</summary>
    private static void PadAxis<T>(Tensor<T> result, int axis, int before, int after, int n, PadMode mode, T value) where T : unmanaged
    {
        if (mode == PadMode.Constant)
        {
            result.Narrow(axis, 0, before).FillWith(value);
            result.Narrow(axis, before + n, after).FillWith(value);
            return;
        }
        for (int j = 0; j < before; j++)
        {
            result.Narrow(axis, j, 1).CopyDisjoint(result.Narrow(axis, before + SourceIndex(j - before, n, mode), 1));
        }
        for (int j = 0; j < after; j++)
        {
            result.Narrow(axis, before + n + j, 1).CopyDisjoint(result.Narrow(axis, before + SourceIndex(n + j, n, mode), 1));
        }
    }

    /// <summary>The element of an axis of length n that a padded coordinate c (outside 0..n-1) copies.</summary>
    private static int SourceIndex(int c, int n, PadMode mode)
    {
        if (mode == PadMode.Edge || n == 1)
        {
            return Math.Clamp(c, 0, n - 1);
        }
        // Reflection without repeating the edge is periodic with period 2(n-1).
        long period = 2L * (n - 1);
        long m = ((c % period) + period) % period;
        return (int)(m >= n ? period - m : m);
    }
}
