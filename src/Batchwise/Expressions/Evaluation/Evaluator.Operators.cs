namespace Batchwise.Expressions;

internal sealed partial class Evaluator
{
    /// <summary>The catalogue function each operator is (NumPy's ufunc names).</summary>
    internal static string FunctionOf(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "add",
        BinaryOperator.Subtract => "subtract",
        BinaryOperator.Multiply => "multiply",
        BinaryOperator.Divide => "divide",
        BinaryOperator.MatMul => "matmul",
        BinaryOperator.Power => "power",
        BinaryOperator.FloorDivide => "floor_divide",
        BinaryOperator.Remainder => "remainder",
        BinaryOperator.Less => "less",
        BinaryOperator.LessEqual => "less_equal",
        BinaryOperator.Greater => "greater",
        BinaryOperator.GreaterEqual => "greater_equal",
        BinaryOperator.Equal => "equal",
        BinaryOperator.NotEqual => "not_equal",
        BinaryOperator.And => "bitwise_and",
        BinaryOperator.Or => "bitwise_or",
        _ => "bitwise_xor",
    };

    private static object? NegateValue(object? value) => value switch
    {
        long i => -i,
        double d => -d,
        _ => Dispatcher.Call("negative", method: false, [value], []),
    };

    private static object? BinaryValue(BinaryOperator op, object? left, object? right)
    {
        if (op != BinaryOperator.MatMul && IsNumber(left) && IsNumber(right))
        {
            return PythonArithmetic(op, left!, right!);
        }
        return Dispatcher.Call(FunctionOf(op), method: false, [left, right], []);
    }

    private static bool IsNumber(object? value) => value is long or double;

    /// <summary>Two Python numbers (shapes read back as ints, <c>d ** 0.5</c>): Python's own arithmetic.</summary>
    private static object PythonArithmetic(BinaryOperator op, object left, object right)
    {
        if (left is long i && right is long j && op is BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply)
        {
            return op switch
            {
                BinaryOperator.Add => i + j,
                BinaryOperator.Subtract => i - j,
                _ => i * j,
            };
        }
        double x = System.Convert.ToDouble(left), y = System.Convert.ToDouble(right);
        return op switch
        {
            BinaryOperator.Add => x + y,
            BinaryOperator.Subtract => x - y,
            BinaryOperator.Multiply => x * y,
            BinaryOperator.Divide => x / y,
            BinaryOperator.Power when left is long a && right is long b && b >= 0 => (long)Math.Pow(a, b),
            BinaryOperator.FloorDivide when left is long a && right is long b && b != 0 => (long)Math.Floor((double)a / b),
            BinaryOperator.FloorDivide => Math.Floor(x / y),
            BinaryOperator.Remainder when left is long a && right is long b && b != 0 => ((a % b) + b) % b,
            BinaryOperator.Remainder => x - Math.Floor(x / y) * y,
            BinaryOperator.Power => Math.Pow(x, y),
            BinaryOperator.Less => x < y,
            BinaryOperator.LessEqual => x <= y,
            BinaryOperator.Greater => x > y,
            BinaryOperator.GreaterEqual => x >= y,
            BinaryOperator.Equal => x == y,
            BinaryOperator.NotEqual => x != y,
            _ => throw new InvalidValueException($"unsupported operand types for {SyntaxPrinter.Symbol(op)}: two numbers"),
        };
    }
}
