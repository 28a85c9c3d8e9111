using System.Text.Json;

namespace Batchwise.IO;

/// <summary>
/// A checkpoint of one or more safetensors files seen as one set of named tensors: a single
/// <c>model.safetensors</c>, or shards listed by Hugging Face's <c>model.safetensors.index.json</c>
/// (<c>{"metadata": {...}, "weight_map": {"name": "model-00001-of-00002.safetensors", ...}}</c>). Every shard
/// is mapped (<see cref="SafeTensorsFile"/>) when the checkpoint opens; dispose the checkpoint to unmap them.
/// </summary>
public sealed class SafeTensorsCheckpoint : IDisposable
{
    /// <summary>The index file name Hugging Face writes beside the shards.</summary>
    public const string IndexFileName = "model.safetensors.index.json";

    /// <summary>The single-file checkpoint name Hugging Face writes.</summary>
    public const string SingleFileName = "model.safetensors";

    private readonly List<SafeTensorsFile> _files;
    private readonly Dictionary<string, SafeTensorsFile> _owner;
    private readonly List<string> _names;

    private SafeTensorsCheckpoint(List<SafeTensorsFile> files, Dictionary<string, SafeTensorsFile> owner, List<string> names, IReadOnlyDictionary<string, string> metadata)
    {
        _files = files;
        _owner = owner;
        _names = names;
        Metadata = metadata;
    }

    /// <summary>The mapped files (one for an unsharded checkpoint).</summary>
    public IReadOnlyList<SafeTensorsFile> Files => _files;

    /// <summary>Every tensor's name: the index's order for a sharded checkpoint, the header's for one file.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>
    /// The index's <c>metadata</c> (strings as they are, other JSON values as their text, e.g. <c>total_size</c>),
    /// or the single file's <c>__metadata__</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    internal static SafeTensorsCheckpoint Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            string index = System.IO.Path.Combine(path, IndexFileName);
            string single = System.IO.Path.Combine(path, SingleFileName);
            path = File.Exists(index) ? index
                : File.Exists(single) ? single
                : throw new FileNotFoundException($"safetensors: {path} holds neither {IndexFileName} nor {SingleFileName}", index);
        }
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return OpenIndex(path);
        }
        SafeTensorsFile file = SafeTensorsFile.Open(path);
        var owner = file.Tensors.ToDictionary(static t => t.Name, _ => file, StringComparer.Ordinal);
        return new SafeTensorsCheckpoint([file], owner, [.. file.Names], file.Metadata);
    }

    private static SafeTensorsCheckpoint OpenIndex(string indexPath)
    {
        string directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(indexPath))!;
        (Dictionary<string, string> metadata, List<(string Name, string Shard)> map) = ReadIndex(indexPath);
        var files = new List<SafeTensorsFile>();
        var byShard = new Dictionary<string, SafeTensorsFile>(StringComparer.Ordinal);
        var owner = new Dictionary<string, SafeTensorsFile>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, shard) in map)
            {
                if (!byShard.TryGetValue(shard, out SafeTensorsFile? file))
                {
                    file = SafeTensorsFile.Open(System.IO.Path.Combine(directory, shard));
                    files.Add(file);
                    byShard.Add(shard, file);
                }
                if (!file.Contains(name))
                {
                    throw new InvalidDataException($"safetensors: {IndexFileName} puts '{NpyDType.Printable(name)}' in {shard}, which has no such tensor");
                }
                owner.Add(name, file);
            }
        }
        catch
        {
            foreach (SafeTensorsFile file in files)
            {
                file.Dispose();
            }
            throw;
        }
        return new SafeTensorsCheckpoint(files, owner, [.. map.Select(static e => e.Name)], metadata);
    }

    private static (Dictionary<string, string>, List<(string, string)>) ReadIndex(string path)
    {
        long length = new FileInfo(path).Length;
        if (length > SafeTensorsHeader.MaxHeaderBytes)
        {
            throw new InvalidDataException($"safetensors: {IndexFileName} of {length} bytes is over the {SafeTensorsHeader.MaxHeaderBytes}-byte limit");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"safetensors: {IndexFileName} is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("weight_map", out JsonElement weightMap) || weightMap.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"safetensors: {IndexFileName} has no weight_map object");
            }
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("metadata", out JsonElement meta) && meta.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty entry in meta.EnumerateObject())
                {
                    metadata[entry.Name] = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
                }
            }
            var map = new List<(string, string)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty entry in weightMap.EnumerateObject())
            {
                if (!seen.Add(entry.Name))
                {
                    throw new InvalidDataException($"safetensors: {IndexFileName} maps '{NpyDType.Printable(entry.Name)}' twice");
                }
                string? shard = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() : null;
                if (string.IsNullOrEmpty(shard) || shard is "." or ".." || shard.IndexOfAny(['/', '\\', ':', '\0']) >= 0)
                {
                    throw new InvalidDataException($"safetensors: {IndexFileName} maps '{NpyDType.Printable(entry.Name)}' to '{NpyDType.Printable(entry.Value.GetRawText())}', which is not a file name beside the index");
                }
                map.Add((entry.Name, shard));
            }
            return (metadata, map);
        }
    }

    /// <summary>True when the checkpoint holds a tensor of that name.</summary>
    public bool Contains(string name) => _owner.ContainsKey(name);

    /// <summary>The file that holds <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No tensor of that name.</exception>
    public SafeTensorsFile FileOf(string name) =>
        _owner.TryGetValue(name, out SafeTensorsFile? file) ? file : throw new KeyNotFoundException($"safetensors: the checkpoint has no tensor '{name}'");

    /// <inheritdoc cref="SafeTensorsFile.GetInfo(string)"/>
    public SafeTensorInfo GetInfo(string name) => FileOf(name).GetInfo(name);

    /// <inheritdoc cref="SafeTensorsFile.GetSpan{T}(string)"/>
    public ReadOnlySpan<T> GetSpan<T>(string name) where T : unmanaged => FileOf(name).GetSpan<T>(name);

    /// <inheritdoc cref="SafeTensorsFile.GetTensor{T}(string, bool)"/>
    public Tensor<T> GetTensor<T>(string name, bool convert = false) where T : unmanaged => FileOf(name).GetTensor<T>(name, convert);

    /// <summary>Unmaps every file.</summary>
    public void Dispose()
    {
        foreach (SafeTensorsFile file in _files)
        {
            file.Dispose();
        }
    }
}
