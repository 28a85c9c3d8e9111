namespace Batchwise.Expressions;

/// <summary>
/// Entries that do not depend on an element type: Python's scalar helpers as pasted code uses them
/// (<c>math.sqrt(d)</c>, <c>float("-inf")</c>), PyTorch's <c>x.size()</c> and <c>x.dim()</c>, and
/// <c>astype</c>, which converts between any two element types.
/// </summary>
internal static class PythonFunctions
{
    public static IEnumerable<FunctionEntry> Entries() =>
    [
        FunctionEntries.Make("math.sqrt", "x", a => Math.Sqrt(a.Number("x")), a => a["x"] is SymbolicDim ? 0.0 : Math.Sqrt(a.Number("x"))),
        FunctionEntries.Make("float", "x=0.0", a => PythonFloat(a["x"]), a => a["x"] is SymbolicDim ? 0.0 : PythonFloat(a["x"])),
        FunctionEntries.Make("int", "x=0", a => (long)a.Number("x"), a => a["x"] is SymbolicDim d ? d : (long)a.Number("x")),
        FunctionEntries.Make("size", "x, dim=None", a => Size(ArgumentValues.ShapeOf(a["x"], "x"), a), a => Size(SymbolicShapes.Array(a["x"], "x").Shape, a), CallForm.Method),
        FunctionEntries.Make("dim", "x", a => (long)ArgumentValues.ShapeOf(a["x"], "x").Length, a => (long)SymbolicShapes.Array(a["x"], "x").Shape.Length, CallForm.Method),
        FunctionEntries.Make("astype", "x, dtype", a => ArrayTypes.Convert(a["x"] ?? throw BoundArguments.Expected("x", "an array", null), ArrayTypes.Parse(a.Text("dtype"))) switch
        {
            var same when ReferenceEquals(same, a["x"]) => Copy(same),
            var converted => converted,
        }, a => SymbolicShapes.Array(a["x"], "x") with { IsBool = ArrayTypes.Parse(a.Text("dtype")) == ArrayType.Bool }, CallForm.Method),
    ];

    /// <summary>astype copies even to its own type (NumPy's default copy=True).</summary>
    private static object Copy(object tensor) => tensor switch
    {
        Tensor<bool> t => t.Copy(),
        Tensor<int> t => t.Copy(),
        Tensor<long> t => t.Copy(),
        Tensor<float> t => t.Copy(),
        Tensor<double> t => t.Copy(),
        _ => tensor,
    };

    /// <summary>Python's float(x): a number, or a string such as "-inf", "nan" or "1e-9".</summary>
    private static double PythonFloat(object? value) => value switch
    {
        string text => text.Trim().ToLowerInvariant() switch
        {
            "inf" or "+inf" or "infinity" or "+infinity" => double.PositiveInfinity,
            "-inf" or "-infinity" => double.NegativeInfinity,
            "nan" or "+nan" or "-nan" => double.NaN,
            var number when double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double d) => d,
            _ => throw new InvalidValueException($"could not convert string to float: '{ExpressionException.Shorten(text)}'"),
        },
        long i => i,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw BoundArguments.Expected("x", "a number or a str", value),
    };

    /// <summary>PyTorch's x.size(): the shape as a tuple, or one dimension with a dim.</summary>
    private static object Size(int[] shape, BoundArguments a) => a.OptionalInt("dim") is int dim
        ? (long)shape[Batchwise.Shapes.AxisRule.Normalize(dim, shape.Length)]
        : shape.Select(d => (object?)(long)d).ToArray();

    private static object Size(SymbolicDim[] shape, BoundArguments a) => a.OptionalInt("dim") is int dim
        ? SymbolicShapes.Value(shape[Batchwise.Shapes.AxisRule.Normalize(dim, shape.Length)])
        : shape.Select(SymbolicShapes.Value).ToArray();
}
