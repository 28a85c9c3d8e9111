namespace Batchwise.Models;

/// <summary>
/// The keys and values of every layer for a batch of sequences, preallocated to a capacity so that
/// decoding writes each new token in place (no concatenation per token), and the mask of which
/// cached positions are real tokens (left padding is not).
/// </summary>
public sealed class KvCache
{
    private readonly Tensor<float>[] _keys;
    private readonly Tensor<float>[] _values;

    /// <summary>A cache for <paramref name="batch"/> sequences of up to <paramref name="capacity"/> tokens.</summary>
    public KvCache(ModelConfig config, int batch, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Batch = batch;
        Capacity = capacity;
        _keys = new Tensor<float>[config.Layers];
        _values = new Tensor<float>[config.Layers];
        for (int layer = 0; layer < config.Layers; layer++)
        {
            _keys[layer] = Tensor.Zeros<float>(batch, config.KvHeads, capacity, config.HeadDim);
            _values[layer] = Tensor.Zeros<float>(batch, config.KvHeads, capacity, config.HeadDim);
        }
        KeyMask = Tensor.Zeros<bool>(batch, capacity);
    }

    /// <summary>Sequences in the batch.</summary>
    public int Batch { get; }

    /// <summary>The most tokens a sequence can hold.</summary>
    public int Capacity { get; }

    /// <summary>Tokens cached so far (padding included).</summary>
    public int Length { get; private set; }

    /// <summary>(batch, capacity): true where a cached position is a real token.</summary>
    public Tensor<bool> KeyMask { get; }

    /// <summary>Bytes held by keys and values.</summary>
    public long Bytes => 2L * _keys.Length * _keys[0].Size * sizeof(float);

    /// <summary>Starts a step of <paramref name="mask"/>'s (batch, tokens) new tokens.</summary>
    /// <exception cref="InvalidOperationException">The step does not fit the capacity.</exception>
    internal void Begin(Tensor<bool> mask)
    {
        int tokens = mask.Shape[1];
        if (mask.Shape[0] != Batch || Length + tokens > Capacity)
        {
            throw new InvalidOperationException($"the cache holds {Capacity} tokens of {Batch} sequences; {Length} are used and {tokens} more of {mask.Shape[0]} do not fit");
        }
        KeyMask[.., Length..(Length + tokens)].CopyFrom(mask);
    }

    /// <summary>Writes a layer's keys and values, (batch, kv heads, tokens, head dim), after the cached ones.</summary>
    internal void Write(int layer, Tensor<float> keys, Tensor<float> values)
    {
        int tokens = keys.Shape[2];
        _keys[layer][.., .., Length..(Length + tokens), ..].CopyFrom(keys);
        _values[layer][.., .., Length..(Length + tokens), ..].CopyFrom(values);
    }

    /// <summary>A layer's first <paramref name="length"/> keys and values, as views.</summary>
    internal (Tensor<float> Keys, Tensor<float> Values) Read(int layer, int length) =>
        (_keys[layer][.., .., ..length, ..], _values[layer][.., .., ..length, ..]);

    /// <summary>Ends a step of <paramref name="tokens"/> tokens.</summary>
    internal void End(int tokens) => Length += tokens;

    /// <summary>
    /// The attention mask of a step of <paramref name="tokens"/> queries, (batch, 1, tokens, length):
    /// query i (at cache position Length + i) sees real keys at positions up to its own.
    /// </summary>
    internal Tensor<bool> AttentionMask(int tokens)
    {
        int length = Length + tokens;
        var mask = new bool[Batch * tokens * length];
        bool[] keys = KeyMask.Contiguous().ToArray();
        for (int b = 0; b < Batch; b++)
        {
            for (int i = 0; i < tokens; i++)
            {
                int row = (b * tokens + i) * length;
                for (int j = 0; j <= Length + i; j++)
                {
                    mask[row + j] = keys[b * Capacity + j];
                }
            }
        }
        return Tensor.FromArray(mask, Batch, 1, tokens, length);
    }
}
