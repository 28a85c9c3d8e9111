using Batchwise.Expressions;

namespace Batchwise.Tests.LinearAlgebra.MatMul;

/// <summary>The matmul family against a plain reference over every rank combination and layout.</summary>
public sealed class MatMulTests
{
    public static TheoryData<int, int> RankPairs()
    {
        var data = new TheoryData<int, int>();
        for (int left = 1; left <= 5; left++)
        {
            for (int right = 1; right <= 5; right++)
            {
                data.Add(left, right);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RankPairs))]
    public void MatMul_EveryRankCombination_MatchesReference(int leftRank, int rightRank)
    {
        var random = new Random(leftRank * 10 + rightRank);
        for (int trial = 0; trial < 6; trial++)
        {
            int m = random.Next(0, 4), k = random.Next(0, 4), n = random.Next(0, 4);
            int[] batch = Enumerable.Range(0, 3).Select(_ => random.Next(1, 4)).ToArray();
            int[] leftShape = leftRank == 1 ? [k] : [.. Batch(batch, leftRank - 2, random), m, k];
            int[] rightShape = rightRank == 1 ? [k] : [.. Batch(batch, rightRank - 2, random), k, n];
            var a = Tensor.Randn<double>(leftShape, seed: (ulong)(trial * 2 + 1));
            var b = Tensor.Randn<double>(rightShape, seed: (ulong)(trial * 2 + 2));
            Tensor<double> actual = Tensor.MatMul(a, b);
            Tensor<double> expected = Reference(a, b);
            Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
            Assert.True(Tensor.AllClose(actual, expected, 1e-12, 1e-12), $"{a.ShapeString} @ {b.ShapeString}");
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void MatMul_TransposedAndSlicedViews_AreMultipliedInPlace(bool transposeLeft, bool transposeRight)
    {
        var a = Tensor.Randn<float>([3, 20, 17], seed: 1);
        var b = Tensor.Randn<float>([3, 17, 19], seed: 2);
        Tensor<float> left = transposeLeft ? a.MT.Contiguous().MT : a;              // column-major view
        Tensor<float> right = transposeRight ? b[.., TensorIndex.Slice(null, null, -1), ..][.., TensorIndex.Slice(null, null, -1), ..] : b;
        Tensor<float> expected = Reference(a.To<double>(), b.To<double>()).To<float>();
        Assert.True(Tensor.AllClose(Tensor.MatMul(left, right), expected, 1e-4, 1e-4));
    }

    [Fact]
    public void MatMul_Into_WritesTheDestinationAndNeverReadsIt()
    {
        var a = Tensor.Randn<double>([4, 5, 6], seed: 3);
        var b = Tensor.Randn<double>([6, 7], seed: 4);
        var into = Tensor.Full(double.NaN, 4, 5, 7);
        Tensor<double> result = Tensor.MatMul(a, b, into);
        Assert.Same(into, result);
        Assert.True(Tensor.AllClose(into, Reference(a, b), 1e-12, 1e-12));
    }

    [Fact]
    public void MatMul_OuterProductsLargerThanL3_EqualBroadcastMultiply()
    {
        // Fresh k = 1 results of 32 MB and more are written with non-temporal stores (StreamedOuter):
        // each element is the same single rounding of a[i] * b[j] as the broadcast product's.
        var l = Tensor.Randn<float>([64, 33, 64], seed: 7);
        var r = Tensor.Randn<float>([64, 33, 61], seed: 8);
        Tensor<float> left = l.Unsqueeze(-1), right = r.Unsqueeze(-2);
        Assert.True(Tensor.AllClose(Tensor.MatMul(left, right), left * right, 0, 0));

        var column = Tensor.Randn<float>([8191, 1], seed: 9);
        var row = Tensor.Randn<float>([1, 1025], seed: 10);
        Assert.True(Tensor.AllClose(Tensor.MatMul(column, row), column * row, 0, 0));

        var bias = Tensor.Randn<float>([61], seed: 11);
        var fused = (Tensor<float>)Expression.Evaluate("l[..., None] @ r[..., None, :] + bias", ("l", l), ("r", r), ("bias", bias))!;
        Assert.True(Tensor.AllClose(fused, left * right + bias, 1e-6, 1e-6));
    }

    [Fact]
    public void MatMul_IntoAnInput_IsComputedThroughATemporary()
    {
        var a = Tensor.Randn<double>([5, 5], seed: 5);
        var copy = a.Copy();
        Tensor.MatMul(a, a, a);
        Assert.True(Tensor.AllClose(a, Reference(copy, copy), 1e-12, 1e-12));
    }

    [Fact]
    public void MatMul_TwoMatrices_IntoEveryKindOfDestination()
    {
        // The 2-D fast path must keep the general path's destination rules.
        var a = Tensor.Randn<float>([6, 5], seed: 6);
        var b = Tensor.Randn<float>([5, 7], seed: 7);
        Tensor<double> expected = Reference(a.To<double>(), b.To<double>());

        var plain = Tensor.Full(float.NaN, 6, 7);
        Assert.Same(plain, Tensor.MatMul(a, b, plain));
        Assert.True(Tensor.AllClose(plain.To<double>(), expected, 1e-5, 1e-5));

        var transposed = Tensor.Full(float.NaN, 7, 6).T; // column-major destination
        Tensor.MatMul(a, b, transposed);
        Assert.True(Tensor.AllClose(transposed.To<double>(), expected, 1e-5, 1e-5));

        Assert.Throws<ShapeException>(() => Tensor.MatMul(a, b, Tensor.Zeros<float>(7, 6)));
        Assert.Throws<ShapeException>(() => Tensor.MatMul(a, b, Tensor.Zeros<float>(1, 6, 7)));
        Assert.Throws<InvalidValueException>(() => Tensor.MatMul(a, b, Tensor.Zeros<float>(1, 7).BroadcastTo(6, 7)));

        var square = Tensor.Randn<float>([5, 5], seed: 8);
        var copy = square.Copy();
        Tensor.MatMul(copy, square, square); // the destination is the right operand
        Assert.True(Tensor.AllClose(square.To<double>(), Reference(copy.To<double>(), copy.To<double>()), 1e-5, 1e-5));
    }

    [Fact]
    public void MatMul_IntegerTensors_AreExact()
    {
        var a = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        var b = Tensor.FromArray([7, 8, 9, 10, 11, 12], 3, 2);
        Assert.Equal([58, 64, 139, 154], Tensor.MatMul(a, b).ToArray());
    }

    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 4, 5 }, "matmul: contracted dimensions differ: 3 (a, axis -1) vs 4 (b, axis -2); shapes (2,3) and (4,5)")]
    [InlineData(new[] { 2, 2, 3 }, new[] { 3, 3, 1 }, "matmul: batch dimensions do not broadcast: (2,) (a) vs (3,) (b); shapes (2,2,3) and (3,3,1)")]
    [InlineData(new int[0], new[] { 3 }, "matmul: a (operand 0) is 0-d; matmul needs at least one dimension on each side (shapes () and (3,))")]
    public void MatMul_BadShapes_NameBothShapesAndTheRule(int[] left, int[] right, string message)
    {
        var error = Assert.Throws<ShapeException>(() => Tensor.MatMul(Tensor.Zeros<float>(left), Tensor.Zeros<float>(right)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void MmAndBmm_AreStrict()
    {
        Assert.Throws<ShapeException>(() => Tensor.Mm(Tensor.Zeros<float>(3), Tensor.Zeros<float>(3, 2)));
        Assert.Throws<ShapeException>(() => Tensor.Bmm(Tensor.Zeros<float>(2, 3, 4), Tensor.Zeros<float>(1, 4, 5)));
        Assert.Equal([2, 3, 5], Tensor.Bmm(Tensor.Zeros<float>(2, 3, 4), Tensor.Zeros<float>(2, 4, 5)).Shape.ToArray());
    }

    private static int[] Batch(int[] batch, int rank, Random random) =>
        batch[^rank..].Select(d => random.Next(3) == 0 ? 1 : d).ToArray();

    /// <summary>np.matmul written out: promote 1-D operands, broadcast the batch, triple loop per matrix.</summary>
    private static Tensor<double> Reference(Tensor<double> a, Tensor<double> b)
    {
        Tensor<double> left = a.Rank == 1 ? a.Unsqueeze(0) : a, right = b.Rank == 1 ? b.Unsqueeze(-1) : b;
        int m = left.Shape[^2], k = left.Shape[^1], n = right.Shape[^1];
        int[] batch = BroadcastShape(left.Shape[..^2].ToArray(), right.Shape[..^2].ToArray());
        Tensor<double> l = left.BroadcastTo([.. batch, m, k]).Contiguous(), r = right.BroadcastTo([.. batch, k, n]).Contiguous();
        double[] x = l.ToArray(), y = r.ToArray();
        int count = batch.Aggregate(1, (p, d) => p * d);
        var result = new double[count * m * n];
        for (int p = 0; p < count; p++)
        {
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double sum = 0;
                    for (int q = 0; q < k; q++)
                    {
                        sum += x[(p * m + i) * k + q] * y[(p * k + q) * n + j];
                    }
                    result[(p * m + i) * n + j] = sum;
                }
            }
        }
        var full = Tensor.FromArray(result, [.. batch, m, n]);
        if (a.Rank == 1)
        {
            full = full.Squeeze(-2);
        }
        return b.Rank == 1 ? full.Squeeze(-1) : full;
    }

    private static int[] BroadcastShape(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 1; i <= rank; i++)
        {
            int x = i <= a.Length ? a[^i] : 1, y = i <= b.Length ? b[^i] : 1;
            result[^i] = x == 1 ? y : x;
        }
        return result;
    }

    [Fact]
    public void MatMul_StackOfVectorsOnTheRight_SuggestsAColumn()
    {
        // The library's error carries the checker's fix, not only the differing dimensions.
        var error = Assert.Throws<ShapeException>(() => Tensor.MatMul(Tensor.Zeros<float>(2, 3, 4, 5), Tensor.Zeros<float>(2, 3, 5)));
        Assert.Equal("b[..., None]", error.Suggestion);
        Assert.EndsWith("did you mean b[..., None]?", error.Message, StringComparison.Ordinal);
        Assert.Equal("a[..., None, :]", Assert.Throws<ShapeException>(() => Tensor.MatMul(Tensor.Zeros<float>(2, 5, 4), Tensor.Zeros<float>(2, 5, 4, 6))).Suggestion);
        Assert.Equal("b.mT", Assert.Throws<ShapeException>(() => Tensor.MatMul(Tensor.Zeros<float>(7, 4), Tensor.Zeros<float>(3, 4))).Suggestion);
        Assert.Null(Assert.Throws<ShapeException>(() => Tensor.MatMul(Tensor.Zeros<float>(7, 4), Tensor.Zeros<float>(3, 5))).Suggestion);
    }
}
