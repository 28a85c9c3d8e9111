namespace Batchwise;

public static partial class Tensor
{
    /// <summary>
    /// NumPy's <c>split</c> into <paramref name="sections"/> equal pieces along <paramref name="axis"/>.
    /// The pieces are views of <paramref name="x"/>.
    /// </summary>
    /// <exception cref="InvalidValueException">The sections do not divide the axis, or are not positive.</exception>
    /// <exception cref="AxisIndexException">The axis is out of range (also for a 0-d x).</exception>
    public static Tensor<T>[] Split<T>(Tensor<T> x, int sections, int axis = 0) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = AxisRule.Normalize(axis, x.Rank);
        if (sections <= 0 || x.Shape[a] % sections != 0)
        {
            ThrowHelper.Value($"array split does not result in an equal division: {x.Shape[a]} elements along axis {a} into {sections} sections");
        }
        return ArraySplit(x, sections, axis);
    }

    /// <summary>
    /// NumPy's <c>split</c> at cut points along <paramref name="axis"/>: the pieces are
    /// <c>x[:c0], x[c0:c1], ..., x[ck:]</c> with Python's slice rules (negative points count from the end,
    /// points past the end clamp, a repeated or decreasing point gives an empty piece). Views of x.
    /// </summary>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static Tensor<T>[] Split<T>(Tensor<T> x, int[] cutPoints, int axis = 0) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(cutPoints);
        int a = AxisRule.Normalize(axis, x.Rank);
        var pieces = new Tensor<T>[cutPoints.Length + 1];
        for (int i = 0; i < pieces.Length; i++)
        {
            int? start = i == 0 ? 0 : cutPoints[i - 1];
            int? stop = i == cutPoints.Length ? null : cutPoints[i];
            (int first, int length, _) = Tensor<T>.ResolveSlice(TensorIndex.Slice(start, stop), x.Shape[a]);
            pieces[i] = x.Narrow(a, first, length);
        }
        return pieces;
    }

    /// <summary>
    /// NumPy's <c>array_split</c>: like <see cref="Split{T}(Tensor{T}, int, int)"/>, but the sections need
    /// not divide the axis: of n elements, the first <c>n % sections</c> pieces get <c>n / sections + 1</c>
    /// and the rest <c>n / sections</c> (so more sections than elements gives empty trailing pieces). Views of x.
    /// </summary>
    /// <exception cref="InvalidValueException"><paramref name="sections"/> is not positive.</exception>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static Tensor<T>[] ArraySplit<T>(Tensor<T> x, int sections, int axis = 0) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = AxisRule.Normalize(axis, x.Rank);
        if (sections <= 0)
        {
            ThrowHelper.Value("number sections must be larger than 0.");
        }
        int n = x.Shape[a];
        int each = n / sections, extra = n % sections;
        var pieces = new Tensor<T>[sections];
        int position = 0;
        for (int i = 0; i < sections; i++)
        {
            int length = each + (i < extra ? 1 : 0);
            pieces[i] = x.Narrow(a, position, length);
            position += length;
        }
        return pieces;
    }

    /// <summary>NumPy's <c>array_split</c> at cut points: the same as <see cref="Split{T}(Tensor{T}, int[], int)"/>.</summary>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    public static Tensor<T>[] ArraySplit<T>(Tensor<T> x, int[] cutPoints, int axis = 0) where T : unmanaged => Split(x, cutPoints, axis);
}
