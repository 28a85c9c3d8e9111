using Batchwise.NN;

namespace Batchwise.Models;

/// <summary>
/// Llama: RMSNorm, rotary position embeddings (Hugging Face's rotate-half form), grouped-query
/// attention, a SwiGLU MLP and an untied head. Weights use Hugging Face's names
/// (<c>model.layers.N.self_attn.q_proj.weight</c>) in nn.Linear's (out, in) layout.
/// </summary>
public sealed class LlamaModel : CausalLanguageModel
{
    private readonly Projection _tokens, _head;
    private readonly Tensor<float> _finalNorm;
    private readonly Layer[] _layers;
    private readonly RotaryEmbedding _rotary;

    private sealed record Layer(
        Tensor<float> AttentionNorm, Projection Query, Projection Key, Projection Value, Projection Output,
        Tensor<float> MlpNorm, Projection Gate, Projection Up, Projection Down);

    /// <summary>Builds the model from a checkpoint's tensors.</summary>
    /// <exception cref="InvalidDataException">A tensor is missing or has the wrong shape.</exception>
    public LlamaModel(ModelConfig config, IWeightSource weights) : base(config)
    {
        var read = new WeightReader(weights, "");
        int d = config.Hidden, q = config.Heads * config.HeadDim, kv = config.KvHeads * config.HeadDim, inner = config.Intermediate;
        _tokens = read.Projection("model.embed_tokens.weight", config.VocabSize, d);
        _finalNorm = read.Get("model.norm.weight", d);
        _head = config.TieEmbeddings && !weights.Contains("lm_head.weight") ? _tokens : read.Projection("lm_head.weight", config.VocabSize, d);
        _layers = new Layer[config.Layers];
        for (int i = 0; i < config.Layers; i++)
        {
            string l = $"model.layers.{i}.";
            _layers[i] = new Layer(
                read.Get(l + "input_layernorm.weight", d),
                read.Projection(l + "self_attn.q_proj.weight", q, d), read.Projection(l + "self_attn.k_proj.weight", kv, d),
                read.Projection(l + "self_attn.v_proj.weight", kv, d), read.Projection(l + "self_attn.o_proj.weight", d, q),
                read.Get(l + "post_attention_layernorm.weight", d),
                read.Projection(l + "mlp.gate_proj.weight", inner, d), read.Projection(l + "mlp.up_proj.weight", inner, d),
                read.Projection(l + "mlp.down_proj.weight", d, inner));
        }
        _rotary = new RotaryEmbedding(config.HeadDim, config.MaxPositions, config.RopeTheta);
        WeightBytes = read.Bytes;
    }

    /// <inheritdoc/>
    public override long WeightBytes { get; }

    protected override Tensor<float> Embed(Tensor<long> ids, Tensor<long> positions) => _tokens.Rows(ids);

    protected override Tensor<float> Block(int layer, Tensor<float> x, Tensor<long> positions, Tensor<bool> attention, KvCache cache)
    {
        Layer w = _layers[layer];
        int batch = x.Shape[0], tokens = x.Shape[1];
        Tensor<float> a = Norms.Rms(x, w.AttentionNorm, Config.NormEps);
        Tensor<float> q = _rotary.Apply(w.Query.Apply(a).Reshape(batch, tokens, Config.Heads, Config.HeadDim), positions);
        Tensor<float> k = _rotary.Apply(w.Key.Apply(a).Reshape(batch, tokens, Config.KvHeads, Config.HeadDim), positions);
        Tensor<float> v = w.Value.Apply(a).Reshape(batch, tokens, Config.KvHeads, Config.HeadDim);
        Tensor<float> attended = Attend(layer, q.Transpose(0, 2, 1, 3), k.Transpose(0, 2, 1, 3), v.Transpose(0, 2, 1, 3), attention, cache);
        x = x + w.Output.Apply(attended);
        Tensor<float> m = Norms.Rms(x, w.MlpNorm, Config.NormEps);
        Tensor<float> gated = Functional.Silu(w.Gate.Apply(m)) * w.Up.Apply(m);
        return x + w.Down.Apply(gated);
    }

    protected override Tensor<float> Head(Tensor<float> x) => _head.Apply(Norms.Rms(x, _finalNorm, Config.NormEps));
}
