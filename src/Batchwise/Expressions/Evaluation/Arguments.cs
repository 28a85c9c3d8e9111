namespace Batchwise.Expressions;

/// <summary>
/// The evaluated arguments of one call, bound by position or keyword as Python binds them: each
/// parameter is taken once, from its position or its name, and leftovers are errors.
/// </summary>
internal sealed class Arguments
{
    private readonly string _function;
    private readonly object?[] _positional;
    private readonly Dictionary<string, object?> _keywords;
    private readonly HashSet<string> _used = [];
    private int _maxPosition = -1;

    public Arguments(string function, object?[] positional, Dictionary<string, object?> keywords)
    {
        _function = function;
        _positional = positional;
        _keywords = keywords;
    }

    public int PositionalCount => _positional.Length;

    /// <summary>The parameter at <paramref name="position"/> or named <paramref name="name"/>; required.</summary>
    public object? Required(int position, string name)
    {
        if (TryGet(position, name, out object? value))
        {
            return value;
        }
        throw new InvalidValueException($"{_function}() missing required argument '{name}' (pos {position + 1})");
    }

    /// <summary>The parameter, or <paramref name="fallback"/> when not given.</summary>
    public object? Optional(int position, string name, object? fallback) => TryGet(position, name, out object? value) ? value : fallback;

    /// <summary>True when the parameter was given (by position or keyword).</summary>
    public bool Has(int position, string name) => position < _positional.Length || _keywords.ContainsKey(name);

    /// <summary>All positional arguments from <paramref name="start"/> on (for *args).</summary>
    public object?[] Rest(int start)
    {
        _maxPosition = Math.Max(_maxPosition, _positional.Length - 1);
        return start >= _positional.Length ? [] : _positional[start..];
    }

    private bool TryGet(int position, string name, out object? value)
    {
        bool byPosition = position >= 0 && position < _positional.Length;
        bool byName = _keywords.TryGetValue(name, out object? named);
        if (byPosition && byName)
        {
            throw new InvalidValueException($"{_function}() got multiple values for argument '{name}'");
        }
        _used.Add(name);
        if (byPosition)
        {
            _maxPosition = Math.Max(_maxPosition, position);
            value = _positional[position];
            return true;
        }
        value = named;
        return byName;
    }

    /// <summary>Refuses arguments no parameter took.</summary>
    public void CheckAllUsed()
    {
        if (_positional.Length > _maxPosition + 1)
        {
            throw new InvalidValueException($"{_function}() takes {_maxPosition + 1} positional arguments but {_positional.Length} were given");
        }
        foreach (string key in _keywords.Keys)
        {
            if (!_used.Contains(key))
            {
                throw new InvalidValueException($"{_function}() got an unexpected keyword argument '{key}'");
            }
        }
    }
}
