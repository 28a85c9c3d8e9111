using Batchwise.NN;

namespace Batchwise.Models;

/// <summary>
/// A decoder-only transformer: token ids in, next-token logits out, with the keys and values of
/// earlier tokens kept in a <see cref="KvCache"/>. One <see cref="Forward"/> serves both the prefill of
/// a prompt (many tokens) and each decode step (one token per sequence).
/// </summary>
public abstract class CausalLanguageModel
{
    protected CausalLanguageModel(ModelConfig config)
    {
        Config = config;
    }

    /// <summary>The hyper-parameters.</summary>
    public ModelConfig Config { get; }

    /// <summary>Bytes of the weights as held in memory.</summary>
    public abstract long WeightBytes { get; }

    /// <summary>A cache for <paramref name="batch"/> sequences of up to <paramref name="capacity"/> tokens.</summary>
    public KvCache CreateCache(int batch, int capacity) => new(Config, batch, capacity);

    /// <summary>
    /// Runs <paramref name="ids"/>, (batch, tokens), after the tokens already in <paramref name="cache"/>.
    /// <paramref name="positions"/> are each token's position in its sequence (left padding shifts them);
    /// <paramref name="mask"/> is false at padding. Returns the logits, (batch, tokens, vocab), or only
    /// those of the last token, (batch, 1, vocab), with <paramref name="lastOnly"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes that disagree, or a position beyond the model's range.</exception>
    /// <exception cref="InvalidOperationException">The tokens do not fit the cache.</exception>
    public Tensor<float> Forward(Tensor<long> ids, Tensor<long> positions, Tensor<bool> mask, KvCache cache, bool lastOnly = false)
    {
        if (ids.Rank != 2 || !positions.Shape.SequenceEqual(ids.Shape) || !mask.Shape.SequenceEqual(ids.Shape) || ids.Shape[0] != cache.Batch)
        {
            throw new ArgumentException($"ids {ids.ShapeString}, positions {positions.ShapeString} and mask {mask.ShapeString} must be one (batch, tokens) shape with the cache's batch of {cache.Batch}");
        }
        int tokens = ids.Shape[1];
        cache.Begin(mask);
        Tensor<bool> attention = cache.AttentionMask(tokens);
        Tensor<float> x = Embed(ids, positions);
        for (int layer = 0; layer < Config.Layers; layer++)
        {
            x = Block(layer, x, positions, attention, cache);
        }
        cache.End(tokens);
        if (lastOnly)
        {
            x = x[.., ^1.., ..];
        }
        return Head(x);
    }

    /// <summary>Token (and, for learned positions, position) embeddings: (batch, tokens, hidden).</summary>
    protected abstract Tensor<float> Embed(Tensor<long> ids, Tensor<long> positions);

    /// <summary>One decoder layer, residual connections included.</summary>
    protected abstract Tensor<float> Block(int layer, Tensor<float> x, Tensor<long> positions, Tensor<bool> attention, KvCache cache);

    /// <summary>The final norm and the vocabulary projection.</summary>
    protected abstract Tensor<float> Head(Tensor<float> x);

    /// <summary>
    /// Causal attention of this step's queries, (batch, heads, tokens, head dim), over the cached keys and
    /// values after writing this step's, (batch, kv heads, tokens, head dim). Grouped-query attention
    /// folds each group's query heads into the query axis, so every key/value head is read once.
    /// Returns (batch, tokens, heads * head dim).
    /// </summary>
    protected Tensor<float> Attend(int layer, Tensor<float> q, Tensor<float> k, Tensor<float> v, Tensor<bool> attention, KvCache cache)
    {
        int batch = q.Shape[0], tokens = q.Shape[2], group = Config.GroupSize, kvHeads = Config.KvHeads, headDim = Config.HeadDim;
        cache.Write(layer, k, v);
        int length = attention.Shape[3];
        (Tensor<float> keys, Tensor<float> values) = cache.Read(layer, length);
        Tensor<float> queries = q;
        Tensor<bool> mask = attention;
        if (group > 1)
        {
            queries = q.Contiguous().Reshape(batch, kvHeads, group * tokens, headDim);
            mask = attention.Unsqueeze(2).BroadcastTo(batch, 1, group, tokens, length).Copy().Reshape(batch, 1, group * tokens, length);
        }
        Tensor<float> output = Functional.ScaledDotProductAttention(queries, keys, values, mask);
        return output.Reshape(batch, Config.Heads, tokens, headDim).Transpose(0, 2, 1, 3).Contiguous().Reshape(batch, tokens, Config.Heads * headDim);
    }
}
