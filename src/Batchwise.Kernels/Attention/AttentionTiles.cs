namespace Batchwise.Kernels.Attention;

/// <summary>
/// One worker's tiles, carved from its rented buffer, each 64-byte aligned: Qᵀ (E·Br), the score tile
/// Sᵀ (Bc·Br), the output accumulator (Br·Ev'), the running max m, the running sum l and the block's
/// rescale factors (Br each), and the packed values (Bc·Ev'), where Ev' is Ev rounded up to
/// whole registers.
/// </summary>
internal readonly unsafe struct AttentionTiles<T>
    where T : unmanaged
{
    public readonly T* QueryT;
    public readonly T* Scores;
    public readonly T* Output;
    public readonly T* Max;
    public readonly T* Sum;
    public readonly T* BlockSums;
    public readonly T* Values;

    /// <summary>Ev' : the value width rounded up to whole registers, the row stride of the output and value tiles.</summary>
    public readonly int ValueWidth;

    public AttentionTiles(T* raw, int br, int lanes, int embedding, int valueEmbedding)
    {
        T* p = (T*)(((nint)raw + 63) & ~(nint)63);
        ValueWidth = PaddedValueWidth(valueEmbedding, lanes);
        QueryT = p;
        p += embedding * br;
        Scores = p;
        p += FlashAttention.KeyBlock * br;
        Output = p;
        p += br * ValueWidth;
        Max = p;
        p += br;
        Sum = p;
        p += br;
        BlockSums = p;
        p += br;
        Values = p;
    }

    /// <summary>The elements of T the tiles take, plus one register of slack for the 64-byte alignment.</summary>
    public static int Length(int br, int lanes, int embedding, int valueEmbedding)
    {
        int evPad = PaddedValueWidth(valueEmbedding, lanes);
        return embedding * br + FlashAttention.KeyBlock * br + br * evPad + 3 * br + FlashAttention.KeyBlock * evPad + 64;
    }

    private static int PaddedValueWidth(int valueEmbedding, int lanes) => (valueEmbedding + lanes - 1) / lanes * lanes;
}
