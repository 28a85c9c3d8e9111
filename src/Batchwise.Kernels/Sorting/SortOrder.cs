namespace Batchwise.Kernels.Sorting;

/// <summary>
/// NumPy's sort order: ascending, NaN after +inf, every NaN equal to every other, −0.0 equal to 0.0.
/// For integer types the NaN tests are JIT-time constants and vanish.
/// </summary>
public static class SortOrder
{
    /// <summary>Whether <paramref name="a"/> sorts strictly before <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Less<T>(T a, T b) where T : INumber<T> => a < b || (T.IsNaN(b) && !T.IsNaN(a));

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> are equal in the sort order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Same<T>(T a, T b) where T : INumber<T> => a == b || (T.IsNaN(a) && T.IsNaN(b));
}

/// <summary>A key and the position it came from; ties between keys are broken by position.</summary>
public struct Keyed<T> where T : unmanaged
{
    public T Key;
    public int Index;
}

/// <summary>A strict "sorts before" relation for <see cref="Selection{TItem, TBefore}"/> and the merge sort.</summary>
public interface IBefore<TItem>
{
    static abstract bool Before(in TItem a, in TItem b);
}

/// <summary>Ascending keys in <see cref="SortOrder"/>, ties by position: a total order on distinct positions.</summary>
public readonly struct Ascending<T> : IBefore<Keyed<T>> where T : unmanaged, INumber<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Before(in Keyed<T> a, in Keyed<T> b) =>
        SortOrder.Less(a.Key, b.Key) || (!SortOrder.Less(b.Key, a.Key) && a.Index < b.Index);
}

/// <summary>Descending keys in <see cref="SortOrder"/> (NaN first), ties by position.</summary>
public readonly struct Descending<T> : IBefore<Keyed<T>> where T : unmanaged, INumber<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Before(in Keyed<T> a, in Keyed<T> b) =>
        SortOrder.Less(b.Key, a.Key) || (!SortOrder.Less(a.Key, b.Key) && a.Index < b.Index);
}

/// <summary>Plain values in <see cref="SortOrder"/> (for selections on values without positions).</summary>
public readonly struct ValueOrder<T> : IBefore<T> where T : unmanaged, INumber<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Before(in T a, in T b) => SortOrder.Less(a, b);
}
