using Batchwise.Expressions;

namespace Batchwise.Tests.Expressions;

/// <summary>
/// The evaluator's rewrites (<c>(l * r).sum(axis)</c> as vecdot, <c>l @ r + b</c> with the bias in the
/// GEMM's store) must give what the plain operations give, and leave every other form alone.
/// </summary>
public class EvaluatorRewriteTests
{
    [Theory]
    [InlineData(new[] { 256, 512 }, new[] { 1024, 512 }, 1024)] // the linear layer
    [InlineData(new[] { 3, 7, 5 }, new[] { 9, 5 }, 9)]            // batched input, shared weight
    [InlineData(new[] { 5 }, new[] { 9, 5 }, 9)]                  // 1-D input: a row
    [InlineData(new[] { 2, 1, 4, 6 }, new[] { 3, 5, 6 }, 5)]      // broadcast batches
    public void MatMulPlusBias_MatchesMatMulThenAdd(int[] xShape, int[] wShape, int n)
    {
        var x = Tensor.Randn<float>(xShape, seed: 1);
        var w = Tensor.Randn<float>(wShape, seed: 2);
        var b = Tensor.Randn<float>([n], seed: 3);
        Tensor<float> expected = Tensor.MatMul(x, w.MT) + b;

        var fused = (Tensor<float>)Expression.Evaluate("X @ W.mT + b", ("X", x), ("W", w), ("b", b))!;

        Assert.Equal(expected.Shape.ToArray(), fused.Shape.ToArray());
        Assert.True(Tensor.AllClose(expected, fused, 1e-5, 1e-4));
    }

    [Fact]
    public void MatMulPlus_OtherAddends_BroadcastAsNumPy()
    {
        var x = Tensor.Randn<float>([4, 3], seed: 1);
        var w = Tensor.Randn<float>([3, 6], seed: 2);
        var v = Tensor.Randn<float>([3], seed: 4);
        var column = Tensor.Randn<float>([4, 1], seed: 3);
        var one = Tensor.Randn<float>([1], seed: 5);

        // A (4, 1) addend broadcasts over columns, a length-1 addend over everything, a scalar is weak.
        AssertSame(Tensor.MatMul(x, w) + column, Expression.Evaluate("x @ w + c", ("x", x), ("w", w), ("c", column)));
        AssertSame(Tensor.MatMul(x, w) + one, Expression.Evaluate("x @ w + c", ("x", x), ("w", w), ("c", one)));
        AssertSame(Tensor.MatMul(x, w) + 2f, Expression.Evaluate("x @ w + 2", ("x", x), ("w", w)));

        // A 1-D right operand makes a 1-D product of length 4: a (4,) addend adds, a (6,) one is an error.
        var four = Tensor.Randn<float>([4], seed: 6);
        AssertSame(Tensor.MatMul(x, v) + four, Expression.Evaluate("x @ v + c", ("x", x), ("v", v), ("c", four)));
        Assert.Throws<ShapeException>(() => Expression.Evaluate("x @ v + c", ("x", x), ("v", v), ("c", Tensor.Zeros<float>(6))));

        // Errors of the product come first, as they would without the rewrite.
        Assert.Throws<ShapeException>(() => Expression.Evaluate("w @ x + c", ("x", x), ("w", w), ("c", Tensor.Zeros<float>(3))));
    }

    private static void AssertSame(Tensor<float> expected, object? actual)
    {
        var tensor = Assert.IsType<Tensor<float>>(actual);
        Assert.Equal(expected.Shape.ToArray(), tensor.Shape.ToArray());
        Assert.True(Tensor.AllClose(expected, tensor, 1e-5, 1e-5));
    }
}
