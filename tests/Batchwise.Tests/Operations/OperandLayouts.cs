using System.Numerics;

namespace Batchwise.Tests.Operations;

/// <summary>The memory layouts an operand of an element-wise test can have.</summary>
public enum OperandLayout
{
    /// <summary>Row-major, offset 0.</summary>
    Contiguous,
    /// <summary>Every other element of a buffer twice as long (stride 2).</summary>
    Strided,
    /// <summary>A buffer read backwards (stride -1).</summary>
    Reversed,
    /// <summary>Contiguous but starting 3 elements into its buffer.</summary>
    Offset,
    /// <summary>One value broadcast along the axis (stride 0, made by BroadcastTo).</summary>
    Broadcast,
    /// <summary>Shape (1,): broadcast by the operation itself.</summary>
    One,
    /// <summary>A 0-d tensor: broadcast by the operation itself.</summary>
    Scalar,
}

/// <summary>Builds 1-D operands of a given length and layout that hold known values.</summary>
internal static class OperandLayouts
{
    public static readonly OperandLayout[] All = Enum.GetValues<OperandLayout>();

    /// <summary>
    /// A tensor whose logical elements are <paramref name="values"/> (for the broadcasting layouts, only
    /// values[0] is stored and every logical element is values[0]).
    /// </summary>
    public static Tensor<T> Make<T>(T[] values, OperandLayout layout) where T : unmanaged
    {
        int n = values.Length;
        switch (layout)
        {
            case OperandLayout.Contiguous:
                return Tensor.FromArray((T[])values.Clone(), n);
            case OperandLayout.Strided:
                {
                    var buffer = new T[2 * n];
                    for (int i = 0; i < n; i++)
                    {
                        buffer[2 * i] = values[i];
                    }
                    return Tensor.FromArray(buffer, 2 * n)[TensorIndex.Slice(null, null, 2)];
                }
            case OperandLayout.Reversed:
                return Tensor.FromArray(values.Reverse().ToArray(), n)[TensorIndex.Slice(null, null, -1)];
            case OperandLayout.Offset:
                {
                    var buffer = new T[n + 3];
                    values.CopyTo(buffer, 3);
                    return Tensor.FromArray(buffer, n + 3)[3..];
                }
            case OperandLayout.Broadcast:
                return Tensor.FromArray([n == 0 ? default : values[0]], 1).BroadcastTo(n);
            case OperandLayout.One:
                return Tensor.FromArray([n == 0 ? default : values[0]], 1);
            default:
                return Tensor.Scalar(n == 0 ? default : values[0]);
        }
    }

    /// <summary>The logical values of an operand made by <see cref="Make"/>, broadcast to length n.</summary>
    public static T[] Logical<T>(T[] values, OperandLayout layout) where T : unmanaged =>
        layout is OperandLayout.Broadcast or OperandLayout.One or OperandLayout.Scalar
            ? Enumerable.Repeat(values.Length == 0 ? default : values[0], values.Length).ToArray()
            : values;

    /// <summary>
    /// The logical shape the operation sees: shape (1,) and 0-d operands broadcast, so the result has
    /// length n unless both operands are 0-d or (1,)-shaped.
    /// </summary>
    public static bool Stretches(OperandLayout layout) => layout is OperandLayout.One or OperandLayout.Scalar;

    /// <summary>Reproducible test values with zeros, negatives, ±0 and (optionally) NaN and ±inf sprinkled in.</summary>
    public static double[] Values(int n, int seed, bool specials, double low = -4, double high = 4)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = Math.Round(low + (high - low) * random.NextDouble(), 3);
            if (specials)
            {
                switch (random.Next(40))
                {
                    case 0:
                        values[i] = double.NaN;
                        break;
                    case 1:
                        values[i] = double.PositiveInfinity;
                        break;
                    case 2:
                        values[i] = double.NegativeInfinity;
                        break;
                    case 3:
                        values[i] = -0.0;
                        break;
                    case 4:
                        values[i] = 0.0;
                        break;
                }
            }
        }
        return values;
    }

    /// <summary>
    /// Equal, both NaN, or within a relative tolerance of <c>max(|expected|, floor)</c> (the floor
    /// turns it into an absolute tolerance near zero, where ulp-accurate results still differ).
    /// </summary>
    public static bool Close(double actual, double expected, double relative, double floor = 1e-300)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            return double.IsNaN(expected) && double.IsNaN(actual);
        }
        if (actual == expected)
        {
            return true;
        }
        if (double.IsInfinity(actual) || double.IsInfinity(expected))
        {
            return false;
        }
        return Math.Abs(actual - expected) <= relative * Math.Max(Math.Abs(expected), floor);
    }

    /// <summary>The values converted to <typeparamref name="T"/>, checked.</summary>
    public static T[] Cast<T>(double[] values) where T : INumberBase<T> => values.Select(T.CreateChecked).ToArray();

    /// <summary>Every element <see cref="Close"/> to the expected one, naming the first that is not.</summary>
    public static void AssertClose(double[] expected, double[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Close(actual[i], expected[i], relative), $"element {i}: {actual[i]} != {expected[i]}");
        }
    }
}
