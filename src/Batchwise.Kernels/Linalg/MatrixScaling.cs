using System.Numerics.Tensors;

namespace Batchwise.Kernels.Linalg;

/// <summary>
/// Power-of-two scaling around the iterative decompositions (Jacobi SVD and eigh, Householder QR),
/// LAPACK's xLASCL idea: the matrix is scaled so that its largest magnitude lies in [1, 2), decomposed,
/// and the scale is taken back out of the results. Multiplying by a power of two is exact, so the
/// results are equivariant under scaling, and the sums of squares inside the decompositions can
/// neither overflow (entries near the type's maximum) nor underflow to zero (entries near its minimum).
/// </summary>
internal static class MatrixScaling
{
    /// <summary>
    /// The binary exponent e of the largest magnitude in <paramref name="x"/> (so x·2^-e has its largest
    /// magnitude in [1, 2); 0 when x is all zero); false when x holds a NaN or an infinity.
    /// </summary>
    public static bool TryExponent<T>(ReadOnlySpan<T> x, out int exponent) where T : unmanaged, IFloatingPointIeee754<T>
    {
        exponent = 0;
        if (x.IsEmpty)
        {
            return true;
        }
        T max = T.Abs(TensorPrimitives.MaxMagnitude(x));
        if (!T.IsFinite(max))
        {
            return false;
        }
        if (max != T.Zero)
        {
            exponent = T.ILogB(max);
        }
        return true;
    }

    /// <summary><c>x *= 2^power</c>, exact wherever the result is a normal number.</summary>
    public static void ScaleBy<T>(Span<T> x, int power) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (power == 0)
        {
            return;
        }
        (T first, T second) = Factors<T>(power);
        TensorPrimitives.Multiply(x, first, x);
        TensorPrimitives.Multiply(x, second, x);
    }

    /// <summary>
    /// Two factors whose product is 2^<paramref name="power"/>, each representable: the largest
    /// exponent needed, 2^1074 for a double subnormal, is not.
    /// </summary>
    public static (T First, T Second) Factors<T>(int power) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int half = power / 2;
        return (T.ScaleB(T.One, half), T.ScaleB(T.One, power - half));
    }

    /// <summary>
    /// Scales each lane's matrix of a batch tile (one matrix per lane, see <c>SmallLuBatch.Gather</c>) by
    /// the power of two that brings its largest magnitude into [1, 2), and writes each lane's exponent;
    /// a lane holding a NaN or an infinity is zeroed and gets <see cref="int.MinValue"/>. Returns the
    /// batch index (<paramref name="first"/> + lane) of the first such lane among the
    /// <paramref name="valid"/> ones, or -1.
    /// </summary>
    public static long ScaleLanes<T>(Span<Vector<T>> tile, int first, int valid, Span<int> exponents) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector<T> largest = Vector<T>.Zero, nonFinite = Vector<T>.Zero;
        foreach (Vector<T> x in tile)
        {
            largest = Vector.Max(largest, Vector.Abs(x));
            nonFinite |= ~Vector.Equals(x - x, Vector<T>.Zero);
        }
        int lanes = Vector<T>.Count;
        Span<T> firstFactors = stackalloc T[lanes];
        Span<T> secondFactors = stackalloc T[lanes];
        long failed = -1;
        for (int lane = 0; lane < lanes; lane++)
        {
            if (nonFinite[lane] != T.Zero)
            {
                exponents[lane] = int.MinValue;
                firstFactors[lane] = secondFactors[lane] = T.Zero;
                failed = failed < 0 && lane < valid ? first + lane : failed;
                continue;
            }
            exponents[lane] = largest[lane] == T.Zero ? 0 : T.ILogB(largest[lane]);
            (firstFactors[lane], secondFactors[lane]) = Factors<T>(-exponents[lane]);
        }
        var f1 = new Vector<T>(firstFactors);
        var f2 = new Vector<T>(secondFactors);
        Vector<T> keep = ~Vector.Equals(f1, Vector<T>.Zero);
        for (int i = 0; i < tile.Length; i++)
        {
            tile[i] = Vector.ConditionalSelect(keep, tile[i] * f1 * f2, Vector<T>.Zero);
        }
        return failed;
    }
}
