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
        T[] values = tensor.ToArray();
        if (tensor.Rank == 0)
        {
            // NumPy prints a 0-d array as the str() of its scalar: Python's repr rules, no padding.
            return ElementFormatter<T>.ScalarText(values[0]);
        }
        if (tensor.Size == 0)
        {
            return "[]";
        }
        bool summarise = tensor.Size > options.Threshold;
        var shown = new List<T>();
        CollectShown(tensor.Shape, values, 0, 0, summarise, options.EdgeItems, shown);
        var formatter = new ElementFormatter<T>([.. shown], options);
        var text = new StringBuilder();
        int[] strides = Layouts.Layout.RowMajorStrides(tensor.Shape);
        WriteAxis(text, tensor.Shape, strides, values, 0, 0, summarise, options, formatter);
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
            if (i < 0)
            {
                continue;
            }
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

    /// <summary>The positions printed along an axis; -1 stands for the <c>...</c> of a summarised axis.</summary>
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

    /// <summary>
    /// NumPy's <c>_formatArray</c>: axis k (0-based) nests inside k brackets, so its rows have
    /// <c>k + 1</c> characters of bracket or hanging indent in front and <c>k + 1</c> closing brackets
    /// behind. An element wraps to a new line when the line, its separator and the element would pass
    /// <c>LineWidth - (k + 1)</c>.
    /// </summary>
    private static void WriteAxis<T>(StringBuilder text, ReadOnlySpan<int> shape, int[] strides, T[] values, int axis, int offset,
        bool summarise, PrintOptions options, ElementFormatter<T> formatter)
    {
        text.Append('[');
        bool last = axis == shape.Length - 1;
        int indent = axis + 1;
        int elementWidth = options.LineWidth - indent;
        bool first = true;
        string separator = last ? " " : new string('\n', shape.Length - axis - 1) + new string(' ', indent);
        int lineStart = text.Length - indent;
        foreach (int i in Positions(shape[axis], summarise, options.EdgeItems))
        {
            if (last)
            {
                string item = i < 0 ? "..." : formatter.Format(values[offset + i]);
                if (!first)
                {
                    int column = text.Length - lineStart;
                    if (column + 1 + item.Length > elementWidth)
                    {
                        // NumPy strips the finished line, dropping the right padding of its last item.
                        while (text[^1] == ' ')
                        {
                            text.Length--;
                        }
                        text.Append('\n').Append(' ', indent);
                        lineStart = text.Length - indent;
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
                    WriteAxis(text, shape, strides, values, axis + 1, offset + i * strides[axis], summarise, options, formatter);
                }
            }
            first = false;
        }
        text.Append(']');
    }
}
