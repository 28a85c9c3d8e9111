using System.Numerics;
using Batchwise.Kernels;
using static Batchwise.Tests.Operations.OperandLayouts;

namespace Batchwise.Tests.Operations;

/// <summary>
/// The element-wise math functions at every length 0..100 and past the parallel threshold, with every
/// operand layout (contiguous, strided, reversed, offset, stride-0 broadcast, and for binary functions
/// shape (1,) and 0-d), on every forced vector width, against naive per-element references in double
/// (NaN, ±inf and ±0 sprinkled in).
/// </summary>
[Collection("InstructionSet")]
public sealed class MathSweepTests
{
    private sealed record Unary<T>(string Name, Func<Tensor<T>, Tensor<T>> Apply, Func<double, double> Reference, double Low = -4, double High = 4)
        where T : unmanaged;

    private sealed record Binary<T>(string Name, Func<Tensor<T>, Tensor<T>, Tensor<T>> Apply, Func<double, double, double> Reference)
        where T : unmanaged;

    private static Unary<T>[] UnaryCases<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
    [
        new("sin", x => Tensor.Sin(x), Math.Sin), new("cos", x => Tensor.Cos(x), Math.Cos), new("tan", x => Tensor.Tan(x), Math.Tan),
        new("arcsin", x => Tensor.Asin(x), Math.Asin, -1.2, 1.2), new("arccos", x => Tensor.Acos(x), Math.Acos, -1.2, 1.2),
        new("arctan", x => Tensor.Atan(x), Math.Atan), new("sinh", x => Tensor.Sinh(x), Math.Sinh), new("cosh", x => Tensor.Cosh(x), Math.Cosh),
        new("exp2", x => Tensor.Exp2(x), v => Math.Pow(2, v)), new("log2", x => Tensor.Log2(x), Math.Log2, -1, 50),
        new("log10", x => Tensor.Log10(x), Math.Log10, -1, 50), new("log1p", x => Tensor.Log1p(x), v => Math.Log(1 + v), -1.5, 50),
        new("expm1", x => Tensor.Expm1(x), v => Math.Exp(v) - 1, 0.5, 4), new("cbrt", x => Tensor.Cbrt(x), Math.Cbrt, -50, 50),
        new("square", x => Tensor.Square(x), v => v * v), new("reciprocal", x => Tensor.Reciprocal(x), v => 1 / v),
        new("rsqrt", x => Tensor.Rsqrt(x), v => 1 / Math.Sqrt(v), -1, 50), new("sigmoid", x => Tensor.Sigmoid(x), v => 1 / (1 + Math.Exp(-v)), -20, 20),
        new("floor", x => Tensor.Floor(x), Math.Floor), new("ceil", x => Tensor.Ceil(x), Math.Ceiling),
        new("round", x => Tensor.Round(x), v => Math.Round(v, MidpointRounding.ToEven)), new("trunc", x => Tensor.Trunc(x), Math.Truncate),
        new("sign", x => Tensor.Sign(x), v => double.IsNaN(v) ? v : Math.Sign(v)),
    ];

    private static Binary<T>[] BinaryCases<T>() where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> =>
    [
        new("arctan2", (a, b) => Tensor.Atan2(a, b), Math.Atan2),
        new("hypot", (a, b) => Tensor.Hypot(a, b), (x, y) => double.IsInfinity(x) || double.IsInfinity(y) ? double.PositiveInfinity : Math.Sqrt(x * x + y * y)),
        new("fmax", (a, b) => Tensor.FMax(a, b), (x, y) => double.IsNaN(x) ? y : double.IsNaN(y) ? x : Math.Max(x, y)),
        new("fmin", (a, b) => Tensor.FMin(a, b), (x, y) => double.IsNaN(x) ? y : double.IsNaN(y) ? x : Math.Min(x, y)),
    ];

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Unary_EveryLengthAndLayout_MatchesNaiveReference(VectorWidth width)
    {
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            SweepUnary<float>(2e-6);
            SweepUnary<double>(1e-13);
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }

    [Theory]
    [MemberData(nameof(VectorWidths.All), MemberType = typeof(VectorWidths))]
    public void Binary_EveryLengthAndLayout_MatchesNaiveReference(VectorWidth width)
    {
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            SweepBinary<float>(2e-6);
            SweepBinary<double>(1e-13);
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }

    private static void SweepUnary<T>(double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        OperandLayout[] layouts = [OperandLayout.Contiguous, OperandLayout.Strided, OperandLayout.Reversed, OperandLayout.Offset, OperandLayout.Broadcast];
        foreach (Unary<T> op in UnaryCases<T>())
        {
            for (int n = 0; n <= 100; n++)
            {
                CheckUnary(op, Values(n, n, specials: true, op.Low, op.High), layouts, tolerance);
            }
            CheckUnary(op, Values(ElementwiseTests.ParallelLength, 7, specials: true, op.Low, op.High), [OperandLayout.Contiguous, OperandLayout.Strided], tolerance);
        }
    }

    private static void CheckUnary<T>(Unary<T> op, double[] x, OperandLayout[] layouts, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] tx = x.Select(T.CreateTruncating).ToArray();
        foreach (OperandLayout layout in layouts)
        {
            T[] logical = Logical(tx, layout);
            T[] actual = op.Apply(Make(tx, layout)).ToArray();
            Assert.Equal(x.Length, actual.Length);
            for (int i = 0; i < x.Length; i++)
            {
                double expected = double.CreateTruncating(T.CreateTruncating(op.Reference(double.CreateTruncating(logical[i]))));
                double got = double.CreateTruncating(actual[i]);
                if (!Close(got, expected, tolerance, floor: 0.1))
                {
                    Assert.Fail($"{op.Name}<{typeof(T).Name}>({logical[i]}) = {got}, expected {expected}; n={x.Length} layout {layout} element {i}");
                }
            }
        }
    }

    private static void SweepBinary<T>(double tolerance) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        foreach (Binary<T> op in BinaryCases<T>())
        {
            for (int n = 0; n <= 100; n += n < 40 ? 1 : 7)
            {
                double[] x = Values(n, n, specials: true), y = Values(n, 1000 + n, specials: true);
                foreach (OperandLayout la in All)
                {
                    foreach (OperandLayout lb in All)
                    {
                        if (!(Stretches(la) && Stretches(lb)))
                        {
                            CheckBinary(op, x, y, la, lb, tolerance);
                        }
                    }
                }
            }
        }
    }

    private static void CheckBinary<T>(Binary<T> op, double[] x, double[] y, OperandLayout la, OperandLayout lb, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] tx = x.Select(T.CreateTruncating).ToArray(), ty = y.Select(T.CreateTruncating).ToArray();
        Tensor<T> result = op.Apply(Make(tx, la), Make(ty, lb));
        Assert.Equal([x.Length], result.Shape.ToArray());
        T[] ex = Logical(tx, la), ey = Logical(ty, lb), actual = result.ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            double expected = double.CreateTruncating(T.CreateTruncating(op.Reference(double.CreateTruncating(ex[i]), double.CreateTruncating(ey[i]))));
            double got = double.CreateTruncating(actual[i]);
            if (!Close(got, expected, tolerance, floor: 0.1))
            {
                Assert.Fail($"{op.Name}<{typeof(T).Name}>({ex[i]}, {ey[i]}) = {got}, expected {expected}; n={x.Length} layouts {la}/{lb} element {i}");
            }
        }
    }
}
