using System.Numerics;

using Batchwise.Expressions;

namespace Batchwise.Conformance;

/// <summary>The outcome of one case: passed, or why not.</summary>
public sealed record CaseResult(ConformanceCase Case, bool Passed, string Reason);

/// <summary>
/// Runs conformance cases through the expression evaluator and compares with the README's rule:
/// equal shape and dtype; bools exact; floats NaN where NaN, the same infinity where infinite, and
/// otherwise <c>|actual − expected| ≤ atol + rtol·|expected|</c>. An error case passes when Batchwise
/// raises an error of the same kind.
/// </summary>
public static class ConformanceRunner
{
    /// <summary>Evaluates and checks one case. Never throws for a failing case.</summary>
    public static CaseResult Run(ConformanceCase testCase)
    {
        object? actual;
        try
        {
            actual = Expression.Evaluate(testCase.Ast, testCase.Inputs);
        }
        catch (BatchwiseException e)
        {
            if (testCase.Expect is ExpectedError error)
            {
                return error.Kind == e.Kind
                    ? Pass(testCase)
                    : Fail(testCase, $"raised a {e.Kind} error ({e.Message}) but NumPy raised a {error.Kind} error ({error.Message})");
            }
            return Fail(testCase, $"raised {e.Kind} error: {e.Message}");
        }
        catch (Exception e) when (e is ExpressionException or NotImplementedException or NotSupportedException)
        {
            return Fail(testCase, e.Message);
        }
        catch (Exception e)
        {
            // Anything else is a crash inside Batchwise: report it as a failure with its type.
            return Fail(testCase, $"crashed with {e.GetType().Name}: {e.Message}");
        }
        return testCase.Expect switch
        {
            ExpectedError error => Fail(testCase, $"expected a {error.Kind} error ({error.Message}) but got a result"),
            ExpectedArray array => Verdict(testCase, Compare(actual, array.Value, testCase.Rtol, testCase.Atol)),
            ExpectedTuple tuple => Verdict(testCase, CompareTuple(actual, tuple.Values, testCase.Rtol, testCase.Atol)),
            _ => Fail(testCase, "unknown expectation"),
        };
    }

    private static CaseResult Pass(ConformanceCase c) => new(c, true, "");

    private static CaseResult Fail(ConformanceCase c, string reason) => new(c, false, reason);

    private static CaseResult Verdict(ConformanceCase c, string? mismatch) => mismatch is null ? Pass(c) : Fail(c, mismatch);

    private static string? CompareTuple(object? actual, IReadOnlyList<object> expected, double rtol, double atol)
    {
        if (actual is not object?[] tuple || tuple.Length != expected.Count)
        {
            return $"expected a tuple of {expected.Count} arrays, got {Describe(actual)}";
        }
        for (int i = 0; i < tuple.Length; i++)
        {
            if (Compare(tuple[i], expected[i], rtol, atol) is string mismatch)
            {
                return $"tuple item {i}: {mismatch}";
            }
        }
        return null;
    }

    /// <summary>Null when equal under the rule, otherwise what differs.</summary>
    public static string? Compare(object? actual, object expected, double rtol, double atol) => (actual, expected) switch
    {
        (Tensor<float> a, Tensor<float> e) => CompareFloats(a, e, rtol, atol),
        (Tensor<double> a, Tensor<double> e) => CompareFloats(a, e, rtol, atol),
        (Tensor<bool> a, Tensor<bool> e) => CompareExact(a, e),
        (Tensor<long> a, Tensor<long> e) => CompareExact(a, e),
        (Tensor<int> a, Tensor<int> e) => CompareExact(a, e),
        _ => $"expected a {DescribeArray(expected)}, got {Describe(actual)}",
    };

    private static string? CompareFloats<T>(Tensor<T> actual, Tensor<T> expected, double rtol, double atol)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!actual.Shape.SequenceEqual(expected.Shape))
        {
            return $"shape {actual.ShapeString}, expected {expected.ShapeString}";
        }
        T[] a = actual.ToArray(), e = expected.ToArray();
        for (int i = 0; i < a.Length; i++)
        {
            double x = double.CreateChecked(a[i]), y = double.CreateChecked(e[i]);
            // The README's rule is NumPy's isclose with equal_nan: the same comparison as Tensor.IsClose.
            if (!Tensor.IsClose(x, y, rtol, atol, equalNan: true))
            {
                return $"element {i} (flat) is {x:R}, expected {y:R} (rtol {rtol}, atol {atol})";
            }
        }
        return null;
    }

    private static string? CompareExact<T>(Tensor<T> actual, Tensor<T> expected) where T : unmanaged, IEquatable<T>
    {
        if (!actual.Shape.SequenceEqual(expected.Shape))
        {
            return $"shape {actual.ShapeString}, expected {expected.ShapeString}";
        }
        T[] a = actual.ToArray(), e = expected.ToArray();
        for (int i = 0; i < a.Length; i++)
        {
            if (!a[i].Equals(e[i]))
            {
                return $"element {i} (flat) is {a[i]}, expected {e[i]}";
            }
        }
        return null;
    }

    private static string DescribeArray(object value) => value switch
    {
        Tensor<float> t => $"float32 array of shape {t.ShapeString}",
        Tensor<double> t => $"float64 array of shape {t.ShapeString}",
        Tensor<bool> t => $"bool array of shape {t.ShapeString}",
        Tensor<long> t => $"int64 array of shape {t.ShapeString}",
        Tensor<int> t => $"int32 array of shape {t.ShapeString}",
        _ => value.GetType().Name,
    };

    private static string Describe(object? value) => value switch
    {
        null => "None",
        object?[] tuple => $"a tuple of {tuple.Length}",
        Tensor<float> or Tensor<double> or Tensor<bool> or Tensor<long> or Tensor<int> => DescribeArray(value),
        _ => $"a {value.GetType().Name} ({value})",
    };
}
