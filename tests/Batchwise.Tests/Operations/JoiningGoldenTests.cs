using System.Globalization;
using System.Text.Json;
using Batchwise.NN;

namespace Batchwise.Tests.Operations;

/// <summary>
/// Joining, gathering and advanced indexing against NumPy 1.24 / torch 1.13, from
/// TestData/joining/cases.json (tools/make_joining_golden.py): advanced-index reads and assignment,
/// scatter_add, put_along_axis, repeat_interleave, meshgrid, pad, joins, splits and gathers.
/// </summary>
public class JoiningGoldenTests
{
    private static readonly Lazy<JsonElement[]> s_cases = new(() =>
        JsonDocument.Parse(File.ReadAllText(TestData.Path("joining/cases.json"))).RootElement.EnumerateArray().ToArray());

    public static TheoryData<int> CaseIndices()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < s_cases.Value.Length; i++)
        {
            data.Add(i);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Golden_Case_MatchesReference(int index)
    {
        JsonElement c = s_cases.Value[index];
        string op = c.GetProperty("op").GetString()!;
        JsonElement inputs = c.GetProperty("inputs"), p = c.GetProperty("params"), expect = c.GetProperty("expect");
        Func<object> run = () => Run(op, inputs, p);
        if (expect.ValueKind == JsonValueKind.Object && expect.TryGetProperty("error", out JsonElement kind))
        {
            var e = Assert.ThrowsAny<BatchwiseException>(() => run());
            if (op.StartsWith("index_", StringComparison.Ordinal) || expect.TryGetProperty("checked", out _))
            {
                Assert.Equal(kind.GetString(), e.Kind.ToString().ToLowerInvariant());
            }
            return;
        }
        object result = run();
        if (p.TryGetProperty("select", out JsonElement select))
        {
            var all = (System.Collections.IList)result;
            int k = select.GetInt32();
            result = all[k < 0 ? k + all.Count : k]!;
        }
        if (expect.ValueKind == JsonValueKind.Array)
        {
            var parts = (System.Collections.IList)result;
            Assert.Equal(expect.GetArrayLength(), parts.Count);
            for (int i = 0; i < parts.Count; i++)
            {
                AssertEqual(expect[i], parts[i]!);
            }
            return;
        }
        AssertEqual(expect, result);
    }

    private static object Run(string op, JsonElement inputs, JsonElement p)
    {
        Tensor<double> X(string name = "x") => Doubles(inputs.GetProperty(name));
        Tensor<long> I(string name = "idx") => Longs(inputs.GetProperty(name));
        int? Axis(string name) => p.GetProperty(name).ValueKind == JsonValueKind.Null ? null : p.GetProperty(name).GetInt32();
        int[] Ints(string name) => p.GetProperty(name).EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Tensor<double>[] Pieces() => p.TryGetProperty("n", out JsonElement n)
            ? Enumerable.Range(0, n.GetInt32()).Select(i => X($"p{i}")).ToArray()
            : [X("a"), X("b")];
        switch (op)
        {
            case "index_get":
                return X()[Items(p.GetProperty("items"))];
            case "index_set":
                Tensor<double> target = X();
                target[Items(p.GetProperty("items"))] = X("value");
                return target;
            case "scatter_add":
                return Tensor.ScatterAdd(X(), p.GetProperty("dim").GetInt32(), I(), X("src"));
            case "put_along_axis":
                Tensor<double> put = X();
                Tensor.PutAlongAxis(put, I(), X("values"), p.GetProperty("axis").GetInt32());
                return put;
            case "repeat_interleave":
                return Tensor.RepeatInterleave(X(), I("repeats"), Axis("dim"));
            case "meshgrid":
                int n = p.GetProperty("n").GetInt32();
                return Tensor.Meshgrid(Enumerable.Range(0, n).Select(i => X($"x{i}")).ToArray(), p.GetProperty("indexing").GetString()!);
            case "pad":
                var widths = p.GetProperty("widths").EnumerateArray().Select(w => (w[0].GetInt32(), w[1].GetInt32())).ToArray();
                PadMode mode = Enum.Parse<PadMode>(p.GetProperty("mode").GetString()!, ignoreCase: true);
                return Tensor.Pad(X(), widths, mode, Number(p.GetProperty("value")));
            case "concatenate":
                return Tensor.Concatenate(Pieces(), Axis("axis"));
            case "stack":
                return Tensor.Stack(Pieces(), p.GetProperty("axis").GetInt32());
            case "flatten":
                return X().Flatten();
            case "ravel":
                return X().Ravel();
            case "split":
                return p.TryGetProperty("cuts", out _) ? Tensor.Split(X(), Ints("cuts"), p.GetProperty("axis").GetInt32())
                    : Tensor.Split(X(), p.GetProperty("sections").GetInt32(), p.GetProperty("axis").GetInt32());
            case "array_split":
                return p.TryGetProperty("cuts", out _) ? Tensor.ArraySplit(X(), Ints("cuts"), p.GetProperty("axis").GetInt32())
                    : Tensor.ArraySplit(X(), p.GetProperty("sections").GetInt32(), p.GetProperty("axis").GetInt32());
            case "tile":
                return Tensor.Tile(X(), Ints("reps"));
            case "repeat":
                return Tensor.Repeat(X(), Ints("repeats"), Axis("axis"));
            case "roll":
                return Tensor.Roll(X(), Ints("shifts"), p.GetProperty("axes").ValueKind == JsonValueKind.Null ? null : Ints("axes"));
            case "flip":
                return Tensor.Flip(X(), Ints("axes"));
            case "tril":
                return Tensor.Tril(X(), p.GetProperty("k").GetInt32());
            case "triu":
                return Tensor.Triu(X(), p.GetProperty("k").GetInt32());
            case "diag":
                return Tensor.Diag(X(), p.GetProperty("k").GetInt32());
            case "diagflat":
                return Tensor.DiagFlat(X(), p.GetProperty("k").GetInt32());
            case "take":
                return Tensor.Take(X(), I(), Axis("axis"));
            case "take_along_axis":
                return Tensor.TakeAlongAxis(X(), I(), Axis("axis"));
            case "gather":
                return Tensor.Gather(X(), p.GetProperty("dim").GetInt32(), I());
            case "index_select":
                return Tensor.IndexSelect(X(), p.GetProperty("dim").GetInt32(), Ints32(inputs.GetProperty("idx")));
            case "embedding":
                return Functional.Embedding(I("ids"), X("weight"));
            case "nonzero":
                return Tensor.NonZero(X());
            case "argwhere":
                return Tensor.ArgWhere(X());
            default:
                throw new InvalidOperationException(op);
        }
    }

    private static TensorIndex[] Items(JsonElement items) => items.EnumerateArray().Select(item => item.GetProperty("kind").GetString() switch
    {
        "int" => TensorIndex.At(item.GetProperty("v").GetInt32()),
        "slice" => TensorIndex.Slice(Nullable(item.GetProperty("start")), Nullable(item.GetProperty("stop")), Nullable(item.GetProperty("step"))),
        "ellipsis" => TensorIndex.Ellipsis,
        "newaxis" => TensorIndex.NewAxis,
        "mask" => TensorIndex.Mask(Bools(item)),
        _ => item.GetProperty("dtype").GetString() == "int32" ? TensorIndex.Array(Ints32(item)) : TensorIndex.Array(Longs(item)),
    }).ToArray();

    private static int? Nullable(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt32();

    private static int[] ShapeOf(JsonElement a) => a.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();

    private static Tensor<double> Doubles(JsonElement a) =>
        Tensor.FromArray(a.GetProperty("data").EnumerateArray().Select(Number).ToArray(), ShapeOf(a));

    private static Tensor<long> Longs(JsonElement a) =>
        Tensor.FromArray(a.GetProperty("data").EnumerateArray().Select(e => e.GetInt64()).ToArray(), ShapeOf(a));

    private static Tensor<int> Ints32(JsonElement a) =>
        Tensor.FromArray(a.GetProperty("data").EnumerateArray().Select(e => e.GetInt32()).ToArray(), ShapeOf(a));

    private static Tensor<bool> Bools(JsonElement a) =>
        Tensor.FromArray(a.GetProperty("data").EnumerateArray().Select(e => e.GetBoolean()).ToArray(), ShapeOf(a));

    private static double Number(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? double.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetDouble();

    private static void AssertEqual(JsonElement expect, object actual)
    {
        int[] shape = ShapeOf(expect);
        string dtype = expect.GetProperty("dtype").GetString()!;
        switch (actual)
        {
            case Tensor<double> d:
                Assert.Equal(shape, d.Shape.ToArray());
                Assert.Equal(expect.GetProperty("data").EnumerateArray().Select(Number).ToArray(), d.ToArray());
                break;
            case Tensor<long> l:
                Assert.Equal("int64", dtype);
                Assert.Equal(shape, l.Shape.ToArray());
                Assert.Equal(expect.GetProperty("data").EnumerateArray().Select(e => e.GetInt64()).ToArray(), l.ToArray());
                break;
            default:
                throw new InvalidOperationException(actual.GetType().Name);
        }
    }
}
