using System.Globalization;
using System.Numerics;
using Batchwise.Expressions;
using Batchwise.Layouts;
using Batchwise.Shapes;

namespace Batchwise.Conformance;

/// <summary>How a generated input is filled.</summary>
public enum InputKind
{
    /// <summary>Uniform in [-1, 1).</summary>
    Random,
    /// <summary>Random plus n·I on the last two (square) axes: well conditioned.</summary>
    WellConditioned,
    /// <summary>M·Mᵀ/n + I: symmetric positive definite.</summary>
    Spd,
    /// <summary>(M + Mᵀ)/2: symmetric.</summary>
    Symmetric,
    /// <summary>A bool mask, true strictly above the diagonal of the last two axes (the positions a causal mask fills).</summary>
    Causal,
    /// <summary>Integer indices in [0, high): token ids, gather indices.</summary>
    Indices,
    /// <summary>A bool mask true for about half the elements.</summary>
    Mask50,
}

/// <summary>
/// An input made from a description <c>KIND:SHAPE[:DTYPE]</c>, e.g. <c>random:64,32,64</c>,
/// <c>spd:100,8,8:float64</c>, <c>mask50:4096,4096:bool</c>, or <c>indices:8,512:int64:50257</c> (indices
/// take their exclusive bound after the dtype). Seeded, so the same description gives the same data everywhere.
/// </summary>
/// <param name="Kind">How to fill it.</param>
/// <param name="Shape">The shape.</param>
/// <param name="DType">float32 (default), float64, bool (causal and mask50) or int64/int32 (indices).</param>
/// <param name="High">The exclusive upper bound of indices.</param>
public sealed record GeneratedInput(InputKind Kind, int[] Shape, string DType, long High = 0)
{
    /// <summary>The largest input made on request: 2^28 elements (1 GiB of float32).</summary>
    public const long MaxElements = 1L << 28;

    /// <summary>Parses <c>KIND:SHAPE[:DTYPE]</c>.</summary>
    /// <exception cref="InvalidValueException">An unknown kind or dtype, a bad shape, or a size over <see cref="MaxElements"/>.</exception>
    public static GeneratedInput Parse(string text)
    {
        string[] parts = text.Split(':');
        if (parts.Length is < 2 or > 4 || (parts.Length == 4 && !parts[0].Equals("indices", StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidValueException($"'{text}' is not KIND:SHAPE[:DTYPE] (e.g. random:2,3,4, spd:8,8:float64 or indices:8,512:int64:50257)");
        }
        InputKind kind = parts[0].ToLowerInvariant() switch
        {
            "random" => InputKind.Random,
            "wellcond" => InputKind.WellConditioned,
            "spd" => InputKind.Spd,
            "symmetric" => InputKind.Symmetric,
            "causal" => InputKind.Causal,
            "indices" => InputKind.Indices,
            "mask50" => InputKind.Mask50,
            _ => throw new InvalidValueException($"unknown input kind '{parts[0]}': use random, wellcond, spd, symmetric, causal, mask50 or indices"),
        };
        int[] shape = ParseShape(parts[1]);
        if (kind == InputKind.Indices)
        {
            return ParseIndices(text, parts, shape);
        }
        if (kind == InputKind.Mask50)
        {
            return parts.Length == 2 || parts[2].Equals("bool", StringComparison.OrdinalIgnoreCase)
                ? new GeneratedInput(kind, shape, "bool")
                : throw new InvalidValueException($"mask50 is a bool array; got dtype '{parts[2]}'");
        }
        string dtype = kind == InputKind.Causal ? "bool" : parts.Length == 3 ? parts[2].ToLowerInvariant() : "float32";
        if (dtype is not ("float32" or "float64" or "bool") || (dtype == "bool" && kind != InputKind.Causal))
        {
            throw new InvalidValueException($"unsupported dtype '{dtype}' for {parts[0]}: use float32 or float64");
        }
        if (kind is InputKind.WellConditioned or InputKind.Spd or InputKind.Symmetric or InputKind.Causal && (shape.Length < 2 || (kind != InputKind.Causal && shape[^1] != shape[^2])))
        {
            throw new InvalidValueException($"{parts[0]} needs square matrices in the last two axes; got {ShapeText.Format(shape)}");
        }
        return new GeneratedInput(kind, shape, dtype);
    }

    /// <summary><c>indices:SHAPE:DTYPE:HIGH</c>: int64 or int32 values in [0, HIGH).</summary>
    private static GeneratedInput ParseIndices(string text, string[] parts, int[] shape)
    {
        if (parts.Length != 4)
        {
            throw new InvalidValueException($"'{text}': indices need a dtype and an exclusive bound, e.g. indices:8,512:int64:50257");
        }
        string dtype = parts[2].ToLowerInvariant();
        if (dtype is not ("int64" or "int32"))
        {
            throw new InvalidValueException($"unsupported dtype '{parts[2]}' for indices: use int64 or int32");
        }
        long limit = dtype == "int32" ? int.MaxValue : long.MaxValue;
        if (!long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out long high) || high < 1 || high > limit)
        {
            throw new InvalidValueException($"'{parts[3]}' is not a positive bound for {dtype} indices");
        }
        return new GeneratedInput(InputKind.Indices, shape, dtype, high);
    }

    /// <summary>Parses <c>2,3,4</c> (or <c>(2,3,4)</c>; empty for 0-d), refusing sizes over <see cref="MaxElements"/> before anything is allocated.</summary>
    public static int[] ParseShape(string text)
    {
        string trimmed = text.Trim().TrimStart('(', '[').TrimEnd(')', ']');
        if (trimmed.Length == 0)
        {
            return [];
        }
        long size = 1;
        var shape = new List<int>();
        foreach (string part in trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out long d))
            {
                throw new InvalidValueException($"'{part}' in shape '{text}' is not a non-negative integer");
            }
            size = d == 0 ? 0 : Math.Min(size * Math.Min(d, MaxElements + 1), MaxElements + 1);
            if (size > MaxElements || d > int.MaxValue)
            {
                throw new InvalidValueException($"shape '{text}' has more than {MaxElements} elements; refusing to allocate it");
            }
            shape.Add((int)d);
        }
        return [.. shape];
    }

    /// <summary>Makes the tensor (<c>Tensor&lt;float&gt;</c>, <c>Tensor&lt;double&gt;</c>, <c>Tensor&lt;bool&gt;</c>, <c>Tensor&lt;long&gt;</c> or <c>Tensor&lt;int&gt;</c>).</summary>
    public object Create(ulong seed) => (Kind, DType) switch
    {
        (InputKind.Indices, "int32") => Tensor.To<long, int>(Indices(seed)),
        (InputKind.Indices, _) => Indices(seed),
        (InputKind.Mask50, _) => Tensor.Greater(Tensor.Rand<double>(Shape, seed, -1, 1), 0.0),
        (_, "bool") => CausalMask(Shape),
        (_, "float64") => Fill<double>(seed),
        _ => Fill<float>(seed),
    };

    /// <summary>floor((u + 1) / 2 · high) for u uniform in [-1, 1): every value in [0, high).</summary>
    private Tensor<long> Indices(ulong seed)
    {
        double[] u = Tensor.Rand<double>(Shape, seed, -1, 1).ToArray();
        long[] values = [.. u.Select(v => Math.Min((long)Math.Floor((v + 1) / 2 * High), High - 1))];
        return Tensor.FromArray(values, Shape);
    }

    private Tensor<T> Fill<T>(ulong seed) where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        Tensor<T> random = Tensor.Rand<T>(Shape, seed, -1, 1);
        if (Kind == InputKind.Random)
        {
            return random;
        }
        int n = Shape[^1];
        Tensor<T> eye = Tensor.Eye<T>(n);
        return Kind switch
        {
            InputKind.WellConditioned => random + eye * T.CreateChecked(n),
            InputKind.Spd => Tensor.MatMul(random, random.MT) / T.CreateChecked(n) + eye,
            _ => (random + random.MT) * T.CreateChecked(0.5),
        };
    }

    private static Tensor<bool> CausalMask(int[] shape)
    {
        Tensor<bool> mask = Tensor.Zeros<bool>(shape);
        Span<bool> span = mask.AsSpan();
        int rows = shape[^2], cols = shape[^1];
        int matrices = Layout.SizeOf(shape) / Math.Max(rows * cols, 1);
        for (int m = 0; m < matrices; m++)
        {
            for (int i = 0; i < rows; i++)
            {
                for (int j = i + 1; j < cols; j++)
                {
                    span[(m * rows + i) * cols + j] = true;
                }
            }
        }
        return mask;
    }
}
