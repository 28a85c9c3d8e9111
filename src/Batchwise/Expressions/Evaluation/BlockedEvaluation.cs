using System.Runtime.Intrinsics.X86;
using Batchwise.Kernels.Elementwise;
using Batchwise.LinearAlgebra.Decompositions;

namespace Batchwise.Expressions;

/// <summary>
/// Runs an expression block by block when <see cref="BlockPlan"/> allows it: each block is evaluated
/// by the ordinary <see cref="Evaluator"/> over views of the inputs, inside a scope of its own whose
/// temporaries the next block reuses while they are still in cache, and copied into the result. The
/// blocks spread over the worker pool; the steps inside one block are too short to split further.
/// </summary>
internal static class BlockedEvaluation
{
    /// <summary>Results smaller than this are evaluated whole: their temporaries fit the caches anyway.</summary>
    internal const long MinimumElements = 1 << 20;

    /// <summary>The block size when <c>BATCHWISE_EXPRESSION_BLOCK</c> is unset.</summary>
    internal const int DefaultBlockElements = 1 << 14;

    /// <summary>Elements per block; 0 turns blocks off (<see cref="BatchwiseSettings.ExpressionBlockElements"/>).</summary>
    internal static int BlockElements { get; set; } = Kernels.Settings.EnvironmentSettings.AtStartup.ExpressionBlock ?? DefaultBlockElements;

    /// <summary>
    /// The value of <paramref name="root"/>, or null where the expression does not run in blocks. The
    /// result belongs to the caller's scope, like the ordinary evaluation's.
    /// </summary>
    public static object? TryEvaluate(SyntaxNode root, IReadOnlyDictionary<string, object> inputs) =>
        BlockElements == 0 || CountSteps(root, 2) < 2 || !MayReach(inputs, MinimumElements)
            ? null
            : TryEvaluate(root, inputs, BlockElements, MinimumElements);

    /// <summary>The operators and calls in a tree, counted up to <paramref name="enough"/>: one step never runs in blocks.</summary>
    internal static int CountSteps(SyntaxNode node, int enough)
    {
        if (enough <= 0)
        {
            return 0;
        }
        switch (node)
        {
            case Negate n:
                return 1 + CountSteps(n.Operand, enough - 1);
            case Binary b:
                int left = 1 + CountSteps(b.Left, enough - 1);
                return left + CountSteps(b.Right, enough - left);
            case Call c:
                return 1 + CountSteps(c.Arguments, enough - 1);
            case MethodCall m:
                int target = 1 + CountSteps(m.Target, enough - 1);
                return target + CountSteps(m.Arguments, enough - target);
            case IndexExpr ix:
                return CountSteps(ix.Target, enough);
            case AttributeExpr a:
                return CountSteps(a.Target, enough);
            case TupleExpr t:
                return CountSteps(t.Items, enough);
            default:
                return 0;
        }
    }

    private static int CountSteps(SyntaxList<SyntaxNode> nodes, int enough)
    {
        int steps = 0;
        for (int i = 0; i < nodes.Count && steps < enough; i++)
        {
            steps += CountSteps(nodes[i], enough - steps);
        }
        return steps;
    }

    /// <summary>
    /// Whether the inputs could make a result of <paramref name="minimumElements"/> elements: twice the
    /// product of their largest extents, aligned from the end, bounds a broadcast result and a join of
    /// two pieces. Small expressions so skip the plan's walk for a few nanoseconds.
    /// </summary>
    internal static bool MayReach(IReadOnlyDictionary<string, object> inputs, long minimumElements)
    {
        const int Ranks = 8; // inputs of more dimensions go to the plan
        Span<int> largest = stackalloc int[Ranks];
        largest.Clear();
        int rank = 0;
        if (inputs is Dictionary<string, object> own)
        {
            foreach (object value in own.Values)
            {
                rank = Math.Max(rank, Widen(largest, ArgumentValues.Shape(value)));
            }
        }
        else
        {
            foreach (KeyValuePair<string, object> input in inputs)
            {
                rank = Math.Max(rank, Widen(largest, ArgumentValues.Shape(input.Value)));
            }
        }
        if (rank > Ranks)
        {
            return true;
        }
        long bound = 2;
        foreach (int extent in largest[^rank..])
        {
            bound = Math.Min(bound * Math.Max(extent, 1), long.MaxValue / int.MaxValue);
        }
        return bound >= minimumElements;
    }

    private static int Widen(Span<int> largest, ReadOnlySpan<int> shape)
    {
        for (int i = 1; i <= Math.Min(shape.Length, largest.Length); i++)
        {
            largest[^i] = Math.Max(largest[^i], shape[^i]);
        }
        return shape.Length;
    }

    /// <summary>As above with the block size and the smallest result given (tests run blocks on small arrays).</summary>
    internal static object? TryEvaluate(SyntaxNode root, IReadOnlyDictionary<string, object> inputs, int blockElements, long minimumElements)
    {
        if (BlockPlan.TryMake(root, inputs, blockElements, minimumElements) is not BlockPlan plan)
        {
            return null;
        }
        using TensorScope first = TensorScope.Begin();
        return new Evaluator(plan.InputsOf(0)).Evaluate(root) switch
        {
            Tensor<float> t => Run(plan, root, t, first),
            Tensor<double> t => Run(plan, root, t, first),
            Tensor<int> t => Run(plan, root, t, first),
            Tensor<long> t => Run(plan, root, t, first),
            Tensor<bool> t => Run(plan, root, t, first),
            _ => null,
        };
    }

    /// <summary>Allocates the result in the type of the first block's value, then fills in the rest in parallel.</summary>
    private static Tensor<T> Run<T>(BlockPlan plan, SyntaxNode root, Tensor<T> firstBlock, TensorScope scope) where T : unmanaged
    {
        Tensor<T> result = scope.Keep(Tensor.Empty<T>(plan.Shape));
        bool stream = StreamingStores.WorthwhileForCopy<T>(result.Size);
        Store(result[plan.ResultIndex(0)], firstBlock, stream);
        BatchRunner.Run<T>(plan.Blocks - 1, flopsPerMatrix: 1L << 17, scratchLength: 0, (start, end, _) =>
        {
            for (int block = start + 1; block <= end; block++)
            {
                using TensorScope temporaries = TensorScope.Begin();
                var value = (Tensor<T>)new Evaluator(plan.InputsOf(block)).Evaluate(root)!;
                Store(result[plan.ResultIndex(block)], value, stream);
            }
            return -1;
        });
        return result;
    }

    /// <summary>
    /// Copies a block's value into its place in the result; past the last-level cache with streaming
    /// stores, which skip reading the result's lines in first and leave the cache to the inputs.
    /// </summary>
    private static unsafe void Store<T>(Tensor<T> destination, Tensor<T> value, bool stream) where T : unmanaged
    {
        if (!stream || !destination.IsContiguous || !value.IsContiguous || !destination.Shape.SequenceEqual(value.Shape))
        {
            destination.CopyFrom(value);
            return;
        }
        fixed (T* to = destination.AsSpan(), from = value.AsSpan())
        {
            StreamingStores.CopyLong((byte*)from, (byte*)to, (long)value.Size * sizeof(T));
        }
        Sse.StoreFence();
    }
}
