using System.Numerics;
using Batchwise.Kernels;
using Batchwise.NN;

namespace Batchwise.Tests.Operations;

/// <summary>
/// Every element-wise math function and activation against NumPy / torch golden data
/// (tools/make_math_golden.py): random in-domain data and a vector of IEEE special values (±0, ±inf,
/// NaN, subnormals, halves, huge values), float and double, at the conformance tolerances, on every
/// forced vector width. Each input is also run reversed (a stride −1 view), shifted by 1..17 elements
/// (so every special value meets every vector lane and tail position), into a given destination and
/// in place.
/// </summary>
/// <remarks>
/// The contiguous runs go through TensorPrimitives, which picks its vector path from the DOTNET_
/// environment variables, not <see cref="InstructionSet"/>: CI runs this class again with
/// DOTNET_EnableAVX512=0 and DOTNET_EnableHWIntrinsic=0.
/// </remarks>
[Collection("InstructionSet")]
public sealed class MathGoldenTests
{
    /// <summary>Functions whose result is exact (tolerance 0).</summary>
    private static readonly HashSet<string> s_exact =
        ["abs", "floor", "ceil", "round", "trunc", "sign", "nan_to_num", "nan_to_num_args", "relu", "maximum", "minimum", "fmax", "fmin"];

    /// <summary>The functions without an <c>into:</c> parameter (the NN activations).</summary>
    private static readonly HashSet<string> s_noInto =
        ["relu", "silu", "gelu", "gelu_tanh", "softplus", "softplus_beta2_thr5", "mish", "leaky_relu", "leaky_relu_0.2", "elu", "elu_0.5"];

    public static TheoryData<string, VectorWidth> UnaryNames() => Cross(MathGolden.File("unary").EnumerateObject()
        .Select(p => p.Name).Where(n => !n.StartsWith("is", StringComparison.Ordinal)));

    public static TheoryData<string, VectorWidth> BinaryNames() => Cross(MathGolden.File("binary").EnumerateObject().Select(p => p.Name));

    private static TheoryData<string, VectorWidth> Cross(IEnumerable<string> names)
    {
        var data = new TheoryData<string, VectorWidth>();
        foreach (string name in names)
        {
            foreach (VectorWidth width in new[] { VectorWidth.Scalar, VectorWidth.Vector128, VectorWidth.Vector256, VectorWidth.Vector512 })
            {
                data.Add(name, width);
            }
        }
        return data;
    }

    private static Func<Tensor<T>, Tensor<T>?, Tensor<T>> Unary<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> => name switch
    {
        "exp" => (x, into) => Tensor.Exp(x, into),
        "log" => (x, into) => Tensor.Log(x, into),
        "sqrt" => (x, into) => Tensor.Sqrt(x, into),
        "tanh" => (x, into) => Tensor.Tanh(x, into),
        "abs" => (x, into) => Tensor.Abs(x, into),
        "sin" => (x, into) => Tensor.Sin(x, into),
        "cos" => (x, into) => Tensor.Cos(x, into),
        "tan" => (x, into) => Tensor.Tan(x, into),
        "arcsin" => (x, into) => Tensor.Asin(x, into),
        "arccos" => (x, into) => Tensor.Acos(x, into),
        "arctan" => (x, into) => Tensor.Atan(x, into),
        "sinh" => (x, into) => Tensor.Sinh(x, into),
        "cosh" => (x, into) => Tensor.Cosh(x, into),
        "exp2" => (x, into) => Tensor.Exp2(x, into),
        "log2" => (x, into) => Tensor.Log2(x, into),
        "log10" => (x, into) => Tensor.Log10(x, into),
        "log1p" => (x, into) => Tensor.Log1p(x, into),
        "expm1" => (x, into) => Tensor.Expm1(x, into),
        "cbrt" => (x, into) => Tensor.Cbrt(x, into),
        "square" => (x, into) => Tensor.Square(x, into),
        "reciprocal" => (x, into) => Tensor.Reciprocal(x, into),
        "rsqrt" => (x, into) => Tensor.Rsqrt(x, into),
        "sigmoid" => (x, into) => Tensor.Sigmoid(x, into),
        "erf" => (x, into) => Tensor.Erf(x, into),
        "floor" => (x, into) => Tensor.Floor(x, into),
        "ceil" => (x, into) => Tensor.Ceil(x, into),
        "round" => (x, into) => Tensor.Round(x, into),
        "trunc" => (x, into) => Tensor.Trunc(x, into),
        "sign" => (x, into) => Tensor.Sign(x, into),
        "nan_to_num" => (x, into) => Tensor.NanToNum(x, into: into),
        "nan_to_num_args" => (x, into) => Tensor.NanToNum(x, T.CreateTruncating(1.5), T.CreateTruncating(7.0), T.CreateTruncating(-7.0), into),
        "relu" => (x, _) => Functional.Relu(x),
        "silu" => (x, _) => Functional.Silu(x),
        "gelu" => (x, _) => Functional.Gelu(x),
        "gelu_tanh" => (x, _) => Functional.Gelu(x, tanhApproximation: true),
        "softplus" => (x, _) => Functional.Softplus(x),
        "softplus_beta2_thr5" => (x, _) => Functional.Softplus(x, beta: 2, threshold: 5),
        "mish" => (x, _) => Functional.Mish(x),
        "leaky_relu" => (x, _) => Functional.LeakyRelu(x),
        "leaky_relu_0.2" => (x, _) => Functional.LeakyRelu(x, 0.2),
        "elu" => (x, _) => Functional.Elu(x),
        "elu_0.5" => (x, _) => Functional.Elu(x, 0.5),
        _ => throw new ArgumentException($"no function for golden entry {name}"),
    };

    private static Func<Tensor<T>, Tensor<T>, Tensor<T>?, Tensor<T>> Binary<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> => name switch
    {
        "arctan2" => (a, b, into) => Tensor.Atan2(a, b, into),
        "hypot" => (a, b, into) => Tensor.Hypot(a, b, into),
        "maximum" => (a, b, into) => Tensor.Maximum(a, b, into),
        "minimum" => (a, b, into) => Tensor.Minimum(a, b, into),
        "fmax" => (a, b, into) => Tensor.FMax(a, b, into),
        "fmin" => (a, b, into) => Tensor.FMin(a, b, into),
        "power" => (a, b, into) => Tensor.Pow(a, b, into),
        _ => throw new ArgumentException($"no function for golden entry {name}"),
    };

    private static Func<Tensor<T>, T, Tensor<T>> BinaryScalar<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> => name switch
    {
        "arctan2" => (a, b) => Tensor.Atan2(a, b),
        "hypot" => (a, b) => Tensor.Hypot(a, b),
        "maximum" => (a, b) => Tensor.Maximum(a, b),
        "minimum" => (a, b) => Tensor.Minimum(a, b),
        "fmax" => (a, b) => Tensor.FMax(a, b),
        "fmin" => (a, b) => Tensor.FMin(a, b),
        "power" => (a, b) => Tensor.Pow(a, b),
        _ => throw new ArgumentException($"no function for golden entry {name}"),
    };

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void Unary_GoldenData_MatchesNumPyAndTorch(string name, VectorWidth width)
    {
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            CheckUnary<float>(name);
            CheckUnary<double>(name);
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }

    [Theory]
    [MemberData(nameof(BinaryNames))]
    public void Binary_GoldenGrid_MatchesNumPy(string name, VectorWidth width)
    {
        VectorWidth previous = VectorWidths.Force(width);
        try
        {
            CheckBinary<float>(name);
            CheckBinary<double>(name);
        }
        finally
        {
            VectorWidths.Restore(previous);
        }
    }

    [Theory]
    [InlineData("float32")]
    [InlineData("float64")]
    public void Predicates_SpecialValues_MatchNumPy(string dtype)
    {
        foreach (string name in new[] { "isnan", "isinf", "isfinite" })
        {
            System.Text.Json.JsonElement entry = MathGolden.File("unary").GetProperty(name).GetProperty(dtype);
            bool[] expected = entry.GetProperty("expect").EnumerateArray().Select(e => e.GetBoolean()).ToArray();
            bool[] actual = dtype == "float32" ? Predicate(name, MathGolden.Values<float>(entry.GetProperty("x"))) : Predicate(name, MathGolden.Values<double>(entry.GetProperty("x")));
            Assert.Equal(expected, actual);
        }
    }

    private static bool[] Predicate<T>(string name, T[] x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Tensor<T> t = Tensor.FromArray(x, x.Length);
        Tensor<bool> result = name switch
        {
            "isnan" => Tensor.IsNaN(t),
            "isinf" => Tensor.IsInf(t),
            _ => Tensor.IsFinite(t),
        };
        // The strided path must agree with the contiguous one.
        Tensor<bool> reversed = name switch
        {
            "isnan" => Tensor.IsNaN(t[TensorIndex.Slice(null, null, -1)]),
            "isinf" => Tensor.IsInf(t[TensorIndex.Slice(null, null, -1)]),
            _ => Tensor.IsFinite(t[TensorIndex.Slice(null, null, -1)]),
        };
        Assert.Equal(result.ToArray().Reverse(), reversed.ToArray());
        return result.ToArray();
    }

    private static void CheckUnary<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        System.Text.Json.JsonElement entry = MathGolden.File("unary").GetProperty(name).GetProperty(MathGolden.DType<T>());
        T[] x = MathGolden.Values<T>(entry.GetProperty("x"));
        T[] expected = MathGolden.Values<T>(entry.GetProperty("expect"));
        double tolerance = s_exact.Contains(name) ? 0 : MathGolden.Elem<T>();
        Func<Tensor<T>, Tensor<T>?, Tensor<T>> f = Unary<T>(name);
        string what = $"{name} {MathGolden.DType<T>()} {InstructionSet.Width}";
        int n = x.Length;

        Tensor<T> input = Tensor.FromArray((T[])x.Clone(), n);
        MathGolden.AssertClose(what, x, expected, f(input, null).ToArray(), tolerance);
        Assert.Equal(x, input.ToArray());
        MathGolden.AssertClose(what + " reversed", x.Reverse().ToArray(), expected.Reverse().ToArray(),
            f(Tensor.FromArray(x.Reverse().ToArray(), n)[TensorIndex.Slice(null, null, -1)], null).ToArray().Reverse().ToArray(), tolerance);
        for (int shift = 1; shift <= 17; shift++)
        {
            MathGolden.AssertClose($"{what} shifted {shift}", x[shift..], expected[shift..], f(input[shift..], null).ToArray(), tolerance);
        }
        MathGolden.AssertClose(what + " 2-d transposed", x[..120], expected[..120],
            f(Tensor.FromArray(x[..120], 8, 15).T, null).T.Contiguous().ToArray(), tolerance);
        if (!s_noInto.Contains(name))
        {
            Tensor<T> into = Tensor.Full(T.NaN, n);
            Assert.Same(into, f(input, into));
            MathGolden.AssertClose(what + " into", x, expected, into.ToArray(), tolerance);
            Tensor<T> inPlace = Tensor.FromArray((T[])x.Clone(), n);
            f(inPlace, inPlace);
            MathGolden.AssertClose(what + " in place", x, expected, inPlace.ToArray(), tolerance);
            Assert.Throws<ShapeException>(() => f(input, Tensor.Empty<T>(n + 1)));
        }
        Assert.Equal([2, 0], f(Tensor.Empty<T>(2, 0), null).Shape.ToArray());
        MathGolden.AssertClose(what + " 0-d", [x[17]], [expected[17]], [f(Tensor.Scalar(x[17]), null).ToScalar()], tolerance);
    }

    private static void CheckBinary<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        System.Text.Json.JsonElement entry = MathGolden.File("binary").GetProperty(name).GetProperty(MathGolden.DType<T>());
        T[] a = MathGolden.Values<T>(entry.GetProperty("a"));
        T[] b = MathGolden.Values<T>(entry.GetProperty("b"));
        T[] expected = MathGolden.Values<T>(entry.GetProperty("expect"));
        double tolerance = s_exact.Contains(name) ? 0 : MathGolden.Elem<T>();
        Func<Tensor<T>, Tensor<T>, Tensor<T>?, Tensor<T>> f = Binary<T>(name);
        string what = $"{name} {MathGolden.DType<T>()} {InstructionSet.Width}";
        int n = a.Length;
        Tensor<T> ta = Tensor.FromArray(a, n), tb = Tensor.FromArray(b, n);

        MathGolden.AssertClose(what, a, expected, f(ta, tb, null).ToArray(), tolerance);
        MathGolden.AssertClose(what + " reversed", a, expected,
            f(Tensor.FromArray(a.Reverse().ToArray(), n)[TensorIndex.Slice(null, null, -1)], tb, null).ToArray(), tolerance);
        for (int shift = 1; shift <= 17; shift++)
        {
            MathGolden.AssertClose($"{what} shifted {shift}", a[shift..], expected[shift..], f(ta[shift..], tb[shift..], null).ToArray(), tolerance);
        }
        Tensor<T> into = Tensor.Full(T.NaN, n);
        Assert.Same(into, f(ta, tb, into));
        MathGolden.AssertClose(what + " into", a, expected, into.ToArray(), tolerance);

        // The first 400 entries are a 20×20 grid: a = grid[i], b = grid[j] at 20i + j. Each column is
        // rerun with b as a scalar, as a (1,)-shaped tensor and as a stride-0 broadcast, and the whole
        // grid as an outer broadcast of a column against a row.
        const int g = 20;
        T[] column = Enumerable.Range(0, g).Select(i => a[g * i]).ToArray();
        T[] row = b[..g];
        T[] outer = f(Tensor.FromArray(column, g, 1), Tensor.FromArray(row, 1, g), null).ToArray();
        MathGolden.AssertClose(what + " outer broadcast", a[..(g * g)], expected[..(g * g)], outer, tolerance);
        Func<Tensor<T>, T, Tensor<T>> fs = BinaryScalar<T>(name);
        for (int j = 0; j < g; j++)
        {
            T[] want = Enumerable.Range(0, g).Select(i => expected[g * i + j]).ToArray();
            MathGolden.AssertClose($"{what} scalar b={row[j]}", column, want, fs(Tensor.FromArray(column, g), row[j]).ToArray(), tolerance);
            MathGolden.AssertClose($"{what} (1,) b={row[j]}", column, want, f(Tensor.FromArray(column, g), Tensor.FromArray([row[j]], 1), null).ToArray(), tolerance);
            MathGolden.AssertClose($"{what} stride-0 b={row[j]}", column, want,
                f(Tensor.FromArray(column, g), Tensor.FromArray([row[j]], 1).BroadcastTo(g), null).ToArray(), tolerance);
        }
        Assert.Throws<ShapeException>(() => f(ta, Tensor.Empty<T>(3), null));
    }
}
