using Batchwise;
using Batchwise.NN;
using Batchwise.Randomness;

/// <summary>The porting vocabulary: what a transformer's inference needs besides matrix products.</summary>
internal static class PortingTour
{
    public static void Run()
    {
        Console.WriteLine("Porting a transformer: gathers, joins, masks, norms and sampling.\n");

        // h = wte[input_ids]: an embedding lookup with int64 token ids (a row copy per token).
        Tensor<float> wte = Tensor.Rand<float>([10, 4], seed: 20, low: -1, high: 1);    // (vocab, d)
        Tensor<long> ids = Tensor.FromArray(new long[] { 3, 1, 4, 1, 5, 9 }, 2, 3);      // (batch, tokens)
        Show("embedding lookup        F.embedding(ids, wte)  (= wte[ids])", Functional.Embedding(ids, wte));

        // The KV cache of a decode step: torch.cat([past_k, k], -2).
        Tensor<float> pastK = Tensor.Rand<float>([1, 2, 3, 4], seed: 21, low: -1, high: 1);   // (batch, heads, past, d)
        Tensor<float> newK = Tensor.Rand<float>([1, 2, 1, 4], seed: 22, low: -1, high: 1);    // (batch, heads, 1, d)
        Show("KV-cache append         torch.cat([past_k, k], -2)", Tensor.Concatenate([pastK, newK], axis: -2));

        // RoPE, rotate-half form: x * cos + cat(-x2, x1) * sin, angles position * theta^(-2i/d).
        int dim = 4;
        Tensor<float> positions = Tensor.Arange(0f, 3f, 1f)[.., TensorIndex.NewAxis];                           // (tokens, 1)
        Tensor<float> inverse = Tensor.Exp(Tensor.Arange(0f, dim, 2f) * (-MathF.Log(10000f) / dim));            // (d/2,)
        Tensor<float> angles = Tensor.Concatenate([positions * inverse, positions * inverse], axis: -1);        // (tokens, d)
        Tensor<float> x = Tensor.Rand<float>([3, dim], seed: 23, low: -1, high: 1);
        Tensor<float> rotated = Tensor.Concatenate([-x[.., (dim / 2)..], x[.., ..(dim / 2)]], axis: -1);
        Show("rotary embedding        x * cos(a) + cat(-x2, x1) * sin(a)", x * Tensor.Cos(angles) + rotated * Tensor.Sin(angles));

        // A causal mask written as NumPy users write it: keep where i >= j, fill the rest with -inf.
        Tensor<long> i = Tensor.Arange(4L)[.., TensorIndex.NewAxis], j = Tensor.Arange(4L)[TensorIndex.NewAxis, ..];
        Tensor<float> scores = Tensor.Rand<float>([4, 4], seed: 24, low: -1, high: 1);
        Show("causal masked fill      scores.masked_fill(~(i >= j), -inf)", Functional.MaskedFill(scores, !(i >= j), float.NegativeInfinity));

        Tensor<float> hidden = Tensor.Rand<float>([2, 4], seed: 25, low: -1, high: 1);
        Show("RMSNorm (fused)         F.rms_norm(h, (4,), w, eps=1e-6)", Functional.RmsNorm(hidden, 1, Tensor.Ones<float>(4), eps: 1e-6));

        // A decode-style loop that hands each step's temporaries back at once, as NumPy frees them.
        Tensor<float> state = Tensor.Zeros<float>(2, 4);
        for (int step = 0; step < 3; step++)
        {
            using TensorScope scope = TensorScope.Begin();
            Tensor<float> normed = Functional.RmsNorm(state + hidden, 1, Tensor.Ones<float>(4), eps: 1e-6);   // this step's temporaries
            state = scope.Keep(Tensor.Tanh(normed));                                                        // the one result kept
        }
        Show("a loop with TensorScope 3 x state = tanh(rms_norm(state + h)), temporaries released per step", state);

        // Top-k sampling: keep the 3 best logits, softmax them, draw one with a seeded generator.
        Tensor<float> logits = Tensor.Rand<float>([10], seed: 26, low: -3, high: 3);
        (Tensor<float> best, Tensor<long> where) = Tensor.TopK(logits, 3);
        double[] weights = [.. Functional.Softmax(best).ToArray().Select(v => (double)v)];
        double[] p = [.. weights.Select(w => w / weights.Sum())];   // float32 softmax, renormalised in float64
        long pick = new Generator(seed: 7).Choice(3, 1, p: p).ToScalar();
        Console.WriteLine($"top-k sampling          topk(logits, 3) -> ids {string.Join(",", where.ToArray())}, p {string.Join(", ", p.Select(v => v.ToString("F3")))}; drew token {where.GetItem((int)pick)}\n");

        Console.WriteLine("The same through the evaluator, with NumPy 2's promotion (int64 ids, bool masks):");
        object? gathered = Batchwise.Expressions.Expression.Evaluate("x[ids % 3, :2].sum(-1) + (ids >= 4)", ("x", x), ("ids", ids));
        Show("  x[ids % 3, :2].sum(-1) + (ids >= 4)", (Tensor<float>)gathered!);
    }

    private static void Show(string title, Tensor<float> result) =>
        Console.WriteLine($"{title}\n  shape {result.ShapeString}\n  {result.ToString().Replace("\n", "\n  ")}\n");
}
