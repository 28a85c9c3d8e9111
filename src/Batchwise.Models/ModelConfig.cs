using System.Text.Json;

namespace Batchwise.Models;

/// <summary>The architectures Batchwise runs.</summary>
public enum Architecture
{
    /// <summary>GPT-2: learned positions, LayerNorm, GELU-tanh MLP, fused qkv (Conv1D weights), tied head.</summary>
    Gpt2,

    /// <summary>Llama: RMSNorm, rotary positions, SwiGLU MLP, grouped-query attention, untied head.</summary>
    Llama,
}

/// <summary>
/// A decoder's hyper-parameters, read from a Hugging Face <c>config.json</c> (GPT2Config or
/// LlamaConfig field names).
/// </summary>
public sealed record ModelConfig(
    Architecture Architecture,
    int VocabSize,
    int Hidden,
    int Layers,
    int Heads,
    int KvHeads,
    int HeadDim,
    int Intermediate,
    int MaxPositions,
    double NormEps,
    double RopeTheta,
    bool TieEmbeddings,
    int? EosTokenId)
{
    /// <summary>Query heads per key/value head (1 without grouped-query attention).</summary>
    public int GroupSize => Heads / KvHeads;

    /// <summary>Reads <c>config.json</c>.</summary>
    /// <exception cref="InvalidDataException">An unknown model_type, or a field missing or inconsistent.</exception>
    public static ModelConfig Load(string path)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        return Parse(document.RootElement, path);
    }

    /// <summary>Reads a parsed config; <paramref name="source"/> names it in errors.</summary>
    public static ModelConfig Parse(JsonElement json, string source)
    {
        string type = json.TryGetProperty("model_type", out JsonElement t) ? t.GetString() ?? "" : "";
        ModelConfig config = type switch
        {
            "gpt2" => Gpt2(json, source),
            "llama" or "mistral" or "qwen2" => Llama(json, source),
            _ => throw new InvalidDataException($"{source}: model_type '{type}' is not supported (gpt2, llama)"),
        };
        if (config.Heads <= 0 || config.KvHeads <= 0 || config.Heads % config.KvHeads != 0 || config.HeadDim <= 0)
        {
            throw new InvalidDataException($"{source}: {config.Heads} attention heads do not divide into {config.KvHeads} key/value heads of dimension {config.HeadDim}");
        }
        return config;
    }

    private static ModelConfig Gpt2(JsonElement json, string source)
    {
        int hidden = Int(json, "n_embd", source);
        int heads = Int(json, "n_head", source);
        int inner = json.TryGetProperty("n_inner", out JsonElement n) && n.ValueKind == JsonValueKind.Number ? n.GetInt32() : 4 * hidden;
        return new ModelConfig(Architecture.Gpt2, Int(json, "vocab_size", source), hidden, Int(json, "n_layer", source), heads, heads, hidden / heads,
            inner, Int(json, "n_positions", source), Number(json, "layer_norm_epsilon", 1e-5), 0, TieEmbeddings: true, OptionalInt(json, "eos_token_id"));
    }

    private static ModelConfig Llama(JsonElement json, string source)
    {
        int hidden = Int(json, "hidden_size", source);
        int heads = Int(json, "num_attention_heads", source);
        int kvHeads = OptionalInt(json, "num_key_value_heads") ?? heads;
        int headDim = OptionalInt(json, "head_dim") ?? hidden / heads;
        if (json.TryGetProperty("rope_scaling", out JsonElement scaling) && scaling.ValueKind != JsonValueKind.Null)
        {
            throw new InvalidDataException($"{source}: rope_scaling is not supported");
        }
        bool tied = json.TryGetProperty("tie_word_embeddings", out JsonElement tie) && tie.ValueKind == JsonValueKind.True;
        return new ModelConfig(Architecture.Llama, Int(json, "vocab_size", source), hidden, Int(json, "num_hidden_layers", source), heads, kvHeads, headDim,
            Int(json, "intermediate_size", source), Int(json, "max_position_embeddings", source), Number(json, "rms_norm_eps", 1e-6),
            Number(json, "rope_theta", 10000), tied, OptionalInt(json, "eos_token_id"));
    }

    private static int Int(JsonElement json, string name, string source) =>
        OptionalInt(json, name) ?? throw new InvalidDataException($"{source}: '{name}' is missing or not an integer");

    private static int? OptionalInt(JsonElement json, string name) =>
        json.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int i) ? i : null;

    private static double Number(JsonElement json, string name, double fallback) =>
        json.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : fallback;
}
