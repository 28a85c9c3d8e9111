using System.Text.Json;
using Batchwise.IO;
using Batchwise.Models;

namespace Batchwise.Tests.Models;

/// <summary>
/// The committed tiny GPT-2 and Llama checkpoints (tools/make_transformer_fixtures.py, PyTorch
/// modules written to Hugging Face's architectures) against PyTorch's logits and greedy tokens.
/// </summary>
public sealed class ModelReferenceTests
{
    public static TheoryData<string> Models() => ["gpt2-tiny", "llama-tiny"];

    private static string Dir(string model) => TestData.Path(Path.Combine("models", model));

    private static JsonElement Reference(string model) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir(model), "reference.json"))).RootElement;

    private static long[] Longs(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt64())];

    /// <summary>Logits agree within 1e-4 of the logits' largest magnitude.</summary>
    private static void AssertClose(Tensor<float> expected, Tensor<float> actual, double relative = 1e-4)
    {
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        float[] e = expected.Contiguous().ToArray(), a = actual.Contiguous().ToArray();
        double scale = e.Max(v => Math.Abs(v)), worst = 0;
        for (int i = 0; i < e.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(e[i] - a[i]));
        }
        Assert.True(worst <= relative * scale, $"largest logit difference {worst:G3} exceeds {relative} x {scale:G3}");
    }

    private static Tensor<float> PromptLogits(CausalLanguageModel model, long[] prompt)
    {
        (Tensor<long> ids, Tensor<long> positions, Tensor<bool> mask) = TextGeneration.LeftPadded([prompt], prompt.Length);
        return model.Forward(ids, positions, mask, model.CreateCache(1, prompt.Length))[0];
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Forward_Prompt_MatchesPyTorchAtEveryPosition(string name)
    {
        CausalLanguageModel model = ModelLoader.Load(Dir(name));
        long[] prompt = Longs(Reference(name).GetProperty("prompt"));
        AssertClose(Npy.Load<float>(Path.Combine(Dir(name), "logits.npy")), PromptLogits(model, prompt));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Forward_Bf16Weights_MatchesPyTorchsBf16Model(string name)
    {
        CausalLanguageModel model = ModelLoader.Load(Dir(name), "model-bf16.safetensors");
        long[] prompt = Longs(Reference(name).GetProperty("prompt"));
        AssertClose(Npy.Load<float>(Path.Combine(Dir(name), "logits_bf16.npy")), PromptLogits(model, prompt));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Generate_Greedy_GivesPyTorchsTokens(string name)
    {
        JsonElement reference = Reference(name);
        CausalLanguageModel model = ModelLoader.Load(Dir(name));
        long[] expected = Longs(reference.GetProperty("greedy").GetProperty("tokens"));
        GenerationResult result = TextGeneration.Generate(model, [Longs(reference.GetProperty("prompt"))], expected.Length,
            new Sampler(SamplingOptions.Greedy, () => 0), stopAtEos: false);
        Assert.Equal(expected, result.Tokens[0]);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Forward_LeftPaddedBatch_GivesEachPromptsLogitsAlone(string name)
    {
        JsonElement batch = Reference(name).GetProperty("batch");
        long[][] prompts = [.. batch.GetProperty("prompts").EnumerateArray().Select(Longs)];
        CausalLanguageModel model = ModelLoader.Load(Dir(name));
        int length = prompts.Max(p => p.Length);
        (Tensor<long> ids, Tensor<long> positions, Tensor<bool> mask) = TextGeneration.LeftPadded(prompts, length);
        Assert.Equal(Longs(batch.GetProperty("input_ids").EnumerateArray().First()), ids[0].ToArray());
        Tensor<float> last = model.Forward(ids, positions, mask, model.CreateCache(prompts.Length, length), lastOnly: true)[.., 0, ..];
        AssertClose(Npy.Load<float>(Path.Combine(Dir(name), "batch_last_logits.npy")), last);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Decode_WithCache_GivesTheFullForwardsLogits(string name)
    {
        CausalLanguageModel model = ModelLoader.Load(Dir(name));
        long[] prompt = Longs(Reference(name).GetProperty("prompt"));
        Tensor<float> full = PromptLogits(model, prompt);
        KvCache cache = model.CreateCache(1, prompt.Length);
        const int Prefix = 40;
        (Tensor<long> ids, Tensor<long> positions, Tensor<bool> mask) = TextGeneration.LeftPadded([prompt[..Prefix]], Prefix);
        AssertClose(full[..Prefix], model.Forward(ids, positions, mask, cache)[0]);
        for (int t = Prefix; t < prompt.Length; t++)
        {
            Tensor<float> step = model.Forward(Tensor.FromArray(new[] { prompt[t] }, 1, 1), Tensor.FromArray(new[] { (long)t }, 1, 1), Tensor.Full(true, 1, 1), cache);
            AssertClose(full[t..(t + 1)], step[0]);
        }
        Assert.Equal(prompt.Length, cache.Length);
    }

    [Fact]
    public void Load_Gpt2CheckpointNames_WithoutPrefixAndWithMaskBuffers()
    {
        string name = "gpt2-tiny";
        using SafeTensorsCheckpoint checkpoint = SafeTensors.OpenCheckpoint(Dir(name));
        var renamed = checkpoint.Names.ToDictionary(n => n["transformer.".Length..], n => checkpoint.GetTensor<float>(n));
        renamed["h.0.attn.bias"] = Tensor.Zeros<float>(1, 1, 128, 128);
        ModelConfig config = ModelConfig.Load(Path.Combine(Dir(name), "config.json"));
        CausalLanguageModel model = ModelLoader.Create(config, new InMemoryWeights(renamed));
        long[] prompt = Longs(Reference(name).GetProperty("prompt"));
        AssertClose(Npy.Load<float>(Path.Combine(Dir(name), "logits.npy")), PromptLogits(model, prompt));
    }

    [Fact]
    public void Load_MissingTensor_NamesIt()
    {
        ModelConfig config = ModelConfig.Load(Path.Combine(Dir("llama-tiny"), "config.json"));
        var e = Assert.Throws<InvalidDataException>(() => ModelLoader.Create(config, new InMemoryWeights(new Dictionary<string, Tensor<float>>())));
        Assert.Contains("model.embed_tokens.weight", e.Message);
    }
}
