using Batchwise.IO;

namespace Batchwise.Tests.IO;

public class NpyRoundTripTests
{
    private static Tensor<T> RoundTrip<T>(Tensor<T> tensor, out NpyHeader header) where T : unmanaged
    {
        var stream = new MemoryStream();
        Npy.Save(stream, tensor);
        stream.Position = 0;
        header = NpyHeader.Read(new MemoryStream(stream.ToArray()));
        Assert.Equal(0, header.DataOffset % 64);
        Tensor<T> back = Npy.Load<T>(stream);
        Assert.Equal(stream.Length, stream.Position);
        return back;
    }

    private static void AssertRoundTrip<T>(Tensor<T> tensor, bool expectFortran = false) where T : unmanaged
    {
        Tensor<T> back = RoundTrip(tensor, out NpyHeader header);
        Assert.Equal(1, header.MajorVersion);
        Assert.Equal(expectFortran, header.FortranOrder);
        Assert.Equal(tensor.Shape.ToArray(), back.Shape.ToArray());
        Assert.Equal(tensor.ToArray(), back.ToArray());
    }

    [Fact]
    public void SaveLoad_EveryType_RoundTrips()
    {
        AssertRoundTrip(Tensor.Arange(-3f, 9f, 1f).Reshape(3, 4));
        AssertRoundTrip(Tensor.FromArray([double.NaN, double.NegativeInfinity, -0.0, double.Epsilon, double.MaxValue, 1.0 / 3], 2, 3));
        AssertRoundTrip(Tensor.FromArray([int.MinValue, -1, 0, int.MaxValue]));
        AssertRoundTrip(Tensor.FromArray([long.MinValue, long.MaxValue, 42L], 3, 1));
        AssertRoundTrip(Tensor.FromArray([true, false, false, true, true, false], 3, 2));
    }

    [Fact]
    public void SaveLoad_Half_WritesF2AndLoadsAsFloat()
    {
        var stream = new MemoryStream();
        Npy.Save(stream, Tensor.FromArray([(Half)1.5, Half.MaxValue, Half.Epsilon, Half.NegativeInfinity]));
        stream.Position = 0;
        NpyArray array = Npy.Read(stream);
        Assert.Equal("<f2", array.DType.Descr);
        Assert.Equal(typeof(float), array.ElementType);
        Assert.Equal([1.5f, 65504f, (float)Half.Epsilon, float.NegativeInfinity], array.ToTensor<float>().ToArray());
        Assert.Equal((Half)1.5, array.ToTensor<Half>(convert: true).GetItem(0));
    }

    [Fact]
    public void Save_TransposedView_WritesFortranOrderWithoutChangingValues()
    {
        Tensor<double> matrix = Tensor.Arange(0.0, 12.0, 1.0).Reshape(3, 4);
        AssertRoundTrip(matrix.T, expectFortran: true);
        AssertRoundTrip(Tensor.Arange(0, 24, 1).Reshape(2, 3, 4).Transpose(), expectFortran: true);
    }

    [Fact]
    public void Save_StridedAndBroadcastViews_WritesRowMajorCopy()
    {
        Tensor<float> matrix = Tensor.Arange(0f, 20f, 1f).Reshape(4, 5);
        AssertRoundTrip(matrix.SwapAxes(0, 1).Reshape(-1).Reshape(5, 4).Transpose(0, 1));
        AssertRoundTrip(Tensor.Arange(0f, 3f, 1f).BroadcastTo(4, 3));
        AssertRoundTrip(Tensor.Arange(0, 24, 1).Reshape(2, 3, 4).Transpose(1, 0, 2));
    }

    [Fact]
    public void SaveLoad_ScalarAndEmpty_RoundTrip()
    {
        AssertRoundTrip(Tensor.Scalar(2.5));
        AssertRoundTrip(Tensor.Zeros<float>(0, 3));
        AssertRoundTrip(Tensor.Zeros<long>(2, 0, 4));
        AssertRoundTrip(Tensor.Zeros<int>(0));
    }

    [Fact]
    public void Load_FortranFile_IsStridedViewWithRightValues()
    {
        var stream = new MemoryStream();
        Npy.Save(stream, Tensor.Arange(0, 6, 1).Reshape(2, 3).T);
        stream.Position = 0;
        Tensor<int> back = Npy.Load<int>(stream);
        Assert.Equal([3, 2], back.Shape.ToArray());
        Assert.False(back.IsContiguous);
        Assert.Equal([0, 3, 1, 4, 2, 5], back.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Read_HandmadeVersions_AndBigEndian_Decode(int version)
    {
        byte[] data = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(data, -5);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(8), 1L << 40);
        byte[] file = NpyFuzzer.Handmade("{'shape': (2L,), \"fortran_order\": False, 'descr': '>i8'}", version, data);
        NpyArray array = Npy.Read(new MemoryStream(file));
        Assert.Equal(version, array.Header.MajorVersion);
        Assert.Equal([-5L, 1L << 40], array.ToTensor<long>().ToArray());
    }

    [Fact]
    public void Read_Version3_AcceptsUtf8Header()
    {
        byte[] file = NpyFuzzer.Handmade("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), } \u00e9", 3, [7, 0, 0, 0]);
        // The trailing é is text after the dict: refused, but as a parse error, not a decoding one.
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream(file)));
        Assert.Contains("after the closing", e.Message);
    }

    [Fact]
    public void Map_LargeishFile_ReadsRowsAndSpansWithoutLoading()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bw-map-{Guid.NewGuid():N}.npy");
        try
        {
            Tensor<float> data = Tensor.Arange(0f, 300_000f, 1f).Reshape(1000, 300);
            Npy.Save(path, data);
            using NpyMappedArray mapped = Npy.Map(path);
            Assert.Equal([1000L, 300L], mapped.Shape.ToArray());
            Tensor<float> rows = mapped.ReadRows<float>(998, 2);
            Assert.Equal([2, 300], rows.Shape.ToArray());
            Assert.Equal(998f * 300, rows.GetItem(0, 0));
            Assert.Equal(299_999f, rows.GetItem(1, 299));
            ReadOnlySpan<float> span = mapped.GetSpan<float>(150_000, 5);
            Assert.Equal(150_004f, span[4]);
            var buffer = new float[70_000];
            mapped.CopyTo<float>(100_000, buffer);
            Assert.Equal(169_999f, buffer[^1]);
            Assert.Throws<ArgumentOutOfRangeException>(() => mapped.ReadRows<float>(999, 2));
            Assert.Throws<InvalidCastException>(() => mapped.CopyTo<double>(0, new double[1]));
            Assert.Equal(data.ToArray(), mapped.ToTensor<float>().ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Map_BigEndianFixture_GetSpanRefusesCopyToDecodes()
    {
        using NpyMappedArray mapped = Npy.Map(TestData.Path(Path.Combine("npy", "be_f8_c_v1.npy")));
        Assert.Throws<InvalidOperationException>(() => mapped.GetSpan<double>(0, 1));
        var values = new double[3];
        mapped.CopyTo<double>(1, values);
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(values[0]));
        Assert.Equal([1.5, -2.25], values[1..]);
    }

    [Fact]
    public void NpzSaveLoad_MixedTypesStoredAndDeflated_RoundTripLazily()
    {
        foreach (bool compressed in new[] { false, true })
        {
            string path = Path.Combine(Path.GetTempPath(), $"bw-{Guid.NewGuid():N}.npz");
            try
            {
                using (NpzWriter writer = Npz.Create(path, compressed))
                {
                    writer.Add("x", Tensor.Arange(0.0, 6.0, 1.0).Reshape(2, 3).T)
                          .Add("mask", Tensor.FromArray([true, false, true]))
                          .Add("n", Tensor.Scalar(7L));
                    Assert.Throws<ArgumentException>(() => writer.Add("x", Tensor.Scalar(1f)));
                }
                using NpzArchive archive = Npz.Load(path);
                Assert.Equal(["x", "mask", "n"], archive.Names);
                Assert.Equal("(3, 2)", archive.ReadHeader("x").ShapeString);
                Assert.Equal([0.0, 3, 1, 4, 2, 5], archive.Load<double>("x").ToArray());
                Assert.Equal([true, false, true], archive["mask"].ToTensor<bool>().ToArray());
                Assert.Equal(7L, archive.Load<long>("n").ToScalar());
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public void NpzSave_OneType_WritesBothKinds()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bw-{Guid.NewGuid():N}.npz");
        try
        {
            Npz.SaveCompressed(path, ("a", Tensor.Zeros<float>(100, 100)), ("b", Tensor.Ones<float>(3)));
            Assert.True(new FileInfo(path).Length < 10_000);
            using (NpzArchive archive = Npz.Load(path))
            {
                Assert.Equal(10_000, archive.Load<float>("a").Size);
            }
            Npz.Save(path, ("a", Tensor.Zeros<float>(100, 100)));
            Assert.True(new FileInfo(path).Length > 40_000);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
