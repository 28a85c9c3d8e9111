namespace Batchwise.IO;

/// <summary>
/// Parses the Python dict literal of a .npy header, e.g.
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>: exactly the keys
/// <c>descr</c>, <c>fortran_order</c> and <c>shape</c>, string values without escapes, <c>True</c>/<c>False</c>,
/// and a tuple of non-negative integers (a Python 2 <c>L</c> suffix allowed). Nothing is evaluated; every
/// departure is an <see cref="InvalidDataException"/> naming the position.
/// </summary>
internal ref struct NpyHeaderParser
{
    private readonly string _text;
    private int _pos;

    private NpyHeaderParser(string text)
    {
        _text = text;
        _pos = 0;
    }

    public static (string Descr, bool FortranOrder, long[] Shape) Parse(string text)
    {
        var parser = new NpyHeaderParser(text);
        return parser.ParseDict();
    }

    private (string, bool, long[]) ParseDict()
    {
        string? descr = null;
        bool? fortran = null;
        long[]? shape = null;
        SkipSpace();
        Expect('{');
        SkipSpace();
        while (Peek() != '}')
        {
            int keyAt = _pos;
            string key = ParseString();
            SkipSpace();
            Expect(':');
            SkipSpace();
            switch (key)
            {
                case "descr":
                    if (descr is not null)
                    {
                        throw Error("repeated key 'descr'", keyAt);
                    }
                    if (Peek() == '[')
                    {
                        throw Error("structured dtypes (a list as 'descr') are not supported", _pos);
                    }
                    descr = ParseString();
                    break;
                case "fortran_order":
                    if (fortran is not null)
                    {
                        throw Error("repeated key 'fortran_order'", keyAt);
                    }
                    fortran = ParseBool();
                    break;
                case "shape":
                    if (shape is not null)
                    {
                        throw Error("repeated key 'shape'", keyAt);
                    }
                    shape = ParseShape();
                    break;
                default:
                    throw Error($"unexpected key '{NpyDType.Printable(key)}' (a header has exactly 'descr', 'fortran_order' and 'shape')", keyAt);
            }
            SkipSpace();
            if (Peek() == ',')
            {
                _pos++;
                SkipSpace();
            }
            else if (Peek() != '}')
            {
                throw Error("expected ',' or '}'", _pos);
            }
        }
        _pos++;
        SkipSpace();
        if (_pos != _text.Length)
        {
            throw Error("unexpected text after the closing '}'", _pos);
        }
        if (descr is null || fortran is null || shape is null)
        {
            string missing = descr is null ? "descr" : fortran is null ? "fortran_order" : "shape";
            throw new InvalidDataException($".npy: the header lacks the key '{missing}'");
        }
        return (descr, fortran.Value, shape);
    }

    private string ParseString()
    {
        char quote = Peek();
        if (quote is not ('\'' or '"'))
        {
            throw Error("expected a quoted string", _pos);
        }
        int start = ++_pos;
        while (_pos < _text.Length && _text[_pos] != quote)
        {
            if (_text[_pos] is '\\' or '\n')
            {
                throw Error("escape sequences and line breaks are not allowed in header strings", _pos);
            }
            _pos++;
        }
        if (_pos >= _text.Length)
        {
            throw Error("unterminated string", start - 1);
        }
        return _text[start.._pos++];
    }

    private bool ParseBool()
    {
        if (string.CompareOrdinal(_text, _pos, "True", 0, 4) == 0)
        {
            _pos += 4;
            return true;
        }
        if (string.CompareOrdinal(_text, _pos, "False", 0, 5) == 0)
        {
            _pos += 5;
            return false;
        }
        throw Error("'fortran_order' must be True or False", _pos);
    }

    private long[] ParseShape()
    {
        if (Peek() != '(')
        {
            throw Error("'shape' must be a tuple such as (3, 4) or (5,)", _pos);
        }
        _pos++;
        var dims = new List<long>();
        bool sawComma = false;
        SkipSpace();
        while (Peek() != ')')
        {
            if (dims.Count == NpyHeader.MaxRank)
            {
                throw Error($"more than {NpyHeader.MaxRank} dimensions", _pos);
            }
            dims.Add(ParseInteger());
            SkipSpace();
            if (Peek() == ',')
            {
                sawComma = true;
                _pos++;
                SkipSpace();
            }
            else if (Peek() != ')')
            {
                throw Error("expected ',' or ')' in the shape", _pos);
            }
        }
        _pos++;
        if (dims.Count == 1 && !sawComma)
        {
            throw Error("'shape' must be a tuple; (n) is a number, write (n,)", _pos - 1);
        }
        return [.. dims];
    }

    private long ParseInteger()
    {
        int start = _pos;
        bool negative = Peek() == '-';
        if (negative)
        {
            _pos++;
        }
        long value = 0;
        int digits = 0;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            int digit = _text[_pos] - '0';
            if (value > (long.MaxValue - digit) / 10)
            {
                throw Error("dimension does not fit in 64 bits", start);
            }
            value = value * 10 + digit;
            _pos++;
            digits++;
        }
        if (digits == 0)
        {
            throw Error("expected an integer in the shape", start);
        }
        if (Peek() is 'L' or 'l')
        {
            _pos++;
        }
        if (negative)
        {
            throw Error($"negative dimension -{value} in the shape", start);
        }
        return value;
    }

    private readonly char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error($"expected '{c}'", _pos);
        }
        _pos++;
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n' or '\r')
        {
            _pos++;
        }
    }

    private readonly InvalidDataException Error(string what, int at)
    {
        int from = Math.Max(0, at - 10);
        string near = NpyDType.Printable(_text[from..Math.Min(_text.Length, at + 20)]);
        return new InvalidDataException($".npy: bad header dict: {what} at character {at} (near \"{near}\")");
    }
}
