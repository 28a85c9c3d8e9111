namespace Batchwise.IO;

/// <summary>The element types a .npy file may hold that Batchwise reads.</summary>
public enum NpyElementType
{
    /// <summary><c>|b1</c>: one byte per element, 0 is false and anything else true.</summary>
    Bool,
    /// <summary><c>i4</c>: 32-bit signed integer, loaded as <see cref="int"/>.</summary>
    Int32,
    /// <summary><c>i8</c>: 64-bit signed integer, loaded as <see cref="long"/>.</summary>
    Int64,
    /// <summary><c>f2</c>: IEEE half precision, loaded as <see cref="float"/> (every half is exactly a float).</summary>
    Float16,
    /// <summary><c>f4</c>: IEEE single precision, loaded as <see cref="float"/>.</summary>
    Float32,
    /// <summary><c>f8</c>: IEEE double precision, loaded as <see cref="double"/>.</summary>
    Float64,
    /// <summary><c>i1</c>: 8-bit signed integer, loaded as <see cref="sbyte"/>.</summary>
    Int8,
    /// <summary><c>u1</c>: 8-bit unsigned integer, loaded as <see cref="byte"/>.</summary>
    UInt8,
    /// <summary><c>i2</c>: 16-bit signed integer, loaded as <see cref="short"/>.</summary>
    Int16,
    /// <summary><c>u2</c>: 16-bit unsigned integer, loaded as <see cref="ushort"/>.</summary>
    UInt16,
    /// <summary><c>u4</c>: 32-bit unsigned integer, loaded as <see cref="uint"/>.</summary>
    UInt32,
    /// <summary><c>u8</c>: 64-bit unsigned integer, loaded as <see cref="ulong"/>.</summary>
    UInt64,
}

/// <summary>
/// A NumPy dtype as a .npy header spells it (<c>descr</c>): an element type and a byte order, e.g.
/// <c>&lt;f4</c> (little-endian float32), <c>&gt;f8</c> (big-endian float64), <c>|b1</c> (bool).
/// </summary>
/// <param name="Type">The element type.</param>
/// <param name="IsBigEndian">True when multi-byte elements are stored most significant byte first.</param>
public readonly record struct NpyDType(NpyElementType Type, bool IsBigEndian = false)
{
    /// <summary>Bytes per element.</summary>
    public int ItemSize => Type switch
    {
        NpyElementType.Bool or NpyElementType.Int8 or NpyElementType.UInt8 => 1,
        NpyElementType.Float16 or NpyElementType.Int16 or NpyElementType.UInt16 => 2,
        NpyElementType.Int32 or NpyElementType.UInt32 or NpyElementType.Float32 => 4,
        _ => 8,
    };

    /// <summary>The .NET type elements load as (<see cref="float"/> for <see cref="NpyElementType.Float16"/>).</summary>
    public Type ClrType => Type switch
    {
        NpyElementType.Bool => typeof(bool),
        NpyElementType.Int32 => typeof(int),
        NpyElementType.Int64 => typeof(long),
        NpyElementType.Float64 => typeof(double),
        NpyElementType.Int8 => typeof(sbyte),
        NpyElementType.UInt8 => typeof(byte),
        NpyElementType.Int16 => typeof(short),
        NpyElementType.UInt16 => typeof(ushort),
        NpyElementType.UInt32 => typeof(uint),
        NpyElementType.UInt64 => typeof(ulong),
        _ => typeof(float),
    };

    /// <summary>True when the bytes must be reversed on this machine (multi-byte elements in the other byte order).</summary>
    internal bool NeedsSwap => ItemSize > 1 && IsBigEndian == BitConverter.IsLittleEndian;

    /// <summary>The header spelling: <c>&lt;f4</c>, <c>&gt;i8</c>, <c>|b1</c>...</summary>
    public string Descr => Type == NpyElementType.Bool ? "|b1" : $"{(ItemSize == 1 ? '|' : IsBigEndian ? '>' : '<')}{KindChar}{ItemSize}";

    private char KindChar => Type switch
    {
        NpyElementType.Int8 or NpyElementType.Int16 or NpyElementType.Int32 or NpyElementType.Int64 => 'i',
        NpyElementType.UInt8 or NpyElementType.UInt16 or NpyElementType.UInt32 or NpyElementType.UInt64 => 'u',
        _ => 'f',
    };

    /// <summary>The NumPy name of the element type (bool, int32, int64, float16, float32, float64).</summary>
    public string Name => Type switch
    {
        NpyElementType.Bool => "bool",
        NpyElementType.Int32 => "int32",
        NpyElementType.Int64 => "int64",
        NpyElementType.Float16 => "float16",
        NpyElementType.Float32 => "float32",
        NpyElementType.Int8 => "int8",
        NpyElementType.UInt8 => "uint8",
        NpyElementType.Int16 => "int16",
        NpyElementType.UInt16 => "uint16",
        NpyElementType.UInt32 => "uint32",
        NpyElementType.UInt64 => "uint64",
        _ => "float64",
    };

    /// <inheritdoc/>
    public override string ToString() => Descr;

    /// <summary>The little-endian dtype Batchwise writes for <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no .npy dtype Batchwise writes.</exception>
    public static NpyDType Of<T>()
    {
        // The element type NumPy names as it names T (Half is float16); BFloat16 has no .npy dtype.
        string name = DTypes.NameOf<T>();
        foreach (NpyElementType type in Enum.GetValues<NpyElementType>())
        {
            if (new NpyDType(type).Name == name)
            {
                return new NpyDType(type);
            }
        }
        throw new NotSupportedException($".npy: no dtype for element type {typeof(T).Name}; use float, double, int, long, bool or Half");
    }

    /// <summary>
    /// Parses a <c>descr</c> string. Accepts the byte-order marks <c>&lt; &gt; | =</c> where NumPy would
    /// (<c>=</c> means this machine's order) and refuses everything Batchwise does not read.
    /// </summary>
    /// <exception cref="InvalidDataException">An unknown or unsupported dtype, object arrays among them.</exception>
    public static NpyDType Parse(string descr)
    {
        ArgumentNullException.ThrowIfNull(descr);
        if (descr.Length < 2)
        {
            throw Unsupported(descr);
        }
        char order = descr[0];
        string body = descr[1..];
        if (order is not ('<' or '>' or '|' or '='))
        {
            // NumPy also accepts a bare 'f4' meaning native order.
            order = '=';
            body = descr;
        }
        if (body is "O" or "O8" or "O4")
        {
            throw new InvalidDataException($".npy: dtype '{descr}' is an object array (a pickle); Batchwise refuses to load pickles");
        }
        NpyElementType type = body switch
        {
            "b1" or "?" => NpyElementType.Bool,
            "i4" => NpyElementType.Int32,
            "i8" => NpyElementType.Int64,
            "f2" or "e" => NpyElementType.Float16,
            "f4" => NpyElementType.Float32,
            "f8" => NpyElementType.Float64,
            "i1" or "b" => NpyElementType.Int8,
            "u1" or "B" => NpyElementType.UInt8,
            "i2" or "h" => NpyElementType.Int16,
            "u2" or "H" => NpyElementType.UInt16,
            "u4" or "I" => NpyElementType.UInt32,
            "u8" or "Q" => NpyElementType.UInt64,
            _ => throw Unsupported(descr),
        };
        bool isBig = order switch
        {
            '>' => true,
            '<' => false,
            _ => !BitConverter.IsLittleEndian,
        };
        bool singleByte = type is NpyElementType.Bool or NpyElementType.Int8 or NpyElementType.UInt8;
        if (order == '|' && !singleByte)
        {
            throw new InvalidDataException($".npy: dtype '{descr}' says 'not applicable' byte order for a multi-byte type");
        }
        return new NpyDType(type, !singleByte && isBig);
    }

    private static InvalidDataException Unsupported(string descr) =>
        new($".npy: unsupported dtype '{Printable(descr)}'; Batchwise reads f2 f4 f8, i1 i2 i4 i8, u1 u2 u4 u8 and b1, in either byte order");

    /// <summary>Header text trimmed and made printable for an error message.</summary>
    internal static string Printable(string text)
    {
        var chars = text.Length > 60 ? text[..60] + "..." : text;
        return string.Create(chars.Length, chars, static (span, s) =>
        {
            for (int i = 0; i < s.Length; i++)
            {
                span[i] = char.IsControl(s[i]) ? '?' : s[i];
            }
        });
    }
}
