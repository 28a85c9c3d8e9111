using System.Text.Json;
using Batchwise.Conformance;
using Batchwise.Expressions;
using Batchwise.Layouts;

namespace Batchwise.Bench;

/// <summary>
/// Rebuilds a workload's inputs exactly as its <c>init</c> spells them (computed in float64, then cast),
/// in tensors Batchwise allocated itself, as the anchors' inputs are arrays NumPy allocated: a program's
/// large tensors come from Batchwise (loads, results), not from wrapped .NET arrays, and only its own
/// buffers get the huge-page advice NumPy's get.
/// </summary>
internal static class WorkloadInputs
{
    public static Dictionary<string, object> Build(JsonElement inputs)
    {
        var result = new Dictionary<string, object>();
        int seed = 0;
        foreach (JsonProperty input in inputs.EnumerateObject())
        {
            seed++;
            int[] shape = input.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            string dtype = input.Value.GetProperty("dtype").GetString()!;
            string init = input.Value.GetProperty("init").GetString()!;
            object built = init switch
            {
                "causal_mask" => new GeneratedInput(InputKind.Causal, shape, "bool").Create(seed: 0),
                "zeros" => dtype == "float64" ? Tensor.Zeros<double>(shape) : Tensor.Zeros<float>(shape),
                "indices" => Indices(PortableUniform.Fill(Layout.SizeOf(shape), seed), shape, input.Value.GetProperty("high").GetInt64()),
                "mask50" => Tensor.FromArray(PortableUniform.Fill(Layout.SizeOf(shape), seed).Select(u => u > 0).ToArray(), shape),
                _ => Cast(Values(init, shape, seed), shape, dtype),
            };
            result[input.Name] = OwnCopy(built);
        }
        return result;
    }

    private static object OwnCopy(object input) => input switch
    {
        Tensor<float> t => t.Copy(),
        Tensor<double> t => t.Copy(),
        Tensor<long> t => t.Copy(),
        Tensor<bool> t => t.Copy(),
        _ => input,
    };

    /// <summary>min(max(floor((u + 1) / 2 · high), 0), high − 1) in float64, as the workload list spells it.</summary>
    private static Tensor<long> Indices(double[] u, int[] shape, long high) =>
        Tensor.FromArray(u.Select(v => (long)Math.Min(Math.Max(Math.Floor((v + 1) / 2 * high), 0), high - 1)).ToArray(), shape);

    private static object Cast(double[] values, int[] shape, string dtype) => dtype switch
    {
        "float64" => Tensor.FromArray(values, shape),
        "float32" => Tensor.FromArray(values.Select(v => (float)v).ToArray(), shape),
        _ => throw new NotSupportedException(dtype),
    };

    private static double[] Values(string init, int[] shape, int seed)
    {
        double[] u = PortableUniform.Fill(Layout.SizeOf(shape), seed);
        if (init == "uniform")
        {
            return u;
        }
        int n = shape[^1];
        int matrices = u.Length / (n * n);
        var result = new double[u.Length];
        for (int m = 0; m < matrices; m++)
        {
            var a = new ReadOnlySpan<double>(u, m * n * n, n * n);
            var r = new Span<double>(result, m * n * n, n * n);
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    r[i * n + j] = init switch
                    {
                        "wellcond" => a[i * n + j] + (i == j ? n : 0),
                        "symmetric" => (a[i * n + j] + a[j * n + i]) / 2,
                        "spd" => Spd(a, n, i, j),
                        _ => throw new NotSupportedException($"input init '{init}'"),
                    };
                }
            }
        }
        return result;
    }

    /// <summary>(M Mᵀ / n + I)[i, j] in float64.</summary>
    private static double Spd(ReadOnlySpan<double> m, int n, int i, int j)
    {
        double sum = 0;
        for (int k = 0; k < n; k++)
        {
            sum += m[i * n + k] * m[j * n + k];
        }
        return sum / n + (i == j ? 1 : 0);
    }
}
