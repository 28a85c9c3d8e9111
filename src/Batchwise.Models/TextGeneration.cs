using System.Diagnostics;

namespace Batchwise.Models;

/// <summary>What a generation run produced and how long it took.</summary>
/// <param name="Tokens">The new tokens of each sequence (without the prompt).</param>
/// <param name="Prefill">Time of the prompt's forward pass.</param>
/// <param name="Decode">Time of the decode steps.</param>
/// <param name="PromptTokens">Prompt tokens processed (padding excluded).</param>
/// <param name="DecodeSteps">Decode steps run (each produces one token per sequence).</param>
public sealed record GenerationResult(long[][] Tokens, TimeSpan Prefill, TimeSpan Decode, int PromptTokens, int DecodeSteps)
{
    /// <summary>Prompt tokens per second of prefill.</summary>
    public double PrefillTokensPerSecond => PromptTokens / Math.Max(Prefill.TotalSeconds, 1e-9);

    /// <summary>Generated tokens per second of decode (all sequences).</summary>
    public double DecodeTokensPerSecond => DecodeSteps * Tokens.Length / Math.Max(Decode.TotalSeconds, 1e-9);
}

/// <summary>
/// Prefill and decode with a KV cache: prompts are left-padded to one length (positions count real
/// tokens only, as Hugging Face's generate does), then each step feeds one token per sequence.
/// </summary>
public static class TextGeneration
{
    /// <summary>Generates up to <paramref name="maxNewTokens"/> tokens after each prompt.</summary>
    /// <param name="model">The model.</param>
    /// <param name="prompts">Token ids of each prompt (at least one token each).</param>
    /// <param name="maxNewTokens">The most tokens to add to each sequence.</param>
    /// <param name="sampler">Picks each token.</param>
    /// <param name="stopAtEos">Stop a sequence at the model's end-of-sequence token (stop when all have).</param>
    /// <param name="onToken">Called with (sequence, token) as each token is chosen.</param>
    /// <exception cref="ArgumentException">No prompts, or an empty one.</exception>
    public static GenerationResult Generate(CausalLanguageModel model, IReadOnlyList<long[]> prompts, int maxNewTokens, Sampler sampler,
        bool stopAtEos = true, Action<int, long>? onToken = null)
    {
        if (prompts.Count == 0 || prompts.Any(p => p.Length == 0))
        {
            throw new ArgumentException("every prompt needs at least one token", nameof(prompts));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(maxNewTokens);
        int batch = prompts.Count, length = prompts.Max(p => p.Length);
        (Tensor<long> ids, Tensor<long> positions, Tensor<bool> mask) = LeftPadded(prompts, length);
        KvCache cache = model.CreateCache(batch, length + Math.Max(maxNewTokens, 1));
        var generated = Enumerable.Range(0, batch).Select(_ => new List<long>()).ToArray();
        long[] next = new long[batch], position = new long[batch];
        bool[] done = new bool[batch];
        for (int b = 0; b < batch; b++)
        {
            position[b] = prompts[b].Length;
        }

        var clock = Stopwatch.StartNew();
        Tensor<float> logits = maxNewTokens > 0 ? model.Forward(ids, positions, mask, cache, lastOnly: true) : Tensor.Zeros<float>(batch, 1, 1);
        TimeSpan prefill = clock.Elapsed;
        clock.Restart();
        int steps = 0;
        for (int step = 0; step < maxNewTokens; step++)
        {
            Tensor<float> last = logits.Contiguous();
            int vocab = last.Shape[2];
            for (int b = 0; b < batch; b++)
            {
                next[b] = done[b] ? next[b] : sampler.Next(last.AsSpan().Slice(b * vocab, vocab));
                if (!done[b])
                {
                    generated[b].Add(next[b]);
                    onToken?.Invoke(b, next[b]);
                    done[b] = stopAtEos && next[b] == model.Config.EosTokenId;
                }
            }
            if (step == maxNewTokens - 1 || done.All(d => d))
            {
                break;
            }
            logits = model.Forward(Tensor.FromArray(next.ToArray(), batch, 1), Tensor.FromArray(position.ToArray(), batch, 1), Tensor.Full(true, batch, 1), cache, lastOnly: true);
            steps++;
            for (int b = 0; b < batch; b++)
            {
                position[b]++;
            }
        }
        return new GenerationResult([.. generated.Select(g => g.ToArray())], prefill, clock.Elapsed, prompts.Sum(p => p.Length), steps);
    }

    /// <summary>Prompts left-padded to <paramref name="length"/>: ids (pad 0), positions (real tokens count from 0; pads 1) and the mask.</summary>
    public static (Tensor<long> Ids, Tensor<long> Positions, Tensor<bool> Mask) LeftPadded(IReadOnlyList<long[]> prompts, int length)
    {
        int batch = prompts.Count;
        var ids = new long[batch * length];
        var positions = new long[batch * length];
        var mask = new bool[batch * length];
        for (int b = 0; b < batch; b++)
        {
            int pad = length - prompts[b].Length;
            for (int t = 0; t < length; t++)
            {
                bool real = t >= pad;
                ids[b * length + t] = real ? prompts[b][t - pad] : 0;
                positions[b * length + t] = real ? t - pad : 1;
                mask[b * length + t] = real;
            }
        }
        return (Tensor.FromArray(ids, batch, length), Tensor.FromArray(positions, batch, length), Tensor.FromArray(mask, batch, length));
    }
}
