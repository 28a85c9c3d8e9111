namespace Batchwise.Expressions;

/// <summary>
/// Runs a catalogue function on values of any element type. The arrays of a call are promoted to
/// one type with NumPy 2's rules (<see cref="ArrayTypes.Promote"/>), and the entry for that type
/// runs. Where a type has no entry of its own, it computes as NumPy does: bool as int64 (a sum of
/// bools counts), ints as float64 (<c>mean</c>, <c>sin</c> and <c>/</c> of ints are float64).
/// </summary>
internal static class Dispatcher
{
    private static readonly Catalogue[] s_catalogues =
    [
        new([.. DataFunctions<bool>.Entries(), .. LogicFunctions.Entries(), .. PythonFunctions.Entries()]),
        new([.. DataFunctions<int>.Entries(), .. NumericFunctions<int>.Entries(), .. PythonFunctions.Entries()]),
        new([.. DataFunctions<long>.Entries(), .. NumericFunctions<long>.Entries(), .. PythonFunctions.Entries()]),
        new([.. DataFunctions<float>.Entries(), .. NumericFunctions<float>.Entries(), .. Functions<float>.Entries(), .. PythonFunctions.Entries()]),
        new([.. DataFunctions<double>.Entries(), .. NumericFunctions<double>.Entries(), .. Functions<double>.Entries(), .. PythonFunctions.Entries()]),
    ];

    // The catalogue Describe reads a name's signature from: every function exists for float64 except
    // the integer-only and bool-only ones.
    private static readonly ArrayType[] s_describeOrder = [ArrayType.Float64, ArrayType.Int64, ArrayType.Bool];

    // For each requested type (by ArrayType's value), the catalogues tried in turn: bool and integer
    // calls fall back to wider types when their own catalogue lacks the function.
    private static readonly ArrayType[][] s_ladders =
    [
        [ArrayType.Bool, ArrayType.Int64, ArrayType.Float64],
        [ArrayType.Int32, ArrayType.Float64],
        [ArrayType.Int64, ArrayType.Float64],
        [ArrayType.Float32],
        [ArrayType.Float64],
    ];

    /// <summary>The catalogue of one element type.</summary>
    public static Catalogue For(ArrayType type) => s_catalogues[(int)type];

    /// <summary>Every function once (the float64 entry where there are several), for the checker and tests.</summary>
    public static IEnumerable<FunctionEntry> AllEntries() =>
        s_describeOrder
            .SelectMany(t => For(t).Entries)
            .DistinctBy(e => (e.Name, e.Form));

    /// <summary>The entry a name resolves to for its signature and shape rule, whatever the element type.</summary>
    /// <exception cref="ExpressionException">No element type has such a function.</exception>
    public static FunctionEntry Describe(string written, bool method) =>
        TryDescribe(written, method) ?? (method ? For(ArrayType.Float64).Method(written) : For(ArrayType.Float64).Function(written));

    /// <summary>The entry a name resolves to, as <see cref="Describe"/>, or null where there is none.</summary>
    public static FunctionEntry? TryDescribe(string written, bool method)
    {
        foreach (ArrayType type in s_describeOrder)
        {
            if (For(type).TryFind(written, method) is FunctionEntry entry)
            {
                return entry;
            }
        }
        return null;
    }

    /// <summary>Binds, promotes and runs a call.</summary>
    public static object? Call(string written, bool method, IReadOnlyList<object?> positional, IReadOnlyList<(string Name, object? Value)> keywords)
    {
        FunctionEntry described = Describe(written, method);
        BoundArguments arguments = described.Signature.Bind(written, positional, keywords);
        ArrayType requested = CallType(described, arguments) ?? ArrayType.Float64;
        (FunctionEntry entry, ArrayType type) = Select(written, method, requested);
        return entry.Run(Promoted(entry, arguments, type));
    }

    /// <summary>The promoted type of the call's arrays (and, for operators, its Python numbers); null with no arrays.</summary>
    private static ArrayType? CallType(FunctionEntry entry, BoundArguments arguments)
    {
        var seen = default(TypesSeen);
        Parameter[] parameters = entry.Signature.Parameters;
        for (int p = 0; p < parameters.Length; p++)
        {
            if (!entry.Keep.Contains(parameters[p].Name))
            {
                Visit(ref seen, arguments.At(p), entry.WeakLiterals, depth: 0);
            }
        }
        if (seen.Type is ArrayType found && found <= ArrayType.Int64 && seen.Float)
        {
            return ArrayType.Float64;
        }
        return seen.Type == ArrayType.Bool && seen.Int ? ArrayType.Int64 : seen.Type;
    }

    /// <summary>What the arguments of a call hold: the promoted array type so far, and weak int or float literals.</summary>
    private struct TypesSeen
    {
        public ArrayType? Type;
        public bool Int;
        public bool Float;
    }

    private static void Visit(ref TypesSeen seen, object? value, bool weakLiterals, int depth)
    {
        if (ArrayTypes.Of(value) is ArrayType t)
        {
            seen.Type = seen.Type is ArrayType so ? ArrayTypes.Promote(so, t) : t;
        }
        else if (value is object?[] tuple && depth < 2)
        {
            foreach (object? item in tuple)
            {
                Visit(ref seen, item, weakLiterals, depth + 1);
            }
        }
        else if (weakLiterals)
        {
            seen.Int |= value is long;
            seen.Float |= value is double;
        }
    }

    /// <summary>The entry to run for the requested type, and the type it computes in.</summary>
    private static (FunctionEntry Entry, ArrayType Type) Select(string written, bool method, ArrayType requested)
    {
        ArrayType[] ladder = s_ladders[(int)requested];
        foreach (ArrayType step in ladder)
        {
            if (For(step).TryFind(written, method) is not FunctionEntry entry)
            {
                continue;
            }
            ArrayType type = step;
            if (entry.WidensIntegers && type is ArrayType.Bool or ArrayType.Int32)
            {
                type = ArrayType.Int64;
                entry = For(type).TryFind(written, method)!;
            }
            if (requested == ArrayType.Bool && type != ArrayType.Bool && !entry.AcceptsBool)
            {
                break;
            }
            return (entry, type);
        }
        throw new InvalidValueException($"{Catalogue.Canonical(written)}() is not supported for {ArrayTypes.Name(requested)} arrays");
    }

    /// <summary>The arguments with every promoted array converted to <paramref name="type"/>.</summary>
    private static BoundArguments Promoted(FunctionEntry entry, BoundArguments arguments, ArrayType type)
    {
        Parameter[] parameters = entry.Signature.Parameters;
        object?[]? converted = null;
        for (int p = 0; p < parameters.Length; p++)
        {
            object? value = arguments.At(p);
            object? promoted = entry.Keep.Contains(parameters[p].Name) ? value : Convert(value, type, depth: 0);
            if (!ReferenceEquals(promoted, value) && converted is null)
            {
                converted = new object?[parameters.Length];
                for (int q = 0; q < p; q++)
                {
                    converted[q] = arguments.At(q);
                }
            }
            if (converted is not null)
            {
                converted[p] = promoted;
            }
        }
        return converted is null ? arguments : arguments.With(converted);
    }

    /// <summary>The value with its arrays in <paramref name="type"/>; the same object when nothing changes.</summary>
    private static object? Convert(object? value, ArrayType type, int depth)
    {
        if (ArrayTypes.Of(value) is ArrayType own)
        {
            return own == type ? value : ArrayTypes.Convert(value!, type);
        }
        if (value is object?[] tuple && depth < 2)
        {
            object?[] items = tuple.Select(item => Convert(item, type, depth + 1)).ToArray();
            return items.AsSpan().SequenceEqual(tuple, ReferenceEqualityComparer.Instance) ? tuple : items;
        }
        return value;
    }
}
