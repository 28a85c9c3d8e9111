// The tour: every recipe of the seed material that Batchwise supports so far, with shapes and results.
// Run it with:  dotnet run --project samples/Tour
using Batchwise;
using static Batchwise.TensorIndex;

Console.WriteLine("Batchwise tour: an N-d array is a stack of matrices in its last two axes.\n");

// Seeded inputs: the same numbers on every machine.
Tensor<float> l = Tensor.Rand<float>([2, 3, 4, 5], seed: 1, low: -1, high: 1);   // (b1, b2, m, n)
Tensor<float> r = Tensor.Rand<float>([2, 3, 5, 6], seed: 2, low: -1, high: 1);   // (b1, b2, n, p)
Tensor<float> x = Tensor.Rand<float>([2, 3, 5], seed: 3, low: -1, high: 1);      // (b1, b2, n)
Tensor<float> y = Tensor.Rand<float>([2, 3, 5], seed: 4, low: -1, high: 1);      // (b1, b2, n)

Show("batched GEMM            l @ r", Tensor.MatMul(l, r));
Show("batched GEMV            (l @ x[..., None]).squeeze(-1)", Tensor.MatMul(l, x[Ellipsis, NewAxis]).Squeeze(-1));
Show("vector-matrix           (x[..., None, :] @ r).squeeze(-2)", Tensor.MatMul(x[Ellipsis, NewAxis, ..], r).Squeeze(-2));
Show("dot product             (x * y).sum(-1)", Tensor.Sum(x * y, -1));
Show("dot product as matmul   (x[..., None, :] @ y[..., None])[..., 0, 0]", Tensor.MatMul(x[Ellipsis, NewAxis, ..], y[Ellipsis, NewAxis])[Ellipsis, 0, 0]);
Show("outer product           x[..., None] @ y[..., None, :]", Tensor.MatMul(x[Ellipsis, NewAxis], y[Ellipsis, NewAxis, ..]));

Tensor<float> a = Tensor.Rand<float>([2, 3, 5, 5], seed: 5, low: -1, high: 1);   // per-batch A
Tensor<float> shared = Tensor.Rand<float>([5, 5], seed: 6, low: -1, high: 1);    // one A for all
Show("quadratic form, per-batch A   (x[..., None, :] @ A @ x[..., None])[..., 0, 0]",
    Tensor.MatMul(Tensor.MatMul(x[Ellipsis, NewAxis, ..], a), x[Ellipsis, NewAxis])[Ellipsis, 0, 0]);
Show("quadratic form, shared A      ((x @ A) * x).sum(-1)", Tensor.Sum(Tensor.MatMul(x, shared) * x, -1));

Tensor<float> input = Tensor.Rand<float>([4, 5], seed: 7, low: -1, high: 1);      // X (batch, in)
Tensor<float> weight = Tensor.Rand<float>([3, 5], seed: 8, low: -1, high: 1);     // W (out, in)
Tensor<float> bias = Tensor.Rand<float>([3], seed: 9, low: -1, high: 1);          // b (out,)
Show("linear layer            X @ W.T + b", Tensor.MatMul(input, weight.T) + bias);

Show("linear layer            Functional.Linear(X, W, b)   (bias in the GEMM epilogue)", Batchwise.NN.Functional.Linear(input, weight, bias));

// The second seed's forward pass: attention softmax(Q @ K.T / sqrt(d)) @ V, with and without a causal mask.
Tensor<float> q = Tensor.Rand<float>([2, 4, 3], seed: 10, low: -1, high: 1);   // (batch, L, d)
Tensor<float> k = Tensor.Rand<float>([2, 5, 3], seed: 11, low: -1, high: 1);   // (batch, S, d)
Tensor<float> v = Tensor.Rand<float>([2, 5, 2], seed: 12, low: -1, high: 1);   // (batch, S, dv)
Tensor<float> scores = Tensor.MatMul(q, k.MT) / MathF.Sqrt(3);
Show("attention weights       softmax(Q @ K.mT / sqrt(d), -1)", Batchwise.NN.Functional.Softmax(scores, -1));
Show("attention (composite)   softmax(Q @ K.mT / sqrt(d), -1) @ V", Tensor.MatMul(Batchwise.NN.Functional.Softmax(scores, -1), v));
Show("attention (fused)       sdpa(Q, K, V)", Batchwise.NN.Functional.ScaledDotProductAttention(q, k, v));
Show("causal attention        sdpa(Q, K, V, causal=True)", Batchwise.NN.Functional.ScaledDotProductAttention(q, k, v, isCausal: true));

Show("einsum                  einsum('bij,bjk->bik', l, r)[0, 0]", Tensor.Einsum("bij,bjk->bik", l[0], r[0])[0]);
Tensor<double> spd = Tensor.MatMul(Tensor.Rand<double>([3, 3], seed: 13), Tensor.Rand<double>([3, 3], seed: 13).T) + Tensor.Eye<double>(3);
Console.WriteLine($"batched linalg          solve(A, b) for an SPD A\n{Linalg.Solve(spd, Tensor.Ones<double>(3))}\n");

Console.WriteLine("The same through the expression evaluator (NumPy syntax):");
object? viaExpression = Batchwise.Expressions.Expression.Evaluate("(l[..., None, :] @ r[..., None]).squeeze((-1, -2))", ("l", x), ("r", y));
Show("  (l[..., None, :] @ r[..., None]).squeeze((-1, -2))", (Tensor<float>)viaExpression!);

PortingTour.Run();

static void Show(string title, Tensor<float> result)
{
    Console.WriteLine($"{title}\n  shape {result.ShapeString}\n{Indent(result.ToString())}\n");
}

static string Indent(string text) => "  " + text.Replace("\n", "\n  ");
