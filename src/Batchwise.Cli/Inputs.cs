using Batchwise.Conformance;

namespace Batchwise.Cli;

/// <summary>
/// Makes the named inputs of <c>eval</c> and <c>bench</c>: <c>NAME=FILE.npy</c>, <c>NAME=FILE.npz:MEMBER</c>,
/// <c>NAME=FILE.npz</c> (an archive of one member) or <c>NAME=KIND:SHAPE[:DTYPE]</c>.
/// </summary>
internal static class Inputs
{
    public static Dictionary<string, object> Load(IEnumerable<string> arguments, ulong seed, bool allowFiles)
    {
        var result = new Dictionary<string, object>();
        ulong index = 0;
        foreach ((string name, string value) in NamedArguments.Parse(arguments))
        {
            if (NpyFiles.IsFile(value))
            {
                if (!allowFiles)
                {
                    throw new UsageException($"{name}: bench makes its inputs; give KIND:SHAPE[:DTYPE], not a file");
                }
                result[name] = NpyFiles.Load(value);
            }
            else
            {
                // Each input gets its own stream, derived from the seed and its position.
                result[name] = GeneratedInput.Parse(value).Create(seed + (1000003 * index));
            }
            index++;
        }
        return result;
    }

    /// <summary>The input shapes as concrete symbolic dimensions, for the pre-flight shape check.</summary>
    public static Dictionary<string, SymbolicDim[]> Shapes(Dictionary<string, object> inputs) =>
        inputs.ToDictionary(i => i.Key, i => ShapeOf(i.Value).Select(SymbolicDim.Of).ToArray());

    private static int[] ShapeOf(object tensor) => tensor switch
    {
        Tensor<float> t => t.Shape.ToArray(),
        Tensor<double> t => t.Shape.ToArray(),
        Tensor<bool> t => t.Shape.ToArray(),
        Tensor<long> t => t.Shape.ToArray(),
        Tensor<int> t => t.Shape.ToArray(),
        _ => throw new InvalidOperationException($"unexpected input {tensor.GetType().Name}"),
    };
}
