namespace Batchwise.Models;

/// <summary>How the next token is chosen from the logits.</summary>
/// <param name="Temperature">0 picks the most likely token (greedy); otherwise logits are divided by it.</param>
/// <param name="TopK">Keep only the K most likely tokens (0: all).</param>
/// <param name="TopP">Keep the smallest set of most likely tokens whose probability reaches P (1: all).</param>
/// <param name="Seed">Seeds the sampler, so a run is repeatable.</param>
public sealed record SamplingOptions(double Temperature = 0, int TopK = 0, double TopP = 1, ulong Seed = 0)
{
    /// <summary>Greedy decoding.</summary>
    public static SamplingOptions Greedy { get; } = new();

    /// <summary>True when no randomness is involved.</summary>
    public bool IsGreedy => Temperature == 0;

    /// <exception cref="ArgumentOutOfRangeException">A negative temperature or top-k, or top-p outside (0, 1].</exception>
    public void Validate()
    {
        if (Temperature < 0 || double.IsNaN(Temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "the temperature must be 0 (greedy) or positive");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(TopK);
        if (!(TopP > 0 && TopP <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "top-p must lie in (0, 1]");
        }
    }
}

/// <summary>
/// Picks tokens from logits: greedy (the first maximum, as torch.argmax), or sampling with a
/// temperature after top-k and top-p filtering (the order Hugging Face applies them).
/// </summary>
public sealed class Sampler
{
    private readonly SamplingOptions _options;
    private readonly Func<double> _uniform;

    /// <param name="options">The sampling settings.</param>
    /// <param name="uniform">Uniform numbers in [0, 1) for sampling.</param>
    public Sampler(SamplingOptions options, Func<double> uniform)
    {
        options.Validate();
        _options = options;
        _uniform = uniform;
    }

    /// <summary>The next token for one sequence's logits.</summary>
    public int Next(ReadOnlySpan<float> logits)
    {
        if (_options.IsGreedy)
        {
            return ArgMax(logits);
        }
        int count = logits.Length;
        var order = new int[count];
        var scaled = new double[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
            scaled[i] = logits[i] / _options.Temperature;
        }
        // Most likely first; ties keep the lower id, so the result does not depend on the sort.
        Array.Sort(order, (a, b) => scaled[b].CompareTo(scaled[a]) is int c && c != 0 ? c : a.CompareTo(b));
        int kept = _options.TopK > 0 ? Math.Min(_options.TopK, count) : count;
        double max = scaled[order[0]], total = 0;
        var weights = new double[kept];
        for (int i = 0; i < kept; i++)
        {
            weights[i] = Math.Exp(scaled[order[i]] - max);
            total += weights[i];
        }
        if (_options.TopP < 1)
        {
            double cumulative = 0;
            for (int i = 0; i < kept; i++)
            {
                cumulative += weights[i] / total;
                if (cumulative >= _options.TopP)
                {
                    kept = i + 1;
                    break;
                }
            }
            total = weights.AsSpan(0, kept).ToArray().Sum();
        }
        double target = _uniform() * total;
        for (int i = 0; i < kept; i++)
        {
            target -= weights[i];
            if (target < 0)
            {
                return order[i];
            }
        }
        return order[kept - 1];
    }

    private static int ArgMax(ReadOnlySpan<float> logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best] || (float.IsNaN(logits[i]) && !float.IsNaN(logits[best])))
            {
                best = i;
            }
        }
        return best;
    }
}
