using Batchwise.IO;

namespace Batchwise.Models;

/// <summary>A checkpoint's tensors read through safetensors, widened to float32 (F16 and BF16 exactly).</summary>
public sealed class SafeTensorsWeights(SafeTensorsCheckpoint checkpoint) : IWeightSource
{
    public bool Contains(string name) => checkpoint.Contains(name);

    public Tensor<float> Float(string name) => checkpoint.GetTensor<float>(name, convert: true);

    public Tensor<BFloat16>? BFloat16(string name) =>
        checkpoint.GetInfo(name).DType == SafeTensorsDType.BF16 ? checkpoint.GetTensor<BFloat16>(name) : null;
}

/// <summary>Loads a model from a Hugging Face style directory: <c>config.json</c> and safetensors weights.</summary>
public static class ModelLoader
{
    /// <summary>
    /// Loads the model in <paramref name="directory"/>; <paramref name="weightsFile"/> picks a safetensors
    /// file or index in it (default: <c>model.safetensors.index.json</c> or <c>model.safetensors</c>).
    /// </summary>
    /// <exception cref="FileNotFoundException">No config.json or no weights.</exception>
    /// <exception cref="InvalidDataException">An unsupported model or a checkpoint that does not fit its config.</exception>
    public static CausalLanguageModel Load(string directory, string? weightsFile = null)
    {
        string configPath = Path.Combine(directory, "config.json");
        if (!File.Exists(configPath))
        {
            throw new FileNotFoundException($"{directory} has no config.json", configPath);
        }
        ModelConfig config = ModelConfig.Load(configPath);
        using SafeTensorsCheckpoint checkpoint = SafeTensors.OpenCheckpoint(weightsFile is null ? directory : Path.Combine(directory, weightsFile));
        return Create(config, new SafeTensorsWeights(checkpoint));
    }

    /// <summary>The model of <paramref name="config"/>'s architecture over <paramref name="weights"/>.</summary>
    public static CausalLanguageModel Create(ModelConfig config, IWeightSource weights) => config.Architecture switch
    {
        Architecture.Gpt2 => new Gpt2Model(config, weights),
        _ => new LlamaModel(config, weights),
    };
}
