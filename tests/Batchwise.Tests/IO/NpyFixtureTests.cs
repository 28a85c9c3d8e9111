using System.Globalization;
using System.Text.Json;
using Batchwise.IO;

namespace Batchwise.Tests.IO;

/// <summary>
/// Loads every fixture NumPy wrote (tools/make_npy_fixtures.py: each dtype, both orders, both byte orders,
/// versions 1-3, 0-d, empty, .npz stored and deflated) and compares with the manifest, bit for bit.
/// </summary>
public class NpyFixtureTests
{
    private static readonly string Folder = TestData.Path("npy");

    private static JsonElement Manifest { get; } = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json"))).RootElement;

    public static TheoryData<string> NpyFiles()
    {
        var data = new TheoryData<string>();
        foreach (JsonElement file in Manifest.GetProperty("files").EnumerateArray())
        {
            data.Add(file.GetProperty("file").GetString()!);
        }
        return data;
    }

    private static JsonElement Entry(string name) =>
        Manifest.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("file").GetString() == name);

    [Theory]
    [MemberData(nameof(NpyFiles))]
    public void Read_NumPyFixture_MatchesManifest(string name)
    {
        JsonElement entry = Entry(name);
        NpyArray array = Npy.Read(Path.Combine(Folder, name));
        Assert.Equal(entry.GetProperty("descr").GetString(), array.DType.Descr);
        Assert.Equal(entry.GetProperty("version").GetInt32(), array.Header.MajorVersion);
        Assert.Equal(entry.GetProperty("fortran").GetBoolean(), array.Header.FortranOrder);
        AssertMatches(array, entry);
    }

    [Theory]
    [MemberData(nameof(NpyFiles))]
    public void Map_NumPyFixture_MatchesManifest(string name)
    {
        JsonElement entry = Entry(name);
        using NpyMappedArray mapped = Npy.Map(Path.Combine(Folder, name));
        Assert.Equal(entry.GetProperty("descr").GetString(), mapped.DType.Descr);
        Tensor<double> tensor = mapped.ToTensor<double>(convert: true);
        AssertValues(tensor, entry.GetProperty("shape"), entry.GetProperty("values"), mapped.DType);
    }

    [Fact]
    public void Load_FloatFixtureAsDouble_RefusesUnlessConverting()
    {
        string path = Path.Combine(Folder, "le_f4_c_v1.npy");
        InvalidCastException e = Assert.Throws<InvalidCastException>(() => Npy.Load<double>(path));
        Assert.Contains("float32", e.Message);
        Assert.Equal(1.5, Npy.Load<double>(path, convert: true).GetItem(0, 2));
    }

    [Fact]
    public void Load_UnsignedFixtureAsSigned_RefusesUnlessConverting()
    {
        // The runtime lets a uint[] pass as an int[]; the reader must not reinterpret 4294967295 as -1.
        string path = Path.Combine(Folder, "le_u4_c_v1.npy");
        Assert.Throws<InvalidCastException>(() => Npy.Load<int>(path));
        Assert.Equal(4294967295L, Npy.Load<long>(path, convert: true).GetItem(0, 2));
        Assert.Equal(4294967295.0, Npy.Load<double>(path, convert: true).GetItem(0, 2));
    }

    [Fact]
    public void Load_HalfFixture_LoadsAsFloat()
    {
        Tensor<float> t = Npy.Load<float>(Path.Combine(Folder, "le_f2_c_v1.npy"));
        Assert.Equal(65504f, t.GetItem(1, 3));
        Assert.Equal(-2.25f, t.GetItem(0, 3));
    }

    [Theory]
    [InlineData("stored.npz")]
    [InlineData("deflated.npz")]
    public void NpzLoad_NumPyFixture_MatchesManifest(string name)
    {
        JsonElement entry = Manifest.GetProperty("npz").EnumerateArray().Single(f => f.GetProperty("file").GetString() == name);
        using NpzArchive archive = Npz.Load(Path.Combine(Folder, name));
        var expectedNames = entry.GetProperty("arrays").EnumerateArray().Select(a => a.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(expectedNames.Order(), archive.Names.Order());
        foreach (JsonElement a in entry.GetProperty("arrays").EnumerateArray())
        {
            NpyArray array = archive.Read(a.GetProperty("name").GetString()!);
            Assert.Equal(a.GetProperty("descr").GetString(), array.DType.Descr);
            AssertMatches(array, a);
        }
        Assert.Equal(-1L, archive.Load<long>("counts").GetItem(2));
        Assert.Throws<KeyNotFoundException>(() => archive.Read("nope"));
    }

    private static void AssertMatches(NpyArray array, JsonElement entry)
    {
        switch (array.ElementType)
        {
            case Type t when t == typeof(bool):
                Tensor<bool> b = array.ToTensor<bool>();
                Assert.Equal(Shape(entry.GetProperty("shape")), b.Shape.ToArray());
                Assert.Equal(entry.GetProperty("values").EnumerateArray().Select(v => v.GetString() == "true"), b.ToArray());
                break;
            case Type t when t == typeof(int):
                Tensor<int> i = array.ToTensor<int>();
                Assert.Equal(Shape(entry.GetProperty("shape")), i.Shape.ToArray());
                Assert.Equal(entry.GetProperty("values").EnumerateArray().Select(v => int.Parse(v.GetString()!, CultureInfo.InvariantCulture)), i.ToArray());
                break;
            case Type t when t == typeof(long):
                Tensor<long> l = array.ToTensor<long>();
                Assert.Equal(Shape(entry.GetProperty("shape")), l.Shape.ToArray());
                Assert.Equal(entry.GetProperty("values").EnumerateArray().Select(v => long.Parse(v.GetString()!, CultureInfo.InvariantCulture)), l.ToArray());
                break;
            case Type t when t == typeof(sbyte):
                AssertIntegers<sbyte>(array, entry);
                break;
            case Type t when t == typeof(byte):
                AssertIntegers<byte>(array, entry);
                break;
            case Type t when t == typeof(short):
                AssertIntegers<short>(array, entry);
                break;
            case Type t when t == typeof(ushort):
                AssertIntegers<ushort>(array, entry);
                break;
            case Type t when t == typeof(uint):
                AssertIntegers<uint>(array, entry);
                break;
            case Type t when t == typeof(ulong):
                AssertIntegers<ulong>(array, entry);
                break;
            case Type t when t == typeof(float):
                Tensor<float> f = array.ToTensor<float>();
                Assert.Equal(Shape(entry.GetProperty("shape")), f.Shape.ToArray());
                Assert.Equal(Doubles(entry.GetProperty("values")).Select(BitsOfFloat), f.ToArray().Select(x => BitsOfFloat(x)));
                break;
            default:
                Tensor<double> d = array.ToTensor<double>();
                Assert.Equal(Shape(entry.GetProperty("shape")), d.Shape.ToArray());
                Assert.Equal(Doubles(entry.GetProperty("values")).Select(BitsOf), d.ToArray().Select(BitsOf));
                break;
        }
    }

    private static void AssertIntegers<T>(NpyArray array, JsonElement entry) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        Tensor<T> tensor = array.ToTensor<T>();
        Assert.Equal(Shape(entry.GetProperty("shape")), tensor.Shape.ToArray());
        Assert.Equal(entry.GetProperty("values").EnumerateArray().Select(v => T.Parse(v.GetString()!, CultureInfo.InvariantCulture)), tensor.ToArray());
        using var stream = new MemoryStream();
        Npy.Save(stream, tensor);
        stream.Position = 0;
        Tensor<T> back = Npy.Read(stream).ToTensor<T>();
        Assert.Equal(tensor.ToArray(), back.ToArray());
        Assert.Equal(NpyDType.Of<T>().Descr, Npy.Read(new MemoryStream(stream.ToArray())).DType.Descr);
    }

    private static void AssertValues(Tensor<double> tensor, JsonElement shape, JsonElement values, NpyDType dtype)
    {
        Assert.Equal(Shape(shape), tensor.Shape.ToArray());
        double[] expected = dtype.Type == NpyElementType.Bool
            ? values.EnumerateArray().Select(v => v.GetString() == "true" ? 1.0 : 0.0).ToArray()
            : Doubles(values);
        Assert.Equal(expected.Select(BitsOf), tensor.ToArray().Select(BitsOf));
    }

    /// <summary>Exact bits (so -0.0 differs from 0.0), with every NaN counted as one: NaN payloads and signs are not part of the contract.</summary>
    private static int BitsOfFloat(double x) => double.IsNaN(x) ? int.MinValue : BitConverter.SingleToInt32Bits((float)x);

    private static long BitsOf(double x) => double.IsNaN(x) ? long.MinValue : BitConverter.DoubleToInt64Bits(x);

    private static int[] Shape(JsonElement shape) => shape.EnumerateArray().Select(d => d.GetInt32()).ToArray();

    private static double[] Doubles(JsonElement values) =>
        values.EnumerateArray().Select(v => double.Parse(v.GetString()!, CultureInfo.InvariantCulture)).ToArray();
}
