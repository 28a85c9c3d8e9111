using System.Text;

namespace Batchwise.Shapes;

/// <summary>Writes shapes the way NumPy does in its messages: <c>(2,3)</c>, <c>(4,)</c>, <c>()</c>.</summary>
public static class ShapeText
{
    /// <summary>Formats a shape of any dimension type.</summary>
    public static string Format<TDim>(ReadOnlySpan<TDim> shape)
    {
        var text = new StringBuilder("(");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            text.Append(shape[i]);
        }
        if (shape.Length == 1)
        {
            text.Append(',');
        }
        return text.Append(')').ToString();
    }

    /// <summary>Formats a concrete shape.</summary>
    public static string Format(ReadOnlySpan<int> shape) => Format<int>(shape);
}
