namespace Batchwise.Models;

/// <summary>Reads named weights with a prefix and checks their shapes, counting the bytes held.</summary>
internal sealed class WeightReader(IWeightSource weights, string prefix)
{
    /// <summary>Bytes of the tensors read so far.</summary>
    public long Bytes { get; private set; }

    /// <summary>A float32 tensor (norm weights, biases).</summary>
    /// <exception cref="InvalidDataException">The tensor is missing or has another shape.</exception>
    public Tensor<float> Get(string name, params int[] shape)
    {
        Tensor<float> tensor = weights.Float(Find(name));
        Check(name, tensor.Shape, shape);
        Bytes += (long)tensor.Size * sizeof(float);
        return tensor;
    }

    /// <summary>
    /// A projection's weight, kept bfloat16 when stored so; <paramref name="conv1D"/> weights are stored
    /// (in, out) and are turned to nn.Linear's (out, in): a view for float32, a one-time copy for bfloat16.
    /// </summary>
    /// <exception cref="InvalidDataException">The tensor is missing or has another shape.</exception>
    public Projection Projection(string name, int outFeatures, int inFeatures, bool conv1D = false)
    {
        int[] stored = conv1D ? [inFeatures, outFeatures] : [outFeatures, inFeatures];
        string full = Find(name);
        Projection projection;
        if (weights.BFloat16(full) is Tensor<BFloat16> half)
        {
            Check(name, half.Shape, stored);
            projection = new Projection(conv1D ? half.T.Contiguous() : half);
        }
        else
        {
            Tensor<float> single = weights.Float(full);
            Check(name, single.Shape, stored);
            projection = new Projection(conv1D ? single.T : single);
        }
        Bytes += projection.Bytes;
        return projection;
    }

    private string Find(string name)
    {
        string full = prefix + name;
        return weights.Contains(full) ? full : throw new InvalidDataException($"the checkpoint has no tensor '{full}'");
    }

    private void Check(string name, ReadOnlySpan<int> actual, int[] expected)
    {
        if (!actual.SequenceEqual(expected))
        {
            throw new InvalidDataException($"'{prefix + name}' has shape {Batchwise.Shapes.ShapeText.Format(actual)}, expected {Batchwise.Shapes.ShapeText.Format(expected)}");
        }
    }
}
