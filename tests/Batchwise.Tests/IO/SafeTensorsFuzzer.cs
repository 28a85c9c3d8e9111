using System.Buffers.Binary;
using System.Text;
using Batchwise.IO;

namespace Batchwise.Tests.IO;

/// <summary>
/// Mutation fuzzer for the safetensors reader, after <see cref="NpyFuzzer"/>: starts from valid files, applies
/// 1-4 random mutations (bit flips, interesting bytes, truncation, deletion, insertion, header-length rewrites,
/// header-text rewrites aimed at the JSON and the offsets) and opens the result from a file, reading every
/// tensor. The only acceptable outcomes are success, <see cref="InvalidDataException"/> and
/// <see cref="NotSupportedException"/>; anything else, or allocating more than the input justifies, is a finding.
/// </summary>
internal sealed class SafeTensorsFuzzer
{
    private const long AllocationPerInputByte = 64;
    private const long AllocationAllowance = 1024 * 1024;

    private static readonly string[] HeaderTokens =
    [
        "9223372036854775807", "9223372036854775808", "18446744073709551615", "4294967296", "-1", "0", "1", "8", "16", "1e3",
        "\"F32\"", "\"BF16\"", "\"F16\"", "\"BOOL\"", "\"I64\"", "\"U8\"", "\"X9\"", "null", "true", "[]", "{}", "[0,0]",
        "\"__metadata__\"", "\"dtype\"", "\"shape\"", "\"data_offsets\"", ",", ":", "{", "}", "[", "]", "\"", "\\", "\u00e9", "\ud83d",
    ];

    private readonly Random _random;
    private readonly List<byte[]> _seeds;
    private readonly string _path = Path.GetTempFileName();

    public SafeTensorsFuzzer(int seed)
    {
        _random = new Random(seed);
        _seeds =
        [
            File.ReadAllBytes(TestData.Path(Path.Combine("safetensors", "all_dtypes.safetensors"))),
            File.ReadAllBytes(TestData.Path(Path.Combine("safetensors", "sharded", "model-00002-of-00002.safetensors"))),
            SafeTensorsHostileTests.Handmade("{\"a\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[0,8]},\"__metadata__\":{\"k\":\"v\"},\"b\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[8,11]}}", 11),
        ];
    }

    public long Runs { get; private set; }

    public long Accepted { get; private set; }

    public long Rejected { get; private set; }

    public List<string> Findings { get; } = [];

    public void Run(long runs, TimeSpan budget)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            for (long i = 0; i < runs && clock.Elapsed < budget; i++)
            {
                RunOne(Mutate());
            }
        }
        finally
        {
            File.Delete(_path);
        }
    }

    private void RunOne(byte[] input)
    {
        Runs++;
        File.WriteAllBytes(_path, input);
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            using SafeTensorsFile file = SafeTensors.Open(_path);
            foreach (SafeTensorInfo info in file.Tensors)
            {
                try
                {
                    _ = file.GetTensor<double>(info.Name, convert: true);
                    if (info.DType != SafeTensorsDType.Bool && info.DType.ClrType() == typeof(float))
                    {
                        _ = file.GetSpan<float>(info.Name).ToArray();
                    }
                }
                catch (NotSupportedException)
                {
                }
            }
            Accepted++;
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            Rejected++;
        }
        catch (Exception e)
        {
            Findings.Add($"{e.GetType().Name}: {e.Message} on input {Convert.ToBase64String(input)}");
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated > AllocationAllowance + AllocationPerInputByte * input.Length)
        {
            Findings.Add($"allocated {allocated} bytes for a {input.Length}-byte input {Convert.ToBase64String(input)}");
        }
    }

    private byte[] Mutate()
    {
        byte[] data = (byte[])_seeds[_random.Next(_seeds.Count)].Clone();
        int mutations = 1 + _random.Next(4);
        for (int m = 0; m < mutations && data.Length > 0; m++)
        {
            int at = _random.Next(data.Length);
            switch (_random.Next(7))
            {
                case 0:
                    data[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1:
                    data[at] = (byte)(_random.Next(2) == 0 ? 0xFF : _random.Next(256));
                    break;
                case 2:
                    data = data[.._random.Next(data.Length)];
                    break;
                case 3:
                    data = [.. data[..at], .. data[Math.Min(data.Length, at + 1 + _random.Next(8))..]];
                    break;
                case 4:
                    data = [.. data[..at], .. Enumerable.Repeat((byte)_random.Next(256), 1 + _random.Next(8)), .. data[at..]];
                    break;
                case 5:
                    if (data.Length >= 8)
                    {
                        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(data);
                        ulong[] choices = [length + 1, length - 1, length + 8, 0, ulong.MaxValue, 100_000_001, (ulong)data.Length];
                        BinaryPrimitives.WriteUInt64LittleEndian(data, choices[_random.Next(choices.Length)]);
                    }
                    break;
                default:
                    data = RewriteHeader(data);
                    break;
            }
        }
        return data;
    }

    /// <summary>Replaces a token of the JSON header with another, keeping the length field consistent.</summary>
    private byte[] RewriteHeader(byte[] data)
    {
        if (data.Length < 8)
        {
            return data;
        }
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(data);
        if (length > (ulong)(data.Length - 8))
        {
            return data;
        }
        string header = Encoding.UTF8.GetString(data, 8, (int)length);
        int at = _random.Next(header.Length + 1);
        int end = at;
        while (end < header.Length && (char.IsAsciiLetterOrDigit(header[end]) || header[end] == '"'))
        {
            end++;
        }
        string rewritten = header[..at] + HeaderTokens[_random.Next(HeaderTokens.Length)] + header[end..];
        byte[] text = Encoding.UTF8.GetBytes(rewritten);
        byte[] result = new byte[8 + text.Length + (data.Length - 8 - (int)length)];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)text.Length);
        text.CopyTo(result, 8);
        data.AsSpan(8 + (int)length).CopyTo(result.AsSpan(8 + text.Length));
        return result;
    }
}
