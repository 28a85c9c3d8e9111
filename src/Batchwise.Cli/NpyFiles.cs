using Batchwise.IO;

namespace Batchwise.Cli;

/// <summary>.npy and .npz reading and writing for the CLI, through the library's <see cref="Npy"/> and <see cref="Npz"/>.</summary>
internal static class NpyFiles
{
    private const string NpzMemberSeparator = ".npz:";

    /// <summary>Whether an input argument names a file: <c>FILE.npy</c>, <c>FILE.npz</c> or <c>FILE.npz:MEMBER</c>.</summary>
    public static bool IsFile(string value) =>
        value.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)
        || value.EndsWith(".npz", StringComparison.OrdinalIgnoreCase)
        || value.Contains(NpzMemberSeparator, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Loads a file as an evaluator input: float32, float64 and bool as they are; float16 as float32;
    /// integers as float64 (the evaluator's arrays are floats or masks, as NumPy would promote them in arithmetic).
    /// A .npz archive is read member <c>MEMBER</c> of <c>FILE.npz:MEMBER</c>, or its only member.
    /// </summary>
    public static object Load(string value)
    {
        int cut = value.LastIndexOf(NpzMemberSeparator, StringComparison.OrdinalIgnoreCase);
        string path = cut >= 0 ? value[..(cut + 4)] : value;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no such file: {path}");
        }
        NpyArray array = path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase)
            ? ReadMember(path, cut >= 0 ? value[(cut + NpzMemberSeparator.Length)..] : null)
            : Npy.Read(path);
        return array.DType.Type switch
        {
            NpyElementType.Float32 or NpyElementType.Float16 => array.ToTensor<float>(convert: true),
            NpyElementType.Bool => array.ToTensor<bool>(),
            NpyElementType.Float64 => array.ToTensor<double>(),
            NpyElementType.Int32 => array.ToTensor<int>(),
            // Expressions compute integers in int32 and int64; the other widths widen exactly (uint64 saturates).
            _ => array.ToTensor<long>(convert: true),
        };
    }

    private static NpyArray ReadMember(string path, string? member)
    {
        using NpzArchive archive = Npz.Load(path);
        if (member is null)
        {
            if (archive.Names.Count != 1)
            {
                throw new UsageException($"{path} holds {archive.Names.Count} arrays ({string.Join(", ", archive.Names)}); name one as {path}:MEMBER");
            }
            member = archive.Names[0];
        }
        if (!archive.Contains(member))
        {
            throw new InvalidDataException($"{path} has no array '{member}'; it holds {string.Join(", ", archive.Names)}");
        }
        return archive.Read(member);
    }

    /// <summary>Saves a tensor result; scalars and tuples cannot be saved as one .npy.</summary>
    public static void Save(string path, object? value)
    {
        Action save = value switch
        {
            Tensor<float> t => () => Npy.Save(path, t),
            Tensor<double> t => () => Npy.Save(path, t),
            Tensor<bool> t => () => Npy.Save(path, t),
            Tensor<long> t => () => Npy.Save(path, t),
            Tensor<int> t => () => Npy.Save(path, t),
            _ => throw new InvalidValueException($"--out saves one array, but the result is {(value is object?[]? "a tuple" : "a scalar")}; index it first (e.g. expr[0])"),
        };
        save();
    }
}
