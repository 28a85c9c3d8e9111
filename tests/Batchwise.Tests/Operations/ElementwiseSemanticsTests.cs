using System.Numerics;
using static Batchwise.Tests.Operations.OperandLayouts;

namespace Batchwise.Tests.Operations;

/// <summary>
/// What element-wise operations promise beyond their values (<see cref="ElementwiseTests"/> sweeps
/// those): results written <c>into:</c> any destination, overlapping ones included; scalar and 0-d
/// operands; two-dimensional broadcasts; logical operations and <c>Where</c>; conversions; and the
/// errors for shapes that do not broadcast.
/// </summary>
[Collection("InstructionSet")]
public class ElementwiseSemanticsTests
{
    /// <summary>The destinations an <c>into:</c> argument can be.</summary>
    public enum Destination
    {
        /// <summary>A fresh contiguous tensor.</summary>
        Fresh,
        /// <summary>A strided view (every other element) of a larger buffer.</summary>
        StridedView,
        /// <summary>A reversed view of a buffer nobody else uses.</summary>
        ReversedView,
        /// <summary>The left operand itself (in place).</summary>
        Left,
        /// <summary>The right operand itself.</summary>
        Right,
        /// <summary>A reversed view of the left operand's storage: partial overlap, needs a temporary.</summary>
        LeftReversed,
        /// <summary>The left operand's storage shifted by one element: partial overlap.</summary>
        LeftShifted,
    }

    [Fact]
    public void Binary_IntoEveryDestination_WritesTheResultThereAndReturnsIt()
    {
        foreach (Destination destination in Enum.GetValues<Destination>())
        {
            for (int n = 0; n <= ElementwiseTests.MaxSweepLength; n++)
            {
                CheckInto(destination, n, OperandLayout.Contiguous, OperandLayout.Contiguous);
                CheckInto(destination, n, OperandLayout.Reversed, OperandLayout.Strided);
                CheckInto(destination, n, OperandLayout.Strided, OperandLayout.Broadcast);
            }
            CheckInto(destination, ElementwiseTests.ParallelLength, OperandLayout.Contiguous, OperandLayout.Contiguous);
            CheckInto(destination, ElementwiseTests.ParallelLength, OperandLayout.Reversed, OperandLayout.Contiguous);
        }
    }

    private static void CheckInto(Destination kind, int n, OperandLayout la, OperandLayout lb)
    {
        double[] x = Values(n, n, specials: false), y = Values(n, 1000 + n, specials: false);
        // The left operand lives in a buffer of n + 1 so that a shifted view of it fits.
        var buffer = new double[n + 1];
        Tensor<double> a;
        if (kind == Destination.LeftShifted)
        {
            x.CopyTo(buffer, 1);
            a = Tensor.FromArray(buffer, n + 1)[1..];
        }
        else
        {
            a = Make(x, la);
        }
        Tensor<double> b = Make(y, lb);
        double[] ex = kind == Destination.LeftShifted ? x : Logical(x, la), ey = Logical(y, lb);
        Tensor<double> into = kind switch
        {
            Destination.Fresh => Tensor.Full(double.NaN, n),
            Destination.StridedView => Tensor.Full(double.NaN, 2 * n)[TensorIndex.Slice(null, null, 2)],
            Destination.ReversedView => Tensor.Full(double.NaN, n)[TensorIndex.Slice(null, null, -1)],
            Destination.Left => a,
            Destination.Right => b,
            Destination.LeftReversed => a[TensorIndex.Slice(null, null, -1)],
            _ => Tensor.FromArray(buffer, n + 1)[..^1],
        };
        if (kind == Destination.Right && lb == OperandLayout.Broadcast)
        {
            return; // writing into a stride-0 view is not a meaningful destination
        }
        if (kind == Destination.LeftReversed && la == OperandLayout.Broadcast)
        {
            return;
        }
        Tensor<double> returned;
        try
        {
            returned = Tensor.Subtract(a, b, into);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{kind} n={n} {la}/{lb}: {e.Message}", e);
        }
        Assert.Same(into, returned);
        double[] actual = into.ToArray();
        for (int i = 0; i < n; i++)
        {
            Assert.True(ex[i] - ey[i] == actual[i], $"{kind} n={n} {la}/{lb} element {i}: {actual[i]} != {ex[i] - ey[i]}");
        }
    }

    [Fact]
    public void Unary_IntoItselfAndOverlappingViews_MatchesFreshResult()
    {
        for (int n = 0; n <= ElementwiseTests.MaxSweepLength; n++)
        {
            double[] x = Values(n, n, specials: false);
            double[] expected = x.Select(Math.Exp).ToArray();

            Tensor<double> inPlace = Tensor.FromArray((double[])x.Clone(), n);
            Assert.Same(inPlace, Tensor.Exp(inPlace, into: inPlace));
            AssertClose(expected, inPlace.ToArray(), 1e-13);

            Tensor<double> reversed = Tensor.FromArray((double[])x.Clone(), n);
            Tensor.Exp(reversed, into: reversed[TensorIndex.Slice(null, null, -1)]);
            AssertClose(expected.Reverse().ToArray(), reversed.ToArray(), 1e-13);

            var buffer = new double[n + 1];
            x.CopyTo(buffer, 0);
            Tensor<double> shifted = Tensor.FromArray(buffer, n + 1);
            Tensor.Negate(shifted[..^1], into: shifted[1..]);
            double[] expectedShifted = n == 0 ? [0.0] : [x[0], .. x.Select(v => -v)];
            AssertClose(expectedShifted, shifted.ToArray(), 0);
        }
    }

    [Fact]
    public void Binary_ScalarOperandsBothWays_TakeTheTensorsType()
    {
        Tensor<float> a = Tensor.FromArray([1f, 2f, 4f], 3);
        Assert.Equal([3f, 4f, 6f], (a + 2f).ToArray());
        Assert.Equal([3f, 4f, 6f], (2f + a).ToArray());
        Assert.Equal([-1f, 0f, 2f], (a - 2f).ToArray());
        Assert.Equal([1f, 0f, -2f], (2f - a).ToArray());
        Assert.Equal([2f, 4f, 8f], (a * 2f).ToArray());
        Assert.Equal([2f, 4f, 8f], (2f * a).ToArray());
        Assert.Equal([0.5f, 1f, 2f], (a / 2f).ToArray());
        Assert.Equal([2f, 1f, 0.5f], (2f / a).ToArray());
        Assert.Equal([-1f, -2f, -4f], (-a).ToArray());
        Assert.Equal([2f, 2f, 4f], Tensor.Maximum(a, 2f).ToArray());
        Assert.Equal([1f, 2f, 2f], Tensor.Minimum(a, 2f).ToArray());
        Assert.Equal([1f, 4f, 16f], Tensor.Pow(a, 2f).ToArray());
        Assert.Equal([2f, 2f, 3f], Tensor.Clip(a, 2f, 3f).ToArray());
        Assert.Equal([false, true, false], Tensor.Equal(a, 2f).ToArray());
        Assert.Equal([true, false, false], Tensor.Less(a, 2f).ToArray());
        Assert.Equal([false, false, true], Tensor.Greater(a, 2f).ToArray());
    }

    [Fact]
    public void Binary_TwoDimensionalBroadcasts_MatchReference()
    {
        foreach ((int m, int n) in new[] { (0, 3), (3, 0), (1, 1), (3, 5), (17, 33), (400, 401) })
        {
            Tensor<double> a = Tensor.Arange((double)(m * n)).Reshape(m, n);
            Tensor<double> row = Tensor.Arange((double)n) * 0.5;
            Tensor<double> column = (Tensor.Arange((double)m) * 3.0).Reshape(m, 1);
            double[] rowValues = row.ToArray(), columnValues = column.ToArray();
            Tensor<double> sumRow = a + row, sumColumn = a + column, outer = column * row;
            Tensor<double> transposed = a.T.Contiguous().T + row;  // a Fortran-ordered operand
            Tensor<double> reversed = a[TensorIndex.Slice(null, null, -1), TensorIndex.Slice(null, null, -1)] - row[TensorIndex.Slice(null, null, -1)];
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double aij = i * n + j;
                    Assert.Equal(aij + rowValues[j], sumRow.GetItem(i, j));
                    Assert.Equal(aij + columnValues[i], sumColumn.GetItem(i, j));
                    Assert.Equal(columnValues[i] * rowValues[j], outer.GetItem(i, j));
                    Assert.Equal(aij + rowValues[j], transposed.GetItem(i, j));
                    Assert.Equal((m - 1 - i) * n + (n - 1 - j) - rowValues[n - 1 - j], reversed.GetItem(i, j));
                }
            }
        }
    }

    [Fact]
    public void Binary_ZeroDimensionalOperands_GiveZeroDimensionalOrOneShapedResults()
    {
        Tensor<double> s = Tensor.Scalar(3.0), t = Tensor.Scalar(4.0);
        Tensor<double> sum = s + t;
        Assert.Equal(0, sum.Rank);
        Assert.Equal(7.0, sum.ToScalar());
        Tensor<double> mixed = s * Tensor.FromArray([2.0], 1);
        Assert.Equal([1], mixed.Shape.ToArray());
        Assert.Equal(6.0, mixed.ToScalar());
        Tensor<double> empty = Tensor.Zeros<double>(0, 4) + Tensor.Ones<double>(4);
        Assert.Equal([0, 4], empty.Shape.ToArray());
        Tensor<double> emptyBroadcast = Tensor.Zeros<double>(3, 0) + Tensor.Ones<double>(3, 1);
        Assert.Equal([3, 0], emptyBroadcast.Shape.ToArray());
    }

    [Fact]
    public void Logical_EveryLength_MatchesReference()
    {
        for (int n = 0; n <= ElementwiseTests.MaxSweepLength; n++)
        {
            var random = new Random(n);
            bool[] x = Enumerable.Range(0, n).Select(_ => random.Next(2) == 0).ToArray();
            bool[] y = Enumerable.Range(0, n).Select(_ => random.Next(2) == 0).ToArray();
            foreach (OperandLayout la in new[] { OperandLayout.Contiguous, OperandLayout.Strided, OperandLayout.Reversed, OperandLayout.Broadcast })
            {
                foreach (OperandLayout lb in new[] { OperandLayout.Contiguous, OperandLayout.Reversed, OperandLayout.Scalar })
                {
                    Tensor<bool> a = Make(x, la), b = Make(y, lb);
                    bool[] ex = Logical(x, la), ey = Logical(y, lb);
                    Assert.Equal(ex.Zip(ey, (p, q) => p & q), (a & b).ToArray());
                    Assert.Equal(ex.Zip(ey, (p, q) => p | q), (a | b).ToArray());
                    Assert.Equal(ex.Zip(ey, (p, q) => p ^ q), (a ^ b).ToArray());
                    Assert.Equal(ex.Select(p => !p), (!a).ToArray());
                }
            }
        }
    }

    [Fact]
    public void Where_BroadcastMaskAndBranches_PicksElementwise()
    {
        for (int n = 0; n <= ElementwiseTests.MaxSweepLength; n += 7)
        {
            double[] x = Values(n, n, specials: true), y = Values(n, n + 1, specials: true);
            foreach (OperandLayout lm in new[] { OperandLayout.Contiguous, OperandLayout.Reversed, OperandLayout.Broadcast })
            {
                foreach (OperandLayout la in new[] { OperandLayout.Contiguous, OperandLayout.Strided, OperandLayout.Scalar })
                {
                    Tensor<double> a = Make(x, la), b = Make(y, OperandLayout.Reversed);
                    Tensor<bool> mask = Make(x.Select(v => v > 0).ToArray(), lm);
                    bool[] em = Logical(x.Select(v => v > 0).ToArray(), lm);
                    double[] ea = Logical(x, la);
                    double[] actual = Tensor.Where(mask, a, b).ToArray();
                    for (int i = 0; i < n; i++)
                    {
                        double expected = em[i] ? ea[i] : y[i];
                        Assert.True(expected.Equals(actual[i]), $"n={n} {lm}/{la} element {i}");
                    }
                }
            }
        }
        Tensor<double> picked = Tensor.Where(Tensor.FromArray([true, false], 2, 1), 1.0, -1.0);
        Assert.Equal([2, 1], picked.Shape.ToArray());
        Assert.Equal([1.0, -1.0], picked.ToArray());
    }

    [Fact]
    public void Where_CausalAndPaddingMasks_BlocksOfRunsMatchReference()
    {
        // Runs of true and false longer than a 32-element block, broadcast over a batch that is large
        // enough for two workers, with scalar and tensor branches and a 1-byte element type.
        const int batch = 6, n = 300;
        var random = new Random(5);
        bool[] causal = new bool[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                causal[i * n + j] = j > i || (i % 7 == 3 && j % 5 == 0) || (i == 10 && j < 200);
            }
        }
        Tensor<bool> mask = Tensor.FromArray(causal, n, n);
        float[] scores = Enumerable.Range(0, batch * n * n).Select(_ => (float)random.NextDouble()).ToArray();
        Tensor<float> x = Tensor.FromArray(scores, batch, n, n);
        float[] filled = Batchwise.NN.Functional.MaskedFill(x, mask, float.NegativeInfinity).ToArray();
        float[] picked = Tensor.Where(mask, Tensor.Multiply(x, 2f), x).ToArray();
        sbyte[] bytes = Tensor.Where(mask, Tensor.Full<sbyte>(-3, batch, n, n), Tensor.Zeros<sbyte>(batch, n, n)).ToArray();
        for (int i = 0; i < scores.Length; i++)
        {
            bool m = causal[i % (n * n)];
            Assert.Equal(m ? float.NegativeInfinity : scores[i], filled[i]);
            Assert.Equal(m ? 2 * scores[i] : scores[i], picked[i]);
            Assert.Equal(m ? (sbyte)-3 : (sbyte)0, bytes[i]);
        }
    }

    [Fact]
    public void To_FloatToIntegerAndBack_TruncatesTowardZeroOnEveryLayout()
    {
        for (int n = 0; n <= ElementwiseTests.MaxSweepLength; n++)
        {
            double[] x = Values(n, n, specials: false, -1000, 1000);
            foreach (OperandLayout layout in new[] { OperandLayout.Contiguous, OperandLayout.Reversed, OperandLayout.Broadcast })
            {
                double[] logical = Logical(x, layout);
                Assert.Equal(logical.Select(v => (int)Math.Truncate(v)), Tensor.To<double, int>(Make(x, layout)).ToArray());
                Assert.Equal(logical.Select(v => (long)Math.Truncate(v)), Tensor.To<double, long>(Make(x, layout)).ToArray());
                Assert.Equal(logical.Select(v => (float)v), Tensor.To<double, float>(Make(x, layout)).ToArray());
            }
        }
        Assert.Equal([1.0, -2.0, 3.0], Tensor.To<int, double>(Tensor.FromArray([1, -2, 3], 3)).ToArray());
    }

    [Fact]
    public void To_OutOfRangeAndNaN_AgreesBetweenContiguousAndStridedPaths()
    {
        // The contiguous path is TensorPrimitives.ConvertTruncating, the strided one the scalar
        // CreateTruncating: the same value must convert the same way on both.
        double[] x = [double.NaN, 1e10, -1e10, double.PositiveInfinity, double.NegativeInfinity, 2.5, -2.5, 0];
        int[] contiguous = Tensor.To<double, int>(Make(x, OperandLayout.Contiguous)).ToArray();
        int[] strided = Tensor.To<double, int>(Make(x, OperandLayout.Strided)).ToArray();
        Assert.Equal(contiguous, strided);
    }

    [Fact]
    public void Operations_ShapesThatDoNotBroadcast_ThrowShapeExceptionNamingBoth()
    {
        Tensor<double> a = Tensor.Zeros<double>(2, 3), b = Tensor.Zeros<double>(4);
        var error = Assert.Throws<ShapeException>(() => a + b);
        Assert.Equal("add: operands could not be broadcast together with shapes (2,3) (4,)", error.Reason);
        Assert.Equal("a[..., None]", error.Suggestion);
        Assert.Equal(error.Reason + "\n  did you mean a[..., None]?", error.Message);
        Assert.Equal(ErrorKind.Shape, error.Kind);
        Assert.Equal("multiply: operands could not be broadcast together with shapes (2,3) (4,)", Assert.Throws<ShapeException>(() => a * b).Reason);
        Assert.Contains("(2,3) (4,)", Assert.Throws<ShapeException>(() => a < b).Message);
        Assert.Contains("(0,) (2,)", Assert.Throws<ShapeException>(() => Tensor.Zeros<double>(0) + Tensor.Zeros<double>(2)).Message);
        var into = Assert.Throws<ShapeException>(() => Tensor.Add(a, a, into: Tensor.Zeros<double>(3, 2)));
        Assert.Equal("add: the destination has shape (3,2) but the result has shape (2,3)", into.Message);
        Assert.Throws<ShapeException>(() => Tensor.Exp(a, into: Tensor.Zeros<double>(3)));
        Assert.Throws<ShapeException>(() => Tensor.Where(Tensor.Zeros<bool>(2), a, b));
    }
}
