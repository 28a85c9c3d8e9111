using Batchwise.IO;

namespace Batchwise.Tests.IO;

/// <summary>
/// Mutation fuzzer for the .npy/.npz readers, shared by the fuzz smoke test and bench/Batchwise.Fuzz (which
/// compiles this file in). Starts from valid files, applies 1-4 random mutations (bit flips, interesting
/// bytes, truncation, deletion, insertion, duplication, splicing, header-length rewrites and header-text
/// rewrites aimed at the dict parser: huge/negative dimensions, foreign dtypes, broken syntax) and reads the
/// result through a seekable and a non-seekable stream. The only acceptable outcomes are success,
/// <see cref="InvalidDataException"/> and <see cref="NotSupportedException"/> (arrays too large for a tensor);
/// anything else, or allocating more than the input can justify, is a finding.
/// </summary>
internal sealed class NpyFuzzer
{
    /// <summary>Allocation allowed per run: this many bytes per input byte plus a fixed allowance.</summary>
    private const long AllocationPerInputByte = 24;
    private const long AllocationAllowance = 512 * 1024;

    private static readonly string[] HeaderTokens =
    [
        "99999999999", "9223372036854775807", "9223372036854775808", "4294967296", "2147483648", "-1", "0", "1", "3L",
        "'|O'", "'<U4'", "'<c8'", "'<f16'", "'x'", "'<i2'", "'>b1'", "'|f4'", "[('a', '<f4')]", "'O'", "'<M8[s]'",
        "True", "False", "None", "(", ")", ",", ":", "{", "}", "'", "\"", "\\", "\u00e9", "\n", "(3)", "()", "(,)",
        "'shape'", "'descr'", "'fortran_order'", "'extra': 1, ",
    ];

    private readonly Random _random;
    private readonly List<byte[]> _npySeeds;
    private readonly List<byte[]> _npzSeeds;

    public NpyFuzzer(int seed)
    {
        _random = new Random(seed);
        (_npySeeds, _npzSeeds) = MakeSeeds();
    }

    public long Runs { get; private set; }

    public long Accepted { get; private set; }

    public long Rejected { get; private set; }

    public List<string> Findings { get; } = [];

    /// <summary>Runs until <paramref name="runs"/> inputs or <paramref name="budget"/> elapse.</summary>
    public void Run(long runs, TimeSpan budget)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (long i = 0; i < runs && clock.Elapsed < budget; i++)
        {
            bool zip = _random.Next(8) == 0;
            byte[] input = Mutate(zip ? _npzSeeds : _npySeeds);
            RunOne(input, zip);
        }
    }

    public void RunOne(byte[] input, bool zip)
    {
        Runs++;
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            if (zip)
            {
                using NpzArchive archive = Npz.Load(new MemoryStream(input, writable: false));
                foreach (string name in archive.Names)
                {
                    try
                    {
                        Touch(archive.Read(name));
                    }
                    catch (Exception e) when (e is InvalidDataException or NotSupportedException)
                    {
                    }
                }
            }
            else
            {
                Touch(Npy.Read(new MemoryStream(input, writable: false)));
                Touch(Npy.Read(new ForwardOnlyStream(input)));
            }
            Accepted++;
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            Rejected++;
        }
        catch (Exception e)
        {
            Report($"{e.GetType().Name}: {e.Message}", input, zip);
            return;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // Every element a valid file holds is allowed (a loaded tensor is at most 4x the input: half to float,
        // twice for the two reads and for growth), plus a fixed allowance for buffers.
        if (allocated > AllocationPerInputByte * input.Length + AllocationAllowance)
        {
            Report($"allocated {allocated} bytes for a {input.Length}-byte input", input, zip);
        }
    }

    private void Report(string what, byte[] input, bool zip)
    {
        if (Findings.Count < 20)
        {
            Findings.Add($"{what} (zip: {zip}; input: {Convert.ToBase64String(input.AsSpan(0, Math.Min(input.Length, 400)))})");
        }
    }

    private static void Touch(NpyArray array)
    {
        // Exercise the tensor path too, converting when the stored type differs.
        Tensor<double> t = array.ToTensor<double>(convert: true);
        if (t.Size > 0)
        {
            _ = t.Contiguous().AsSpan()[^1];
        }
    }

    private byte[] Mutate(List<byte[]> seeds)
    {
        var data = new List<byte>(seeds[_random.Next(seeds.Count)]);
        int count = 1 + _random.Next(4);
        for (int m = 0; m < count; m++)
        {
            int at = data.Count == 0 ? 0 : _random.Next(data.Count);
            // Mutations aimed at the header land in its first 128 bytes most of the time.
            int headerAt = Math.Min(data.Count, 8 + _random.Next(120));
            switch (_random.Next(11))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[at] = (byte)(new[] { 0, 0xFF, 0x7F, 0x80, '(', ')', ',', '\'', '9', ' ' })[_random.Next(10)];
                    break;
                case 2:
                    data.RemoveRange(at, data.Count - at);
                    break;
                case 3 when data.Count > 0:
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + _random.Next(16)));
                    break;
                case 4:
                    for (int k = _random.Next(1, 16); k > 0; k--)
                    {
                        data.Insert(at, (byte)_random.Next(256));
                    }
                    break;
                case 5 when data.Count > 0:
                    int length = Math.Min(data.Count - at, 1 + _random.Next(64));
                    data.InsertRange(_random.Next(data.Count), data.GetRange(at, length));
                    break;
                case 6:
                    byte[] other = seeds[_random.Next(seeds.Count)];
                    int cut = _random.Next(other.Length);
                    data.RemoveRange(at, data.Count - at);
                    data.AddRange(other.AsSpan(cut).ToArray());
                    break;
                case 7 when data.Count >= 12:
                    // Rewrite the header length (uint16 at 8 in v1, uint32 at 8 in v2/v3).
                    uint value = (uint)(_random.Next(4) switch { 0 => _random.Next(), 1 => _random.Next(256), 2 => data.Count + _random.Next(-16, 16), _ => 0xFFFFFFFFL });
                    for (int k = 0; k < 4; k++)
                    {
                        data[8 + k] = (byte)(value >> (8 * k));
                    }
                    break;
                case 8 when data.Count >= 8:
                    data[6] = (byte)(_random.Next(5));
                    data[7] = (byte)(_random.Next(3) == 0 ? 1 : 0);
                    break;
                default:
                    // Replace a run of header text with a token: numbers, dtypes, syntax.
                    byte[] token = System.Text.Encoding.UTF8.GetBytes(HeaderTokens[_random.Next(HeaderTokens.Length)]);
                    int removeLength = Math.Min(data.Count - headerAt, _random.Next(6));
                    data.RemoveRange(headerAt, removeLength);
                    data.InsertRange(headerAt, token);
                    break;
            }
        }
        return [.. data];
    }

    /// <summary>Valid files of every dtype, order and version, small enough to mutate quickly.</summary>
    private static (List<byte[]> Npy, List<byte[]> Npz) MakeSeeds()
    {
        var npy = new List<byte[]>
        {
            Save(Tensor.Arange(0f, 12f, 1f).Reshape(3, 4)),
            Save(Tensor.Arange(0.0, 6.0, 1.0).Reshape(2, 3).T),
            Save(Tensor.Arange(0, 5, 1)),
            Save(Tensor.Arange(0L, 8L, 1L).Reshape(2, 2, 2)),
            Save(Tensor.FromArray([true, false, true, true], 2, 2)),
            Save(Tensor.FromArray([(Half)1.5, (Half)(-2), Half.NaN], 3)),
            Save(Tensor.Scalar(3.5)),
            Save(Tensor.Zeros<float>(0, 3)),
        };
        // Big-endian, version 2 and version 3 variants written by hand.
        npy.Add(Handmade("{'descr': '>f8', 'fortran_order': False, 'shape': (2, 2), }", 2, BigEndianDoubles(1, 2, 3, 4)));
        npy.Add(Handmade("{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }", 3, new byte[24]));
        npy.Add(Handmade("{'descr': '>f2', 'fortran_order': False, 'shape': (3,), }", 1, [0x3C, 0x00, 0xC0, 0x00, 0x7C, 0x00]));
        var npz = new List<byte[]>();
        foreach (bool compressed in new[] { false, true })
        {
            var stream = new MemoryStream();
            using (NpzWriter writer = Npz.Create(stream, compressed, leaveOpen: true))
            {
                writer.Add("a", Tensor.Arange(0f, 6f, 1f).Reshape(2, 3));
                writer.Add("b", Tensor.FromArray([true, false]));
            }
            npz.Add(stream.ToArray());
        }
        return (npy, npz);
    }

    private static byte[] Save<T>(Tensor<T> tensor) where T : unmanaged
    {
        var stream = new MemoryStream();
        Npy.Save(stream, tensor);
        return stream.ToArray();
    }

    internal static byte[] Handmade(string dict, int version, byte[] data)
    {
        byte[] header = System.Text.Encoding.UTF8.GetBytes(dict + "\n");
        var stream = new MemoryStream();
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)version, 0]);
        if (version == 1)
        {
            stream.Write(BitConverter.GetBytes((ushort)header.Length));
        }
        else
        {
            stream.Write(BitConverter.GetBytes((uint)header.Length));
        }
        stream.Write(header);
        stream.Write(data);
        return stream.ToArray();
    }

    private static byte[] BigEndianDoubles(params double[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteDoubleBigEndian(bytes.AsSpan(i * 8), values[i]);
        }
        return bytes;
    }
}

/// <summary>A stream that cannot seek or tell its length, like a network or a decompressor.</summary>
internal sealed class ForwardOnlyStream(byte[] data) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // Short reads on purpose: callers must loop.
        int n = Math.Min(Math.Min(buffer.Length, data.Length - _position), 1000);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
