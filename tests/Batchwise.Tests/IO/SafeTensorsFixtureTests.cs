using System.Globalization;
using System.Text.Json;
using Batchwise.IO;

namespace Batchwise.Tests.IO;

/// <summary>
/// Files written by tools/make_safetensors_fixtures.py (Python's own writer) and by
/// tools/make_transformer_fixtures.py, read back and compared value by value.
/// </summary>
public class SafeTensorsFixtureTests
{
    private static readonly string Dir = TestData.Path("safetensors");

    private static JsonElement Expected()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "all_dtypes.json")));
        return document.RootElement.Clone();
    }

    private static double[] Doubles(JsonElement entry) =>
        [.. entry.GetProperty("values").EnumerateArray().Select(static v => v.ValueKind switch
        {
            JsonValueKind.String => double.Parse(v.GetString()!, CultureInfo.InvariantCulture),
            JsonValueKind.True => 1.0,
            JsonValueKind.False => 0.0,
            _ => v.GetDouble(),
        })];

    private static void AssertSameDouble(double expected, double actual, string what)
    {
        bool same = double.IsNaN(expected) ? double.IsNaN(actual) : expected.Equals(actual) && double.IsNegative(expected) == double.IsNegative(actual);
        Assert.True(same, $"{what}: expected {expected}, got {actual}");
    }

    [Fact]
    public void Open_AllDtypes_ListsNamesDtypesShapesInHeaderOrder()
    {
        JsonElement expected = Expected().GetProperty("tensors");
        using SafeTensorsFile file = SafeTensors.Open(Path.Combine(Dir, "all_dtypes.safetensors"));
        Assert.Equal(expected.EnumerateObject().Count(), file.Tensors.Count);
        foreach (JsonProperty entry in expected.EnumerateObject())
        {
            SafeTensorInfo info = file.GetInfo(entry.Name);
            Assert.Equal(entry.Value.GetProperty("dtype").GetString(), info.DType.HeaderName());
            Assert.Equal(entry.Value.GetProperty("shape").EnumerateArray().Select(static s => s.GetInt64()), info.Shape.ToArray());
        }
        // The header lists names by length then name, which is not the data's order.
        string[] names = [.. file.Names];
        Assert.Equal(names.OrderBy(static n => n.Length).ThenBy(static n => n, StringComparer.Ordinal), names);
        Assert.NotEqual(file.Tensors.OrderBy(static t => t.DataBegin).Select(static t => t.Name), names);
        Assert.Equal("make_safetensors_fixtures.py", file.Metadata["source"]);
        Assert.Equal("pt", file.Metadata["format"]);
    }

    [Fact]
    public void GetTensor_EveryDtypeAsItsOwnType_MatchesPythonValues()
    {
        JsonElement expected = Expected().GetProperty("tensors");
        using SafeTensorsFile file = SafeTensors.Open(Path.Combine(Dir, "all_dtypes.safetensors"));
        foreach (JsonProperty entry in expected.EnumerateObject())
        {
            double[] values = Doubles(entry.Value);
            double[] actual = file.GetInfo(entry.Name).DType switch
            {
                SafeTensorsDType.F64 => [.. file.GetTensor<double>(entry.Name).ToArray()],
                SafeTensorsDType.F32 => [.. file.GetTensor<float>(entry.Name).ToArray().Select(static v => (double)v)],
                SafeTensorsDType.F16 => [.. file.GetTensor<Half>(entry.Name).ToArray().Select(static v => (double)v)],
                SafeTensorsDType.BF16 => [.. file.GetTensor<BFloat16>(entry.Name).ToArray().Select(static v => (double)v)],
                SafeTensorsDType.I64 => [.. file.GetTensor<long>(entry.Name).ToArray().Select(static v => (double)v)],
                SafeTensorsDType.I32 => [.. file.GetTensor<int>(entry.Name).ToArray().Select(static v => (double)v)],
                SafeTensorsDType.I16 => [.. file.GetTensor<short>(entry.Name).ToArray().Select(static v => (double)v)],
                SafeTensorsDType.I8 => [.. file.GetTensor<sbyte>(entry.Name).ToArray().Select(static v => (double)v)],
                SafeTensorsDType.U8 => [.. file.GetTensor<byte>(entry.Name).ToArray().Select(static v => (double)v)],
                _ => [.. file.GetTensor<bool>(entry.Name).ToArray().Select(static v => v ? 1.0 : 0.0)],
            };
            Assert.Equal(values.Length, actual.Length);
            for (int i = 0; i < values.Length; i++)
            {
                AssertSameDouble(values[i], actual[i], $"{entry.Name}[{i}]");
            }
        }
        Assert.Equal(-123456789, file.GetTensor<int>("i32.scalar").ToScalar());
        Assert.Equal(long.MinValue, file.GetTensor<long>("i64.ids").ToArray()[3]);
    }

    [Fact]
    public void GetTensor_HalfAndBFloat16_KeepExactBitPatterns()
    {
        JsonElement expected = Expected().GetProperty("tensors");
        using SafeTensorsFile file = SafeTensors.Open(Path.Combine(Dir, "all_dtypes.safetensors"));
        ushort[] bf16 = [.. expected.GetProperty("bf16.weights").GetProperty("bits").EnumerateArray().Select(static b => (ushort)b.GetInt32())];
        ushort[] f16 = [.. expected.GetProperty("f16.weights").GetProperty("bits").EnumerateArray().Select(static b => (ushort)b.GetInt32())];
        Assert.Equal(bf16, file.GetTensor<BFloat16>("bf16.weights").ToArray().Select(static v => v.RawBits));
        Assert.Equal(bf16, file.GetSpan<BFloat16>("bf16.weights").ToArray().Select(static v => v.RawBits));
        Assert.Equal(f16, file.GetSpan<Half>("f16.weights").ToArray().Select(BitConverter.HalfToUInt16Bits));
    }

    [Fact]
    public void GetTensor_ConvertToFloatAndDouble_WidensEveryDtype()
    {
        JsonElement expected = Expected().GetProperty("tensors");
        using SafeTensorsFile file = SafeTensors.Open(Path.Combine(Dir, "all_dtypes.safetensors"));
        foreach (JsonProperty entry in expected.EnumerateObject())
        {
            double[] values = Doubles(entry.Value);
            Tensor<float> asFloat = file.GetTensor<float>(entry.Name, convert: true);
            Tensor<double> asDouble = file.GetTensor<double>(entry.Name, convert: true);
            Assert.Equal(file.GetInfo(entry.Name).Shape.ToArray(), asFloat.Shape.ToArray().Select(static s => (long)s));
            for (int i = 0; i < values.Length; i++)
            {
                AssertSameDouble((float)values[i], asFloat.ToArray()[i], $"{entry.Name}[{i}] as float");
                // Every stored value is exactly a double (F16/BF16/F32 values are floats; JSON gives integers as doubles).
                AssertSameDouble(values[i], asDouble.ToArray()[i], $"{entry.Name}[{i}] as double");
            }
        }
    }

    [Fact]
    public void GetTensor_WrongTypeWithoutConvert_ThrowsInvalidCast()
    {
        using SafeTensorsFile file = SafeTensors.Open(Path.Combine(Dir, "all_dtypes.safetensors"));
        var e = Assert.Throws<InvalidCastException>(() => file.GetTensor<float>("bf16.weights"));
        Assert.Contains("BF16", e.Message);
        Assert.Throws<InvalidCastException>(() => file.GetTensor<int>("f32.cube", convert: true));
        Assert.Throws<InvalidCastException>(() => file.GetSpan<float>("f64.matrix"));
        Assert.Throws<InvalidOperationException>(() => file.GetSpan<bool>("bool.mask"));
        Assert.Throws<KeyNotFoundException>(() => file.GetTensor<float>("missing"));
    }

    [Fact]
    public void GetSpan_ReadsInPlace_ZeroSizeIsEmpty()
    {
        using SafeTensorsFile file = SafeTensors.Open(Path.Combine(Dir, "all_dtypes.safetensors"));
        Assert.Equal(file.GetTensor<float>("f32.cube").ToArray(), file.GetSpan<float>("f32.cube").ToArray());
        Assert.Equal(0, file.GetSpan<float>("f32.empty").Length);
        Assert.Equal([0, 3], file.GetTensor<float>("f32.empty").Shape.ToArray());
    }

    [Fact]
    public void GetSpan_AfterDispose_ThrowsObjectDisposed()
    {
        SafeTensorsFile file = SafeTensors.Open(Path.Combine(Dir, "all_dtypes.safetensors"));
        file.Dispose();
        Assert.Throws<ObjectDisposedException>(() => file.GetTensor<float>("f32.cube"));
    }

    [Fact]
    public void OpenCheckpoint_Sharded_ResolvesEveryNameThroughTheIndex()
    {
        using SafeTensorsCheckpoint checkpoint = SafeTensors.OpenCheckpoint(Path.Combine(Dir, "sharded"));
        Assert.Equal(2, checkpoint.Files.Count);
        Assert.Equal(["embed.weight", "head.bias", "layers.0.weight", "layers.1.weight"], checkpoint.Names);
        Assert.Equal("132", checkpoint.Metadata["total_size"]);
        Assert.Equal(Enumerable.Range(0, 12).Select(static i => (float)i), checkpoint.GetTensor<float>("embed.weight").ToArray());
        Assert.Equal([1f, 2f, 3f], checkpoint.GetSpan<float>("head.bias").ToArray());
        Assert.Equal(-1.5f, checkpoint.GetTensor<float>("layers.1.weight").GetItem(1, 1));
        Assert.EndsWith("model-00002-of-00002.safetensors", checkpoint.FileOf("layers.1.weight").Path);
    }

    [Theory]
    [InlineData("gpt2-tiny")]
    [InlineData("llama-tiny")]
    public void OpenCheckpoint_TransformerFixtures_Float32AndBFloat16Agree(string model)
    {
        string dir = TestData.Path(Path.Combine("models", model));
        using SafeTensorsCheckpoint f32 = SafeTensors.OpenCheckpoint(dir);
        using SafeTensorsFile bf16 = SafeTensors.Open(Path.Combine(dir, "model-bf16.safetensors"));
        Assert.Equal("pt", f32.Metadata["format"]);
        Assert.Equal(f32.Names.Order(StringComparer.Ordinal), bf16.Names.Order(StringComparer.Ordinal));
        Assert.True(f32.Names.Count > 10);
        foreach (string name in f32.Names)
        {
            Assert.Equal(SafeTensorsDType.F32, f32.GetInfo(name).DType);
            Assert.Equal(SafeTensorsDType.BF16, bf16.GetInfo(name).DType);
            Assert.Equal(f32.GetInfo(name).Shape.ToArray(), bf16.GetInfo(name).Shape.ToArray());
            ReadOnlySpan<float> full = f32.GetSpan<float>(name);
            ReadOnlySpan<BFloat16> half = bf16.GetSpan<BFloat16>(name);
            for (int i = 0; i < full.Length; i++)
            {
                Assert.Equal(((BFloat16)full[i]).RawBits, half[i].RawBits);
            }
        }
        string embedding = model == "gpt2-tiny" ? "transformer.wte.weight" : "model.embed_tokens.weight";
        Assert.Equal([512, 64], f32.GetTensor<float>(embedding).Shape.ToArray());
        Assert.Equal(f32.GetTensor<float>(embedding).ToArray().Select(static v => (float)(BFloat16)v),
            bf16.GetTensor<float>(embedding, convert: true).ToArray());
    }
}
