using System.Globalization;
using System.Text.Json;

using Batchwise.Expressions;

namespace Batchwise.Conformance;

/// <summary>
/// Arrays in the conformance format: <c>{dtype, shape, data}</c> with <c>data</c> nested row-major
/// lists (a bare scalar for 0-d) and the strings NaN / Infinity / -Infinity for non-finite floats.
/// </summary>
public static class ArrayJson
{
    /// <summary>Reads an array as a <c>Tensor&lt;float&gt;</c>, <c>Tensor&lt;double&gt;</c> or <c>Tensor&lt;bool&gt;</c>.</summary>
    public static object Read(JsonElement element)
    {
        string dtype = element.GetProperty("dtype").GetString()!;
        int[] shape = element.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
        var flat = new List<JsonElement>();
        Flatten(element.GetProperty("data"), shape.Length, flat);
        return dtype switch
        {
            "float32" => Tensor.FromArray(flat.Select(e => (float)ReadDouble(e)).ToArray(), shape),
            "float64" => Tensor.FromArray(flat.Select(ReadDouble).ToArray(), shape),
            "bool" => Tensor.FromArray(flat.Select(e => e.GetBoolean()).ToArray(), shape),
            "int64" => Tensor.FromArray(flat.Select(e => e.GetInt64()).ToArray(), shape),
            "int32" => Tensor.FromArray(flat.Select(e => e.GetInt32()).ToArray(), shape),
            _ => throw new FormatException($"unsupported dtype '{dtype}'"),
        };
    }

    private static void Flatten(JsonElement data, int depth, List<JsonElement> flat)
    {
        if (depth == 0)
        {
            flat.Add(data);
            return;
        }
        foreach (JsonElement item in data.EnumerateArray())
        {
            Flatten(item, depth - 1, flat);
        }
    }

    private static double ReadDouble(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? e.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => double.Parse(s!, CultureInfo.InvariantCulture),
        }
        : e.GetDouble();
}
