using System.Runtime.InteropServices;

namespace Batchwise.Randomness;

public sealed partial class Generator
{
    /// <summary>NumPy's tolerance for probabilities that should sum to 1: √ε of double.</summary>
    private const double SumTolerance = 1.4901161193847656e-08;

    /// <summary>
    /// A random permutation of 0 … n−1 (NumPy's <c>permutation(n)</c>; Fisher–Yates with unbiased draws).
    /// </summary>
    /// <exception cref="InvalidValueException"><paramref name="n"/> is negative.</exception>
    public Tensor<long> Permutation(int n)
    {
        if (n < 0)
        {
            ThrowHelper.Value($"permutation: n must be non-negative; got {n}");
        }
        Tensor<long> result = Tensor.Empty<long>(n);
        Span<long> span = result.AsSpan();
        for (int i = 0; i < n; i++)
        {
            span[i] = i;
        }
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)NextBelow((ulong)i + 1);
            (span[i], span[j]) = (span[j], span[i]);
        }
        return result;
    }

    /// <summary>A copy of <paramref name="x"/> with its rows (axis 0) in random order.</summary>
    /// <exception cref="InvalidValueException"><paramref name="x"/> is 0-d.</exception>
    public Tensor<T> Permutation<T>(Tensor<T> x) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        Tensor<T> copy = x.Copy();
        Shuffle(copy);
        return copy;
    }

    /// <summary>
    /// Shuffles <paramref name="x"/> in place along axis 0 (NumPy's <c>shuffle</c>): rows move whole, each of
    /// the n! orders equally likely. Strided views are shuffled through a contiguous copy written back.
    /// </summary>
    /// <exception cref="InvalidValueException"><paramref name="x"/> is 0-d, or a broadcast view (read-only).</exception>
    public void Shuffle<T>(Tensor<T> x) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0)
        {
            ThrowHelper.Value("shuffle: x must be at least 1-dimensional");
        }
        x.RequireWritable("shuffle");
        int n = x.Shape[0];
        if (n < 2 || x.Size == 0)
        {
            return;
        }
        Tensor<T> work = x.Contiguous();
        Span<T> data = work.AsSpan();
        int row = data.Length / n;
        T[] scratch = new T[row];
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)NextBelow((ulong)i + 1);
            if (j != i)
            {
                data.Slice(i * row, row).CopyTo(scratch);
                data.Slice(j * row, row).CopyTo(data.Slice(i * row, row));
                scratch.CopyTo(data.Slice(j * row, row));
            }
        }
        if (!ReferenceEquals(work, x))
        {
            x.CopyFrom(work);
        }
    }

    /// <summary>
    /// <paramref name="size"/> draws from 0 … n−1 (NumPy's <c>choice(n, size, replace, p)</c>): uniformly, or with
    /// probabilities <paramref name="p"/> (length n, non-negative, summing to 1 within √ε; empty for uniform).
    /// Without replacement no index repeats; with <paramref name="p"/> the draws are successive (each draw is
    /// taken with probability proportional to p among the indices not yet drawn), as NumPy's.
    /// </summary>
    /// <exception cref="InvalidValueException">n or size negative; n = 0 with size &gt; 0; p of the wrong length, negative,
    /// not finite or not summing to 1; without replacement, size &gt; n or fewer non-zero p than size.</exception>
    public Tensor<long> Choice(long n, int size, bool replace = true, ReadOnlySpan<double> p = default)
    {
        if (n < 0 || size < 0)
        {
            ThrowHelper.Value($"choice: a and size must be non-negative; got a={n}, size={size}");
        }
        if (n == 0 && size > 0)
        {
            ThrowHelper.Value("choice: a cannot be empty unless no samples are taken");
        }
        Tensor<long> result = Tensor.Empty<long>(size);
        Span<long> output = result.AsSpan();
        if (!p.IsEmpty)
        {
            if (p.Length != n)
            {
                ThrowHelper.Value($"choice: a and p must have same size ({n} and {p.Length})");
            }
            double total = CheckWeights("choice", p);
            if (Math.Abs(total - 1) > SumTolerance)
            {
                ThrowHelper.Value($"choice: probabilities do not sum to 1 (sum {total:R})");
            }
            if (!replace)
            {
                int nonzero = CountNonZero(p);
                if (nonzero < size)
                {
                    ThrowHelper.Value($"choice: fewer non-zero entries in p ({nonzero}) than size ({size})");
                }
            }
            if (replace)
            {
                SampleWithReplacement(p, output);
            }
            else
            {
                SampleWithoutReplacement(p, output);
            }
            return result;
        }
        if (replace)
        {
            for (int i = 0; i < output.Length; i++)
            {
                output[i] = (long)NextBelow((ulong)n);
            }
        }
        else
        {
            if (size > n)
            {
                ThrowHelper.Value($"choice: cannot take a larger sample ({size}) than population ({n}) when replace is False");
            }
            UniformWithoutReplacement(n, output);
        }
        return result;
    }

    /// <summary>
    /// <paramref name="size"/> rows of <paramref name="a"/> drawn along axis 0 (NumPy's <c>choice(a, size, replace, p)</c>),
    /// as <see cref="Choice(long, int, bool, ReadOnlySpan{double})"/> draws their indices: shape <c>(size, a.shape[1:]...)</c>.
    /// </summary>
    /// <exception cref="InvalidValueException"><paramref name="a"/> is 0-d, or as the index overload.</exception>
    public Tensor<T> Choice<T>(Tensor<T> a, int size, bool replace = true, ReadOnlySpan<double> p = default) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Rank == 0)
        {
            ThrowHelper.Value("choice: a must be 1-dimensional or more, or an integer");
        }
        Tensor<long> indices = Choice(a.Shape[0], size, replace, p);
        int[] shape = a.Shape.ToArray();
        shape[0] = size;
        Tensor<T> result = Tensor.Empty<T>(shape);
        if (result.Size == 0)
        {
            return result;
        }
        ReadOnlySpan<T> source = a.Contiguous().AsSpan();
        Span<T> target = result.AsSpan();
        int row = source.Length / a.Shape[0];
        ReadOnlySpan<long> picked = indices.AsSpan();
        for (int i = 0; i < picked.Length; i++)
        {
            source.Slice((int)picked[i] * row, row).CopyTo(target.Slice(i * row, row));
        }
        return result;
    }

    /// <summary>
    /// PyTorch's <c>torch.multinomial(probs, num_samples, replacement)</c>: for each row of the last axis of
    /// <paramref name="probs"/> (non-negative weights, not necessarily normalised), <paramref name="numSamples"/>
    /// category indices. Result shape <c>(probs.shape[:-1]..., numSamples)</c>.
    /// </summary>
    /// <exception cref="InvalidValueException"><paramref name="probs"/> is 0-d or has an empty last axis; numSamples &lt;= 0;
    /// a weight is negative, NaN or infinite; a row sums to 0; without replacement, a row has fewer non-zero
    /// weights than numSamples.</exception>
    public Tensor<long> Multinomial<T>(Tensor<T> probs, int numSamples, bool replacement = false) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(probs);
        if (probs.Rank == 0 || probs.Shape[^1] == 0)
        {
            ThrowHelper.Value($"multinomial: prob_dist must be at least 1-dimensional with categories; got shape {probs.ShapeString}");
        }
        if (numSamples <= 0)
        {
            ThrowHelper.Value($"multinomial: cannot sample n_sample <= 0 samples ({numSamples})");
        }
        int k = probs.Shape[^1];
        if (!replacement && numSamples > k)
        {
            ThrowHelper.Value($"multinomial: cannot sample n_sample > prob_dist.size(-1) samples without replacement ({numSamples} > {k})");
        }
        int[] shape = probs.Shape.ToArray();
        shape[^1] = numSamples;
        Tensor<long> result = Tensor.Empty<long>(shape);
        ReadOnlySpan<T> all = probs.Contiguous().AsSpan();
        Span<long> output = result.AsSpan();
        double[] weights = new double[k];
        for (int r = 0; r < all.Length / k; r++)
        {
            for (int i = 0; i < k; i++)
            {
                weights[i] = double.CreateTruncating(all[r * k + i]);
            }
            double total = CheckWeights("multinomial", weights);
            if (!(total > 0))
            {
                ThrowHelper.Value($"multinomial: invalid multinomial distribution (sum of probabilities <= 0) in row {r}");
            }
            Span<long> row = output.Slice(r * numSamples, numSamples);
            if (replacement)
            {
                SampleWithReplacement(weights, row);
            }
            else if (CountNonZero(weights) < numSamples)
            {
                ThrowHelper.Value($"multinomial: invalid multinomial distribution (with replacement=False, not enough non-negative category to sample) in row {r}");
            }
            else
            {
                SampleWithoutReplacement(weights, row);
            }
        }
        return result;
    }

    /// <summary>Checks weights are finite and non-negative; returns their sum.</summary>
    private static double CheckWeights(string operation, ReadOnlySpan<double> weights)
    {
        double total = 0;
        foreach (double w in weights)
        {
            if (!(w >= 0) || double.IsInfinity(w))
            {
                ThrowHelper.Value($"{operation}: probabilities contain inf, nan or an element < 0 ({w})");
            }
            total += w;
        }
        return total;
    }

    private static int CountNonZero(ReadOnlySpan<double> weights)
    {
        int count = 0;
        foreach (double w in weights)
        {
            count += w > 0 ? 1 : 0;
        }
        return count;
    }

    /// <summary>Independent draws: inverse of the cumulative weights, found by binary search.</summary>
    private void SampleWithReplacement(ReadOnlySpan<double> weights, Span<long> output)
    {
        double[] cumulative = new double[weights.Length];
        double sum = 0;
        int lastPositive = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            cumulative[i] = sum;
            lastPositive = weights[i] > 0 ? i : lastPositive;
        }
        for (int s = 0; s < output.Length; s++)
        {
            double u = _state.NextDouble() * sum;
            // The first index whose cumulative weight exceeds u; a zero weight never is that first index.
            int lo = 0, hi = cumulative.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > u)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }
            output[s] = Math.Min(lo, lastPositive); // u rounding up to the sum would run past the end
        }
    }

    /// <summary>
    /// Successive draws without replacement (Efraimidis–Spirakis): each positive-weight index gets the key
    /// E/w with E exponential; the smallest keys, in increasing order, are distributed as drawing one index
    /// at a time with probability proportional to w among those left.
    /// </summary>
    private void SampleWithoutReplacement(ReadOnlySpan<double> weights, Span<long> output)
    {
        var keys = new List<(double Key, int Index)>(weights.Length);
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] > 0)
            {
                double exponential = -DeterministicMath.Log(1 - _state.NextDouble()); // 1 − u is in (0, 1]
                keys.Add((exponential / weights[i], i));
            }
        }
        Span<(double Key, int Index)> sorted = CollectionsMarshal.AsSpan(keys);
        sorted.Sort(static (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Index.CompareTo(b.Index));
        for (int s = 0; s < output.Length; s++)
        {
            output[s] = sorted[s].Index;
        }
    }

    /// <summary>
    /// k distinct indices of n in random order: rejection against the ones drawn when k is small next to n
    /// (no O(n) memory for n in the billions), a partial Fisher–Yates shuffle otherwise.
    /// </summary>
    private void UniformWithoutReplacement(long n, Span<long> output)
    {
        if (output.Length <= n / 4)
        {
            var drawn = new HashSet<long>(output.Length);
            for (int s = 0; s < output.Length; s++)
            {
                long pick;
                do
                {
                    pick = (long)NextBelow((ulong)n);
                }
                while (!drawn.Add(pick));
                output[s] = pick;
            }
            return;
        }
        long[] pool = new long[n];
        for (int i = 0; i < pool.Length; i++)
        {
            pool[i] = i;
        }
        for (int s = 0; s < output.Length; s++)
        {
            long j = s + (long)NextBelow((ulong)(n - s));
            (pool[s], pool[j]) = (pool[j], pool[s]);
            output[s] = pool[s];
        }
    }
}
