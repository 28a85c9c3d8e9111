using System.Globalization;

namespace Batchwise;

/// <summary>
/// The <c>ord</c> of <see cref="Linalg.Norm{T}(Tensor{T}, NormOrder?, int[], bool)"/>: a number p
/// (including ±infinity and 0) or one of the named matrix norms 'fro' and 'nuc'.
/// </summary>
public readonly record struct NormOrder
{
    private NormOrder(double p, string? name)
    {
        P = p;
        Name = name;
    }

    /// <summary>The order as a number (NaN for the named norms).</summary>
    public double P { get; }

    /// <summary>"fro" or "nuc" for the named norms, else null.</summary>
    public string? Name { get; }

    /// <summary>The Frobenius norm, <c>sqrt(sum |a_ij|²)</c>.</summary>
    public static NormOrder Fro { get; } = new(double.NaN, "fro");

    /// <summary>The nuclear norm, the sum of the singular values.</summary>
    public static NormOrder Nuc { get; } = new(double.NaN, "nuc");

    /// <summary>The numeric order p.</summary>
    public static implicit operator NormOrder(double p) => new(p, null);

    /// <summary>'fro' or 'nuc' (NumPy also accepts 'f').</summary>
    /// <exception cref="InvalidValueException">Any other string.</exception>
    public static NormOrder Parse(string name) => name switch
    {
        "fro" or "f" => Fro,
        "nuc" => Nuc,
        _ => ThrowHelper.Value<NormOrder>($"norm: invalid norm order '{name}'"),
    };

    /// <inheritdoc/>
    public override string ToString() => Name ?? P.ToString(CultureInfo.InvariantCulture);
}

public static partial class Linalg
{
    /// <summary>
    /// Vector or matrix norm with <c>numpy.linalg.norm</c>'s rules.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="ord">Vector orders: null or 2 (Euclidean), 1, ∞ (max |x|), -∞ (min |x|), 0 (count of
    /// nonzeros), any p (<c>(sum |x|^p)^(1/p)</c>). Matrix orders: null or 'fro', 'nuc', 1 / -1 (max / min
    /// column sum of |a|), ∞ / -∞ (max / min row sum), 2 / -2 (largest / smallest singular value).</param>
    /// <param name="axis">null: with ord null, the 2-norm of the flattened array (any rank); with an ord,
    /// x must be 1-D (vector norm) or 2-D (matrix norm). One axis: vector norms along it. Two axes:
    /// matrix norms over them (row axis, column axis).</param>
    /// <param name="keepDims">Keep the reduced axes with size 1.</param>
    /// <remarks>Vector sums accumulate in double over elements scaled by the largest one's binade, so a
    /// norm is finite wherever the result is representable: float32 <c>norm([1e20, 1e20])</c> is 1.41e20,
    /// where NumPy's float32 sum of squares overflows to inf. NaN propagates; the 2, -2 and nuclear
    /// matrix norms of a matrix holding NaN or inf raise <see cref="LinAlgException"/> (they need its
    /// SVD). The norm of an empty vector is 0 for sum-type orders.</remarks>
    /// <exception cref="AxisIndexException">An axis is out of range.</exception>
    /// <exception cref="InvalidValueException">An invalid order for vectors or matrices, repeated axes,
    /// more than two axes, an ord with axis null on an array that is not 1-D or 2-D, or ±∞ over an empty vector.</exception>
    public static Tensor<T> Norm<T>(Tensor<T> x, NormOrder? ord = null, int[]? axis = null, bool keepDims = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        (int[]? axes, Dim[] shape) = NormRule.Apply(Tensor<T>.AsDims(x.Shape), ord, axis, axis is not null, keepDims);
        int[] resultShape = Tensor.DimsToInts(shape);
        if (axes is null)
        {
            return VectorNorm(x.Reshape(1, x.Size), 1, 2.0).Reshape(resultShape);
        }
        if (axes.Length == 1)
        {
            Tensor<T> moved = x.MoveAxis(axes[0], -1).Contiguous();
            int length = x.Shape[axes[0]];
            int rows = length == 0 ? BatchSizeWithout(x.Shape, axes[0]) : x.Size / length;
            return VectorNorm(moved.Reshape(rows, length), rows, ord?.P ?? 2.0).Reshape(resultShape);
        }
        Tensor<T> matrices = x.MoveAxis(axes, [-2, -1]).Contiguous();
        return MatrixNorm(matrices, ord ?? NormOrder.Fro).Reshape(resultShape);
    }

    /// <summary>Vector norms along one axis (<c>numpy.linalg.norm(x, ord, axis)</c>).</summary>
    /// <exception cref="AxisIndexException">The axis is out of range.</exception>
    /// <exception cref="InvalidValueException">An invalid vector order.</exception>
    public static Tensor<T> Norm<T>(Tensor<T> x, NormOrder? ord, int axis, bool keepDims = false) where T : unmanaged, IFloatingPointIeee754<T> =>
        Norm(x, ord, [axis], keepDims);

    private static int BatchSizeWithout(ReadOnlySpan<int> shape, int axis)
    {
        int size = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            size *= i == axis ? 1 : shape[i];
        }
        return size;
    }

    /// <summary>The p-norm of each row of a contiguous (rows, length) tensor.</summary>
    private static Tensor<T> VectorNorm<T>(Tensor<T> x, int rows, double p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int length = x.Shape[1];
        Tensor<T> result = Tensor<T>.Allocate([rows]);
        if (rows == 0)
        {
            return result;
        }
        if (length == 0 && double.IsInfinity(p))
        {
            ThrowHelper.Value("norm: zero-size array to reduction operation maximum which has no identity");
        }
        ReadOnlySpan<T> data = x.Contiguous().AsSpan();
        Span<T> output = result.AsSpan();
        for (int row = 0; row < rows; row++)
        {
            ReadOnlySpan<T> v = data.Slice(row * length, length);
            double acc;
            if (double.IsPositiveInfinity(p) || double.IsNegativeInfinity(p))
            {
                acc = double.Abs(double.CreateTruncating(v[0]));
                foreach (T e in v)
                {
                    double a = double.Abs(double.CreateTruncating(e));
                    acc = p > 0 ? Math.Max(acc, a) : Math.Min(acc, a);
                }
            }
            else
            {
                // Powers of |x|·2^-e, with 2^e the largest magnitude's binade, cannot overflow or underflow
                // (the 2-norm of [1e300, 1e300] is 1.4e300, not inf); the scaling is exact.
                int exponent = p is 0 or 1 ? 0 : LargestExponent(v);
                double scale = double.ScaleB(1, -exponent);
                acc = 0;
                foreach (T e in v)
                {
                    double a = double.Abs(double.CreateTruncating(e)) * scale;
                    acc += p switch
                    {
                        0 => a != 0 ? 1 : (double.IsNaN(a) ? a : 0),
                        1 => a,
                        2 => a * a,
                        _ => Math.Pow(a, p),
                    };
                }
                acc = p switch
                {
                    0 or 1 => acc,
                    2 => double.ScaleB(Math.Sqrt(acc), exponent),
                    _ => double.ScaleB(Math.Pow(acc, 1 / p), exponent),
                };
            }
            output[row] = T.CreateTruncating(acc);
        }
        return result;
    }

    /// <summary>The binary exponent of the largest finite nonzero |x| (0 when there is none).</summary>
    private static int LargestExponent<T>(ReadOnlySpan<T> v) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double largest = 0;
        foreach (T e in v)
        {
            double a = double.Abs(double.CreateTruncating(e));
            largest = double.IsFinite(a) && a > largest ? a : largest;
        }
        return largest == 0 ? 0 : double.ILogB(largest);
    }

    /// <summary>Matrix norms of a contiguous (..., m, n) stack.</summary>
    private static Tensor<T> MatrixNorm<T>(Tensor<T> x, NormOrder ord) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = x.Shape[^2], n = x.Shape[^1];
        ReadOnlySpan<int> batch = x.Shape[..^2];
        if (ord.Name is "nuc" || (ord.Name is null && Math.Abs(ord.P) == 2))
        {
            Tensor<T> s = SvdVals(x);
            int k = Math.Min(m, n);
            Tensor<T> reduced = Tensor<T>.Allocate(batch);
            Span<T> sv = s.AsSpan(), output = reduced.AsSpan();
            for (int i = 0; i < output.Length; i++)
            {
                ReadOnlySpan<T> row = sv.Slice(i * k, k);
                T value = T.Zero;
                if (ord.Name is "nuc")
                {
                    foreach (T e in row)
                    {
                        value += e;
                    }
                }
                else
                {
                    value = k == 0 ? T.Zero : ord.P > 0 ? row[0] : row[k - 1];
                }
                output[i] = value;
            }
            return reduced;
        }
        if (ord.Name is "fro")
        {
            int count = BatchCount(x.Shape);
            return VectorNorm(x.Reshape(count, m * n), count, 2.0).Reshape(batch);
        }
        bool columns;
        bool max;
        switch (ord.P)
        {
            case 1:
                columns = true;
                max = true;
                break;
            case -1:
                columns = true;
                max = false;
                break;
            case double.PositiveInfinity:
                columns = false;
                max = true;
                break;
            case double.NegativeInfinity:
                columns = false;
                max = false;
                break;
            default:
                return ThrowHelper.Value<Tensor<T>>($"norm: invalid norm order {ord} for matrices");
        }
        // Sum |a| along rows (column sums) or columns (row sums), then take the max or min.
        Tensor<T> sums = Tensor.Sum(Tensor.Abs(x), columns ? -2 : -1);
        if (sums.Shape[^1] == 0)
        {
            ThrowHelper.Value("norm: zero-size array to reduction operation which has no identity");
        }
        int length = sums.Shape[^1];
        Tensor<T> extreme = Tensor<T>.Allocate(batch);
        ReadOnlySpan<T> values = sums.Contiguous().AsSpan();
        Span<T> extremes = extreme.AsSpan();
        for (int i = 0; i < extremes.Length; i++)
        {
            T best = values[i * length];
            foreach (T v in values.Slice(i * length, length))
            {
                best = T.IsNaN(v) || T.IsNaN(best) ? T.NaN : max ? T.Max(best, v) : T.Min(best, v);
            }
            extremes[i] = best;
        }
        return extreme;
    }
}
