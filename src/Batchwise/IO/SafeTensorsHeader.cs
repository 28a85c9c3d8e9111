using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Batchwise.IO;

/// <summary>
/// Reads and validates a safetensors header: an unsigned 64-bit little-endian length <c>n</c>, then <c>n</c>
/// bytes of UTF-8 JSON (<c>{"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, ...,
/// "__metadata__": {"key": "value"}}</c>), then the data. Strict as the reference implementation: the
/// tensors' byte ranges, taken in order, must tile the data exactly (no gap, no overlap, nothing after).
/// </summary>
internal static class SafeTensorsHeader
{
    /// <summary>The largest header accepted, as the reference implementation's cap.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    public const string MetadataKey = "__metadata__";

    /// <summary>The parsed header: tensors in header order, metadata, and where the data starts in the file.</summary>
    public sealed record Parsed(IReadOnlyList<SafeTensorInfo> Tensors, IReadOnlyDictionary<string, string> Metadata, long DataOffset, long DataLength);

    /// <summary>Reads the header from a stream positioned at the start of the file, of the given total length.</summary>
    /// <exception cref="InvalidDataException">Any violation of the format, saying which.</exception>
    public static Parsed Read(Stream stream, long fileLength)
    {
        Span<byte> prefix = stackalloc byte[8];
        if (fileLength < 8 || stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
        {
            throw new InvalidDataException($"safetensors: a file of {fileLength} bytes is shorter than the 8-byte header length");
        }
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (length > MaxHeaderBytes)
        {
            throw new InvalidDataException($"safetensors: header length {length} is over the {MaxHeaderBytes}-byte limit");
        }
        if ((long)length > fileLength - 8)
        {
            throw new InvalidDataException($"safetensors: header length {length} runs past the end of the {fileLength}-byte file");
        }
        byte[] json = new byte[length];
        stream.ReadExactly(json);
        return Parse(json, fileLength - 8 - (long)length, 8 + (long)length);
    }

    /// <summary>Parses and validates header JSON for <paramref name="dataLength"/> bytes of data.</summary>
    public static Parsed Parse(ReadOnlySpan<byte> json, long dataLength, long dataOffset)
    {
        if (!Utf8.IsValid(json))
        {
            throw new InvalidDataException("safetensors: the header is not valid UTF-8");
        }
        if (json.Length == 0 || json[0] != (byte)'{')
        {
            throw new InvalidDataException("safetensors: the header does not start with '{'");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"safetensors: the header is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException("safetensors: the header is not a JSON object");
            }
            var tensors = new List<SafeTensorInfo>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw new InvalidDataException($"safetensors: the header names '{NpyDType.Printable(property.Name)}' twice");
                }
                if (property.Name == MetadataKey)
                {
                    ReadMetadata(property.Value, metadata);
                }
                else
                {
                    tensors.Add(ReadTensor(property.Name, property.Value));
                }
            }
            CheckTiling(tensors, dataLength);
            return new Parsed(tensors, metadata, dataOffset, dataLength);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"safetensors: {MetadataKey} is a {value.ValueKind}, not an object of strings");
        }
        foreach (JsonProperty entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"safetensors: {MetadataKey} entry '{NpyDType.Printable(entry.Name)}' is a {entry.Value.ValueKind}, not a string");
            }
            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
            {
                throw new InvalidDataException($"safetensors: {MetadataKey} names '{NpyDType.Printable(entry.Name)}' twice");
            }
        }
    }

    private static SafeTensorInfo ReadTensor(string name, JsonElement value)
    {
        string where = $"safetensors: tensor '{NpyDType.Printable(name)}'";
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where} is a {value.ValueKind}, not an object with dtype, shape and data_offsets");
        }
        if (!value.TryGetProperty("dtype", out JsonElement dtypeText) || dtypeText.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException($"{where} has no dtype string");
        }
        SafeTensorsDType dtype = SafeTensorsDTypes.Parse(dtypeText.GetString()!);
        long[] shape = ReadIntegers(value, "shape", where, count: -1);
        long[] offsets = ReadIntegers(value, "data_offsets", where, count: 2);
        long elements = 1;
        long bytes;
        try
        {
            foreach (long extent in shape)
            {
                elements = checked(elements * extent);
            }
            bytes = checked(elements * dtype.ItemSize());
        }
        catch (OverflowException)
        {
            throw new InvalidDataException($"{where}: shape [{string.Join(", ", shape)}] has more elements than 64 bits count");
        }
        if (offsets[0] > offsets[1])
        {
            throw new InvalidDataException($"{where}: data_offsets [{offsets[0]}, {offsets[1]}] end before they begin");
        }
        if (offsets[1] - offsets[0] != bytes)
        {
            throw new InvalidDataException($"{where}: data_offsets [{offsets[0]}, {offsets[1]}] hold {offsets[1] - offsets[0]} bytes but {dtype.HeaderName()} [{string.Join(", ", shape)}] needs {bytes}");
        }
        return new SafeTensorInfo(name, dtype, shape, elements, offsets[0]);
    }

    private static long[] ReadIntegers(JsonElement value, string key, string where, int count)
    {
        if (!value.TryGetProperty(key, out JsonElement array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{where} has no {key} array");
        }
        int length = array.GetArrayLength();
        if (count >= 0 && length != count)
        {
            throw new InvalidDataException($"{where}: {key} has {length} entries, not {count}");
        }
        if (length > 64)
        {
            throw new InvalidDataException($"{where}: {key} has {length} axes, more than the 64 Batchwise accepts");
        }
        var result = new long[length];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long v) || v < 0)
            {
                throw new InvalidDataException($"{where}: {key} entry {i} ({NpyDType.Printable(item.GetRawText())}) is not an integer from 0 to 2^63-1");
            }
            result[i++] = v;
        }
        return result;
    }

    /// <summary>The byte ranges sorted by start must follow each other from 0 to the end of the data.</summary>
    private static void CheckTiling(List<SafeTensorInfo> tensors, long dataLength)
    {
        var order = new SafeTensorInfo[tensors.Count];
        tensors.CopyTo(order);
        Array.Sort(order, static (a, b) => a.DataBegin != b.DataBegin ? a.DataBegin.CompareTo(b.DataBegin) : a.DataEnd.CompareTo(b.DataEnd));
        long expected = 0;
        string previous = "the start of the data";
        foreach (SafeTensorInfo info in order)
        {
            if (info.DataBegin < expected)
            {
                throw new InvalidDataException($"safetensors: tensor '{NpyDType.Printable(info.Name)}' [{info.DataBegin}, {info.DataEnd}) overlaps {previous}, which ends at {expected}");
            }
            if (info.DataBegin > expected)
            {
                throw new InvalidDataException($"safetensors: a gap of {info.DataBegin - expected} bytes lies between {previous} and tensor '{NpyDType.Printable(info.Name)}' at {info.DataBegin}");
            }
            expected = info.DataEnd;
            previous = $"tensor '{NpyDType.Printable(info.Name)}'";
        }
        if (expected != dataLength)
        {
            throw new InvalidDataException(expected > dataLength
                ? $"safetensors: the tensors need {expected} bytes of data but the file holds {dataLength} after the header (truncated?)"
                : $"safetensors: the file holds {dataLength} bytes of data after the header but the tensors cover only {expected}");
        }
    }

    /// <summary>Formats a header for the given tensors and metadata, padded with spaces to a multiple of 8 bytes.</summary>
    public static byte[] Format(IReadOnlyList<(string Name, SafeTensorsDType DType, long[] Shape, long Begin, long End)> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject(MetadataKey);
                foreach (KeyValuePair<string, string> entry in metadata)
                {
                    writer.WriteString(entry.Key, entry.Value);
                }
                writer.WriteEndObject();
            }
            foreach (var (name, dtype, shape, begin, end) in tensors)
            {
                writer.WriteStartObject(name);
                writer.WriteString("dtype", dtype.HeaderName());
                writer.WriteStartArray("shape");
                foreach (long extent in shape)
                {
                    writer.WriteNumberValue(extent);
                }
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(begin);
                writer.WriteNumberValue(end);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        int padding = (int)(-buffer.Length & 7);
        for (int i = 0; i < padding; i++)
        {
            buffer.WriteByte((byte)' ');
        }
        byte[] header = new byte[8 + buffer.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)buffer.Length);
        buffer.ToArray().CopyTo(header, 8);
        return header;
    }
}
