using Batchwise.Conformance;
using Batchwise.Expressions;

namespace Batchwise.Tests.Expressions.Symbolic;

public sealed class ShapeCheckerTests
{
    [Theory]
    // The seed recipes with named dimensions.
    [InlineData("l @ r", "l=b1,b2,m,k", "r=b1,b2,k,n", "(b1,b2,m,n)")]
    [InlineData("(l @ r[..., None]).squeeze(-1)", "l=b1,b2,m,n", "r=b1,b2,n", "(b1,b2,m)")]
    [InlineData("l[..., None, :] @ r", "l=b1,b2,m", "r=b1,b2,m,n", "(b1,b2,1,n)")]
    [InlineData("(l * r).sum(-1)", "l=b,n", "r=b,n", "(b,)")]
    [InlineData("(l[..., None, :] @ r[..., None])[..., 0, 0]", "l=b,n", "r=b,n", "(b,)")]
    [InlineData("l[..., None] @ r[..., None, :]", "l=b,m", "r=b,n", "(b,m,n)")]
    [InlineData("(x[..., None, :] @ A @ x[..., None]).squeeze((-1, -2))", "x=b,n", "A=b,n,n", "(b,)")]
    [InlineData("((x @ A) * x).sum(-1)", "x=b,t,n", "A=n,n", "(b,t)")]
    [InlineData("X @ W.T + b", "X=batch,in", "W=out,in", "b=out", "(batch,out)")]
    [InlineData("softmax(Q @ K.mT / 8.0, -1) @ V", "Q=b,h,L,d", "K=b,h,S,d", "V=b,h,S,e", "(b,h,L,e)")]
    [InlineData("sdpa(q, k, v, causal=True)", "q=b,L,d", "k=b,S,d", "v=b,S,e", "(b,L,e)")]
    [InlineData("linear(x, w, b)", "x=n,i", "w=o,i", "b=o", "(n,o)")]
    [InlineData("einsum('bij,bjk->bik', a, b)", "a=B,m,k", "b=B,k,n", "(B,m,n)")]
    [InlineData("x.T", "x=a,b,c", "(c,b,a)")]
    [InlineData("x.mT", "x=a,b,c", "(a,c,b)")]
    [InlineData("x[1:3, ::-1, 0]", "x=5,4,3", "(2,4)")]
    [InlineData("x.reshape(-1, 3)", "x=4,6", "(8,3)")]
    [InlineData("linalg.solve(a, b)", "a=B,n,n", "b=B,n,k", "(B,n,k)")]
    [InlineData("a + b", "a=2,1,3", "b=4,1", "(2,4,3)")]
    public void Check_SeedRecipesAndViews_GivesNumPysShape(string expression, params string[] inputsAndExpected)
    {
        var inputs = inputsAndExpected[..^1].Select(Split).ToArray();
        ShapeCheckResult result = ShapeChecker.Check(expression, inputs);
        Assert.Equal(inputsAndExpected[^1], result.Result);
    }

    [Theory]
    // The classic mistakes, with the exact message.
    [InlineData("l @ r", "l=b1,b2,m,n", "r=b1,b2,m,n",
        "in `l @ r`: matmul: contracted dimensions differ: n (l, axis -1) vs m (r, axis -2); shapes (b1,b2,m,n) and (b1,b2,m,n)\n  did you mean r.mT?")]
    [InlineData("A @ x", "A=b,m,n", "x=b,n",
        "in `A @ x`: matmul: contracted dimensions differ: n (A, axis -1) vs b (x, axis -2); shapes (b,m,n) and (b,n)\n  did you mean x[..., None]?")]
    [InlineData("l @ r", "l=b1,m,k", "r=b2,k,n",
        "in `l @ r`: matmul: batch dimensions do not broadcast: (b1,) (l) vs (b2,) (r); shapes (b1,m,k) and (b2,k,n)")]
    [InlineData("bmm(a, b)", "a=2,3,4", "b=1,4,5",
        "in `bmm(a, b)`: bmm: batch sizes differ: 2 vs 1 (shapes (2,3,4) and (1,4,5)); bmm does not broadcast")]
    [InlineData("x * w", "x=b,n", "w=b",
        "in `x * w`: operands could not be broadcast together with shapes (b,n) (b,)\n  did you mean w[..., None]?")]
    [InlineData("(l @ r).squeeze(-1)", "l=b,m,n", "r=b,n,k",
        "in `(l @ r).squeeze(-1)`: cannot select an axis to squeeze out which has size not equal to one (axis 2 of shape (b,m,k))")]
    [InlineData("x.mT", "x=n",
        "in `x.mT`: matrix transpose with ndim < 2 is undefined (shape (n,))")]
    [InlineData("x.sum(2)", "x=a,b",
        "in `x.sum(2)`: axis 2 is out of bounds for array of dimension 2")]
    public void Check_ClassicMistake_SaysWhichRuleFailedWhere(string expression, params string[] inputsAndMessage)
    {
        var inputs = inputsAndMessage[..^1].Select(Split).ToArray();
        var error = Assert.Throws<ShapeCheckException>(() => ShapeChecker.Check(expression, inputs));
        Assert.Equal(inputsAndMessage[^1], error.Message);
    }

    [Fact]
    public void Check_Explain_ListsEverySubExpressionInOrder()
    {
        ShapeCheckResult result = ShapeChecker.Check("(l[..., None, :] @ r).squeeze(-2)", ("l", "b1,b2,m"), ("r", "b1,b2,m,n"));
        Assert.Equal(
            ["l: (b1,b2,m)", "l[..., None, :]: (b1,b2,1,m)", "r: (b1,b2,m,n)", "l[..., None, :] @ r: (b1,b2,1,n)", "(l[..., None, :] @ r).squeeze(-2): (b1,b2,n)"],
            result.Steps.Select(s => $"{s.Expression}: {s.Shape}"));
    }

    [Fact]
    public void Check_HugeSymbolicShapes_AreFine()
    {
        string dims = string.Join(',', Enumerable.Range(0, 30).Select(i => $"d{i}"));
        ShapeCheckResult result = ShapeChecker.Check("x + x", ("x", dims));
        Assert.StartsWith("(d0,d1,", result.Result, StringComparison.Ordinal);
        Assert.Equal(1_000_000_000_000, ShapeChecker.Check("a[:, None] * b", ("a", "1000000"), ("b", "1000000")).Steps[^1].KnownSize);
    }

    [Fact]
    public void Check_UnknownName_IsAnExpressionError()
    {
        var error = Assert.Throws<ExpressionException>(() => ShapeChecker.Check("a + c", ("a", "2")));
        Assert.Contains("'c'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TenThousandNestedParentheses_IsASyntaxError()
    {
        string text = new string('(', 10_000) + "a" + new string(')', 10_000);
        Assert.Throws<ExpressionSyntaxException>(() => ShapeChecker.Check(text, ("a", "2")));
    }

    [Fact]
    public void Check_ConcreteShapes_AgreeWithNumPyOnEveryConformanceCase()
    {
        // On concrete shapes the checker must give NumPy's result shape (every item of a tuple), and for
        // an error decided by shapes alone the same kind; a linalg error depends on the data, so there
        // the checker must give the shape the result would have had.
        var cases = Batchwise.Conformance.ConformanceCase.Load(TestData.Path("conformance-cases.jsonl"));
        var mismatches = new List<string>();
        foreach (var c in cases)
        {
            var shapes = c.Inputs.ToDictionary(i => i.Key, i => ShapeOf(i.Value).Select(SymbolicDim.Of).ToArray());
            string? want = c.Expect switch
            {
                Batchwise.Conformance.ExpectedArray { Value: var value } => Batchwise.Shapes.ShapeText.Format(ShapeOf(value)),
                Batchwise.Conformance.ExpectedTuple { Values: var values } => "(" + string.Join(", ", values.Select(v => Batchwise.Shapes.ShapeText.Format(ShapeOf(v)))) + ")",
                _ => null,
            };
            ErrorKind? wantKind = c.Expect is Batchwise.Conformance.ExpectedError { Kind: var kind } && kind != ErrorKind.LinAlg ? kind : null;
            string got;
            try
            {
                got = ShapeChecker.Check(c.Expr, shapes).Result;
            }
            catch (ShapeCheckException e)
            {
                got = $"{e.Kind} error: {e.Message}";
                if (wantKind == e.Kind)
                {
                    continue;
                }
            }
            catch (ExpressionException e)
            {
                got = $"expression error: {e.Message}";
            }
            if (wantKind is null && (want is null || got == want))
            {
                continue;
            }
            mismatches.Add($"{c.Id}: {c.Expr} -> {got}; NumPy: {(wantKind is ErrorKind k ? $"{k} error" : want)}");
        }
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} disagreements:\n" + string.Join('\n', mismatches.Take(40)));
    }

    private static int[] ShapeOf(object tensor) => tensor switch
    {
        Tensor<float> t => t.Shape.ToArray(),
        Tensor<double> t => t.Shape.ToArray(),
        Tensor<bool> t => t.Shape.ToArray(),
        _ => throw new InvalidOperationException(),
    };

    private static (string, string) Split(string input)
    {
        int equals = input.IndexOf('=');
        return (input[..equals], input[(equals + 1)..]);
    }
}
