using Batchwise.Kernels;
using Batchwise.NN;
using Xunit;

namespace Batchwise.Tests.NN;

/// <summary>
/// The fused attention kernel (what <see cref="Functional.ScaledDotProductAttention{T}"/> runs for
/// float and double) against its composite twin (<c>MatMul</c>, mask, safe softmax, <c>MatMul</c>).
/// </summary>
public sealed class FusedAttentionTests
{
    // Block edges: the query block is 4 registers (64 floats / 32 doubles with AVX-512, fewer on
    // narrower paths), the key block 128; E and Ev off the vector width.
    public static TheoryData<int, int, int, int> Shapes() => new()
    {
        { 1, 1, 1, 1 },
        { 1, 70, 8, 8 },
        { 70, 1, 8, 8 },
        { 3, 5, 4, 3 },
        { 5, 3, 4, 3 },
        { 31, 33, 16, 16 },
        { 63, 65, 16, 16 },
        { 64, 64, 64, 64 },
        { 65, 63, 17, 33 },
        { 129, 200, 7, 5 },
        { 20, 300, 16, 16 },
        { 130, 257, 8, 8 },
        { 16, 128, 64, 80 },
        { 2, 3, 0, 4 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Fused_Shapes_MatchesComposite(int queries, int keys, int embedding, int valueEmbedding)
    {
        foreach (bool causal in new[] { false, true })
        {
            var q = Tensor.Randn<float>([2, 3, queries, embedding], seed: 1);
            var k = Tensor.Randn<float>([2, 3, keys, embedding], seed: 2);
            var v = Tensor.Randn<float>([2, 3, keys, valueEmbedding], seed: 3);
            AssertMatches(q, k, v, null, causal, null);

            var qd = Tensor.Randn<double>([2, queries, embedding], seed: 4);
            var kd = Tensor.Randn<double>([2, keys, embedding], seed: 5);
            var vd = Tensor.Randn<double>([2, keys, valueEmbedding], seed: 6);
            AssertMatches(qd, kd, vd, null, causal, null);
        }
    }

    [Fact]
    public void Fused_CustomScale_MatchesComposite()
    {
        var q = Tensor.Randn<float>([3, 40, 24], seed: 7);
        var k = Tensor.Randn<float>([3, 90, 24], seed: 8);
        var v = Tensor.Randn<float>([3, 90, 12], seed: 9);
        AssertMatches(q, k, v, null, false, 0.37);
        AssertMatches(q, k, v, null, true, 3.0);
    }

    [Theory]
    [InlineData(5, 70)]
    [InlineData(70, 5)]
    [InlineData(100, 130)]
    public void Fused_BoolMaskBroadcast_MatchesComposite(int queries, int keys)
    {
        var q = Tensor.Randn<float>([2, 3, queries, 16], seed: 10);
        var k = Tensor.Randn<float>([2, 3, keys, 16], seed: 11);
        var v = Tensor.Randn<float>([2, 3, keys, 8], seed: 12);
        // (L, S), broadcast over both batch axes; (2, 1, 1, S), a key padding mask; (2, 3, L, S).
        AssertMatches(q, k, v, RandomKeep([queries, keys], 13), false, null);
        AssertMatches(q, k, v, RandomKeep([2, 1, 1, keys], 14), false, null);
        AssertMatches(q, k, v, RandomKeep([2, 3, queries, keys], 15), false, null);
        AssertMatches(Tensor.To<float, double>(q), Tensor.To<float, double>(k), Tensor.To<float, double>(v), RandomKeep([3, 1, keys], 16), false, null);
    }

    [Fact]
    public void Fused_FloatMask_MatchesComposite()
    {
        var q = Tensor.Randn<float>([2, 70, 16], seed: 17);
        var k = Tensor.Randn<float>([2, 90, 16], seed: 18);
        var v = Tensor.Randn<float>([2, 90, 8], seed: 19);
        AssertMatches(q, k, v, Tensor.Randn<float>([70, 90], seed: 20), false, null);
        AssertMatches(q, k, v, Tensor.Randn<float>([2, 1, 90], seed: 21), false, null);
        AssertMatches(Tensor.To<float, double>(q), Tensor.To<float, double>(k), Tensor.To<float, double>(v), Tensor.Randn<double>([90], seed: 22), false, null);
    }

    [Fact]
    public void Fused_FullyMaskedRows_GiveZero()
    {
        // Query rows 0 and 66 see no key (bool false, or a float mask of −∞): 0, not NaN.
        const int queries = 70, keys = 100;
        var q = Tensor.Randn<float>([queries, 8], seed: 23);
        var k = Tensor.Randn<float>([keys, 8], seed: 24);
        var v = Tensor.Randn<float>([keys, 8], seed: 25);
        Tensor<bool> keep = RandomKeep([queries, keys], 26);
        Tensor<float> bias = Tensor.Zeros<float>(queries, keys);
        for (int j = 0; j < keys; j++)
        {
            keep.SetItem(false, 0, j);
            keep.SetItem(false, 66, j);
            bias.SetItem(float.NegativeInfinity, 0, j);
            bias.SetItem(float.NegativeInfinity, 66, j);
        }

        foreach (AttentionMask<float> mask in new AttentionMask<float>[] { keep, bias })
        {
            Tensor<float> output = Functional.ScaledDotProductAttention(q, k, v, mask);
            Assert.Equal(new float[8], output[0].ToArray());
            Assert.Equal(new float[8], output[66].ToArray());
            Assert.DoesNotContain(output.ToArray(), float.IsNaN);
            AssertMatches(q, k, v, mask, false, null);
        }
    }

    [Fact]
    public void Fused_StridedViews_MatchesComposite()
    {
        // K and V handed over transposed (column stride ≠ 1), Q a strided slice, V reversed.
        var q = Tensor.Randn<float>([2, 3, 70, 40], seed: 27)[.., .., .., new Range(0, 40)][TensorIndex.Ellipsis, TensorIndex.Slice(null, null, 2)];
        var k = Tensor.Randn<float>([2, 3, 20, 90], seed: 28).MT;
        var v = Tensor.Randn<float>([2, 3, 17, 90], seed: 29).MT;
        Assert.Equal([2, 3, 70, 20], q.Shape.ToArray());
        AssertMatches(q, k, v, null, false, null);
        AssertMatches(q, k, v, null, true, null);
        var vReversed = Tensor.Randn<float>([2, 3, 90, 16], seed: 30)[TensorIndex.Ellipsis, TensorIndex.Slice(null, null, -1)];
        AssertMatches(q, k, vReversed, RandomKeep([70, 90], 31), false, null);
    }

    [Fact]
    public void Fused_BroadcastBatches_MatchesComposite()
    {
        // q shared by every batch (stride 0) against batched k, v; and batched q against shared k, v.
        var q = Tensor.Randn<float>([70, 16], seed: 32);
        var k = Tensor.Randn<float>([2, 3, 90, 16], seed: 33);
        var v = Tensor.Randn<float>([3, 90, 8], seed: 34);
        AssertMatches(q, k, v, null, false, null);
        var qb = Tensor.Randn<float>([2, 3, 70, 16], seed: 35);
        var ks = Tensor.Randn<float>([1, 3, 90, 16], seed: 36);
        var vs = Tensor.Randn<float>([90, 8], seed: 37);
        AssertMatches(qb, ks, vs, null, true, null);
        AssertMatches(qb, ks.BroadcastTo(2, 3, 90, 16), vs.BroadcastTo(2, 3, 90, 8), RandomKeep([2, 1, 70, 90], 38), false, null);
    }

    [Fact]
    public void Fused_Degenerate_EmptyOrZeros()
    {
        var q = Tensor.Randn<float>([2, 5, 4], seed: 39);
        Tensor<float> noKeys = Functional.ScaledDotProductAttention(q, Tensor.Zeros<float>(2, 0, 4), Tensor.Zeros<float>(2, 0, 3));
        Assert.Equal([2, 5, 3], noKeys.Shape.ToArray());
        Assert.All(noKeys.ToArray(), x => Assert.Equal(0f, x));
        Tensor<float> noQueries = Functional.ScaledDotProductAttention(Tensor.Zeros<float>(2, 0, 4), Tensor.Randn<float>([2, 6, 4], seed: 40), Tensor.Randn<float>([2, 6, 3], seed: 41));
        Assert.Equal([2, 0, 3], noQueries.Shape.ToArray());
        Tensor<float> noBatch = Functional.ScaledDotProductAttention(Tensor.Zeros<float>(0, 5, 4), Tensor.Randn<float>([6, 4], seed: 42), Tensor.Randn<float>([6, 3], seed: 43));
        Assert.Equal([0, 5, 3], noBatch.Shape.ToArray());
    }

    [Fact]
    public void Fused_LargeScores_StableAndExact()
    {
        // softmax([1234, 0]) = [1, 0]: the online maximum keeps e^(s − m) from overflowing.
        var q = Tensor.FromArray([1234f], 1, 1);
        var k = Tensor.FromArray([1f, 0f], 2, 1);
        var v = Tensor.FromArray([3f, 5f], 2, 1);
        Assert.Equal(3f, Functional.ScaledDotProductAttention(q, k, v).ToArray()[0]);
    }

    internal static void AssertMatches<T>(Tensor<T> q, Tensor<T> k, Tensor<T> v, AttentionMask<T>? mask, bool causal, double? scale)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>, System.Numerics.IMinMaxValue<T>
    {
        Tensor<T> fused = Functional.ScaledDotProductAttention(q, k, v, mask, causal, scale);
        Tensor<T> composite = Functional.CompositeAttention(q, k, v, mask, causal, scale).Output;
        Assert.Equal(composite.Shape.ToArray(), fused.Shape.ToArray());
        double tolerance = typeof(T) == typeof(float) ? 2e-5 : 1e-12;
        Assert.True(Tensor.AllClose(fused, composite, tolerance, tolerance),
            $"fused != composite for q {q.ShapeString}, k {k.ShapeString}, v {v.ShapeString}, causal {causal}, width {InstructionSet.Width}");
    }

    internal static Tensor<bool> RandomKeep(int[] shape, int seed)
    {
        var random = new Random(seed);
        Tensor<bool> keep = Tensor.Zeros<bool>(shape);
        bool[] values = new bool[keep.Size];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextDouble() < 0.7;
        }

        return Tensor.FromArray(values, shape);
    }
}

[Collection("InstructionSet")]
public sealed class FusedAttentionInstructionSetTests
{
    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Fused_ForcedWidth_MatchesComposite(VectorWidth width)
    {
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            foreach ((int queries, int keys, int embedding, int valueEmbedding) in new[] { (1, 1, 1, 1), (5, 3, 4, 3), (65, 129, 7, 17), (70, 64, 64, 64), (33, 65, 16, 40) })
            {
                foreach (bool causal in new[] { false, true })
                {
                    var q = Tensor.Randn<float>([2, queries, embedding], seed: 1);
                    var k = Tensor.Randn<float>([2, keys, embedding], seed: 2);
                    var v = Tensor.Randn<float>([2, keys, valueEmbedding], seed: 3);
                    FusedAttentionTests.AssertMatches(q, k, v, null, causal, null);
                    FusedAttentionTests.AssertMatches(Tensor.To<float, double>(q), Tensor.To<float, double>(k), Tensor.To<float, double>(v), null, causal, null);
                }

                var qm = Tensor.Randn<float>([2, queries, embedding], seed: 4);
                var km = Tensor.Randn<float>([2, embedding, keys], seed: 5).MT;
                var vm = Tensor.Randn<float>([2, keys, valueEmbedding], seed: 6);
                FusedAttentionTests.AssertMatches(qm, km, vm, FusedAttentionTests.RandomKeep([queries, keys], 7), false, null);
                FusedAttentionTests.AssertMatches(qm, km, vm, Tensor.Randn<float>([queries, keys], seed: 8), false, null);
            }
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }
}
