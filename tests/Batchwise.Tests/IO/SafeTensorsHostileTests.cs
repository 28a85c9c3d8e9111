using System.Buffers.Binary;
using System.Text;
using Batchwise.IO;

namespace Batchwise.Tests.IO;

/// <summary>Hostile and broken safetensors files: each must give an <see cref="InvalidDataException"/> naming the problem.</summary>
public class SafeTensorsHostileTests
{
    /// <summary>A file: the header length, the header text, then <paramref name="dataBytes"/> bytes of data.</summary>
    internal static byte[] Handmade(string json, int dataBytes) => Handmade(Encoding.UTF8.GetBytes(json), dataBytes);

    internal static byte[] Handmade(byte[] json, int dataBytes)
    {
        byte[] file = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)json.Length);
        json.CopyTo(file, 8);
        for (int i = 0; i < dataBytes; i++)
        {
            file[8 + json.Length + i] = (byte)(i * 37);
        }
        return file;
    }

    /// <summary>Writes the bytes to a temporary file, opens it, reads every tensor, and deletes the file.</summary>
    internal static void OpenAndReadAll(byte[] bytes)
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, bytes);
            using SafeTensorsFile file = SafeTensors.Open(path);
            foreach (SafeTensorInfo info in file.Tensors)
            {
                try
                {
                    _ = file.GetTensor<double>(info.Name, convert: true);
                }
                catch (NotSupportedException)
                {
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private const string Two = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"I16\",\"shape\":[2,2],\"data_offsets\":[8,16]}}";

    public static TheoryData<string, byte[], string> Cases()
    {
        byte[] valid = Handmade(Two, 16);
        byte[] lyingLength = (byte[])valid.Clone();
        lyingLength[0] = 0xFF;
        byte[] gigabytes = (byte[])valid.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(gigabytes, 4UL << 30);
        byte[] maxLength = (byte[])valid.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(maxLength, ulong.MaxValue);
        byte[] badUtf8 = Handmade("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"\u00e9\":{\"dtype\":\"I16\",\"shape\":[2,2],\"data_offsets\":[8,16]}}", 16);
        badUtf8[Array.IndexOf(badUtf8, (byte)0xC3) + 1] = (byte)'A'; // 'é' cut after its lead byte
        static string Tensor(string name, string dtype, string shape, long begin, long end) =>
            $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";
        return new TheoryData<string, byte[], string>
        {
            { "empty file", [], "shorter than the 8-byte header length" },
            { "seven bytes", new byte[7], "shorter than the 8-byte header length" },
            { "header length past the end", lyingLength, "runs past the end" },
            { "header of gigabytes", gigabytes, "over the 100000000-byte limit" },
            { "header length 2^64-1", maxLength, "over the" },
            { "truncated data", valid[..^1], "truncated" },
            { "trailing bytes", Handmade(Two, 17), "cover only 16" },
            { "empty header", Handmade("", 0), "does not start with '{'" },
            { "header not an object", Handmade("[1,2]", 0), "does not start with '{'" },
            { "bad JSON", Handmade("{\"a\":{\"dtype\":\"F32\",", 0), "not valid JSON" },
            { "bad UTF-8", badUtf8, "UTF-8" },
            { "duplicate names", Handmade("{" + Tensor("a", "F32", "[2]", 0, 8) + "," + Tensor("a", "F32", "[2]", 8, 16) + "}", 16), "names 'a' twice" },
            { "unknown dtype", Handmade("{" + Tensor("a", "C64", "[2]", 0, 16) + "}", 16), "unsupported dtype 'C64'" },
            { "lower-case dtype", Handmade("{" + Tensor("a", "f32", "[2]", 0, 8) + "}", 8), "unsupported dtype 'f32'" },
            { "overlapping offsets", Handmade("{" + Tensor("a", "F32", "[2]", 0, 8) + "," + Tensor("b", "F32", "[2]", 4, 12) + "}", 12), "overlaps tensor 'a'" },
            { "same range twice", Handmade("{" + Tensor("a", "F32", "[2]", 0, 8) + "," + Tensor("b", "F32", "[2]", 0, 8) + "}", 8), "overlaps" },
            { "gap between tensors", Handmade("{" + Tensor("a", "F32", "[2]", 0, 8) + "," + Tensor("b", "F32", "[2]", 12, 20) + "}", 20), "gap of 4 bytes" },
            { "data not starting at 0", Handmade("{" + Tensor("a", "F32", "[2]", 4, 12) + "}", 12), "gap of 4 bytes" },
            { "end before begin", Handmade("{" + Tensor("a", "F32", "[0]", 8, 0) + "}", 8), "end before they begin" },
            { "offsets not dtype x shape", Handmade("{" + Tensor("a", "F32", "[3]", 0, 8) + "}", 8), "needs 12" },
            { "offsets past the data", Handmade("{" + Tensor("a", "F32", "[4]", 0, 16) + "}", 8), "truncated" },
            { "shape overflows", Handmade("{" + Tensor("a", "F64", "[4294967296,4294967296,4]", 0, 8) + "}", 8), "more elements than 64 bits" },
            { "bytes overflow", Handmade("{" + Tensor("a", "F64", "[2305843009213693952]", 0, 8) + "}", 8), "more elements than 64 bits" },
            { "dimension over 2^63", Handmade("{" + Tensor("a", "U8", "[9223372036854775808]", 0, 8) + "}", 8), "not an integer" },
            { "negative dimension", Handmade("{" + Tensor("a", "F32", "[-2]", 0, 8) + "}", 8), "not an integer" },
            { "fractional dimension", Handmade("{" + Tensor("a", "F32", "[2.5]", 0, 8) + "}", 8), "not an integer" },
            { "three offsets", Handmade("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,8]}}", 8), "3 entries, not 2" },
            { "missing dtype", Handmade("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "no dtype" },
            { "missing shape", Handmade("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", 8), "no shape" },
            { "tensor not an object", Handmade("{\"a\":3}", 0), "not an object" },
            { "metadata not strings", Handmade("{\"__metadata__\":{\"n\":3}}", 0), "not a string" },
            { "metadata not an object", Handmade("{\"__metadata__\":[1]}", 0), "not an object of strings" },
            { "deep nesting", Handmade("{\"a\":" + new string('[', 100) + new string(']', 100) + "}", 0), "not valid JSON" },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Open_HostileFile_ThrowsInvalidDataSayingWhy(string what, byte[] file, string expected)
    {
        _ = what;
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => OpenAndReadAll(file));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Open_ValidHandmadeFile_Reads()
    {
        OpenAndReadAll(Handmade(Two, 16));
        OpenAndReadAll(Handmade("{}", 0));
        OpenAndReadAll(Handmade("{\"__metadata__\":null,\"z\":{\"dtype\":\"BOOL\",\"shape\":[0,5],\"data_offsets\":[0,0]}}   ", 0));
    }

    [Fact]
    public void GetTensor_ShapeLargerThanATensor_ThrowsNotSupported()
    {
        // 2^31 zero-size rows: a valid file whose tensor cannot have an int axis.
        byte[] bytes = Handmade("{\"a\":{\"dtype\":\"F32\",\"shape\":[3000000000,0],\"data_offsets\":[0,0]}}", 0);
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, bytes);
            using SafeTensorsFile file = SafeTensors.Open(path);
            Assert.Equal(0, file.GetInfo("a").ElementCount);
            Assert.Throws<NotSupportedException>(() => file.GetTensor<float>("a"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void OpenCheckpoint_IndexEscapingItsDirectoryOrNamingMissingTensors_ThrowsInvalidData()
    {
        string dir = Directory.CreateTempSubdirectory("bw-st-").FullName;
        try
        {
            File.Copy(TestData.Path(Path.Combine("safetensors", "sharded", "model-00001-of-00002.safetensors")), Path.Combine(dir, "a.safetensors"));
            string index = Path.Combine(dir, SafeTensorsCheckpoint.IndexFileName);
            File.WriteAllText(index, "{\"weight_map\":{\"embed.weight\":\"../a.safetensors\"}}");
            Assert.Contains("not a file name", Assert.Throws<InvalidDataException>(() => SafeTensors.OpenCheckpoint(dir)).Message);
            File.WriteAllText(index, "{\"weight_map\":{\"nothing.here\":\"a.safetensors\"}}");
            Assert.Contains("has no such tensor", Assert.Throws<InvalidDataException>(() => SafeTensors.OpenCheckpoint(dir)).Message);
            File.WriteAllText(index, "{\"weight_map\":{\"embed.weight\":\"a.safetensors\",\"embed.weight\":\"a.safetensors\"}}");
            Assert.Contains("twice", Assert.Throws<InvalidDataException>(() => SafeTensors.OpenCheckpoint(dir)).Message);
            File.WriteAllText(index, "{\"metadata\":{}}");
            Assert.Contains("no weight_map", Assert.Throws<InvalidDataException>(() => SafeTensors.OpenCheckpoint(dir)).Message);
            File.WriteAllText(index, "{\"weight_map\":{\"embed.weight\":\"missing.safetensors\"}}");
            Assert.Throws<FileNotFoundException>(() => SafeTensors.OpenCheckpoint(dir));
            File.WriteAllText(index, "{\"weight_map\":{\"embed.weight\":\"a.safetensors\"}}");
            using SafeTensorsCheckpoint ok = SafeTensors.OpenCheckpoint(index);
            Assert.Equal(["embed.weight"], ok.Names);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Fuzz_MutatedFiles_OnlyInvalidDataOrNotSupported()
    {
        var fuzzer = new SafeTensorsFuzzer(seed: 24);
        fuzzer.Run(runs: 3000, TimeSpan.FromSeconds(20));
        Assert.True(fuzzer.Findings.Count == 0, string.Join("\n", fuzzer.Findings.Take(5)));
        Assert.True(fuzzer.Accepted > 0 && fuzzer.Rejected > 0, $"accepted {fuzzer.Accepted}, rejected {fuzzer.Rejected}");
    }
}
