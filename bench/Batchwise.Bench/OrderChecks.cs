namespace Batchwise.Bench;

/// <summary>
/// What a checksum cannot see: the order of sort, argsort, top-k and concatenate results. A shuffled
/// sort has the right sum; these checks catch it.
/// </summary>
internal static class OrderChecks
{
    /// <summary>Null when the result is in order (or the workload has no order to check), else what is wrong.</summary>
    public static string? Problem(string workload, object? result, IReadOnlyDictionary<string, object> inputs) => (workload, result) switch
    {
        ("sort_1m", Tensor<float> sorted) => Ascending(sorted.ToArray(), 0, sorted.Size) ? null : "not ascending",
        ("argsort_rows", Tensor<long> order) => Permutations(order) ?? SortsRows((Tensor<float>)inputs["x"], order),
        ("topk_vocab", Tensor<float> values) => DescendingRows(values),
        ("concat_kv", Tensor<float> joined) => Joined((Tensor<float>)inputs["past"], (Tensor<float>)inputs["new"], joined),
        _ => null,
    };

    /// <summary>x gathered by each row's argsort is ascending.</summary>
    private static string? SortsRows(Tensor<float> x, Tensor<long> order)
    {
        int n = x.Shape[^1];
        float[] values = x.ToArray();
        long[] indices = order.ToArray();
        var row = new float[n];
        for (int r = 0; r < values.Length / n; r++)
        {
            for (int j = 0; j < n; j++)
            {
                row[j] = values[r * n + (int)indices[r * n + j]];
            }
            if (!Ascending(row, 0, n))
            {
                return $"row {r} of the argsort does not sort x";
            }
        }
        return null;
    }

    /// <summary>The first pieces' rows then the new row, along axis -2, exactly.</summary>
    private static string? Joined(Tensor<float> past, Tensor<float> next, Tensor<float> joined)
    {
        int rows = past.Shape[^2];
        bool same = joined[.., .., ..rows, ..].ToArray().AsSpan().SequenceEqual(past.ToArray())
            && joined[.., .., rows.., ..].ToArray().AsSpan().SequenceEqual(next.ToArray());
        return same ? null : "the pieces are not in order along axis -2";
    }

    private static bool Ascending(float[] values, int start, int length)
    {
        for (int i = start + 1; i < start + length; i++)
        {
            if (values[i] < values[i - 1])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Each row of an argsort is a permutation of 0..n-1 (the values' order is checked by the sum and the runner's tests).</summary>
    private static string? Permutations(Tensor<long> order)
    {
        int n = order.Shape[^1];
        long[] flat = order.ToArray();
        var seen = new bool[n];
        for (int row = 0; row < flat.Length / n; row++)
        {
            Array.Clear(seen);
            for (int j = 0; j < n; j++)
            {
                long v = flat[row * n + j];
                if ((ulong)v >= (ulong)n || seen[v])
                {
                    return $"row {row} is not a permutation";
                }
                seen[v] = true;
            }
        }
        return null;
    }

    private static string? DescendingRows(Tensor<float> values)
    {
        int k = values.Shape[^1];
        float[] flat = values.ToArray();
        for (int row = 0; row < flat.Length / k; row++)
        {
            for (int j = 1; j < k; j++)
            {
                if (flat[row * k + j] > flat[row * k + j - 1])
                {
                    return $"row {row} is not descending";
                }
            }
        }
        return null;
    }
}
