using Batchwise.Layouts;
using Batchwise.Tensors;

namespace Batchwise;

/// <summary>Factories and the functional API of Batchwise (partial: one file per topic).</summary>
public static partial class Tensor
{
    /// <summary>A new tensor of zeros.</summary>
    public static Tensor<T> Zeros<T>(params ReadOnlySpan<int> shape) where T : unmanaged => Tensor<T>.Allocate(shape, zeroed: true);

    /// <summary>A new tensor of ones.</summary>
    public static Tensor<T> Ones<T>(params ReadOnlySpan<int> shape) where T : unmanaged, INumberBase<T> => Full(T.One, shape);

    /// <summary>A new tensor filled with <paramref name="value"/>.</summary>
    public static Tensor<T> Full<T>(T value, params ReadOnlySpan<int> shape) where T : unmanaged
    {
        Tensor<T> result = Tensor<T>.Allocate(shape);
        result.AsSpan().Fill(value);
        return result;
    }

    /// <summary>A new tensor whose elements are not initialised (fast; fill it before reading).</summary>
    public static Tensor<T> Empty<T>(params ReadOnlySpan<int> shape) where T : unmanaged => Tensor<T>.Allocate(shape);

    /// <summary>A 0-d tensor holding one value.</summary>
    public static Tensor<T> Scalar<T>(T value) where T : unmanaged
    {
        Tensor<T> result = Tensor<T>.Allocate([]);
        result.Origin = value;
        return result;
    }

    /// <summary>
    /// Evenly spaced values in [start, stop) with the given step (NumPy's <c>arange</c>); the length is
    /// <c>ceil((stop - start) / step)</c>, and element i is <c>start + i * step</c>.
    /// </summary>
    /// <exception cref="InvalidValueException">A step of 0.</exception>
    public static Tensor<T> Arange<T>(T start, T stop, T step) where T : unmanaged, INumber<T>
    {
        if (T.IsZero(step))
        {
            ThrowHelper.Value("arange: step must not be zero");
        }
        double count = Math.Ceiling(double.CreateChecked(stop - start) / double.CreateChecked(step));
        if (count > Array.MaxLength)
        {
            ThrowHelper.Shape($"arange: {count} elements is too many");
        }
        int length = count > 0 ? (int)count : 0;
        Tensor<T> result = Tensor<T>.Allocate([length]);
        Span<T> span = result.AsSpan();
        for (int i = 0; i < length; i++)
        {
            span[i] = start + T.CreateChecked(i) * step;
        }
        return result;
    }

    /// <summary>0, 1, ..., stop - 1.</summary>
    public static Tensor<T> Arange<T>(T stop) where T : unmanaged, INumber<T> => Arange(T.Zero, stop, T.One);

    /// <summary><paramref name="count"/> evenly spaced values from start to stop, both included unless <paramref name="endpoint"/> is false.</summary>
    public static Tensor<T> Linspace<T>(T start, T stop, int count, bool endpoint = true) where T : unmanaged, IFloatingPoint<T>
    {
        if (count < 0)
        {
            ThrowHelper.Value($"linspace: number of samples, {count}, must be non-negative");
        }
        Tensor<T> result = Tensor<T>.Allocate([count]);
        Span<T> span = result.AsSpan();
        int divisions = endpoint ? count - 1 : count;
        T step = divisions > 0 ? (stop - start) / T.CreateChecked(divisions) : T.Zero;
        for (int i = 0; i < count; i++)
        {
            span[i] = start + T.CreateChecked(i) * step;
        }
        if (endpoint && count > 1)
        {
            span[^1] = stop;
        }
        return result;
    }

    /// <summary>An n×m matrix with ones on diagonal <paramref name="k"/> (0 the main one, positive above).</summary>
    public static Tensor<T> Eye<T>(int n, int? m = null, int k = 0) where T : unmanaged, INumberBase<T>
    {
        int cols = m ?? n;
        Tensor<T> result = Zeros<T>(n, cols);
        Span<T> span = result.AsSpan();
        for (int i = 0; i < n; i++)
        {
            int j = i + k;
            if (j >= 0 && j < cols)
            {
                span[i * cols + j] = T.One;
            }
        }
        return result;
    }

    /// <summary>A tensor over <paramref name="data"/> (not copied) with the given shape (default: 1-D).</summary>
    /// <exception cref="ShapeException">The shape's size is not the array's length.</exception>
    public static Tensor<T> FromArray<T>(T[] data, params ReadOnlySpan<int> shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        int[] dims = shape.IsEmpty && data.Length != 1 ? [data.Length] : shape.ToArray();
        if (Layout.SizeOf(dims) != data.Length)
        {
            ThrowHelper.Shape($"cannot make an array of shape {ShapeText.Format(dims)} from {data.Length} elements");
        }
        return new Tensor<T>(TensorStorage<T>.Wrap(data), Layout.RowMajor(dims));
    }

    /// <summary>A copy of a multi-dimensional .NET array (<c>float[,]</c>, <c>double[,,]</c>...), same shape.</summary>
    public static Tensor<T> FromArray<T>(Array data) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.GetType().GetElementType() != typeof(T))
        {
            ThrowHelper.Value($"FromArray<{typeof(T).Name}>: the array holds {data.GetType().GetElementType()?.Name}");
        }
        var shape = new int[data.Rank];
        for (int d = 0; d < data.Rank; d++)
        {
            shape[d] = data.GetLength(d);
        }
        Tensor<T> result = Tensor<T>.Allocate(shape);
        Span<T> span = result.AsSpan();
        int i = 0;
        foreach (T value in data)
        {
            span[i++] = value;
        }
        return result;
    }

    /// <summary>Uniform samples in [low, high) from a seeded generator: one seed, the same numbers on every machine.</summary>
    public static Tensor<T> Rand<T>(int[] shape, ulong seed, double low = 0, double high = 1) where T : unmanaged, IFloatingPoint<T>
    {
        Tensor<T> result = Tensor<T>.Allocate(shape);
        var random = new SeededRandom(seed);
        Span<T> span = result.AsSpan();
        for (int i = 0; i < span.Length; i++)
        {
            // low + (high - low)·u can round up to high (in double, and more often when narrowed to
            // float): draw again, so the interval stays half-open. The draws depend only on the seed.
            T value;
            do
            {
                value = T.CreateChecked(low + (high - low) * random.NextDouble());
            }
            while (low < high && !(double.CreateChecked(value) < high));
            span[i] = value;
        }
        return result;
    }

    /// <summary>Standard normal samples from a seeded generator (Box–Muller), the same on every machine.</summary>
    public static Tensor<T> Randn<T>(int[] shape, ulong seed) where T : unmanaged, IFloatingPoint<T>
    {
        Tensor<T> result = Tensor<T>.Allocate(shape);
        var random = new SeededRandom(seed);
        Span<T> span = result.AsSpan();
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = T.CreateChecked(random.NextGaussian());
        }
        return result;
    }
}
