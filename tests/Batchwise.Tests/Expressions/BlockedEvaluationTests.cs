using Batchwise.Expressions;

namespace Batchwise.Tests.Expressions;

/// <summary>
/// Expressions run block by block (<see cref="BlockedEvaluation"/>) must give what the step-by-step
/// evaluation gives, in its shape and type, and the plan must refuse every expression whose blocks
/// would not be slices of its result. Small blocks on small arrays exercise the same paths as the
/// default blocks on large ones.
/// </summary>
public class BlockedEvaluationTests
{
    public static TheoryData<string, int> Expressions => new()
    {
        { "q * c + concatenate((-q[..., 4:], q[..., :4]), -1) * s", 16 }, // rope's rotate-half form
        { "q * c + np.concatenate((-q[..., 4:], q[..., :4]), axis=-1) * s", 40 },
        { "sin(x) * cos(x) + 1", 16 },
        { "silu(x) * y - y / 3", 7 },                   // y broadcasts along the leading axis
        { "x[:, 1:] - x[:, :-1] * 2", 8 },              // slices of axis 1: blocks along axis 0
        { "x[..., 12:0:-2] + x[..., 1::2] ** 2", 16 },  // negative steps
        { "gelu(x, approximate='tanh') * x", 10 },
        { "-x * 2.5 + abs(x)", 50 },
        { "(x > 0) * y + x", 12 },                      // bool times float
        { "np.maximum(x, 0) + np.exp(-x)", 33 },
        { "x.abs() * 2 + x", 16 },                      // method form
        { "x / np.sqrt((x * x).mean(-1, keepdims=True) + 1e-6) * y", 20 }, // RMS norm written out
        { "(x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-5) * y + 1", 30 },
        { "np.exp(x - x.max(-1, keepdims=True)) / np.exp(x - x.max(-1, keepdims=True)).sum(-1, keepdims=True)", 13 },
        { "softmax(q, -1) * 2 + cumsum(q, axis=-1)", 16 },
        { "q - q.mean(axis=(-2, -1), keepdims=True) * 2", 40 },
        { "x.sum(dim=-1, keepdim=True) * x + 1", 26 },  // torch's spellings
        { "x.std(-1, ddof=1, keepdims=True) * x - 1", 26 },
        { "softmax(q @ q.mT / math.sqrt(8), -1) @ s.mT.mT", 16 }, // attention written out, per (batch, head)
        { "np.matmul(q, c.mT) * 2 + float('1e-3')", 20 },
    };

    [Theory]
    [MemberData(nameof(Expressions))]
    public void Blocks_GiveTheStepByStepValue(string text, int blockElements)
    {
        Dictionary<string, object> inputs = Inputs();
        SyntaxNode expression = ExpressionParser.Parse(text);

        object? blocked = BlockedEvaluation.TryEvaluate(expression, inputs, blockElements, minimumElements: 0);
        object? whole = new Evaluator(inputs).Evaluate(expression);

        Tensor<float> expected = Assert.IsType<Tensor<float>>(whole);
        Tensor<float> actual = Assert.IsType<Tensor<float>>(blocked);
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        Assert.True(Tensor.AllClose(expected, actual, 1e-6, 1e-6), text);
    }

    [Fact]
    public void Blocks_KeepNumPysPromotion()
    {
        var inputs = new Dictionary<string, object>
        {
            ["i"] = Tensor.Arange<long>(60).Reshape(6, 10),
            ["j"] = Tensor.Arange<int>(10),
            ["d"] = Tensor.Randn<double>([6, 10], seed: 3),
            ["f"] = Tensor.Randn<float>([10], seed: 4),
        };
        AssertBlocksMatch<long>("i * 2 + j - 7", inputs, 20);
        AssertBlocksMatch<double>("d * f + f * f", inputs, 20);
        AssertBlocksMatch<double>("i / 4 + d", inputs, 20);  // int / int is float64
        AssertBlocksMatch<bool>("(d > 0) == (i > 20)", inputs, 20);
    }

    [Theory]
    [InlineData("x + y")]                              // one step: nothing to keep in cache
    [InlineData("x")]                                  // the input itself
    [InlineData("x[:, 2:]")]                           // a view must stay a view
    [InlineData("concatenate((x, x), 0) * 2")]         // joins the leading axis
    [InlineData("x[1:] * 2 + 1")]                      // slices it
    [InlineData("x @ x.T + 1")]                        // .T reverses every axis
    [InlineData("x @ y + 1")]                          // a 1-D operand drops an axis
    [InlineData("x @ x.mT * 2")]                       // a 2-D product touches both axes
    [InlineData("x.sum(-1) * 2 + 1")]                  // a reduction that drops its axis
    [InlineData("x - x.mean(0, keepdims=True) + 1")]   // one along the leading axis
    [InlineData("x - x.mean(keepdims=True) + 1")]      // one over every axis
    [InlineData("cumsum(x) + x * 2")]                  // a scan of the flattened array
    [InlineData("x.sum(-1, keepdims=True, out=x) + 1")] // an argument the signature does not have
    [InlineData("x[:, None] * 2 + 1")]                 // new axes are not planned
    [InlineData("where(x > 0, x, y) * 2")]             // nor are functions outside the element-wise set
    [InlineData("x * undefined + 1")]                  // an unknown name: the step-by-step error
    [InlineData("x * z + 1")]                          // shapes that do not broadcast: likewise
    public void Plan_RefusesWhatBlocksWouldChange(string text)
    {
        Assert.Null(BlockPlan.TryMake(ExpressionParser.Parse(text), Inputs(), blockElements: 8, minimumElements: 0));
    }

    [Theory]
    [InlineData("a + b", 1)]
    [InlineData("-a", 1)]
    [InlineData("(a * b).sum(-1)", 2)]
    [InlineData("a[..., 1:] * 2 + b", 2)]
    [InlineData("concatenate((-a, a * 2), -1)", 2)]
    [InlineData("a[0]", 0)]
    [InlineData("(a * 2).mT @ b", 2)]
    public void Filter_CountsSteps(string text, int steps) =>
        Assert.Equal(steps, BlockedEvaluation.CountSteps(ExpressionParser.Parse(text), enough: 2));

    [Fact]
    public void Filter_BoundsTheResultByTheInputsLargestExtents()
    {
        var column = new Dictionary<string, object> { ["a"] = Tensor.Zeros<float>(1000, 1), ["b"] = Tensor.Zeros<float>(1000) };
        var batch = new Dictionary<string, object> { ["a"] = Tensor.Zeros<float>(80, 20, 64), ["b"] = Tensor.Zeros<float>(80, 20, 64) };
        var half = new Dictionary<string, object> { ["a"] = Tensor.Zeros<float>(512, 1024) }; // joined to itself: 1,048,576

        Assert.True(BlockedEvaluation.MayReach(column, 1_000_000)); // a broadcast outer sum
        Assert.False(BlockedEvaluation.MayReach(batch, BlockedEvaluation.MinimumElements));
        Assert.True(BlockedEvaluation.MayReach(half, BlockedEvaluation.MinimumElements));
    }

    [Fact]
    public void Plan_RefusesAnEmptyResult()
    {
        var inputs = new Dictionary<string, object> { ["a"] = Tensor.Zeros<double>(1), ["b"] = Tensor.Zeros<double>(0), ["m"] = Tensor.Zeros<double>(4, 0) };
        Assert.Null(BlockPlan.TryMake(ExpressionParser.Parse("a * b - a"), inputs, blockElements: 8, minimumElements: 0));
        Assert.Null(BlockPlan.TryMake(ExpressionParser.Parse("m * b - a"), inputs, blockElements: 8, minimumElements: 0));
    }

    [Fact]
    public void Plan_SplitsTheAxisWhoseTrailingBlockFits_AndNothingSlicedOrJoined()
    {
        var q = Tensor.Zeros<float>(1).BroadcastTo(8, 32, 512, 128); // only the shapes are read
        var c = Tensor.Zeros<float>(1).BroadcastTo(512, 128);
        var inputs = new Dictionary<string, object> { ["q"] = q, ["c"] = c, ["s"] = c };
        BlockPlan plan = BlockPlan.TryMake(ExpressionParser.Parse("q * c + concatenate((-q[..., 64:], q[..., :64]), -1) * s"), inputs, 16384, 0)!;
        Assert.Equal([8, 32, 512, 128], plan.Shape);
        Assert.Equal(2, plan.SplitAxis);
        Assert.Equal(128, plan.Chunk);
        Assert.Equal(8 * 32 * 4, plan.Blocks);

        // Slicing axis 2 leaves only the first two axes to block, with whole (512, 128) tails.
        plan = BlockPlan.TryMake(ExpressionParser.Parse("q[:, :, 1:] * 2 + 1"), inputs, 16384, 0)!;
        Assert.Equal(1, plan.SplitAxis);
        Assert.Equal(1, plan.Chunk);

        // A reduction's input sets the block, not its smaller result: (64, 1000) summed to (64, 1).
        var wide = new Dictionary<string, object> { ["x"] = Tensor.Zeros<float>(1).BroadcastTo(64, 1000) };
        plan = BlockPlan.TryMake(ExpressionParser.Parse("x.sum(-1, keepdims=True) * 2 + 1"), wide, 2000, 0)!;
        Assert.Equal([64, 1], plan.Shape);
        Assert.Equal(0, plan.SplitAxis);
        Assert.Equal(2, plan.Chunk);

        // Blocks far above the target are refused unless there are eight or more: attention's scores
        // per (batch, head) are 16 times the target, in 64 blocks.
        var heads = new Dictionary<string, object> { ["q"] = Tensor.Zeros<float>(1).BroadcastTo(8, 8, 512, 64) };
        plan = BlockPlan.TryMake(ExpressionParser.Parse("softmax(q @ q.mT / 8, -1) @ q"), heads, 16384, 0)!;
        Assert.Equal((1, 1, 64), (plan.SplitAxis, plan.Chunk, plan.Blocks));
        var four = new Dictionary<string, object> { ["q"] = Tensor.Zeros<float>(1).BroadcastTo(4, 32, 512, 128) };
        Assert.Null(BlockPlan.TryMake(ExpressionParser.Parse("q[:, 1:] * 2 + 1"), four, 16384, 0));
        Assert.Null(BlockPlan.TryMake(ExpressionParser.Parse("q * c + 1"), inputs, 16384, minimumElements: 1L << 30));
    }

    [Fact]
    public void Plan_BlockInputs_AreSlicesAlignedFromTheEnd()
    {
        var inputs = new Dictionary<string, object>
        {
            ["a"] = Tensor.Arange<float>(24).Reshape(2, 3, 4),
            ["b"] = Tensor.Arange<float>(12).Reshape(3, 4),
            ["r"] = Tensor.Arange<float>(3).Reshape(1, 3, 1),
        };
        BlockPlan plan = BlockPlan.TryMake(ExpressionParser.Parse("a * b + r * 2"), inputs, blockElements: 8, minimumElements: 0)!;
        Assert.Equal(1, plan.SplitAxis);
        Assert.Equal(2, plan.Chunk);
        Assert.Equal(4, plan.Blocks); // rows {0,1} and {2} of each of the two matrices

        Dictionary<string, object> last = plan.InputsOf(3);
        Assert.Equal([1, 1, 4], ((Tensor<float>)last["a"]).Shape.ToArray());
        Assert.Equal(20f, ((Tensor<float>)last["a"]).GetItem(0, 0, 0));
        Assert.Equal([1, 4], ((Tensor<float>)last["b"]).Shape.ToArray());
        Assert.Equal(8f, ((Tensor<float>)last["b"]).GetItem(0, 0));
        Assert.Equal([1, 1, 1], ((Tensor<float>)last["r"]).Shape.ToArray()); // extent 1 broadcasts: not indexed by the block
        Assert.Equal(2f, ((Tensor<float>)last["r"]).GetItem(0, 0, 0));
    }

    [Fact]
    public void PublicEvaluate_LargeResult_RunsInBlocksWithTheSameValue()
    {
        var x = Tensor.Randn<float>([1024, 1100], seed: 5);
        var c = Tensor.Randn<float>([1100], seed: 6);
        const string Text = "x * c + concatenate((-x[..., 550:], x[..., :550]), -1) * 0.5";
        int saved = BatchwiseSettings.ExpressionBlockElements;
        Tensor<float> blocked, whole;
        try
        {
            BatchwiseSettings.ExpressionBlockElements = 4096;
            Assert.NotNull(BlockPlan.TryMake(ExpressionParser.Parse(Text), new Dictionary<string, object> { ["x"] = x, ["c"] = c }, 4096, BlockedEvaluation.MinimumElements));
            using (TensorScope scope = TensorScope.Begin())
            {
                blocked = scope.Keep((Tensor<float>)Expression.Evaluate(Text, ("x", x), ("c", c))!);
            }
            BatchwiseSettings.ExpressionBlockElements = 0;
            whole = (Tensor<float>)Expression.Evaluate(Text, ("x", x), ("c", c))!;
        }
        finally
        {
            BatchwiseSettings.ExpressionBlockElements = saved;
        }
        Assert.Equal(whole.ToArray(), blocked.ToArray()); // the same arithmetic on every element
    }

    /// <summary>
    /// Random trees of operators, functions, reversals and rolls (a slice joined to the rest) over an
    /// input and a broadcast one, on random shapes and block sizes: every tree the plan accepts must
    /// give the step-by-step value.
    /// </summary>
    [Fact]
    public void RandomExpressions_BlocksGiveTheStepByStepValue()
    {
        var random = new Random(20261207);
        int planned = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            int[] shape = [.. Enumerable.Range(0, random.Next(1, 5)).Select(_ => random.Next(1, 7))];
            int[] broadcast = [.. shape.Skip(random.Next(0, shape.Length)).Select(d => random.Next(3) == 0 ? 1 : d)];
            var inputs = new Dictionary<string, object>
            {
                ["x"] = Tensor.Randn<float>(shape, seed: (ulong)trial),
                ["y"] = Tensor.Randn<float>(broadcast, seed: (ulong)trial + 1000),
            };
            string text = RandomTree(random, depth: 3, shape[^1]);
            SyntaxNode expression = ExpressionParser.Parse(text);
            int blockElements = random.Next(1, 40);
            if (BlockPlan.TryMake(expression, inputs, blockElements, 0) is null)
            {
                continue;
            }
            planned++;
            var expected = (Tensor<float>)new Evaluator(inputs).Evaluate(expression)!;
            var actual = (Tensor<float>)BlockedEvaluation.TryEvaluate(expression, inputs, blockElements, 0)!;
            Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
            Assert.True(Tensor.AllClose(expected, actual, 1e-6, 1e-6), $"{text} on {string.Join(",", shape)} and {string.Join(",", broadcast)}, blocks of {blockElements}");
        }
        Assert.True(planned >= 100, $"only {planned} of 300 trees ran in blocks");
    }

    /// <summary>A tree whose value has the broadcast shape of its leaves; <paramref name="last"/> is x's last extent.</summary>
    private static string RandomTree(Random random, int depth, int last)
    {
        if (depth == 0 || (depth < 3 && random.Next(4) == 0))
        {
            return random.Next(5) switch { 0 => "y", 1 => "1.5", _ => "x" };
        }
        string a = RandomTree(random, depth - 1, last), b = RandomTree(random, depth - 1, last);
        int k = random.Next(0, last + 1);
        return random.Next(10) switch
        {
            9 => $"(({a} * x) @ x.mT) @ x",
            7 => $"(x * {a}).sum(-1, keepdims=True)",
            8 => $"softmax({a} * x, -1)",
            0 => $"({a} + {b})",
            1 => $"({a} - {b})",
            2 => $"({a} * {b})",
            3 => $"-({a})",
            4 => $"sin({a} * x)",
            5 => $"(x * {a})[..., ::-1]",
            _ => $"concatenate(((x + {a})[..., {k}:], (x + {a})[..., :{k}]), -1)",
        };
    }

    private static void AssertBlocksMatch<T>(string text, Dictionary<string, object> inputs, int blockElements) where T : unmanaged
    {
        SyntaxNode expression = ExpressionParser.Parse(text);
        Tensor<T> expected = Assert.IsType<Tensor<T>>(new Evaluator(inputs).Evaluate(expression));
        Tensor<T> actual = Assert.IsType<Tensor<T>>(BlockedEvaluation.TryEvaluate(expression, inputs, blockElements, minimumElements: 0));
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        Assert.Equal(expected.ToArray(), actual.ToArray());
    }

    private static Dictionary<string, object> Inputs() => new()
    {
        ["q"] = Tensor.Randn<float>([2, 3, 5, 8], seed: 1),
        ["c"] = Tensor.Randn<float>([5, 8], seed: 2),
        ["s"] = Tensor.Randn<float>([5, 8], seed: 3),
        ["x"] = Tensor.Randn<float>([9, 13], seed: 4),
        ["y"] = Tensor.Randn<float>([13], seed: 5),
        ["z"] = Tensor.Randn<float>([9, 5], seed: 6),
    };
}
