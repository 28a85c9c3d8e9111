namespace Batchwise.Shapes;

/// <summary>
/// NumPy's broadcasting: align shapes from the right; equal dimensions match, a dimension of 1
/// stretches to the other; anything else is an error. (0 therefore matches only 0 or 1.)
/// </summary>
public static class BroadcastRule
{
    /// <summary>The broadcast shape of two operands.</summary>
    /// <exception cref="ShapeException">The shapes cannot be broadcast together.</exception>
    public static TDim[] Broadcast<TDim>(ReadOnlySpan<TDim> a, ReadOnlySpan<TDim> b)
        where TDim : struct, IDimension<TDim>
    {
        if (TryBroadcast(a, b, out TDim[] result))
        {
            return result;
        }
        throw new ShapeException($"operands could not be broadcast together with shapes {ShapeText.Format(a)} {ShapeText.Format(b)}");
    }

    /// <summary>The broadcast shape of two operands, or false when they do not broadcast.</summary>
    public static bool TryBroadcast<TDim>(ReadOnlySpan<TDim> a, ReadOnlySpan<TDim> b, out TDim[] result)
        where TDim : struct, IDimension<TDim>
    {
        int rank = Math.Max(a.Length, b.Length);
        result = new TDim[rank];
        for (int i = 1; i <= rank; i++)
        {
            TDim da = i <= a.Length ? a[^i] : TDim.One;
            TDim db = i <= b.Length ? b[^i] : TDim.One;
            if (da.Equals(db) || db.IsOne)
            {
                result[^i] = da;
            }
            else if (da.IsOne)
            {
                result[^i] = db;
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Checks that <paramref name="shape"/> broadcasts <em>to</em> <paramref name="target"/> (NumPy's
    /// <c>broadcast_to</c>): it may not have more dimensions, and each of its dimensions must equal the
    /// target's or be 1.
    /// </summary>
    /// <exception cref="ShapeException">It does not.</exception>
    public static void CheckBroadcastTo<TDim>(ReadOnlySpan<TDim> shape, ReadOnlySpan<TDim> target)
        where TDim : struct, IDimension<TDim>
    {
        bool ok = shape.Length <= target.Length;
        for (int i = 1; ok && i <= shape.Length; i++)
        {
            ok = shape[^i].Equals(target[^i]) || shape[^i].IsOne;
        }
        if (!ok)
        {
            throw new ShapeException($"operands could not be broadcast together with remapped shapes [original->remapped]: {ShapeText.Format(shape)} and requested shape {ShapeText.Format(target)}");
        }
    }
}
