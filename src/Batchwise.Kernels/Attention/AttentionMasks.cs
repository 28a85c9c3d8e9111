namespace Batchwise.Kernels.Attention;

/// <summary>
/// Applies a fused attention mask to one key block of the transposed score tile Sᵀ (key j is row j,
/// query i is column i): hidden scores become −∞, which the online softmax turns into weight 0.
/// </summary>
internal static unsafe class AttentionMasks
{
    /// <summary>
    /// The causal mask, top-left aligned: key <c>k0 + j</c> hides from queries <c>q0 + i</c> with i below
    /// <c>k0 + j − q0</c>. Only blocks that cross the diagonal have anything to hide; blocks wholly above it
    /// are never visited.
    /// </summary>
    public static void Causal<T>(int q0, int k0, int bc, T* st, int br)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = Math.Max(0, q0 + 1 - k0); j < bc; j++)
        {
            new Span<T>(st + j * br, Math.Min(br, k0 + j - q0)).Fill(T.NegativeInfinity);
        }
    }

    /// <summary>
    /// The explicit masks, one key row of Sᵀ at a time: a bool mask hides keys where it is false (−∞), a
    /// float mask adds to the scaled scores. <paramref name="mOff"/> is the mask's batch offset.
    /// </summary>
    public static void Explicit<T>(ref AttentionJob<T> job, nint mOff, int q0, int rows, int k0, int bc, T* st, int br)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (job.MaskKind == AttentionMaskKind.Keep)
        {
            nint mRow = job.Keep.Row;
            for (int j = 0; j < bc; j++)
            {
                bool* keep = job.Keep.At(mOff, q0, k0 + j);
                T* s = st + j * br;
                for (int i = 0; i < rows; i++)
                {
                    if (!keep[i * mRow])
                    {
                        s[i] = T.NegativeInfinity;
                    }
                }
            }
        }
        else
        {
            nint mRow = job.Bias.Row;
            for (int j = 0; j < bc; j++)
            {
                T* bias = job.Bias.At(mOff, q0, k0 + j);
                T* s = st + j * br;
                for (int i = 0; i < rows; i++)
                {
                    s[i] += bias[i * mRow];
                }
            }
        }
    }
}
