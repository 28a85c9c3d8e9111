namespace Batchwise.Cli;

/// <summary>.npy reading and writing for the CLI, through the library's IO.</summary>
internal static class NpyFiles
{
    public static object Load(string path) =>
        throw new UsageException($"{path}: .npy input is not available yet (issue #7); generate the input with KIND:SHAPE");

    public static void Save(string path, object? value) =>
        throw new UsageException($"{path}: --out is not available yet (issue #7)");
}
