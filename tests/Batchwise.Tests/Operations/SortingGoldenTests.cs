using System.Numerics;
using System.Text.Json;

namespace Batchwise.Tests.Operations;

/// <summary>
/// Sorting, searching, scans and the extra reductions against NumPy 1.24 / torch 1.13 results written
/// by tools/make_sorting_golden.py (TestData/sorting/golden.json). Sort orders, indices and integer
/// results must match exactly; float results within the conformance tolerance classes.
/// </summary>
public sealed class SortingGoldenTests
{
    private static readonly Lazy<JsonElement[]> s_cases = new(() =>
    {
        using FileStream stream = File.OpenRead(TestData.Path(Path.Combine("sorting", "golden.json")));
        using JsonDocument document = JsonDocument.Parse(stream);
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    });

    public static TheoryData<string> Ops() => new(
        "sort", "argsort", "topk", "searchsorted", "unique", "cumsum", "cumprod", "diff", "logcumsumexp",
        "any", "all", "count_nonzero", "nansum", "nanmean", "nanmax", "nanmin", "median", "quantile");

    [Theory]
    [MemberData(nameof(Ops))]
    public void Golden_EveryCaseOfOp_MatchesNumPyOrTorch(string op)
    {
        JsonElement[] cases = s_cases.Value.Where(c => c.GetProperty("op").GetString() == op).ToArray();
        Assert.NotEmpty(cases);
        var failures = new List<string>();
        foreach (JsonElement c in cases)
        {
            try
            {
                string dtype = c.GetProperty("x").GetProperty("dtype").GetString()!;
                (Array Data, int[] Shape)[] actual = dtype switch
                {
                    "float32" => Run<float>(c, floating: true),
                    "float64" => Run<double>(c, floating: true),
                    "int32" => Run<int>(c, floating: false),
                    "int64" => Run<long>(c, floating: false),
                    "bool" => RunBool(c),
                    _ => throw new InvalidOperationException(dtype),
                };
                JsonElement[] expected = c.GetProperty("expect").EnumerateArray().ToArray();
                Assert.Equal(expected.Length, actual.Length);
                for (int i = 0; i < expected.Length; i++)
                {
                    Compare(expected[i], actual[i], dtype == "float32");
                }
            }
            catch (Exception e)
            {
                failures.Add($"{c.GetProperty("params")} x={c.GetProperty("x").GetProperty("shape")} {DTypeOf(c)}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Length} failed:\n" + string.Join("\n", failures.Take(20)));
    }

    private static string DTypeOf(JsonElement c) => c.GetProperty("x").GetProperty("dtype").GetString()!;

    private static (Array, int[])[] Run<T>(JsonElement c, bool floating) where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        JsonElement p = c.GetProperty("params");
        Tensor<T> x = Read<T>(c.GetProperty("x"));
        string op = c.GetProperty("op").GetString()!;
        return op switch
        {
            "sort" => [Out(Tensor.Sort(x, Axis(p)))],
            "argsort" => [Out(Tensor.ArgSort(x, Axis(p)))],
            "topk" => TopK(x, p),
            "searchsorted" => [Out(Tensor.SearchSorted(x, Read<T>(c.GetProperty("v")), p.GetProperty("right").GetBoolean()))],
            "unique" => Unique(x),
            "cumsum" => [Out(Tensor.CumSum(x, Axis(p)))],
            "cumprod" => [Out(Tensor.CumProd(x, Axis(p)))],
            "diff" => [Out(Tensor.Diff(x, p.GetProperty("n").GetInt32(), p.GetProperty("axis").GetInt32()))],
            "any" => [Out(Axes(p) is int[] a ? Tensor.Any(x, a) : Tensor.Any(x))],
            "all" => [Out(Axes(p) is int[] a ? Tensor.All(x, a) : Tensor.All(x))],
            "count_nonzero" => [Out(Axes(p) is int[] a ? Tensor.CountNonZero(x, a) : Tensor.CountNonZero(x))],
            "nansum" => [Out(Axes(p) is int[] a ? Tensor.NanSum(x, a) : Tensor.NanSum(x))],
            "nanmax" => [Out(Axes(p) is int[] a ? Tensor.NanMax(x, a) : Tensor.NanMax(x))],
            "nanmin" => [Out(Axes(p) is int[] a ? Tensor.NanMin(x, a) : Tensor.NanMin(x))],
            _ when floating && typeof(T) == typeof(float) => RunFloat((Tensor<float>)(object)x, op, p),
            _ when floating => RunFloat((Tensor<double>)(object)x, op, p),
            _ => throw new InvalidOperationException(op),
        };
    }

    private static (Array, int[])[] RunFloat<T>(Tensor<T> x, string op, JsonElement p) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T> => op switch
    {
        "logcumsumexp" => [Out(Tensor.LogCumSumExp(x, Axis(p)))],
        "nanmean" => [Out(Axes(p) is int[] a ? Tensor.NanMean(x, a) : Tensor.NanMean(x))],
        "median" => [Out(Axes(p) is int[] a ? Tensor.Median(x, a) : Tensor.Median(x))],
        "quantile" => [Out(Tensor.Quantile(x, p.GetProperty("q").GetDouble(), Axis(p)))],
        _ => throw new InvalidOperationException(op),
    };

    private static (Array, int[])[] RunBool(JsonElement c)
    {
        JsonElement p = c.GetProperty("params");
        JsonElement xj = c.GetProperty("x");
        bool[] data = xj.GetProperty("data").EnumerateArray().Select(e => e.GetBoolean()).ToArray();
        Tensor<bool> x = Tensor.FromArray(data, Shape(xj));
        return c.GetProperty("op").GetString() switch
        {
            "any" => [Out(Axes(p) is int[] a ? Tensor.Any(x, a) : Tensor.Any(x))],
            "all" => [Out(Axes(p) is int[] a ? Tensor.All(x, a) : Tensor.All(x))],
            _ => [Out(Axes(p) is int[] a ? Tensor.CountNonZero(x, a) : Tensor.CountNonZero(x))],
        };
    }

    private static (Array, int[])[] TopK<T>(Tensor<T> x, JsonElement p) where T : unmanaged, INumber<T>
    {
        (Tensor<T> values, Tensor<long> indices) = Tensor.TopK(x, p.GetProperty("k").GetInt32(), p.GetProperty("dim").GetInt32(), p.GetProperty("largest").GetBoolean());
        return [Out(values), Out(indices)];
    }

    private static (Array, int[])[] Unique<T>(Tensor<T> x) where T : unmanaged, INumber<T>
    {
        UniqueResult<T> all = Tensor.UniqueAll(x);
        Tensor<T> values = Tensor.Unique(x);
        Assert.Equal(Out(all.Values).Item1, Out(values).Item1);
        return [Out(all.Values), Out(all.Inverse), Out(all.Counts)];
    }

    private static (Array, int[]) Out<T>(Tensor<T> t) where T : unmanaged => (t.ToArray(), t.Shape.ToArray());

    private static int? Axis(JsonElement p) => p.GetProperty("axis").ValueKind == JsonValueKind.Null ? null : p.GetProperty("axis").GetInt32();

    private static int[]? Axes(JsonElement p) =>
        p.GetProperty("axes").ValueKind == JsonValueKind.Null ? null : p.GetProperty("axes").EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static int[] Shape(JsonElement array) => array.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static double Number(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => double.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture),
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        _ => e.GetDouble(),
    };

    private static Tensor<T> Read<T>(JsonElement array) where T : unmanaged, INumber<T>
    {
        T[] data = array.GetProperty("data").EnumerateArray().Select(e => T.CreateTruncating(Number(e))).ToArray();
        return Tensor.FromArray(data, Shape(array));
    }

    private static double[] AsDoubles(Array data) => data switch
    {
        float[] f => f.Select(v => (double)v).ToArray(),
        double[] d => d,
        int[] i => i.Select(v => (double)v).ToArray(),
        long[] l => l.Select(v => (double)v).ToArray(),
        bool[] b => b.Select(v => v ? 1.0 : 0.0).ToArray(),
        _ => throw new InvalidOperationException(data.GetType().Name),
    };

    private static void Compare(JsonElement expected, (Array Data, int[] Shape) actual, bool single)
    {
        Assert.Equal(Shape(expected), actual.Shape);
        string dtype = expected.GetProperty("dtype").GetString()!;
        double[] want = expected.GetProperty("data").EnumerateArray().Select(Number).ToArray();
        double[] got = AsDoubles(actual.Data);
        Assert.Equal(want.Length, got.Length);
        bool isFloat = dtype.StartsWith("float", StringComparison.Ordinal);
        double tolerance = !isFloat ? 0 : single ? 1e-5 : 1e-12;
        for (int i = 0; i < want.Length; i++)
        {
            bool ok = double.IsNaN(want[i]) ? double.IsNaN(got[i])
                : double.IsInfinity(want[i]) ? want[i] == got[i]
                : Math.Abs(got[i] - want[i]) <= tolerance * (1 + Math.Abs(want[i]));
            Assert.True(ok, $"element {i}: expected {want[i]}, got {got[i]} (expected [{string.Join(", ", want)}], got [{string.Join(", ", got)}])");
        }
    }
}
