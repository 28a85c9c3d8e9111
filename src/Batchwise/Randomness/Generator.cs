using Batchwise.Tensors;

namespace Batchwise.Randomness;

/// <summary>
/// A seeded random generator: xoshiro256** seeded through SplitMix64, with uniform, normal, bounded-integer,
/// choice, permutation, shuffle and multinomial draws. <b>Deterministic</b>: for a given seed and the same
/// sequence of calls it produces the same numbers on every machine, operating system and .NET version
/// (integer arithmetic, IEEE +, −, ×, ÷, √ and a logarithm of our own; nothing from libm or
/// <see cref="System.Random"/>). It is <b>not</b> NumPy's or PyTorch's stream: the same seed gives other
/// numbers than <c>np.random.default_rng(seed)</c>; only the distributions agree. Not thread-safe: use one
/// generator per thread.
/// </summary>
public sealed partial class Generator
{
    private SeededRandom _state;
    private double _spareNormal;
    private bool _hasSpare;

    /// <summary>A generator whose whole stream is fixed by <paramref name="seed"/>.</summary>
    public Generator(ulong seed)
    {
        Seed = seed;
        _state = new SeededRandom(seed);
    }

    /// <summary>The seed the generator started from.</summary>
    public ulong Seed { get; }

    /// <summary>64 uniformly random bits.</summary>
    public ulong NextUInt64() => _state.NextUInt64();

    /// <summary>Uniform in [0, 1): 53 random bits, a multiple of 2⁻⁵³.</summary>
    public double NextDouble() => _state.NextDouble();

    /// <summary>Uniform in [0, <paramref name="range"/>) without bias (Lemire's multiply-and-reject); range ≥ 1.</summary>
    internal ulong NextBelow(ulong range)
    {
        UInt128 product = (UInt128)_state.NextUInt64() * range;
        ulong low = (ulong)product;
        if (low < range)
        {
            // Reject the 2⁶⁴ mod range lowest products, which would make some results one draw likelier.
            ulong threshold = (0 - range) % range;
            while (low < threshold)
            {
                product = (UInt128)_state.NextUInt64() * range;
                low = (ulong)product;
            }
        }
        return (ulong)(product >> 64);
    }

    /// <summary>A standard normal draw (Marsaglia's polar method; the second value of each pair is kept for the next call).</summary>
    internal double NextStandardNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double u, v, s;
        do
        {
            u = 2 * _state.NextDouble() - 1;
            v = 2 * _state.NextDouble() - 1;
            s = u * u + v * v;
        }
        while (s >= 1 || s == 0);
        double factor = Math.Sqrt(-2 * DeterministicMath.Log(s) / s);
        _spareNormal = v * factor;
        _hasSpare = true;
        return u * factor;
    }

    /// <summary>
    /// Samples uniform on [<paramref name="low"/>, <paramref name="high"/>): <c>low + (high − low)·u</c> with u
    /// of 24 random bits for float and 53 for double. A value that rounds up to <paramref name="high"/> is drawn
    /// again, so <paramref name="high"/> never appears (unless low == high, which gives low everywhere).
    /// </summary>
    /// <exception cref="InvalidValueException">low or high is not finite, or low &gt; high.</exception>
    public Tensor<T> Uniform<T>(T low, T high, params ReadOnlySpan<int> shape) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!T.IsFinite(low) || !T.IsFinite(high) || low > high || !T.IsFinite(high - low))
        {
            ThrowHelper.Value($"uniform: needs finite low <= high with a finite range; got low={low}, high={high}");
        }
        Tensor<T> result = Tensor.Empty<T>(shape);
        Span<T> span = result.AsSpan();
        T range = high - low;
        for (int i = 0; i < span.Length; i++)
        {
            T value;
            do
            {
                value = low + range * UnitInterval<T>();
            }
            while (value >= high && low < high);
            span[i] = value;
        }
        return result;
    }

    /// <summary>Uniform in [0, 1) with the type's precision: 24 random bits for float, 53 for double.</summary>
    private T UnitInterval<T>() where T : IBinaryFloatingPointIeee754<T> =>
        typeof(T) == typeof(float)
            ? T.CreateTruncating((_state.NextUInt64() >> 40) * (1.0f / (1 << 24)))
            : T.CreateTruncating(_state.NextDouble());

    /// <summary>
    /// Samples the normal distribution N(<paramref name="mean"/>, <paramref name="std"/>²), computed in double
    /// and rounded to <typeparamref name="T"/>. <paramref name="std"/> = 0 gives <paramref name="mean"/> everywhere.
    /// </summary>
    /// <exception cref="InvalidValueException"><paramref name="std"/> is negative or NaN (NumPy: <c>scale &lt; 0</c>).</exception>
    public Tensor<T> Normal<T>(T mean, T std, params ReadOnlySpan<int> shape) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!(std >= T.Zero))
        {
            ThrowHelper.Value($"normal: scale < 0 (std={std})");
        }
        double m = double.CreateTruncating(mean), s = double.CreateTruncating(std);
        Tensor<T> result = Tensor.Empty<T>(shape);
        Span<T> span = result.AsSpan();
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = T.CreateTruncating(m + s * NextStandardNormal());
        }
        return result;
    }

    /// <summary>
    /// Samples integers uniformly from [<paramref name="low"/>, <paramref name="high"/>) without bias (NumPy's
    /// <c>integers(low, high, size)</c>, high exclusive). Any integer type of up to 64 bits.
    /// </summary>
    /// <exception cref="InvalidValueException"><paramref name="low"/> &gt;= <paramref name="high"/>.</exception>
    public Tensor<T> Integers<T>(T low, T high, params ReadOnlySpan<int> shape) where T : unmanaged, IBinaryInteger<T>
    {
        Int128 lo = Int128.CreateTruncating(low), hi = Int128.CreateTruncating(high);
        if (lo >= hi)
        {
            ThrowHelper.Value($"integers: low >= high ({low} >= {high})");
        }
        if (hi - lo > ulong.MaxValue)
        {
            throw new NotSupportedException($"integers: the range [{low}, {high}) is wider than 2^64 - 1");
        }
        ulong range = (ulong)(hi - lo);
        Tensor<T> result = Tensor.Empty<T>(shape);
        Span<T> span = result.AsSpan();
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = T.CreateTruncating(lo + NextBelow(range));
        }
        return result;
    }
}
