using System.Diagnostics;

namespace Batchwise.Expressions;

/// <summary>
/// A call's arguments bound to its parameters (<see cref="Signature.Bind"/>), with typed readers that
/// the evaluator's and the checker's entries share: the same conversions, the same errors naming the
/// parameter, the expected type and the type given. Integers are Python's (64-bit); a reader that needs
/// a 32-bit value says so when one does not fit.
/// </summary>
internal sealed class BoundArguments
{
    private readonly Signature _signature;
    private readonly object?[] _values;
    private readonly bool[] _given;

    public BoundArguments(string function, Signature signature, object?[] values, bool[] given)
    {
        Function = function;
        _signature = signature;
        _values = values;
        _given = given;
    }

    /// <summary>The same call with <paramref name="values"/> (one per parameter, in order) in place of its own.</summary>
    public BoundArguments With(object?[] values)
    {
        Debug.Assert(values.Length == _values.Length);
        return new BoundArguments(Function, _signature, values, _given);
    }

    /// <summary>The value bound to the parameter at <paramref name="position"/>.</summary>
    public object? At(int position) => _values[position];

    /// <summary>The parameters the arguments are bound to.</summary>
    public Signature Signature => _signature;

    /// <summary>The function's name as the call spelled it, for messages.</summary>
    public string Function { get; }

    /// <summary>The value of a parameter (its default when not given).</summary>
    public object? this[string name] => _values[Position(name)];

    /// <summary>True when the call gave the parameter.</summary>
    public bool IsGiven(string name) => _given[Position(name)];

    private int Position(string name)
    {
        int p = _signature.IndexOf(name);
        return p >= 0 ? p : throw new ArgumentException($"{Function}() has no parameter '{name}'", nameof(name));
    }

    /// <summary>A Python int (bools count, as in Python).</summary>
    public long Long(string name) => this[name] switch
    {
        long i => i,
        bool b => b ? 1 : 0,
        var other => throw Expected(name, "an int", other),
    };

    /// <summary>An int that must fit 32 bits (dimensions, axes, offsets).</summary>
    public int Int(string name) => Fit(Long(name), name);

    /// <summary>None, or an int.</summary>
    public int? OptionalInt(string name) => this[name] is null ? null : Int(name);

    /// <summary>A bool (Python ints count, as in Python).</summary>
    public bool Bool(string name) => this[name] switch
    {
        bool b => b,
        long i => i != 0,
        var other => throw Expected(name, "a bool", other),
    };

    /// <summary>A number (an int or a float).</summary>
    public double Number(string name) => this[name] switch
    {
        long i => i,
        double d => d,
        bool b => b ? 1 : 0,
        var other => throw Expected(name, "a number", other),
    };

    /// <summary>A string.</summary>
    public string Text(string name) => this[name] as string ?? throw Expected(name, "a str", this[name]);

    /// <summary>An axis argument: None (null), an int, or a tuple of ints.</summary>
    public int[]? Axes(string name) => this[name] switch
    {
        null => null,
        long or bool => [Int(name)],
        object?[] tuple => tuple.Select(v => Fit(ItemLong(name, v), name)).ToArray(),
        var other => throw Expected(name, "an int or a tuple of ints", other),
    };

    /// <summary>
    /// A shape or permutation given spread or as one tuple (<c>x.reshape(2, 3)</c>, <c>x.reshape((2, 3))</c>):
    /// the tuple of a <c>*rest</c> parameter, unwrapped when it holds one tuple.
    /// </summary>
    public int[] Ints(string name) => this[name] switch
    {
        object?[] { Length: 1 } one when one[0] is object?[] inner => inner.Select(v => Fit(ItemLong(name, v), name)).ToArray(),
        object?[] items => items.Select(v => Fit(ItemLong(name, v), name)).ToArray(),
        long or bool => [Int(name)],
        var other => throw Expected(name, "an int or a tuple of ints", other),
    };

    /// <summary>The positional arguments a <c>*rest</c> parameter collected.</summary>
    public object?[] Rest(string name) => (object?[])this[name]!;

    private static long ItemLong(string name, object? value) => value switch
    {
        long i => i,
        bool b => b ? 1 : 0,
        _ => throw Expected(name, "an int or a tuple of ints", value),
    };

    public static int Fit(long value, string name) => value is >= int.MinValue and <= int.MaxValue
        ? (int)value
        : throw new InvalidValueException($"'{name}' is {value}, outside the 32-bit range [{int.MinValue}, {int.MaxValue}] Batchwise takes for dimensions and axes");

    /// <summary>A type error naming the parameter, what it takes and what it got.</summary>
    public static InvalidValueException Expected(string name, string what, object? value) =>
        new($"'{name}' must be {what}, got {Describe(value)}");

    /// <summary>Python's name for a value's type (arrays with their shape).</summary>
    public static string Describe(object? value) => value switch
    {
        null => "None",
        long => "int",
        double => "float",
        bool => "bool",
        string => "str",
        object?[] => "tuple",
        Tensor<float> t => $"float32 array of shape {t.ShapeString}",
        Tensor<double> t => $"float64 array of shape {t.ShapeString}",
        Tensor<bool> t => $"bool array of shape {t.ShapeString}",
        Tensor<long> t => $"int64 array of shape {t.ShapeString}",
        Tensor<int> t => $"int32 array of shape {t.ShapeString}",
        SymbolicArray a => $"array of shape {a}",
        _ => value.GetType().Name,
    };
}
