using Batchwise.NN;

namespace Batchwise.Models;

/// <summary>
/// GPT-2: learned position embeddings, pre-LayerNorm blocks, causal multi-head attention with one fused
/// qkv projection, a GELU-tanh MLP and a head tied to the token embeddings. Weights use Hugging Face's
/// names (<c>transformer.h.N.attn.c_attn.weight</c>, or without <c>transformer.</c> as in the published
/// gpt2 checkpoint) and GPT-2's Conv1D layout, (in, out), so each projection is <c>x @ W + b</c>.
/// </summary>
public sealed class Gpt2Model : CausalLanguageModel
{
    private readonly Projection _tokens, _positions;
    private readonly Tensor<float> _finalWeight, _finalBias;
    private readonly Layer[] _layers;

    private sealed record Layer(
        Tensor<float> Norm1Weight, Tensor<float> Norm1Bias, Projection Qkv, Tensor<float> QkvBias,
        Projection Out, Tensor<float> OutBias, Tensor<float> Norm2Weight, Tensor<float> Norm2Bias,
        Projection Up, Tensor<float> UpBias, Projection Down, Tensor<float> DownBias);

    /// <summary>Builds the model from a checkpoint's tensors.</summary>
    /// <exception cref="InvalidDataException">A tensor is missing or has the wrong shape.</exception>
    public Gpt2Model(ModelConfig config, IWeightSource weights) : base(config)
    {
        string prefix = weights.Contains("transformer.wte.weight") ? "transformer." : "";
        var read = new WeightReader(weights, prefix);
        int d = config.Hidden, inner = config.Intermediate;
        _tokens = read.Projection("wte.weight", config.VocabSize, d);
        _positions = read.Projection("wpe.weight", config.MaxPositions, d);
        _finalWeight = read.Get("ln_f.weight", d);
        _finalBias = read.Get("ln_f.bias", d);
        _layers = new Layer[config.Layers];
        for (int i = 0; i < config.Layers; i++)
        {
            string h = $"h.{i}.";
            _layers[i] = new Layer(
                read.Get(h + "ln_1.weight", d), read.Get(h + "ln_1.bias", d),
                read.Projection(h + "attn.c_attn.weight", 3 * d, d, conv1D: true), read.Get(h + "attn.c_attn.bias", 3 * d),
                read.Projection(h + "attn.c_proj.weight", d, d, conv1D: true), read.Get(h + "attn.c_proj.bias", d),
                read.Get(h + "ln_2.weight", d), read.Get(h + "ln_2.bias", d),
                read.Projection(h + "mlp.c_fc.weight", inner, d, conv1D: true), read.Get(h + "mlp.c_fc.bias", inner),
                read.Projection(h + "mlp.c_proj.weight", d, inner, conv1D: true), read.Get(h + "mlp.c_proj.bias", d));
        }
        WeightBytes = read.Bytes;
    }

    /// <inheritdoc/>
    public override long WeightBytes { get; }

    protected override Tensor<float> Embed(Tensor<long> ids, Tensor<long> positions)
    {
        Tensor<float> x = _tokens.Rows(ids);
        x.CopyFrom(x + _positions.Rows(positions));
        return x;
    }

    protected override Tensor<float> Block(int layer, Tensor<float> x, Tensor<long> positions, Tensor<bool> attention, KvCache cache)
    {
        Layer w = _layers[layer];
        int batch = x.Shape[0], tokens = x.Shape[1], d = Config.Hidden;
        Tensor<float> a = Functional.LayerNorm(x, 1, w.Norm1Weight, w.Norm1Bias, Config.NormEps);
        Tensor<float> qkv = w.Qkv.Apply(a, w.QkvBias);
        Tensor<float> q = Heads(qkv[.., .., ..d], batch, tokens);
        Tensor<float> k = Heads(qkv[.., .., d..(2 * d)], batch, tokens);
        Tensor<float> v = Heads(qkv[.., .., (2 * d)..], batch, tokens);
        x = x + w.Out.Apply(Attend(layer, q, k, v, attention, cache), w.OutBias);
        Tensor<float> m = Functional.LayerNorm(x, 1, w.Norm2Weight, w.Norm2Bias, Config.NormEps);
        m = Functional.Gelu(w.Up.Apply(m, w.UpBias), tanhApproximation: true);
        return x + w.Down.Apply(m, w.DownBias);
    }

    protected override Tensor<float> Head(Tensor<float> x) =>
        _tokens.Apply(Functional.LayerNorm(x, 1, _finalWeight, _finalBias, Config.NormEps));

    /// <summary>(batch, tokens, heads * head dim) as (batch, heads, tokens, head dim), a view.</summary>
    private Tensor<float> Heads(Tensor<float> x, int batch, int tokens) =>
        x.Reshape(batch, tokens, Config.Heads, Config.HeadDim).Transpose(0, 2, 1, 3);
}
