using Batchwise.IO;

namespace Batchwise.Tests.IO;

/// <summary>
/// The .npz reader checks each member's declared size and CRC-32, as NumPy's zipfile does: the fixtures
/// come from tools/make_corrupt_npz.py, which records NumPy's own verdict beside them. Before, a stored
/// member with one flipped bit loaded 13.000244 in place of 13, and a CRC field of 0xDEADBEEF loaded too.
/// </summary>
public sealed class NpzIntegrityTests
{
    private static string Fixture(string name) => TestData.Path(Path.Combine("npz-corrupt", name));

    [Fact]
    public void Read_ValidArchive_LoadsTheArray()
    {
        using NpzArchive archive = Npz.Load(Fixture("valid.npz"));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (float)i), archive.Load<float>("a").ToArray());
    }

    [Theory]
    [InlineData("bitflip_stored.npz", "CRC-32")]
    [InlineData("badcrc_stored.npz", "CRC-32")]
    [InlineData("bitflip_deflated.npz", "'a'")]
    [InlineData("overdeclared.npz", "more than deflate can expand to")]
    public void Read_CorruptMember_IsRefused(string file, string expected)
    {
        using NpzArchive archive = Npz.Load(Fixture(file));
        var error = Assert.Throws<InvalidDataException>(() => archive.Read("a"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NumPyRefusesEveryCorruptFixtureToo()
    {
        // overdeclared.npz is the exception: NumPy reads the intact data behind the lying size field.
        string manifest = File.ReadAllText(Fixture("manifest.json"));
        Assert.Contains("\"bitflip_stored.npz\": \"BadZipFile: Bad CRC-32", manifest, StringComparison.Ordinal);
        Assert.Contains("\"badcrc_stored.npz\": \"BadZipFile: Bad CRC-32", manifest, StringComparison.Ordinal);
        Assert.Contains("\"bitflip_deflated.npz\": \"error:", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LargeMember_AllocatesTheArrayOnce()
    {
        // 64 MiB deflated: the declared size is trusted once checked against deflate's ratio, so the array
        // is allocated at its size instead of doubling from 64 KiB (which peaked at twice the array).
        using var stream = new MemoryStream();
        using (NpzWriter writer = Npz.Create(stream, compressed: true, leaveOpen: true))
        {
            writer.Add("x", Tensor.Zeros<float>(16 << 20));
        }
        stream.Position = 0;
        using NpzArchive archive = Npz.Load(stream);
        long before = GC.GetAllocatedBytesForCurrentThread();
        NpyArray array = archive.Read("x");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(16L << 20, array.Header.ElementCount);
        Assert.True(allocated < (64L << 20) + (8 << 20), $"allocated {allocated:N0} bytes for a 64 MiB array");
    }
}
