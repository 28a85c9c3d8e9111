namespace Batchwise.Tensors;

/// <summary>A storage that a <see cref="TensorScope"/> can release when it ends.</summary>
internal interface IReleasable
{
    /// <summary>Revokes the storage and recycles its memory; later calls do nothing.</summary>
    void Release();

    /// <summary>The depth of the outermost scope that keeps the storage alive past its end; 0 when none.</summary>
    int KeptAtDepth { get; set; }
}

/// <summary>Gives a scope a tensor's storage without knowing its element type.</summary>
internal interface IStorageHolder
{
    /// <summary>The storage the tensor and its views share.</summary>
    IReleasable Storage { get; }
}
