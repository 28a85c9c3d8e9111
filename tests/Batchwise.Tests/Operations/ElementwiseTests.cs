using System.Numerics;
using Batchwise.Kernels;
using static Batchwise.Tests.Operations.OperandLayouts;

namespace Batchwise.Tests.Operations;

/// <summary>
/// Every element-wise operation at every length 0..100 and a few past the parallel threshold, with
/// every operand layout (contiguous, strided, reversed, offset, stride-0 broadcast, shape (1,), 0-d),
/// on every forced vector width, against a scalar reference computed in double precision.
/// </summary>
/// <remarks>
/// <see cref="InstructionSet.Force"/> steers Batchwise's own kernels; the contiguous runs go through
/// <c>TensorPrimitives</c>, which picks its path from the DOTNET_ environment variables, so CI also runs
/// this suite with DOTNET_EnableAVX512=0 and DOTNET_EnableHWIntrinsic=0.
/// </remarks>
[Collection("InstructionSet")]
public class ElementwiseTests
{
    public const int MaxSweepLength = 100;

    /// <summary>Past <c>WorkSplitter.ParallelThreshold</c> (131072), so the work is split over the cores.</summary>
    public const int ParallelLength = 150_001;

    private sealed record BinaryCase<T>(string Name, Func<Tensor<T>, Tensor<T>, Tensor<T>?, Tensor<T>> Apply, Func<double, double, double> Reference, double Tolerance, bool Specials = true)
        where T : unmanaged;

    private sealed record CompareCase<T>(string Name, Func<Tensor<T>, Tensor<T>, Tensor<bool>> Apply, Func<double, double, bool> Reference)
        where T : unmanaged;

    private sealed record UnaryCase<T>(string Name, Func<Tensor<T>, Tensor<T>?, Tensor<T>> Apply, Func<double, double> Reference, double Tolerance, double Low = -4, double High = 4)
        where T : unmanaged;

    private static BinaryCase<T>[] BinaryCases<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        double approx = typeof(T) == typeof(float) ? 2e-6 : 1e-13;
        return
        [
            new("add", (a, b, into) => Tensor.Add(a, b, into), (x, y) => x + y, 0),
            new("subtract", (a, b, into) => Tensor.Subtract(a, b, into), (x, y) => x - y, 0),
            new("multiply", (a, b, into) => Tensor.Multiply(a, b, into), (x, y) => x * y, 0),
            new("divide", (a, b, into) => Tensor.Divide(a, b, into), (x, y) => x / y, 0),
            new("maximum", (a, b, into) => Tensor.Maximum(a, b, into), Math.Max, 0),
            new("minimum", (a, b, into) => Tensor.Minimum(a, b, into), Math.Min, 0),
            new("power", (a, b, into) => Tensor.Pow(Tensor.Abs(a), b, into), (x, y) => Math.Pow(Math.Abs(x), y), approx, Specials: false),
        ];
    }

    private static CompareCase<T>[] CompareCases<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        return
        [
            new("equal", (a, b) => Tensor.Equal(a, b), (x, y) => x == y),
            new("not_equal", (a, b) => Tensor.NotEqual(a, b), (x, y) => x != y),
            new("less", (a, b) => a < b, (x, y) => x < y),
            new("less_equal", (a, b) => a <= b, (x, y) => x <= y),
            new("greater", (a, b) => a > b, (x, y) => x > y),
            new("greater_equal", (a, b) => a >= b, (x, y) => x >= y),
        ];
    }

    private static UnaryCase<T>[] UnaryCases<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        double approx = typeof(T) == typeof(float) ? 2e-6 : 1e-13;
        return
        [
            new("negative", (x, into) => Tensor.Negate(x, into), x => -x, 0),
            new("absolute", (x, into) => Tensor.Abs(x, into), Math.Abs, 0),
            new("exp", (x, into) => Tensor.Exp(x, into), Math.Exp, approx),
            new("log", (x, into) => Tensor.Log(x, into), Math.Log, approx, -1, 50),
            new("sqrt", (x, into) => Tensor.Sqrt(x, into), Math.Sqrt, 0, -1, 50),
            new("tanh", (x, into) => Tensor.Tanh(x, into), Math.Tanh, approx),
        ];
    }

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Binary_EveryLengthAndLayout_MatchesScalarReference(VectorWidth width)
    {
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            SweepBinary<float>();
            SweepBinary<double>();
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Compare_EveryLengthAndLayout_MatchesScalarReference(VectorWidth width)
    {
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            SweepCompare<float>();
            SweepCompare<double>();
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Unary_EveryLengthAndLayout_MatchesScalarReference(VectorWidth width)
    {
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            SweepUnary<float>();
            SweepUnary<double>();
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }

    private static void SweepBinary<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        foreach (BinaryCase<T> op in BinaryCases<T>())
        {
            for (int n = 0; n <= MaxSweepLength; n++)
            {
                double[] x = Values(n, n, op.Specials), y = Values(n, 1000 + n, op.Specials);
                foreach (OperandLayout la in All)
                {
                    foreach (OperandLayout lb in All)
                    {
                        if (Stretches(la) && Stretches(lb))
                        {
                            continue;
                        }
                        CheckBinary(op, x, y, la, lb);
                    }
                }
            }
            foreach (OperandLayout la in new[] { OperandLayout.Contiguous, OperandLayout.Reversed, OperandLayout.Broadcast })
            {
                foreach (OperandLayout lb in new[] { OperandLayout.Contiguous, OperandLayout.Strided, OperandLayout.Scalar })
                {
                    CheckBinary(op, Values(ParallelLength, 1, op.Specials), Values(ParallelLength, 2, op.Specials), la, lb);
                }
            }
        }
    }

    private static void CheckBinary<T>(BinaryCase<T> op, double[] x, double[] y, OperandLayout la, OperandLayout lb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] tx = Cast<T>(x), ty = Cast<T>(y);
        Tensor<T> result = op.Apply(Make(tx, la), Make(ty, lb), null);
        Assert.Equal([x.Length], result.Shape.ToArray());
        T[] ex = Logical(tx, la), ey = Logical(ty, lb);
        T[] actual = result.ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            double expected = double.CreateChecked(T.CreateChecked(op.Reference(double.CreateChecked(ex[i]), double.CreateChecked(ey[i]))));
            double got = double.CreateChecked(actual[i]);
            if (!Close(got, expected, op.Tolerance, floor: 0.1))
            {
                Assert.Fail($"{op.Name}<{typeof(T).Name}>({ex[i]}, {ey[i]}) = {got}, expected {expected}; n={x.Length} layouts {la}/{lb} element {i}");
            }
        }
    }

    private static void SweepCompare<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (CompareCase<T> op in CompareCases<T>())
        {
            for (int n = 0; n <= MaxSweepLength; n++)
            {
                // Few distinct values, so equality holds often.
                double[] x = Values(n, n, specials: true, -2, 2).Select(v => Math.Round(v)).ToArray();
                double[] y = Values(n, 1000 + n, specials: true, -2, 2).Select(v => Math.Round(v)).ToArray();
                foreach (OperandLayout la in All)
                {
                    foreach (OperandLayout lb in All)
                    {
                        if (Stretches(la) && Stretches(lb))
                        {
                            continue;
                        }
                        T[] tx = Cast<T>(x), ty = Cast<T>(y);
                        bool[] actual = op.Apply(Make(tx, la), Make(ty, lb)).ToArray();
                        T[] ex = Logical(tx, la), ey = Logical(ty, lb);
                        for (int i = 0; i < n; i++)
                        {
                            bool expected = op.Reference(double.CreateChecked(ex[i]), double.CreateChecked(ey[i]));
                            Assert.True(expected == actual[i], $"{op.Name}({ex[i]}, {ey[i]}) n={n} {la}/{lb}");
                        }
                    }
                }
            }
        }
    }

    private static void SweepUnary<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        OperandLayout[] layouts = [OperandLayout.Contiguous, OperandLayout.Strided, OperandLayout.Reversed, OperandLayout.Offset, OperandLayout.Broadcast];
        foreach (UnaryCase<T> op in UnaryCases<T>())
        {
            for (int n = 0; n <= MaxSweepLength; n++)
            {
                CheckUnary(op, Values(n, n, specials: true, op.Low, op.High), layouts);
            }
            CheckUnary(op, Values(ParallelLength, 7, specials: true, op.Low, op.High), layouts);
            // 0-d in, 0-d out.
            Tensor<T> scalar = op.Apply(Tensor.Scalar(T.CreateChecked(0.5)), null);
            Assert.Equal(0, scalar.Rank);
            Assert.True(Close(double.CreateChecked(scalar.ToScalar()), double.CreateChecked(T.CreateChecked(op.Reference(0.5))), op.Tolerance), op.Name);
        }
    }

    private static void CheckUnary<T>(UnaryCase<T> op, double[] x, OperandLayout[] layouts) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] tx = Cast<T>(x);
        foreach (OperandLayout layout in layouts)
        {
            T[] logical = Logical(tx, layout);
            T[] actual = op.Apply(Make(tx, layout), null).ToArray();
            Assert.Equal(x.Length, actual.Length);
            for (int i = 0; i < x.Length; i++)
            {
                double expected = double.CreateChecked(T.CreateChecked(op.Reference(double.CreateChecked(logical[i]))));
                double got = double.CreateChecked(actual[i]);
                if (!Close(got, expected, op.Tolerance, floor: 0.1))
                {
                    Assert.Fail($"{op.Name}<{typeof(T).Name}>({logical[i]}) = {got}, expected {expected}; n={x.Length} layout {layout} element {i}");
                }
            }
        }
    }
}
