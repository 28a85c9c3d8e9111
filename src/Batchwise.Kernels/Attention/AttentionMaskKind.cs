namespace Batchwise.Kernels.Attention;

/// <summary>What restricts which keys a query attends to.</summary>
public enum AttentionMaskKind
{
    /// <summary>Every key takes part.</summary>
    None = 0,
    /// <summary>A bool mask, true where the key takes part.</summary>
    Keep = 1,
    /// <summary>A float mask added to the scaled scores.</summary>
    Bias = 2,
    /// <summary>Key j takes part for query i when j ≤ i (top-left aligned).</summary>
    Causal = 3,
}
