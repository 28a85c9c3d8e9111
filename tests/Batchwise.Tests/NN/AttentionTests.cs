using Batchwise.NN;

namespace Batchwise.Tests.NN;

public sealed class AttentionTests
{
    [Fact]
    public void Attention_OneKey_ReturnsItsValue()
    {
        // With S = 1 the softmax over one score is 1 whatever the score: out = v.
        var q = Tensor.Randn<double>([2, 3, 4], seed: 1);
        var k = Tensor.Randn<double>([2, 1, 4], seed: 2);
        var v = Tensor.Randn<double>([2, 1, 5], seed: 3);
        Tensor<double> output = Functional.ScaledDotProductAttention(q, k, v);
        Assert.True(Tensor.AllClose(output, v.BroadcastTo(2, 3, 5), 1e-14, 1e-14));
    }

    [Fact]
    public void Attention_EqualScores_AverageTheValues()
    {
        // q = 0 gives equal scores, so each output row is the mean of the value rows.
        var q = Tensor.Zeros<double>(3, 2);
        var k = Tensor.Randn<double>([4, 2], seed: 4);
        var v = Tensor.FromArray([1.0, 2.0, 3.0, 4.0], 4, 1);
        Assert.All(Functional.ScaledDotProductAttention(q, k, v).ToArray(), value => Assert.Equal(2.5, value, 14));
    }

    [Fact]
    public void Attention_FullyMaskedRow_GivesZeroNotNaN()
    {
        var q = Tensor.Randn<float>([2, 3], seed: 5);
        var k = Tensor.Randn<float>([4, 3], seed: 6);
        var v = Tensor.Randn<float>([4, 3], seed: 7);
        var keep = Tensor.FromArray([true, false, true, true, false, false, false, false], 2, 4);
        Tensor<float> output = Functional.ScaledDotProductAttention(q, k, v, keep);
        Assert.Equal(new float[3], output[1].ToArray());
        Assert.DoesNotContain(output[0].ToArray(), float.IsNaN);
    }

    [Theory]
    [InlineData(3, 5)]
    [InlineData(5, 3)]
    [InlineData(4, 4)]
    public void Attention_Causal_EqualsExplicitLowerTriangularMask(int queries, int keys)
    {
        var q = Tensor.Randn<double>([2, queries, 4], seed: 8);
        var k = Tensor.Randn<double>([2, keys, 4], seed: 9);
        var v = Tensor.Randn<double>([2, keys, 3], seed: 10);
        var keep = Tensor.Zeros<bool>(queries, keys);
        for (int i = 0; i < queries; i++)
        {
            for (int j = 0; j <= Math.Min(i, keys - 1); j++)
            {
                keep.SetItem(true, i, j);
            }
        }
        Tensor<double> causal = Functional.ScaledDotProductAttention(q, k, v, isCausal: true);
        Tensor<double> masked = Functional.ScaledDotProductAttention(q, k, v, keep);
        Assert.True(Tensor.AllClose(causal, masked, 0, 0));
    }

    [Fact]
    public void Attention_MaskAndCausal_IsAValueError()
    {
        var x = Tensor.Zeros<float>(2, 2);
        Assert.Throws<InvalidValueException>(() => Functional.ScaledDotProductAttention(x, x, x, Tensor.Zeros<bool>(2, 2), isCausal: true));
    }

    [Fact]
    public void Attention_WithWeights_RowsSumToOne()
    {
        var q = Tensor.Randn<double>([3, 2, 4], seed: 11);
        var k = Tensor.Randn<double>([3, 5, 4], seed: 12);
        var v = Tensor.Randn<double>([3, 5, 2], seed: 13);
        AttentionResult<double> result = Functional.AttentionWithWeights(q, k, v);
        Assert.Equal([3, 2, 5], result.Weights.Shape.ToArray());
        Assert.All(Tensor.Sum(result.Weights, -1).ToArray(), s => Assert.Equal(1, s, 14));
        Assert.True(Tensor.AllClose(result.Output, Tensor.MatMul(result.Weights, v)));
    }
}
