namespace Batchwise.Expressions;

/// <summary>
/// How an expression runs block by block over the leading axes of its result, or null where it cannot:
/// an expression of element-wise operators and functions, unary minus, basic slices, concatenations,
/// reductions (or scans, softmax) along given axes and stacked matrix products gives, on matching slices
/// of its inputs, the same slice of its result, provided no step acts on the blocked axes. Evaluated one
/// block at a time, its temporaries stay in cache and every input is read once from memory (numexpr's
/// idea); unfused, each step streams a whole array out and back.
/// </summary>
/// <remarks>
/// Every node's axes line up with the result's trailing axes (broadcasting, slicing, joining, reductions
/// that keep their dimensions and matrix products keep or align ranks), so an input of rank r is sliced
/// on result axis a through its own axis a - (n - r), unless it has extent 1 there (it broadcasts).
/// Blocks are one index on each axis before the split axis and a run of <see cref="Chunk"/> on it,
/// whole on the axes after it.
/// </remarks>
internal sealed class BlockPlan
{
    /// <summary>
    /// Blocks that the touched axes make larger than the target still pay when there are at least this
    /// many: a matrix product per head keeps its scores out of memory, an eighth of the whole at a time.
    /// </summary>
    private const int MinimumLargeBlocks = 8;

    private BlockPlan(int[] shape, int splitAxis, int chunk, Dictionary<string, object> leaves)
    {
        Shape = shape;
        SplitAxis = splitAxis;
        Chunk = chunk;
        Leaves = leaves;
        RunsPerSplitAxis = (shape[splitAxis] + chunk - 1) / chunk;
        long blocks = RunsPerSplitAxis;
        for (int axis = 0; axis < splitAxis; axis++)
        {
            blocks *= shape[axis];
        }
        Blocks = (int)Math.Min(blocks, int.MaxValue);
    }

    /// <summary>The result's shape.</summary>
    public int[] Shape { get; }

    /// <summary>The axis cut into runs; the axes before it are taken one index at a time.</summary>
    public int SplitAxis { get; }

    /// <summary>The length of a run along <see cref="SplitAxis"/> (the last run may be shorter).</summary>
    public int Chunk { get; }

    /// <summary>The number of blocks.</summary>
    public int Blocks { get; }

    private int RunsPerSplitAxis { get; }

    /// <summary>The inputs the expression reads as arrays, by name.</summary>
    private Dictionary<string, object> Leaves { get; }

    /// <summary>
    /// The plan for <paramref name="root"/> over <paramref name="inputs"/>, or null when the expression
    /// is not made of block-wise steps only, has fewer than two steps that make arrays (one step gains
    /// nothing from blocks), makes an empty result or one of fewer than <paramref name="minimumElements"/>
    /// elements, or would give neither two blocks of at most four times <paramref name="blockElements"/>
    /// elements nor <see cref="MinimumLargeBlocks"/> larger ones.
    /// </summary>
    public static BlockPlan? TryMake(SyntaxNode root, IReadOnlyDictionary<string, object> inputs, long blockElements, long minimumElements)
    {
        if (root is Variable or IndexExpr || Literals.TryGetValue(root, out _))
        {
            return null; // the result is an input or a view of one, which must not become a copy
        }
        var walk = new BlockWalk(inputs);
        if (walk.Shape(root) is not int[] shape || walk.Steps < 2 || shape.Length == 0 || ElementCount(shape) < Math.Max(minimumElements, 1))
        {
            return null;
        }

        int firstTouched = shape.Length - walk.LargestTouchedFromEnd; // axes before it are never sliced, joined or reduced
        int split = 0;
        while (split < shape.Length - 1 && Inner(walk.Shapes, shape.Length, split) > blockElements)
        {
            split++;
        }
        split = Math.Min(split, firstTouched - 1);
        if (split < 0)
        {
            return null;
        }
        long inner = Inner(walk.Shapes, shape.Length, split);
        int chunk = (int)Math.Clamp(blockElements / Math.Max(inner, 1), 1, shape[split]);
        var plan = new BlockPlan(shape, split, chunk, walk.Leaves);
        return plan.Blocks >= 2 && (inner * chunk <= 4 * blockElements || plan.Blocks >= MinimumLargeBlocks) ? plan : null;
    }

    /// <summary>The result's elements in block <paramref name="block"/>, as an index of the result.</summary>
    public TensorIndex[] ResultIndex(int block) => IndexFor(Shape, block);

    /// <summary>The inputs as block <paramref name="block"/> reads them: views of the arrays, numbers as they are.</summary>
    public Dictionary<string, object> InputsOf(int block)
    {
        var views = new Dictionary<string, object>(Leaves.Count);
        foreach ((string name, object value) in Leaves)
        {
            views.Add(name, ArrayFunction.Apply(value, new Sliced(IndexFor(ArgumentValues.ShapeOf(value, name), block)), "block")!);
        }
        return views;
    }

    private readonly struct Sliced(TensorIndex[] index) : IArrayFunction
    {
        public object? Invoke<T>(Tensor<T> x) where T : unmanaged => x[index];
    }

    /// <summary>The index that takes block <paramref name="block"/> from an array of shape <paramref name="dims"/>, aligned to the result's trailing axes.</summary>
    private TensorIndex[] IndexFor(int[] dims, int block)
    {
        int offset = Shape.Length - dims.Length; // result axis of the array's axis 0
        int count = Math.Max(0, SplitAxis + 1 - offset);
        var index = new TensorIndex[count];
        int run = block % RunsPerSplitAxis;
        int outer = block / RunsPerSplitAxis;
        for (int axis = SplitAxis; axis >= 0; axis--)
        {
            int start = axis == SplitAxis ? run * Chunk : outer % Shape[axis];
            int stop = axis == SplitAxis ? Math.Min(start + Chunk, Shape[axis]) : start + 1;
            if (axis < SplitAxis)
            {
                outer /= Shape[axis];
            }
            int own = axis - offset;
            if (own >= 0)
            {
                index[own] = dims[own] == 1 ? TensorIndex.Slice(null, null) : TensorIndex.Slice(start, stop);
            }
        }
        return index;
    }

    /// <summary>The most elements any step's array holds for one index of the result's axes up to <paramref name="split"/>.</summary>
    private static long Inner(List<int[]> shapes, int rank, int split)
    {
        long most = 1;
        foreach (int[] shape in shapes)
        {
            int offset = rank - shape.Length; // result axis of the array's axis 0
            most = Math.Max(most, ElementCount(shape.AsSpan(Math.Clamp(split + 1 - offset, 0, shape.Length))));
        }
        return most;
    }

    private static long ElementCount(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
        }
        return count;
    }
}
