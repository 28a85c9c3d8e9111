using System.Globalization;
using System.Text;

namespace Batchwise.Printing;

/// <summary>
/// Prints tensors as NumPy's <c>str()</c> does: nested brackets, columns aligned to a common width,
/// floats with trailing zeros dropped (<c>1.</c>, <c>2.5</c>) or in scientific notation when the range
/// demands it, lines wrapped at the line width, and large tensors summarised with <c>...</c>.
/// </summary>
internal static class TensorPrinter
{
    public static string Format<T>(Tensor<T> tensor, PrintOptions options) where T : unmanaged
    {
        bool summarise = tensor.Size > options.Threshold;
        T[] values = tensor.ToArray();
        if (tensor.Rank == 0)
        {
            return new ElementFormatter<T>(values, options).Format(values[0]).Trim();
        }
        var shown = new List<T>();
        CollectShown(tensor.Shape, values, 0, 0, summarise, options.EdgeItems, shown);
        var formatter = new ElementFormatter<T>([.. shown], options);
        var text = new StringBuilder();
        int[] strides = Layouts.Layout.RowMajorStrides(tensor.Shape);
        WriteAxis(text, tensor.Shape, strides, values, 0, 0, summarise, options, formatter, indent: 1);
        return text.ToString();
    }

    private static void CollectShown<T>(ReadOnlySpan<int> shape, T[] values, int axis, int offset, bool summarise, int edge, List<T> shown)
    {
        int extent = shape[axis];
        int stride = 1;
        for (int d = axis + 1; d < shape.Length; d++)
        {
            stride *= shape[d];
        }
        foreach (int i in Positions(extent, summarise, edge))
        {
            if (axis == shape.Length - 1)
            {
                shown.Add(values[offset + i]);
            }
            else
            {
                CollectShown(shape, values, axis + 1, offset + i * stride, summarise, edge, shown);
            }
        }
    }

    private static IEnumerable<int> Positions(int extent, bool summarise, int edge)
    {
        if (!summarise || extent <= 2 * edge)
        {
            for (int i = 0; i < extent; i++)
            {
                yield return i;
            }
            yield break;
        }
        for (int i = 0; i < edge; i++)
        {
            yield return i;
        }
        yield return -1;
        for (int i = extent - edge; i < extent; i++)
        {
            yield return i;
        }
    }

    private static void WriteAxis<T>(StringBuilder text, ReadOnlySpan<int> shape, int[] strides, T[] values, int axis, int offset,
        bool summarise, PrintOptions options, ElementFormatter<T> formatter, int indent)
    {
        text.Append('[');
        bool last = axis == shape.Length - 1;
        int lineStart = text.Length - indent;
        bool first = true;
        string separator = last ? " " : new string('\n', shape.Length - axis - 1) + new string(' ', indent);
        foreach (int i in Positions(shape[axis], summarise, options.EdgeItems))
        {
            string item;
            if (last)
            {
                item = i < 0 ? "..." : formatter.Format(values[offset + i]);
                if (!first)
                {
                    // Wrap before the item when it would pass the line width (leaving room for "]").
                    int column = text.Length - LastNewline(text);
                    if (column + 1 + item.Length + 1 > options.LineWidth)
                    {
                        text.Append('\n').Append(' ', indent);
                    }
                    else
                    {
                        text.Append(' ');
                    }
                }
                text.Append(item);
            }
            else
            {
                if (!first)
                {
                    text.Append(separator);
                }
                if (i < 0)
                {
                    text.Append("...");
                }
                else
                {
                    WriteAxis(text, shape, strides, values, axis + 1, offset + i * strides[axis], summarise, options, formatter, indent + 1);
                }
            }
            first = false;
        }
        _ = lineStart;
        text.Append(']');
    }

    private static int LastNewline(StringBuilder text)
    {
        for (int i = text.Length - 1; i >= 0; i--)
        {
            if (text[i] == '\n')
            {
                return i + 1;
            }
        }
        return 0;
    }
}

/// <summary>Formats elements of one tensor to a common width, NumPy's way for each type.</summary>
internal sealed class ElementFormatter<T>
{
    private readonly int _width;
    private readonly bool _scientific;
    private readonly int _fractionDigits;
    private readonly int _precision;

    public ElementFormatter(T[] shown, PrintOptions options)
    {
        _precision = options.Precision;
        if (IsFloat)
        {
            double maxAbs = 0, minAbs = double.PositiveInfinity;
            foreach (T value in shown)
            {
                double v = Math.Abs(ToDouble(value));
                if (double.IsFinite(v) && v != 0)
                {
                    maxAbs = Math.Max(maxAbs, v);
                    minAbs = Math.Min(minAbs, v);
                }
            }
            _scientific = maxAbs >= 1e16 || (!options.Suppress && minAbs < 1e-4 && minAbs > 0) || (maxAbs > 0 && maxAbs / minAbs > 1e3 && !options.Suppress && minAbs < 1e-4);
            _fractionDigits = 0;
            if (!_scientific)
            {
                foreach (T value in shown)
                {
                    double v = ToDouble(value);
                    if (double.IsFinite(v))
                    {
                        string fixedText = Fixed(v);
                        int dot = fixedText.IndexOf('.');
                        _fractionDigits = Math.Max(_fractionDigits, fixedText.Length - dot - 1);
                    }
                }
            }
            else
            {
                foreach (T value in shown)
                {
                    double v = ToDouble(value);
                    if (double.IsFinite(v))
                    {
                        string mantissa = Mantissa(v);
                        int dot = mantissa.IndexOf('.');
                        _fractionDigits = Math.Max(_fractionDigits, mantissa.Length - dot - 1);
                    }
                }
            }
        }
        _width = 0;
        foreach (T value in shown)
        {
            _width = Math.Max(_width, Raw(value).Length);
        }
    }

    private static bool IsFloat => typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half);

    private static double ToDouble(T value) => value switch
    {
        float f => f,
        double d => d,
        Half h => (double)h,
        _ => 0,
    };

    public string Format(T value) => Raw(value).PadLeft(_width);

    private string Raw(T value)
    {
        if (value is bool b)
        {
            return b ? "True" : "False";
        }
        if (!IsFloat)
        {
            return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        }
        double v = ToDouble(value);
        if (double.IsNaN(v))
        {
            return "nan";
        }
        if (double.IsInfinity(v))
        {
            return v > 0 ? "inf" : "-inf";
        }
        if (_scientific)
        {
            string mantissa = Mantissa(v);
            int dot = mantissa.IndexOf('.');
            int pad = _fractionDigits - (mantissa.Length - dot - 1);
            int exponent = v == 0 ? 0 : (int)Math.Floor(Math.Log10(Math.Abs(v)));
            // Mantissa() rounded; recompute the exponent from its own text to stay consistent.
            string full = v.ToString("E" + Math.Max(_fractionDigits, 0), CultureInfo.InvariantCulture);
            _ = exponent;
            int e = full.IndexOf('E');
            int exp = int.Parse(full[(e + 1)..], CultureInfo.InvariantCulture);
            string head = mantissa + new string('0', Math.Max(pad, 0));
            return $"{head}e{(exp < 0 ? '-' : '+')}{Math.Abs(exp):00}";
        }
        string text = Fixed(v);
        int point = text.IndexOf('.');
        int missing = _fractionDigits - (text.Length - point - 1);
        return text + new string(' ', Math.Max(missing, 0));
    }

    /// <summary>Fixed point with at most <c>precision</c> fraction digits, trailing zeros dropped, the point kept.</summary>
    private string Fixed(double v)
    {
        string text = Math.Round(v, Math.Min(_precision, 15)).ToString("F" + _precision, CultureInfo.InvariantCulture).TrimEnd('0');
        if (text == "-0.")
        {
            return v == 0 && double.IsNegative(v) ? "-0." : "-0.";
        }
        return text;
    }

    /// <summary>The mantissa of scientific notation with trailing zeros dropped, e.g. <c>1.5</c> or <c>1.</c>.</summary>
    private string Mantissa(double v)
    {
        string full = v.ToString("E" + _precision, CultureInfo.InvariantCulture);
        string mantissa = full[..full.IndexOf('E')].TrimEnd('0');
        return mantissa;
    }
}
