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
}

/// <summary>
/// An input made from a description <c>KIND:SHAPE[:DTYPE]</c>, e.g. <c>random:64,32,64</c> or
/// <c>spd:100,8,8:float64</c>. Seeded, so the same description gives the same data everywhere.
/// </summary>
/// <param name="Kind">How to fill it.</param>
/// <param name="Shape">The shape.</param>
/// <param name="DType">float32 (default), float64 or bool (causal is always bool).</param>
public sealed record GeneratedInput(InputKind Kind, int[] Shape, string DType)
{
    /// <summary>The largest input made on request: 2^28 elements (1 GiB of float32).</summary>
    public const long MaxElements = 1L << 28;

    /// <summary>Parses <c>KIND:SHAPE[:DTYPE]</c>.</summary>
    /// <exception cref="InvalidValueException">An unknown kind or dtype, a bad shape, or a size over <see cref="MaxElements"/>.</exception>
    public static GeneratedInput Parse(string text)
    {
        string[] parts = text.Split(':');
        if (parts.Length is < 2 or > 3)
        {
            throw new InvalidValueException($"'{text}' is not KIND:SHAPE[:DTYPE] (e.g. random:2,3,4 or spd:8,8:float64)");
        }
        InputKind kind = parts[0].ToLowerInvariant() switch
        {
            "random" => InputKind.Random,
            "wellcond" => InputKind.WellConditioned,
            "spd" => InputKind.Spd,
            "symmetric" => InputKind.Symmetric,
            "causal" => InputKind.Causal,
            _ => throw new InvalidValueException($"unknown input kind '{parts[0]}': use random, wellcond, spd, symmetric or causal"),
        };
        int[] shape = ParseShape(parts[1]);
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

    /// <summary>Makes the tensor (<c>Tensor&lt;float&gt;</c>, <c>Tensor&lt;double&gt;</c> or <c>Tensor&lt;bool&gt;</c>).</summary>
    public object Create(ulong seed) => DType switch
    {
        "bool" => CausalMask(Shape),
        "float64" => Fill<double>(seed),
        _ => Fill<float>(seed),
    };

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
