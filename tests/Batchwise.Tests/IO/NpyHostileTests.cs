using System.Text;
using Batchwise.IO;

namespace Batchwise.Tests.IO;

/// <summary>Hostile and broken files: each must give an <see cref="InvalidDataException"/> that names the problem.</summary>
public class NpyHostileTests
{
    private static readonly byte[] TwelveFloats = new byte[48];

    private static byte[] Valid(string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }", int version = 1, byte[]? data = null) =>
        NpyFuzzer.Handmade(dict, version, data ?? TwelveFloats);

    public static TheoryData<string, byte[], string> Cases()
    {
        byte[] valid = Valid();
        byte[] lyingLength = (byte[])valid.Clone();
        lyingLength[8] = 0xFF;
        lyingLength[9] = 0xFF;
        byte[] hugeV2Length = Valid(version: 2);
        hugeV2Length[8] = hugeV2Length[9] = hugeV2Length[10] = hugeV2Length[11] = 0xFF;
        byte[] badMagic = (byte[])valid.Clone();
        badMagic[1] = (byte)'X';
        byte[] badVersion = (byte[])valid.Clone();
        badVersion[6] = 4;
        byte[] badUtf8 = Valid("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }", 3);
        badUtf8[^49] = 0xC3; // a lead byte followed by '\n': invalid UTF-8 in a version 3 header
        return new TheoryData<string, byte[], string>
        {
            { "empty file", [], "ends inside the magic" },
            { "bad magic", badMagic, "bad magic" },
            { "unknown version", badVersion, "unknown format version 4.0" },
            { "header length past the end", lyingLength, "runs past the end" },
            { "header length over the limit", hugeV2Length, "over the" },
            { "truncated header", valid[..30], "runs past the end" },
            { "truncated data", valid[..^1], "truncated data" },
            { "shape lies (more elements than data)", Valid("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 5), }"), "needs 60 bytes but only 48" },
            { "shape product overflows", Valid("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4), }"), "overflows" },
            { "dimension over 64 bits", Valid("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }"), "64 bits" },
            { "negative dimension", Valid("{'descr': '<f4', 'fortran_order': False, 'shape': (-3, 4), }"), "negative dimension" },
            { "huge shape, tiny file", Valid("{'descr': '<f4', 'fortran_order': False, 'shape': (2000000000, 1000), }"), "truncated data" },
            { "object array", Valid("{'descr': '|O', 'fortran_order': False, 'shape': (3, 4), }"), "pickle" },
            { "unknown dtype", Valid("{'descr': '<c16', 'fortran_order': False, 'shape': (3, 4), }"), "unsupported dtype '<c16'" },
            { "unicode dtype", Valid("{'descr': '<U4', 'fortran_order': False, 'shape': (3, 4), }"), "unsupported dtype" },
            { "structured dtype", Valid("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (3, 4), }"), "structured" },
            { "missing key", Valid("{'descr': '<f4', 'shape': (3, 4), }"), "lacks the key 'fortran_order'" },
            { "extra key", Valid("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), 'x': 1}"), "unexpected key 'x'" },
            { "repeated key", Valid("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }"), "repeated key" },
            { "not a dict", Valid("['descr', '<f4']"), "expected '{'" },
            { "unterminated dict", Valid("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4)"), "expected ',' or '}'" },
            { "unterminated string", Valid("{'descr: '<f4'}"), "expected ':'" },
            { "shape not a tuple", Valid("{'descr': '<f4', 'fortran_order': False, 'shape': 12, }"), "must be a tuple" },
            { "shape (n) without comma", Valid("{'descr': '<f4', 'fortran_order': False, 'shape': (12), }"), "(n,)" },
            { "fortran_order not a bool", Valid("{'descr': '<f4', 'fortran_order': 0, 'shape': (3, 4), }"), "True or False" },
            { "escape in string", Valid("{'descr': '<f\\x34', 'fortran_order': False, 'shape': (3, 4), }"), "escape" },
            { "text after dict", Valid("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), } import os"), "after the closing" },
            { "too many dimensions", Valid("{'descr': '<f4', 'fortran_order': False, 'shape': (" + string.Concat(Enumerable.Repeat("1,", 33)) + "), }"), "more than 32" },
            { "invalid utf-8 in v3", badUtf8, "UTF-8" },
            { "multi-byte type with '|'", Valid("{'descr': '|f4', 'fortran_order': False, 'shape': (3, 4), }"), "byte order" },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_HostileFile_ThrowsInvalidDataSayingWhy(string what, byte[] file, string expected)
    {
        _ = what;
        InvalidDataException seekable = Assert.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream(file)));
        Assert.Contains(expected, seekable.Message);
        // Without a length to check against, the reader must still fail cleanly (maybe with another message:
        // "runs past the end" can only be known up front on a seekable stream).
        // A shape too large for a tensor is NotSupportedException there: without a length, the reader cannot
        // tell a lying shape from a real 8 TB stream.
        Exception forward = Assert.ThrowsAny<Exception>(() => Npy.Read(new ForwardOnlyStream(file)));
        Assert.True(forward is InvalidDataException or NotSupportedException, forward.ToString());
    }

    [Fact]
    public void Read_HugeShapeFromForwardOnlyStream_AllocatesOnlyWhatArrives()
    {
        byte[] file = Valid("{'descr': '<f8', 'fortran_order': False, 'shape': (200000000,), }");
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<InvalidDataException>(() => Npy.Read(new ForwardOnlyStream(file)));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void Map_TruncatedFile_ThrowsBeforeMapping()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bw-bad-{Guid.NewGuid():N}.npy");
        try
        {
            File.WriteAllBytes(path, Valid()[..^4]);
            InvalidDataException e = Assert.Throws<InvalidDataException>(() => Npy.Map(path));
            Assert.Contains("truncated data", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void NpzLoad_NotAZip_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => Npz.Load(new MemoryStream(Encoding.ASCII.GetBytes("PK\u0003\u0004 not really a zip"))));
    }

    [Fact]
    public void Fuzz_Smoke_FindsNothing()
    {
        var fuzzer = new NpyFuzzer(seed: Environment.TickCount);
        fuzzer.Run(runs: 200_000, budget: TimeSpan.FromSeconds(2));
        Assert.True(fuzzer.Runs > 1000, $"only {fuzzer.Runs} runs");
        Assert.True(fuzzer.Rejected > 0 && fuzzer.Accepted > 0, $"{fuzzer.Accepted} accepted, {fuzzer.Rejected} rejected");
        Assert.True(fuzzer.Findings.Count == 0, string.Join("\n", fuzzer.Findings));
    }
}
