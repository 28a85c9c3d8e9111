namespace Batchwise.Models;

/// <summary>Named weight tensors, as a checkpoint stores them (Hugging Face names).</summary>
public interface IWeightSource
{
    /// <summary>True when the checkpoint has a tensor of this name.</summary>
    bool Contains(string name);

    /// <summary>The tensor as float32, with its checkpoint shape.</summary>
    /// <exception cref="KeyNotFoundException">No such tensor.</exception>
    Tensor<float> Float(string name);

    /// <summary>The tensor as bfloat16 when the checkpoint stores it so, else null.</summary>
    Tensor<BFloat16>? BFloat16(string name) => null;
}

/// <summary>Weights held in memory by name (tests, and models built from code).</summary>
public sealed class InMemoryWeights(IReadOnlyDictionary<string, Tensor<float>> tensors) : IWeightSource
{
    public bool Contains(string name) => tensors.ContainsKey(name);

    public Tensor<float> Float(string name) =>
        tensors.TryGetValue(name, out Tensor<float>? t) ? t : throw new KeyNotFoundException($"the checkpoint has no tensor '{name}'");
}
