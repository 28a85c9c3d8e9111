using Batchwise.IO;

namespace Batchwise.Cli;

/// <summary>.npy reading and writing for the CLI, through the library's <see cref="Npy"/>.</summary>
internal static class NpyFiles
{
    /// <summary>
    /// Loads a file as an evaluator input: float32, float64 and bool as they are; float16 as float32;
    /// integers as float64 (the evaluator's arrays are floats or masks, as NumPy would promote them in arithmetic).
    /// </summary>
    public static object Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no such file: {path}");
        }
        NpyArray array = Npy.Read(path);
        return array.DType.Type switch
        {
            NpyElementType.Float32 or NpyElementType.Float16 => array.ToTensor<float>(convert: true),
            NpyElementType.Bool => array.ToTensor<bool>(),
            _ => array.ToTensor<double>(convert: true),
        };
    }

    /// <summary>Saves a tensor result; scalars and tuples cannot be saved as one .npy.</summary>
    public static void Save(string path, object? value)
    {
        switch (value)
        {
            case Tensor<float> t:
                Npy.Save(path, t);
                break;
            case Tensor<double> t:
                Npy.Save(path, t);
                break;
            case Tensor<bool> t:
                Npy.Save(path, t);
                break;
            case Tensor<long> t:
                Npy.Save(path, t);
                break;
            default:
                throw new InvalidValueException($"--out saves one array, but the result is {(value is object?[]? "a tuple" : "a scalar")}; index it first (e.g. expr[0])");
        }
    }
}
