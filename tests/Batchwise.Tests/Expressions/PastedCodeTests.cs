using Batchwise.Expressions;

namespace Batchwise.Tests.Expressions;

/// <summary>
/// Lines pasted from NumPy and PyTorch programs evaluate to what the plain vocabulary gives, and
/// shape-check to the same shape: module prefixes, PyTorch's methods, keywords and Python's helpers.
/// </summary>
public sealed class PastedCodeTests
{
    private static readonly Tensor<float> s_q = Tensor.Rand<float>([2, 3, 5, 4], seed: 1);
    private static readonly Tensor<float> s_k = Tensor.Rand<float>([2, 3, 5, 4], seed: 2);
    private static readonly Tensor<float> s_v = Tensor.Rand<float>([2, 3, 5, 4], seed: 3);
    private static readonly Tensor<float> s_a = Tensor.Rand<float>([3, 3], seed: 4) + Tensor.Eye<float>(3) * 3f;
    private static readonly Tensor<float> s_w = Tensor.Rand<float>([6, 4], seed: 5);
    private static readonly Tensor<bool> s_m = (Tensor<bool>)new Batchwise.Conformance.GeneratedInput(Batchwise.Conformance.InputKind.Causal, [5, 5], "bool").Create(0);

    public static TheoryData<string, string> Spellings() => new()
    {
        // pasted spelling, plain spelling
        { "F.softmax(Q @ K.transpose(-2, -1) / math.sqrt(Q.size(-1)), dim=-1) @ V", "softmax(Q @ K.mT / 2.0, -1) @ V" },
        { "torch.nn.functional.softmax(Q, dim=-1)", "softmax(Q, -1)" },
        { "torch.softmax(Q, -1)", "softmax(Q, -1)" },
        { "np.matmul(Q, K.mT)", "Q @ K.mT" },
        { "numpy.einsum('bhqd,bhkd->bhqk', Q, K)", "Q @ K.mT" },
        { "torch.matmul(Q, K.transpose(-1, -2))", "Q @ K.mT" },
        { "np.sum(Q, axis=-1)", "Q.sum(-1)" },
        { "Q.sum(dim=-1, keepdim=True)", "Q.sum(-1, keepdims=True)" },
        { "torch.max(Q, -1)", "Q.max(-1)" },
        { "np.linalg.solve(A, A)", "linalg.solve(A, A)" },
        { "torch.linalg.inv(A)", "linalg.inv(A)" },
        { "numpy.linalg.det(A)", "linalg.det(A)" },
        { "F.linear(Q, W)", "linear(Q, W)" },
        { "F.scaled_dot_product_attention(Q, K, V, is_causal=True)", "sdpa(Q, K, V, causal=True)" },
        { "F.scaled_dot_product_attention(Q, K, V, attn_mask=M)", "sdpa(Q, K, V, M)" },
        { "F.scaled_dot_product_attention(Q, K, V, scale=0.5)", "softmax(Q @ K.mT * 0.5, -1) @ V" },
        { "masked_fill(Q @ K.mT, M, float('-inf'))", "masked_fill(Q @ K.mT, M, -inf)" },
        { "masked_fill(Q @ K.mT, M, -math.inf)", "masked_fill(Q @ K.mT, M, -inf)" },
        { "Q.unsqueeze(1)", "Q[:, None]" },
        { "Q.permute(0, 2, 1, 3)", "Q.transpose(0, 2, 1, 3)" },
        { "np.transpose(Q, (0, 2, 1, 3))", "Q.transpose(0, 2, 1, 3)" },
        { "np.reshape(Q, (2, -1))", "Q.reshape(2, -1)" },
        { "Q / Q.shape[-1]", "Q / 4" },
        { "Q * Q.ndim + Q.dim()", "Q * 4 + 4" },
        { "Q[..., :1] * Q.size", "Q[..., :1] * 120" },
        { "Q * np.pi", "Q * 3.141592653589793" },
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public void Pasted_EvaluatesAndChecksAsThePlainSpelling(string pasted, string plain)
    {
        (string, object)[] inputs = [("Q", s_q), ("K", s_k), ("V", s_v), ("A", s_a), ("W", s_w), ("M", s_m)];
        var expected = Assert.IsType<Tensor<float>>(Expression.Evaluate(plain, inputs));
        var actual = Assert.IsType<Tensor<float>>(Expression.Evaluate(pasted, inputs));
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        Assert.True(Tensor.AllClose(expected, actual, 1e-5, 1e-6), $"{pasted} differs from {plain}");

        (string, string)[] symbolic = [("Q", "b,h,s,d"), ("K", "b,h,s,d"), ("V", "b,h,s,d"), ("A", "n,n"), ("W", "o,d"), ("M", "s,s")];
        Assert.Equal(ShapeChecker.Check(plain, symbolic).Result, ShapeChecker.Check(pasted, symbolic).Result);
    }

    [Fact]
    public void SeedAttention_ShapeChecksSymbolically()
    {
        ShapeCheckResult result = ShapeChecker.Check("F.softmax(Q @ K.transpose(-2, -1) / math.sqrt(Q.size(-1)), dim=-1) @ V",
            ("Q", "b,h,s,d"), ("K", "b,h,s,d"), ("V", "b,h,s,d"));
        Assert.Equal("(b,h,s,d)", result.Result);
    }

    [Fact]
    public void ReshapeByShapeItems_KeepsNamedDimensions()
    {
        Assert.Equal([2, 60], Assert.IsType<Tensor<float>>(Expression.Evaluate("Q.reshape(Q.shape[0], -1)", ("Q", s_q))).Shape.ToArray());
        Assert.Equal("(b,h*s*d)", ShapeChecker.Check("Q.reshape(Q.shape[0], -1)", ("Q", "b,h,s,d")).Result);
        Assert.Equal("(b*h*s,d)", ShapeChecker.Check("Q.reshape(-1, Q.shape[-1])", ("Q", "b,h,s,d")).Result);
    }

    [Fact]
    public void ShapeAndSize_AreTuplesAndInts()
    {
        Assert.Equal(new object?[] { 2L, 3L, 5L, 4L }, Expression.Evaluate("Q.shape", ("Q", s_q)));
        Assert.Equal(new object?[] { 2L, 3L, 5L, 4L }, Expression.Evaluate("Q.size()", ("Q", s_q)));
        Assert.Equal(5L, Expression.Evaluate("Q.size(-2)", ("Q", s_q)));
        Assert.Equal(120L, Expression.Evaluate("Q.size", ("Q", s_q)));
        Assert.Equal(double.NegativeInfinity, Expression.Evaluate("float('-inf')"));
        Assert.Throws<InvalidValueException>(() => Expression.Evaluate("float('minus one')"));
    }
}
