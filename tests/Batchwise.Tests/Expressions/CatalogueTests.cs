using Batchwise.Expressions;
using Batchwise.NN;

namespace Batchwise.Tests.Expressions;

/// <summary>
/// The catalogue as a whole: every entry is reached by a sample call, where the evaluator's result shape
/// equals the checker's; and the entries added for the library's existing functions give the library's values.
/// </summary>
public sealed class CatalogueTests
{
    private static readonly (string Name, object Value)[] s_inputs =
    [
        ("x", Tensor.Rand<float>([2, 3, 4], seed: 1)),
        ("y", Tensor.Rand<float>([3, 4], seed: 2)),
        ("v", Tensor.Rand<float>([4], seed: 3)),
        ("a", Tensor.Rand<float>([4, 4], seed: 4) + Tensor.Eye<float>(4) * 4f),
        ("w", Tensor.Rand<float>([5, 4], seed: 5)),
        ("m", Tensor.Zeros<bool>(3, 4)),
        ("q", Tensor.Rand<float>([2, 3, 4], seed: 6)),
        ("i", Tensor.FromArray(new long[] { -7, -1, 0, 3, 5, 8, 2, 9, -4, 6, 1, 7 }, [3, 4])),
    ];

    /// <summary>One call per entry (at least); <see cref="Every_Entry_HasASample"/> keeps the list complete.</summary>
    private static readonly string[] s_samples =
    [
        "matmul(x, v)", "mm(y, a)", "bmm(x, x.mT)", "dot(y, v)", "vdot(v, v)", "inner(y, v)", "outer(v, v)", "tensordot(y, a, 1)",
        "vecdot(y, y)", "matvec(a, v)", "vecmat(v, a)", "einsum('bij,jk->bik', x, a)",
        "x.squeeze()", "x.reshape(6, 4)", "x.transpose()", "x.transpose(0, 2)", "x.permute(2, 0, 1)", "x.unsqueeze(1)", "x.swapaxes(0, 1)",
        "broadcast_to(v, (3, 4))", "expand_dims(v, 0)", "diagonal(a)", "trace(a)", "where(m, y, 0.5)",
        "x.sum(-1)", "x.mean(0)", "x.max(1, keepdims=True)", "x.min()", "x.prod(-1)", "x.var(0, ddof=1)", "x.std()", "logsumexp(x, -1)",
        "x.argmax()", "argmin(x, axis=1, keepdims=True)",
        "abs(x)", "exp(x)", "log(x)", "sqrt(x)", "tanh(x)", "relu(x)", "silu(x)", "gelu(x, approximate='tanh')",
        "maximum(x, y)", "minimum(x, 0.5)", "power(x, 2.0)", "clip(x, 0.2, None)", "layer_norm(x, 4, v, v)",
        "softmax(x, -1)", "log_softmax(x, 0)", "masked_fill(y, m, 0.0)", "linear(x, w)", "sdpa(q, q, q)",
        "moveaxis(x, 0, -1)", "x.ravel()", "x.flatten()", "x.astype('float64')", "x * (x.size(1) + x.dim() + math.sqrt(4.0) + float('2') + int(3.0))",
        "linalg.solve(a, v)", "linalg.inv(a)", "linalg.det(a)", "linalg.slogdet(a)", "linalg.cholesky(a @ a.mT)", "linalg.qr(w)",
        "linalg.eigh(a + a.mT)", "linalg.eigvalsh(a + a.mT)", "linalg.svd(w, full_matrices=False)", "linalg.svdvals(w)", "linalg.norm(x)",
        "linalg.pinv(w)", "linalg.matrix_power(a, 3)", "linalg.matrix_rank(w)", "linalg.lstsq(w, w)[0]", "linalg.cross(y[..., :3], y[..., :3])",
        "linalg.multi_dot([a, a, v])",
        "add(x, 1)", "subtract(x, y)", "multiply(2, x)", "divide(x, 2)", "negative(x)", "less(x, 0.5)", "less_equal(x, y)", "greater(x, 0)",
        "greater_equal(x, y)", "equal(i, 3)", "not_equal(x, 0.5)", "logical_and(m, m)", "logical_or(y, m)", "logical_xor(m, True)",
        "logical_not(m)", "floor_divide(i, 2)", "remainder(i, 3)", "bitwise_and(m, m)", "bitwise_or(m, m)", "bitwise_xor(m, m)", "invert(m)",
        "power(i, 2)",
        "any(m)", "x.all(axis=1)", "count_nonzero(x, axis=(0, 2))", "fmax(x, 0.5)", "fmin(x, y)", "square(i)", "sign(x)",
        "sort(x)", "argsort(x, axis=0)", "topk(x, 2)[1]", "argpartition(v, 1)", "searchsorted(sort(v), x)", "unique(i, return_counts=True)",
        "cumsum(x, axis=1)", "i.cumprod()", "diff(x, 2, axis=-1)", "nansum(x, 0)", "nanmean(x)", "nanmax(x, axis=-1, keepdims=True)",
        "nanmin(y)", "median(x, axis=1)", "quantile(x, 0.25, axis=0)", "logcumsumexp(x, axis=2)", "rms_norm(x, 4, v)",
        "sin(x) + cos(x) + tan(x) + arcsin(x) + arccos(x) + arctan(x) + sinh(x) + cosh(x)",
        "exp2(x) + log2(x) + log10(x) + log1p(x) + expm1(x) + cbrt(x) + rsqrt(x) + erf(x) + reciprocal(x)",
        "sigmoid(x) + floor(x) + ceil(x) + round(x) + trunc(x) + arctan2(x, y) + hypot(x, 2.0)",
        "where(isnan(x) | isinf(x) | ~isfinite(x), 0.0, x)",
        "concatenate((x, q), axis=-1)", "torch.cat([y, y], 0)", "stack([y, y], axis=1)", "split(x, 2, axis=2)[0]", "array_split(x, (1, 5), axis=2)[1]",
        "tile(v, (2, 1))", "repeat(y, 2, axis=0)", "repeat_interleave(v, 3)", "pad(y, ((1, 0), (2, 2)))", "roll(x, 1, axis=0)", "flip(x, (0, 2))",
        "tril(a, -1) + triu(a, 1)", "take(x, i[0, :2] % 3, axis=1)", "take_along_axis(y, argsort(y, axis=1), axis=1)", "gather(y, 1, argsort(y))",
        "index_select(x, 2, i[1, :2] % 4)", "embedding(i % 4, a)", "nonzero(m)[1]", "argwhere(y > 0.5)", "i // 3 + i % 3", "x // 0.25 + x % 0.5", "x[:, i[0, :2] % 3, ::2]", "y[y > 0.5]", "nan_to_num(x, nan=1.0)", "softplus(x) + mish(x) + leaky_relu(x, 0.2) + elu(x)",
    ];

    public static TheoryData<string> Samples() => [.. s_samples];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_EvaluatorAndCheckerAgreeOnTheShape(string expression)
    {
        object? value = Expression.Evaluate(expression, s_inputs);
        var shapes = s_inputs.ToDictionary(i => i.Name, i => ShapeOf(i.Value).Select(SymbolicDim.Of).ToArray());
        string expected = Describe(value), checkedShape = ShapeChecker.Check(expression, shapes).Result;
        // A data-dependent length (unique values, true elements of a mask) is a name to the checker.
        string[] want = Dims.Split(expected), got = Dims.Split(checkedShape);
        Assert.True(want.Length == got.Length && want.Zip(got).All(p => p.First == p.Second || p.Second is "n_unique" or "n_true"),
            $"evaluator {expected}, checker {checkedShape}");
    }

    [Fact]
    public void Every_Entry_HasASample()
    {
        string samples = string.Join(" ", s_samples);
        var missing = Dispatcher.AllEntries()
            .Where(e => !e.Names.Any(name => samples.Contains(name + "(", StringComparison.Ordinal)))
            .Select(e => e.Name)
            .ToList();
        Assert.True(missing.Count == 0, "no sample call for: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_Name_HasOneSignatureAcrossElementTypes()
    {
        // Arguments are bound once, by the first entry found, and then run by the entry of the promoted type.
        foreach (FunctionEntry entry in Dispatcher.AllEntries())
        {
            bool method = entry.Form == CallForm.Method;
            string[] expected = [.. entry.Signature.Parameters.Select(p => p.Name)];
            foreach (ArrayType type in Enum.GetValues<ArrayType>())
            {
                if (Dispatcher.For(type).TryFind(entry.Name, method) is FunctionEntry other)
                {
                    Assert.Equal(expected, other.Signature.Parameters.Select(p => p.Name));
                }
            }
        }
    }

    [Fact]
    public void LibraryFunctions_GiveTheLibrarysValues()
    {
        var x = (Tensor<float>)s_inputs[0].Value;
        Assert.Equal(Tensor.Exp(x).ToArray(), Eval("exp(x)").ToArray());
        Assert.Equal(Tensor.Var(x, [0], ddof: 1).ToArray(), Eval("x.var(0, ddof=1)").ToArray());
        Assert.Equal(Tensor.LogSumExp(x, [-1]).ToArray(), Eval("logsumexp(x, -1)").ToArray());
        Assert.Equal(Functional.Gelu(x, tanhApproximation: true).ToArray(), Eval("F.gelu(x, approximate='tanh')").ToArray());
        Assert.Equal(Tensor.Clip(x, 0.25f, 0.5f).ToArray(), Eval("torch.clamp(x, min=0.25, max=0.5)").ToArray());
        Assert.Equal(x.MoveAxis(0, -1).ToArray(), Eval("np.moveaxis(x, 0, -1)").ToArray());
        Assert.Equal(new long[] { 0, 0, 0, 0, 0, 0, 0, 0 }.Length, ((Tensor<long>)Expression.Evaluate("argmax(x, axis=1)", s_inputs)!).Size);
        Assert.Equal([1, 1, 1], ((Tensor<long>)Expression.Evaluate("x.argmax(keepdims=True)", s_inputs)!).Shape.ToArray());
        Assert.Throws<InvalidValueException>(() => Expression.Evaluate("clip(x, None, None)", s_inputs));
        Assert.Throws<InvalidValueException>(() => Expression.Evaluate("gelu(x, approximate='fast')", s_inputs));
        Assert.Equal(ErrorKind.Shape, Assert.Throws<ShapeException>(() => Expression.Evaluate("layer_norm(x, 3)", s_inputs)).Kind);
        Assert.Equal(ErrorKind.Shape, Assert.Throws<ShapeCheckException>(() => ShapeChecker.Check("layer_norm(x, (4,), y)", ("x", "b,s,4"), ("y", "3,4"))).Kind);
    }

    private static Tensor<float> Eval(string expression) => Assert.IsType<Tensor<float>>(Expression.Evaluate(expression, s_inputs));

    /// <summary>Shapes split into tokens; a data-dependent length (unique values, true elements) is a name to the checker.</summary>
    private static readonly System.Text.RegularExpressions.Regex Dims = new(@"([(),])");

    private static int[] ShapeOf(object tensor) => tensor switch
    {
        Tensor<float> t => t.Shape.ToArray(),
        Tensor<bool> t => t.Shape.ToArray(),
        Tensor<long> t => t.Shape.ToArray(),
        _ => throw new InvalidOperationException(),
    };

    private static string Describe(object? value) => value switch
    {
        Tensor<float> t => t.ShapeString,
        Tensor<int> t => t.ShapeString,
        Tensor<double> t => t.ShapeString,
        Tensor<long> t => t.ShapeString,
        Tensor<bool> t => t.ShapeString,
        object?[] tuple => "(" + string.Join(", ", tuple.Select(Describe)) + ")",
        double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "None",
    };
}
