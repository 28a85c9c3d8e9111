using System.IO.MemoryMappedFiles;

namespace Batchwise.IO;

/// <summary>
/// A byte range of a file mapped into memory read-only: the part the mapped .npy and safetensors readers
/// share. An empty range maps nothing (<see cref="Start"/> is null), since a view of no bytes cannot be made.
/// </summary>
internal sealed unsafe class MappedRegion : IDisposable
{
    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private byte* _start;

    private MappedRegion(MemoryMappedFile? file, MemoryMappedViewAccessor? view, byte* start)
    {
        _file = file;
        _view = view;
        _start = start;
    }

    /// <summary>The first byte of the range; null for an empty range or once unmapped.</summary>
    public byte* Start => _start;

    /// <summary>True once a non-empty range has been unmapped (an empty one never reads as disposed).</summary>
    public bool IsUnmapped => _view is not null && _start is null;

    /// <summary>
    /// Maps <c>[offset, offset + length)</c> of <paramref name="stream"/>, which the region then owns: it is
    /// disposed at once for an empty range, else with the mapping (or when mapping fails).
    /// </summary>
    public static MappedRegion Map(FileStream stream, long offset, long length)
    {
        if (length == 0)
        {
            stream.Dispose();
            return new MappedRegion(null, null, null);
        }
        var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        MemoryMappedViewAccessor view;
        try
        {
            view = file.CreateViewAccessor(offset, length, MemoryMappedFileAccess.Read);
        }
        catch
        {
            file.Dispose();
            throw;
        }
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        return new MappedRegion(file, view, start + view.PointerOffset);
    }

    /// <summary>Unmaps the range; later calls do nothing.</summary>
    public void Dispose()
    {
        if (_view is not null && _start is not null)
        {
            _start = null;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file?.Dispose();
        }
    }
}
