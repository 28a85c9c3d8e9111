using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Batchwise.Tests.Operations;

/// <summary>
/// Reads TestData/math/*.json (written by tools/make_math_golden.py from NumPy 1.24 / torch 1.13) and
/// compares results by the conformance rule: NaN where NaN is expected, the same infinity where an
/// infinity is, elsewhere <c>|actual − expected| ≤ atol + rtol·|expected|</c> (the sign of zero ignored).
/// </summary>
internal static class MathGolden
{
    private static readonly Dictionary<string, JsonDocument> s_files = [];

    /// <summary>The conformance `elem` tolerance of T: 1e-6 for float, 1e-14 for double.</summary>
    public static double Elem<T>() => typeof(T) == typeof(float) ? 1e-6 : 1e-14;

    /// <summary>The conformance `reduce` tolerance of T: 1e-4 for float, 1e-10 for double.</summary>
    public static double Reduce<T>() => typeof(T) == typeof(float) ? 1e-4 : 1e-10;

    public static string DType<T>() => typeof(T) == typeof(float) ? "float32" : "float64";

    public static JsonElement File(string name)
    {
        lock (s_files)
        {
            if (!s_files.TryGetValue(name, out JsonDocument? document))
            {
                document = JsonDocument.Parse(System.IO.File.ReadAllText(TestData.Path(System.IO.Path.Combine("math", name + ".json"))));
                s_files[name] = document;
            }
            return document.RootElement;
        }
    }

    /// <summary>A JSON list of value strings as T (float values are exact: double then float).</summary>
    public static T[] Values<T>(JsonElement list) where T : INumberBase<T> =>
        list.EnumerateArray().Select(e => T.CreateTruncating(double.Parse(e.GetString()!, CultureInfo.InvariantCulture))).ToArray();

    /// <summary>An array object {shape, data} as a tensor.</summary>
    public static Tensor<T> Array<T>(JsonElement a) where T : unmanaged, INumberBase<T>
    {
        int[] shape = a.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        return Tensor.FromArray(Values<T>(a.GetProperty("data")), shape);
    }

    /// <summary>Asserts the conformance rule element by element, naming the case and the input.</summary>
    public static void AssertClose<T>(string what, T[] inputs, T[] expected, T[] actual, double tolerance)
        where T : IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (!Close(expected[i], actual[i], tolerance))
            {
                string input = inputs.Length == expected.Length ? $" at input {inputs[i]:R}" : "";
                Assert.Fail($"{what}: element {i}{input}: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance})");
            }
        }
    }

    public static bool Close<T>(T expected, T actual, double tolerance) where T : IFloatingPointIeee754<T>
    {
        if (T.IsNaN(expected))
        {
            return T.IsNaN(actual);
        }
        if (T.IsInfinity(expected))
        {
            return expected == actual;
        }
        double e = double.CreateTruncating(expected), a = double.CreateTruncating(actual);
        return Math.Abs(a - e) <= tolerance + tolerance * Math.Abs(e);
    }
}
