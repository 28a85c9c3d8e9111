using Batchwise.IO;

namespace Batchwise.Tests.IO;

/// <summary>Save then open: every dtype, 0-d, zero-size and strided views, metadata, mixed types.</summary>
public class SafeTensorsRoundTripTests
{
    private static T RoundTrip<T>(Func<string, T> read, Action<string> write)
    {
        string path = Path.GetTempFileName();
        try
        {
            write(path);
            return read(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertRoundTrip<T>(Func<Random, T> next) where T : unmanaged
    {
        var random = new Random(7);
        int[][] shapes = [[], [0], [3, 0, 2], [5], [2, 3], [2, 3, 4], [1, 1, 7]];
        var tensors = new Dictionary<string, Tensor<T>>();
        foreach (int[] shape in shapes)
        {
            int size = shape.Aggregate(1, static (a, b) => a * b);
            tensors[$"t{tensors.Count}"] = Tensor.FromArray(Enumerable.Range(0, size).Select(_ => next(random)).ToArray()).Reshape(shape);
        }
        Tensor<T> matrix = Tensor.FromArray(Enumerable.Range(0, 12).Select(_ => next(random)).ToArray()).Reshape(3, 4);
        tensors["transposed"] = matrix.Transpose();
        tensors["every other column"] = matrix[.., TensorIndex.Slice(null, null, 2)];
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "é \"quoted\" \n" };
        RoundTrip(path =>
        {
            using SafeTensorsFile file = SafeTensors.Open(path);
            Assert.Equal(tensors.Keys, file.Names);
            Assert.Equal(metadata, file.Metadata);
            Assert.Equal(0, file.DataOffset % 8);
            foreach (var (name, tensor) in tensors)
            {
                Tensor<T> back = file.GetTensor<T>(name);
                Assert.Equal(tensor.Shape.ToArray(), back.Shape.ToArray());
                Assert.Equal(tensor.ToArray(), back.ToArray());
                Assert.Equal(SafeTensorsDTypes.Of<T>(), file.GetInfo(name).DType);
            }
            return 0;
        }, path => SafeTensors.Save(path, tensors, metadata));
    }

    [Fact]
    public void Save_EveryDtype_ReadsBackEqual()
    {
        AssertRoundTrip(static r => r.NextDouble() * 2 - 1);
        AssertRoundTrip(static r => (float)r.NextDouble());
        AssertRoundTrip(static r => (Half)r.NextDouble());
        AssertRoundTrip(static r => (BFloat16)r.NextDouble());
        AssertRoundTrip(static r => r.NextInt64(long.MinValue, long.MaxValue));
        AssertRoundTrip(static r => r.Next(int.MinValue, int.MaxValue));
        AssertRoundTrip(static r => (short)r.Next(short.MinValue, short.MaxValue));
        AssertRoundTrip(static r => (sbyte)r.Next(-128, 127));
        AssertRoundTrip(static r => (byte)r.Next(256));
        AssertRoundTrip(static r => r.Next(2) == 1);
    }

    [Fact]
    public void Save_MixedTypes_KeepsEachDtype()
    {
        var tensors = new Dictionary<string, object>
        {
            ["w"] = Tensor.FromArray(new[] { 1.5f, -2f }),
            ["w.bf16"] = Tensor.FromArray(new[] { (BFloat16)1.5f, (BFloat16)(-2f) }),
            ["ids"] = Tensor.FromArray(new[] { 1L, 2L, 3L }),
            ["mask"] = Tensor.FromArray(new[] { true, false }),
        };
        SafeTensorsDType[] dtypes = RoundTrip(path =>
        {
            using SafeTensorsFile file = SafeTensors.Open(path);
            Assert.Empty(file.Metadata);
            Assert.Equal([1.5f, -2f], file.GetTensor<float>("w.bf16", convert: true).ToArray());
            return file.Tensors.Select(static t => t.DType).ToArray();
        }, path => SafeTensors.Save(path, tensors));
        Assert.Equal([SafeTensorsDType.F32, SafeTensorsDType.BF16, SafeTensorsDType.I64, SafeTensorsDType.Bool], dtypes);
        Assert.Throws<ArgumentException>(() => SafeTensors.Save(Path.Combine(Path.GetTempPath(), "never.safetensors"), new Dictionary<string, object> { ["x"] = new float[1] }));
        Assert.Throws<ArgumentException>(() => new SafeTensorsWriter().Add("__metadata__", Tensor.FromArray(new[] { 1f })));
        Assert.Throws<ArgumentException>(() => new SafeTensorsWriter().Add("a", Tensor.FromArray(new[] { 1f })).Add("a", Tensor.FromArray(new[] { 1f })));
    }

    [Fact]
    public void Save_SameTensorsAsPythonWriter_WritesTheSameBytes()
    {
        string shard = TestData.Path(Path.Combine("safetensors", "sharded", "model-00001-of-00002.safetensors"));
        var tensors = new Dictionary<string, Tensor<float>>
        {
            ["embed.weight"] = Tensor.FromArray(Enumerable.Range(0, 12).Select(static i => (float)i).ToArray()).Reshape(4, 3),
            ["layers.0.weight"] = Tensor.Full(0.5f, 3, 3),
        };
        byte[] written = RoundTrip(File.ReadAllBytes, path => SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt" }));
        Assert.Equal(File.ReadAllBytes(shard), written);
    }
}
