namespace Batchwise.Kernels.Elementwise;

/// <summary>Which comparison a <see cref="CompareOperator{T, TKind}"/> makes.</summary>
public interface IComparisonKind
{
    static abstract bool Compare<T>(T x, T y) where T : INumber<T>;
}

/// <summary><c>x == y</c> (NaN is unequal to everything).</summary>
public readonly struct EqualKind : IComparisonKind
{
    public static bool Compare<T>(T x, T y) where T : INumber<T> => x == y;
}

/// <summary><c>x != y</c>.</summary>
public readonly struct NotEqualKind : IComparisonKind
{
    public static bool Compare<T>(T x, T y) where T : INumber<T> => x != y;
}

/// <summary><c>x &lt; y</c>.</summary>
public readonly struct LessKind : IComparisonKind
{
    public static bool Compare<T>(T x, T y) where T : INumber<T> => x < y;
}

/// <summary><c>x &lt;= y</c>.</summary>
public readonly struct LessOrEqualKind : IComparisonKind
{
    public static bool Compare<T>(T x, T y) where T : INumber<T> => x <= y;
}

/// <summary><c>x &gt; y</c>.</summary>
public readonly struct GreaterKind : IComparisonKind
{
    public static bool Compare<T>(T x, T y) where T : INumber<T> => x > y;
}

/// <summary><c>x &gt;= y</c>.</summary>
public readonly struct GreaterOrEqualKind : IComparisonKind
{
    public static bool Compare<T>(T x, T y) where T : INumber<T> => x >= y;
}

/// <summary>A comparison producing a bool per element.</summary>
public readonly struct CompareOperator<T, TKind> : IBinaryOperator<T, bool>
    where T : INumber<T>
    where TKind : IComparisonKind
{
    public static bool Invoke(T x, T y) => TKind.Compare(x, y);
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<bool> d) => ScalarLoop.Binary<T, bool, CompareOperator<T, TKind>>(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<bool> d) => ScalarLoop.Binary<T, bool, CompareOperator<T, TKind>>(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<bool> d) => ScalarLoop.Binary<T, bool, CompareOperator<T, TKind>>(x, y, d);
}

/// <summary><c>x &amp;&amp; y</c> on bools.</summary>
public readonly struct LogicalAndOperator : IBinaryOperator<bool, bool>
{
    public static bool Invoke(bool x, bool y) => x & y;
    public static void Invoke(ReadOnlySpan<bool> x, ReadOnlySpan<bool> y, Span<bool> d) => ScalarLoop.Binary<bool, bool, LogicalAndOperator>(x, y, d);
    public static void Invoke(ReadOnlySpan<bool> x, bool y, Span<bool> d) => ScalarLoop.Binary<bool, bool, LogicalAndOperator>(x, y, d);
    public static void Invoke(bool x, ReadOnlySpan<bool> y, Span<bool> d) => ScalarLoop.Binary<bool, bool, LogicalAndOperator>(x, y, d);
}

/// <summary><c>x || y</c> on bools.</summary>
public readonly struct LogicalOrOperator : IBinaryOperator<bool, bool>
{
    public static bool Invoke(bool x, bool y) => x | y;
    public static void Invoke(ReadOnlySpan<bool> x, ReadOnlySpan<bool> y, Span<bool> d) => ScalarLoop.Binary<bool, bool, LogicalOrOperator>(x, y, d);
    public static void Invoke(ReadOnlySpan<bool> x, bool y, Span<bool> d) => ScalarLoop.Binary<bool, bool, LogicalOrOperator>(x, y, d);
    public static void Invoke(bool x, ReadOnlySpan<bool> y, Span<bool> d) => ScalarLoop.Binary<bool, bool, LogicalOrOperator>(x, y, d);
}

/// <summary><c>x ^ y</c> on bools.</summary>
public readonly struct LogicalXorOperator : IBinaryOperator<bool, bool>
{
    public static bool Invoke(bool x, bool y) => x ^ y;
    public static void Invoke(ReadOnlySpan<bool> x, ReadOnlySpan<bool> y, Span<bool> d) => ScalarLoop.Binary<bool, bool, LogicalXorOperator>(x, y, d);
    public static void Invoke(ReadOnlySpan<bool> x, bool y, Span<bool> d) => ScalarLoop.Binary<bool, bool, LogicalXorOperator>(x, y, d);
    public static void Invoke(bool x, ReadOnlySpan<bool> y, Span<bool> d) => ScalarLoop.Binary<bool, bool, LogicalXorOperator>(x, y, d);
}
