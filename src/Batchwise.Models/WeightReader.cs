namespace Batchwise.Models;

/// <summary>Reads named weights with a prefix and checks their shapes, counting the bytes held.</summary>
internal sealed class WeightReader(IWeightSource weights, string prefix)
{
    /// <summary>Bytes of the tensors read so far.</summary>
    public long Bytes { get; private set; }

    /// <exception cref="InvalidDataException">The tensor is missing or has another shape.</exception>
    public Tensor<float> Get(string name, params int[] shape)
    {
        string full = prefix + name;
        if (!weights.Contains(full))
        {
            throw new InvalidDataException($"the checkpoint has no tensor '{full}'");
        }
        Tensor<float> tensor = weights.Float(full);
        if (!tensor.Shape.SequenceEqual(shape))
        {
            throw new InvalidDataException($"'{full}' has shape {tensor.ShapeString}, expected ({string.Join(", ", shape)}{(shape.Length == 1 ? "," : "")})");
        }
        Bytes += (long)tensor.Size * sizeof(float);
        return tensor;
    }
}
