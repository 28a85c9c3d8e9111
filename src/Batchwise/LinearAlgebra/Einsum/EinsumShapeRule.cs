namespace Batchwise.LinearAlgebra.Einsum;

/// <summary>
/// einsum's shape rule, generic over the dimension type so that the runtime (<see cref="Dim"/>) and
/// the symbolic checker (named dimensions) apply the same one: a label repeated within an operand
/// (a diagonal) needs equal dimensions; across operands a label's dimensions are equal or 1, and 1
/// broadcasts (NumPy's behaviour; <c>...</c> dimensions follow the same rule).
/// </summary>
internal static class EinsumShapeRule
{
    /// <summary>The dimension of each label id (<see cref="EinsumEquation.LabelCount"/> of them; unused letters stay default).</summary>
    /// <exception cref="ShapeException">A diagonal over unequal dimensions, or a label whose dimensions
    /// differ across operands and neither is 1.</exception>
    public static TDim[] LabelSizes<TDim>(EinsumEquation equation, IReadOnlyList<TDim[]> shapes, string subscripts)
        where TDim : struct, IDimension<TDim>
    {
        var sizes = new TDim[equation.LabelCount];
        var known = new bool[equation.LabelCount];
        char[] names = equation.LabelNames();
        var own = new TDim?[equation.LabelCount];
        for (int p = 0; p < shapes.Count; p++)
        {
            Array.Fill(own, null);
            int[] labels = equation.Inputs[p];
            for (int axis = 0; axis < labels.Length; axis++)
            {
                int label = labels[axis];
                TDim extent = shapes[p][axis];
                if (own[label] is TDim earlier && !earlier.Equals(extent))
                {
                    ThrowHelper.Shape($"einsum '{subscripts}': label '{Describe(label, names)}' is repeated in operand {p} over unequal dimensions ({earlier} != {extent}) of shape {Format(shapes[p])}");
                }
                own[label] = extent;
            }
            for (int label = 0; label < own.Length; label++)
            {
                if (own[label] is not TDim extent)
                {
                    continue;
                }
                if (!known[label] || sizes[label].IsOne)
                {
                    sizes[label] = extent;
                    known[label] = true;
                }
                else if (!extent.IsOne && !extent.Equals(sizes[label]))
                {
                    ThrowHelper.Shape($"einsum '{subscripts}': operands could not be broadcast together: label '{Describe(label, names)}' has dimension {sizes[label]} in an earlier operand and {extent} in operand {p} (shapes {string.Join(" ", shapes.Select(Format))})");
                }
            }
        }
        return sizes;
    }

    /// <summary>The result's shape: the output labels' dimensions.</summary>
    public static TDim[] OutputShape<TDim>(EinsumEquation equation, TDim[] sizes) where TDim : struct, IDimension<TDim> =>
        [.. equation.Output.Select(label => sizes[label])];

    private static string Describe(int label, char[] names) =>
        label < EinsumEquation.FirstEllipsisLabel ? names[label].ToString() : $"... dimension {label - EinsumEquation.FirstEllipsisLabel}";

    private static string Format<TDim>(TDim[] shape) =>
        shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(",", shape)})";
}
